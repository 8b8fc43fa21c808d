package prompt

import (
	"errors"
	"strings"
	"testing"
)

// FuzzRender renders random templates with random variables against a small
// repository: it must never panic, and every error must be an *Error whose
// problems name the source and a line inside it.
func FuzzRender(f *testing.F) {
	f.Add(string(readSeed(f, seed000)), "userStoryActor=dev\nacceptanceCriteria=- AC1")
	f.Add(string(readSeed(f, seed004)), "componentSpec=spec")
	for _, b := range []string{"story", "backend"} {
		tp, err := Builtin(b)
		if err != nil {
			f.Fatal(err)
		}
		f.Add("---\nname: "+tp.Name+"\n---\n"+tp.Body, "componentSpec=x\nuserStoryGoal=g")
	}
	f.Add("{{a}} \\{{b}} {{ c }} @docs/x.md @?y.md @../z @/abs\n```\n@docs/x.md\n```", "a=1\nc={{a}}")
	f.Add("---\nvariables:\n  - name: a\n    required: true\n---\n{{a}}{{b}}", "a=\nb=2")
	f.Add("---\ninput: spec\nspec_tag: s\n---\n", "componentSpec=\x00")
	f.Fuzz(func(t *testing.T, text, varText string) {
		vars := map[string]string{}
		for _, kv := range strings.Split(varText, "\n") {
			k, v, _ := strings.Cut(kv, "=")
			vars[k] = v
		}
		r := &mapReader{
			files:   map[string]string{"docs/x.md": "X {{a}}", "bin.dat": "\x00", "big.md": strings.Repeat("b", 64)},
			outside: map[string]bool{"out/link.md": true},
		}
		tp, err := Parse("fuzz.md", []byte(text))
		if err != nil {
			checkError(t, err, "fuzz.md", text)
			return
		}
		_ = tp.Placeholders()
		_ = tp.Includes()
		refuse := func(p string) (string, bool) { return "secret", strings.Contains(p, "secret") }
		out, err := tp.Render(vars, r, RenderOptions{MaxIncludeBytes: 32, Refuse: refuse})
		if err != nil {
			if out != "" {
				t.Errorf("output returned with an error")
			}
			checkError(t, err, "fuzz.md", text)
		}
	})
}

// FuzzParse parses random front matter: it must never panic, errors must be
// *Error with lines inside the source, and a parsed template must be
// consistent.
func FuzzParse(f *testing.F) {
	for _, b := range []string{"story", "backend"} {
		data, err := builtinFS.ReadFile("templates/" + b + ".md")
		if err != nil {
			f.Fatal(err)
		}
		fm, _, _ := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "\n---\n")
		f.Add(fm)
	}
	f.Add("name: x\nvariables: [a, {name: b, default: c}]\nsections: a")
	f.Add("variables:\n  - name: &a x\n  - *a\n")
	f.Add("? [a]\n: b\n")
	f.Add("\tname: x")
	f.Add("strip_tags: [<a>, '']\ninput: spec\nspec_tag: <>")
	f.Fuzz(func(t *testing.T, fm string) {
		text := "---\n" + fm + "\n---\nbody {{x}}\n"
		tp, err := Parse("fm.md", []byte(text))
		if err != nil {
			checkError(t, err, "fm.md", text)
			return
		}
		if tp.Input != InputStory && tp.Input != InputSpec {
			t.Errorf("Input = %q", tp.Input)
		}
		if tp.SpecTag == "" || !tagRe.MatchString(tp.SpecTag) {
			t.Errorf("SpecTag = %q", tp.SpecTag)
		}
		if !tp.FrontMatter || tp.BodyLine < 3 || !strings.HasSuffix(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"), tp.Body) {
			t.Errorf("FrontMatter=%v BodyLine=%d Body=%q", tp.FrontMatter, tp.BodyLine, tp.Body)
		}
		seen := map[string]bool{}
		for _, v := range tp.Variables {
			if !identRe.MatchString(v.Name) || seen[v.Name] {
				t.Errorf("bad variable %+v", v)
			}
			seen[v.Name] = true
		}
		for _, s := range tp.Sections {
			if strings.TrimSpace(s) == "" {
				t.Errorf("empty section in %q", tp.Sections)
			}
		}
	})
}

func checkError(t *testing.T, err error, source, text string) {
	t.Helper()
	var perr *Error
	if !errors.As(err, &perr) || perr != err {
		t.Fatalf("error %T is not *Error: %v", err, err)
	}
	if len(perr.Problems) == 0 {
		t.Fatalf("*Error without problems")
	}
	lines := strings.Count(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"), "\n") + 1
	for _, p := range perr.Problems {
		if p.Source != source || p.Line < 0 || p.Line > lines || p.Msg == "" {
			t.Errorf("bad problem %+v (source has %d lines)", p, lines)
		}
	}
}
