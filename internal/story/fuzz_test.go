package story

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// addSeeds adds the testdata inputs with one of the extensions as seeds.
func addSeeds(f *testing.F, exts ...string) {
	f.Helper()
	for _, ext := range exts {
		files, err := filepath.Glob(filepath.Join("testdata", "*"+ext))
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(string(data))
		}
	}
}

// checkResult holds the parser to its contract on any input: an error is
// an *Error naming the file; a story has a goal, an actor and criteria
// with text and unique, non-empty IDs.
func checkResult(t *testing.T, name string, s *Story, err error) {
	t.Helper()
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error %v is a %T, want *Error", err, err)
		}
		if e.File != name {
			t.Fatalf("error names file %q, want %q: %v", e.File, name, err)
		}
		if e.Msg == "" || e.Fix == "" || e.Line < 0 {
			t.Fatalf("error without message, fix or with a negative line: %#v", e)
		}
		return
	}
	if s.Goal == "" || s.Actor == "" {
		t.Fatalf("story without goal or actor: %+v", s)
	}
	if len(s.Criteria) == 0 {
		t.Fatalf("story without criteria: %+v", s)
	}
	seen := map[string]bool{}
	for _, c := range s.Criteria {
		if c.ID == "" || c.Text == "" {
			t.Fatalf("criterion without ID or text: %+v", c)
		}
		if seen[c.ID] {
			t.Fatalf("duplicate ID %q in %+v", c.ID, s.Criteria)
		}
		seen[c.ID] = true
		if c.Line < 0 {
			t.Fatalf("negative line: %+v", c)
		}
	}
}

func FuzzParseMarkdown(f *testing.F) {
	addSeeds(f, ".md")
	for _, s := range []string{
		"",
		"As a user I want x\n## AC\n- one\n",
		"---\ngoal: x\n---\n- AC1:\n",
		"Scenario: s\nGiven a\nWhen b\nThen c\n",
		"```gherkin\nScenario: s\n```\n",
		"As a\n\nI want\n\nso that\n",
		"**Acceptance criteria:**\n- AC1 a\n- ac-1 b\n",
		"# t\n===\n---\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		s, err := Parse("fuzz.md", []byte(doc))
		checkResult(t, "fuzz.md", s, err)
		sp, err := ParseSpec("fuzz.md", []byte(doc))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.File != "fuzz.md" {
				t.Fatalf("spec error %v is not an *Error naming the file", err)
			}
			return
		}
		if sp.Spec == "" || sp.Title == "" || sp.Kind != KindSpec {
			t.Fatalf("spec without text, title or kind: %+v", sp)
		}
	})
}

func FuzzParseYAML(f *testing.F) {
	addSeeds(f, ".yaml", ".yml")
	for _, s := range []string{
		"",
		"goal: x\ncriteria: [a]\n",
		"goal: x\ncriteria:\n  - AC1: a\n  - id: 1\n    text: b\n",
		"story: As a user I want x\nac: |\n  - a\n  - b\n",
		"a: &a [x]\ngoal: *a\n",
		"goal: x\ncriteria: {AC1: a, 2: {given: g, then: t}}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		s, err := Parse("fuzz.yaml", []byte(doc))
		checkResult(t, "fuzz.yaml", s, err)
	})
}

func FuzzParseJSON(f *testing.F) {
	addSeeds(f, ".json")
	f.Add(`{"goal": "x", "criteria": ["a", {"id": 1, "text": "b"}]}`)
	f.Add(`[[[{}]]]`)
	f.Fuzz(func(t *testing.T, doc string) {
		s, err := Parse("fuzz.json", []byte(doc))
		checkResult(t, "fuzz.json", s, err)
	})
}
