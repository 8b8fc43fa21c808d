package prompt

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
)

// The seed files must stay byte-for-byte copies of the user's documents.
func TestSeedCopiesUnchanged(t *testing.T) {
	for _, name := range []string{seed000, seed004} {
		orig := "/work/shared/seeds/" + strings.TrimPrefix(name, "testdata/seeds/")
		want, err := os.ReadFile(orig)
		if err != nil {
			t.Skipf("original seeds not available: %v", err)
		}
		if got := readSeed(t, name); !bytes.Equal(got, want) {
			t.Errorf("%s is not a byte-for-byte copy of %s", name, orig)
		}
	}
}

func TestSeed000(t *testing.T) {
	tp, err := Parse(seed000, readSeed(t, seed000))
	if err != nil {
		t.Fatal(err)
	}
	if tp.FrontMatter || tp.BodyLine != 1 {
		t.Errorf("FrontMatter=%v BodyLine=%d, want false 1", tp.FrontMatter, tp.BodyLine)
	}
	if tp.Input != InputStory {
		t.Errorf("Input = %q, want story", tp.Input)
	}
	wantSections := []string{"Architectural Decisions", "Implementation Steps", "Testing Strategy", "Risks & Considerations", "Files Affected", "Time Estimate"}
	if !reflect.DeepEqual(tp.Sections, wantSections) {
		t.Errorf("Sections = %q, want %q", tp.Sections, wantSections)
	}
	if len(tp.StripTags) != 0 {
		t.Errorf("StripTags = %q, want none", tp.StripTags)
	}
	wantVars := []Placeholder{
		{"userStoryActor", 5}, {"userStoryGoal", 6}, {"userStoryBenefit", 7}, {"acceptanceCriteria", 11},
		{"projectLanguage", 15}, {"projectFramework", 17}, {"projectDependencies", 19}, {"codebaseContext", 23},
	}
	if got := tp.Placeholders(); !reflect.DeepEqual(got, wantVars) {
		t.Errorf("Placeholders = %v, want %v", got, wantVars)
	}
	if inc := tp.Includes(); len(inc) != 0 {
		t.Errorf("Includes = %v, want none", inc)
	}

	vars := storyVars()
	out, err := tp.Render(vars, &mapReader{}, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "{{") || strings.Contains(out, "}}") {
		t.Errorf("unfilled placeholder left in output")
	}
	for _, p := range tp.Placeholders() {
		if !strings.Contains(out, vars[p.Name]) {
			t.Errorf("value of %s missing from output", p.Name)
		}
	}
	golden(t, "seed000.txt", out)

	// Every variable of the seed is needed: leaving one out is an error
	// naming its line.
	delete(vars, VarProjectFramework)
	_, err = tp.Render(vars, nil, RenderOptions{})
	assertProblem(t, err, seed000+":17:", `unknown variable "projectFramework"`)
}

