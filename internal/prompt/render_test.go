package prompt

import (
	"reflect"
	"strings"
	"testing"
)

func TestRenderSubstitution(t *testing.T) {
	vars := map[string]string{"a": "A", "b.c": "BC", "d-e": "DE", "f_1": "F", "loop": "{{a}} @docs/x.md"}
	files := map[string]string{"docs/x.md": "X\n", "docs/vars.md": "keep {{a}} and @docs/x.md\n", "notes.txt": "N"}
	tests := []struct{ name, in, want string }{
		{"plain", "{{a}}", "A"},
		{"spaces", "{{ a }} {{\ta\t}}", "A A"},
		{"name characters", "{{b.c}}{{d-e}}{{f_1}}", "BCDEF"},
		{"escaped", `\{{a}} {{a}}`, "{{a}} A"},
		{"escaped only braces", `\{{`, "{{"},
		{"triple braces", "{{{a}}}", "{A}"},
		{"not a name", "{{ not a name }} {{}} {{1x}}", "{{ not a name }} {{}} {{1x}}"},
		{"unclosed", "{{a", "{{a"},
		{"values are not expanded", "{{loop}}", "{{a}} @docs/x.md"},
		{"placeholder in code fence", "```\n{{a}}\n```", "```\nA\n```"},
		{"whole-line include", "before\n@docs/x.md\nafter", "before\nX\nafter"},
		{"indented include with trailing spaces", "<doc>\n  @docs/x.md  \n</doc>\n", "<doc>\nX\n</doc>\n"},
		{"inline include", "Here: @docs/x.md and more", "Here: X and more"},
		{"include ending a sentence", "See @docs/x.md.", "See X."},
		{"include after tab", "x\t@notes.txt", "x\tN"},
		{"indented whole-line include drops the indent", "\t@notes.txt", "N"},
		{"included content is not expanded", "@docs/vars.md", "keep {{a}} and @docs/x.md"},
		{"email is not an include", "mail a@docs/x.md or ops@b.c", "mail a@docs/x.md or ops@b.c"},
		{"mention is not an include", "ask @alice or @team", "ask @alice or @team"},
		{"bare @ and dots", "@ @. @.. x", "@ @. @.. x"},
		{"include in code span is literal", "use `@docs/x.md`", "use `@docs/x.md`"},
		{"escaped include", `keep \@docs/x.md literally`, "keep @docs/x.md literally"},
		{"include in backtick fence", "```md\n@docs/x.md\n```\n@docs/x.md", "```md\n@docs/x.md\n```\nX"},
		{"include in tilde fence", "~~~\n@docs/x.md\n~~~~\n@docs/x.md", "~~~\n@docs/x.md\n~~~~\nX"},
		{"longer fence needs longer close", "````\n```\n@docs/x.md\n````\n@docs/x.md", "````\n```\n@docs/x.md\n````\nX"},
		{"optional include present", "@?docs/x.md", "X"},
		{"optional include missing", "<prd>\n@?.ai/prd.md\n</prd>", "<prd>\n" + NotPresentNote + "\n</prd>"},
		{"dot-slash include", "@./docs/x.md", "X"},
		{"inner dot-dot stays inside", "@docs/../notes.txt", "N"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tp := mustParse(t, "t.md", tc.in)
			got, err := tp.Render(vars, &mapReader{files: files}, RenderOptions{})
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			if got != tc.want {
				t.Errorf("Render(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestRenderDefaultsAndStandardNames(t *testing.T) {
	text := "---\nvariables:\n  - name: tone\n    default: plain\n  - name: blank\n    default:\n---\n{{tone}}|{{blank}}|{{repoName}}\n"
	tp := mustParse(t, "t.md", text)
	got, err := tp.Render(map[string]string{"repoName": "shop"}, nil, RenderOptions{})
	if err != nil || got != "plain||shop\n" {
		t.Errorf("Render = %q, %v", got, err)
	}
	got, err = tp.Render(map[string]string{"repoName": "shop", "tone": "dry", "blank": "b"}, nil, RenderOptions{})
	if err != nil || got != "dry|b|shop\n" {
		t.Errorf("Render with values = %q, %v", got, err)
	}
	// A standard name still needs a value.
	_, err = tp.Render(nil, nil, RenderOptions{})
	assertProblem(t, err, "t.md:8:", `unknown variable "repoName": no value was given`)
}

func TestRenderReadsEachIncludeOnce(t *testing.T) {
	tp := mustParse(t, "t.md", "@docs/x.md\n@docs/x.md\n@?docs/x.md\n")
	r := &mapReader{files: map[string]string{"docs/x.md": "X"}}
	got, err := tp.Render(nil, r, RenderOptions{})
	if err != nil || got != "X\nX\nX\n" {
		t.Fatalf("Render = %q, %v", got, err)
	}
	if len(r.reads) != 2 { // once as required, once as optional
		t.Errorf("reads = %v", r.reads)
	}
	// A missing file is reported at each line that includes it.
	_, err = tp.Render(nil, &mapReader{}, RenderOptions{})
	if perr := err.(*Error); len(perr.Problems) != 2 || perr.Problems[1].Line != 2 {
		t.Errorf("problems = %v", err)
	}
}

func TestRenderRefuseSeesCleanPath(t *testing.T) {
	var asked []string
	refuse := func(p string) (string, bool) { asked = append(asked, p); return "", false }
	tp := mustParse(t, "t.md", "@./docs//x.md\n")
	if _, err := tp.Render(nil, &mapReader{files: map[string]string{"docs/x.md": "X"}}, RenderOptions{Refuse: refuse}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(asked, []string{"docs/x.md"}) {
		t.Errorf("Refuse asked about %q", asked)
	}
}

func TestRenderOptionalTooLarge(t *testing.T) {
	tp := mustParse(t, "t.md", "@?api/openapi.yaml\n")
	got, err := tp.Render(nil, &mapReader{files: map[string]string{"api/openapi.yaml": strings.Repeat("y", 50)}}, RenderOptions{MaxIncludeBytes: 10})
	if err != nil || !strings.Contains(got, "left out: api/openapi.yaml is larger than the 10-byte include limit") {
		t.Errorf("Render = %q, %v", got, err)
	}
}

func TestBinarySniff(t *testing.T) {
	// A multi-byte character cut by the 8 KiB window is not binary.
	cut := strings.Repeat("a", binarySniff-1) + "é" + "rest"
	if why := binaryReason([]byte(cut)); why != "" {
		t.Errorf("text with a character across the window: %s", why)
	}
	// Bad bytes after the window are not looked at.
	late := strings.Repeat("a", binarySniff) + "\xff"
	if why := binaryReason([]byte(late)); why != "" {
		t.Errorf("bad byte after the window: %s", why)
	}
	if binaryReason([]byte("a\x00")) == "" || binaryReason([]byte("\xc3")) == "" {
		t.Error("binary content not detected")
	}
}

func TestRenderSpec(t *testing.T) {
	spec := "# Spec\nDo it.\n"
	// Appended in the spec tag the front matter names.
	tp := mustParse(t, "t.md", "---\ninput: spec\nspec_tag: feature_spec\n---\nPlan it.\n\n\n")
	got, err := tp.Render(map[string]string{VarComponentSpec: spec}, nil, RenderOptions{})
	if want := "Plan it.\n\n<feature_spec>\n# Spec\nDo it.\n</feature_spec>\n"; err != nil || got != want {
		t.Errorf("Render = %q, %v; want %q", got, err, want)
	}
	// A body with {{componentSpec}} places the spec itself.
	tp = mustParse(t, "t.md", "Spec:\n{{componentSpec}}\nPlan it.")
	if tp.Input != InputSpec {
		t.Errorf("Input = %q, want spec", tp.Input)
	}
	got, err = tp.Render(map[string]string{VarComponentSpec: spec}, nil, RenderOptions{})
	if want := "Spec:\n" + spec + "\nPlan it."; err != nil || got != want {
		t.Errorf("Render = %q, %v; want %q", got, err, want)
	}
	_, err = tp.Render(map[string]string{VarComponentSpec: ""}, nil, RenderOptions{})
	assertProblem(t, err, "t.md:2:", "no spec was given")
	// A story template ignores componentSpec.
	tp = mustParse(t, "t.md", "Plan the story.")
	got, err = tp.Render(map[string]string{VarComponentSpec: spec}, nil, RenderOptions{})
	if err != nil || got != "Plan the story." {
		t.Errorf("story Render = %q, %v", got, err)
	}
}

func TestNilTemplate(t *testing.T) {
	var tp *Template
	if _, err := tp.Render(nil, nil, RenderOptions{}); err == nil {
		t.Error("nil template rendered")
	} else if _, ok := err.(*Error); !ok {
		t.Errorf("error %T, want *Error", err)
	}
}