func TestSeed004(t *testing.T) {
	tp, err := Parse(seed004, readSeed(t, seed004))
	if err != nil {
		t.Fatal(err)
	}
	if tp.Input != InputSpec || tp.SpecTag != "component_spec" {
		t.Errorf("Input=%q SpecTag=%q, want spec component_spec", tp.Input, tp.SpecTag)
	}
	wantSections := []string{"Service Layer Design", "Data Layer Implementation", "Business Logic Implementation", "API Controller Design", "Error Handling Strategy", "Testing Approach", "Performance Optimization"}
	if !reflect.DeepEqual(tp.Sections, wantSections) {
		t.Errorf("Sections = %q, want %q", tp.Sections, wantSections)
	}
	if want := []string{"implementation_breakdown"}; !reflect.DeepEqual(tp.StripTags, want) {
		t.Errorf("StripTags = %q, want %q", tp.StripTags, want)
	}
	wantInc := []Include{{".ai/prd.md", false, 10}, {"public/swagger.yaml", false, 14}, {".ai/db-plan.md", false, 18}, {".ai/tech-stack.md", false, 22}}
	if got := tp.Includes(); !reflect.DeepEqual(got, wantInc) {
		t.Errorf("Includes = %v, want %v", got, wantInc)
	}
	if ph := tp.Placeholders(); len(ph) != 0 {
		t.Errorf("Placeholders = %v, want none", ph)
	}

	docs := projectDocs()
	r := &mapReader{files: docs}
	vars := specVars()
	out, err := tp.Render(vars, r, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for path, content := range docs {
		if strings.Contains(out, "@"+path) {
			t.Errorf("@%s left unresolved", path)
		}
		if !strings.Contains(out, strings.TrimRight(content, "\n")) {
			t.Errorf("content of %s missing", path)
		}
	}
	if !strings.Contains(out, "<prd>\n# PRD\n\nCustomers can keep a wish list.\n</prd>") {
		t.Errorf("include did not replace its line cleanly")
	}
	wrapped := "\n\n<component_spec>\n" + vars[VarComponentSpec] + "\n</component_spec>\n"
	if !strings.HasSuffix(out, wrapped) {
		t.Errorf("spec not appended in <component_spec> tags; output ends %q", out[max(0, len(out)-200):])
	}
	golden(t, "seed004.txt", out)

	// Without the documents every include is reported, each at its line.
	_, err = tp.Render(vars, &mapReader{}, RenderOptions{})
	for _, inc := range wantInc {
		assertProblem(t, err, seed004+":"+itoa(inc.Line)+":", "include @"+inc.Path+": file not found")
	}
	// Without a spec the seed cannot render.
	vars[VarComponentSpec] = " \n"
	_, err = tp.Render(vars, r, RenderOptions{})
	assertProblem(t, err, seed004+":3:", "no spec was given")
}

func TestBuiltins(t *testing.T) {
	bs := Builtins()
	if len(bs) != 2 || bs[0].Name != "backend" || bs[1].Name != "story" {
		t.Fatalf("Builtins() = %v, want backend, story", bs)
	}
	for _, b := range bs {
		if !b.FrontMatter || b.Source != "builtin:"+b.Name || b.Description == "" {
			t.Errorf("%s: FrontMatter=%v Source=%q Description=%q", b.Name, b.FrontMatter, b.Source, b.Description)
		}
		// The prompt asks for a parseable shape.
		for _, want := range []string{"`## `", "### Modified", "### New", "**Total: N minutes**", "AC1", "backticks"} {
			if !strings.Contains(b.Body, want) {
				t.Errorf("%s: body does not mention %q", b.Name, want)
			}
		}
		// Every section is named in the body as a bold item, so the body
		// alone infers the sections the front matter declares.
		if got := inferSections(b.Body, b.StripTags); !reflect.DeepEqual(got, b.Sections) {
			t.Errorf("%s: body infers sections %q, front matter says %q", b.Name, got, b.Sections)
		}
		if got := inferStripTags(b.Body, b.SpecTag); !reflect.DeepEqual(got, b.StripTags) && len(got)+len(b.StripTags) > 0 {
			t.Errorf("%s: body infers strip tags %q, front matter says %q", b.Name, got, b.StripTags)
		}
		// No declared variable is unused and every placeholder is standard.
		used := map[string]bool{}
		for _, p := range b.Placeholders() {
			used[p.Name] = true
			if !IsStandardVariable(p.Name) {
				t.Errorf("%s: placeholder %s is not a standard variable", b.Name, p.Name)
			}
		}
		for _, v := range b.Variables {
			if !used[v.Name] {
				t.Errorf("%s: variable %s declared but not used", b.Name, v.Name)
			}
		}
	}
}

func TestBuiltinStory(t *testing.T) {
	tp, err := Builtin("story")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Architectural Decisions", "Implementation Steps", "Testing Strategy", "Risks & Considerations", "Files Affected", "Time Estimate"}
	if tp.Input != InputStory || !reflect.DeepEqual(tp.Sections, want) || len(tp.StripTags) != 0 {
		t.Errorf("Input=%q Sections=%q StripTags=%q", tp.Input, tp.Sections, tp.StripTags)
	}
	out, err := tp.Render(storyVars(), &mapReader{}, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "{{") {
		t.Error("unfilled placeholder left in output")
	}
	golden(t, "builtin-story.txt", out)

	// Optional variables fall back to their defaults; required ones must
	// be given.
	_, err = tp.Render(map[string]string{VarUserStoryGoal: "x", VarAcceptanceCriteria: "- AC1: y"}, nil, RenderOptions{})
	if err != nil {
		t.Errorf("render with only the required variables: %v", err)
	}
	_, err = tp.Render(map[string]string{VarUserStoryGoal: "x"}, nil, RenderOptions{})
	assertProblem(t, err, "builtin:story:54:", `required variable "acceptanceCriteria" was not given`)
}

func TestBuiltinBackend(t *testing.T) {
	tp, err := Builtin("backend")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Service Layer Design", "Data Layer Implementation", "Business Logic Implementation", "API Controller Design",
		"Error Handling Strategy", "Testing Approach", "Performance Optimization", "Implementation Steps", "Files Affected", "Time Estimate"}
	if tp.Input != InputSpec || !reflect.DeepEqual(tp.Sections, want) || !reflect.DeepEqual(tp.StripTags, []string{"implementation_breakdown"}) {
		t.Errorf("Input=%q Sections=%q StripTags=%q", tp.Input, tp.Sections, tp.StripTags)
	}
	for _, inc := range tp.Includes() {
		if !inc.Optional {
			t.Errorf("builtin include %s is not optional", inc.Path)
		}
	}
	out, err := tp.Render(specVars(), &mapReader{files: projectDocs()}, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "<component_spec>\n"+specVars()[VarComponentSpec]+"\n</component_spec>") {
		t.Error("spec not wrapped in <component_spec> tags")
	}
	if strings.Count(out, "<component_spec>") != 1 {
		t.Error("spec wrapped more than once")
	}
	golden(t, "builtin-backend.txt", out)

	// A repository without the documents still renders.
	out, err = tp.Render(specVars(), &mapReader{}, RenderOptions{})
	if err != nil {
		t.Fatalf("render without documents: %v", err)
	}
	if n := strings.Count(out, NotPresentNote); n != 4 {
		t.Errorf("%d not-present notes, want 4", n)
	}
	golden(t, "builtin-backend-nodocs.txt", out)

	_, err = tp.Render(storyVars(), nil, RenderOptions{})
	assertProblem(t, err, "builtin:backend:80:", `required variable "componentSpec" is empty`)
}

func TestLoad(t *testing.T) {
	for _, name := range []string{"story", "backend", "builtin:story"} {
		tp, err := Load(name)
		if err != nil || !strings.HasPrefix(tp.Source, "builtin:") {
			t.Errorf("Load(%q) = %v, %v", name, tp, err)
		}
	}
	tp, err := Load(seed004)
	if err != nil || tp.Source != seed004 || tp.Name != "004_22f40239254b0cdd" {
		t.Errorf("Load(seed) = %v, %v", tp, err)
	}
	if _, err := Load("testdata/nope.md"); err == nil || !strings.Contains(err.Error(), "testdata/nope.md") {
		t.Errorf("Load(missing) error = %v", err)
	}
	if _, err := Builtin("nope"); err == nil || !strings.Contains(err.Error(), "backend, story") {
		t.Errorf("Builtin(nope) error = %v", err)
	}
	if _, err := Load("testdata"); err == nil {
		t.Error("Load(directory) succeeded")
	}
}
