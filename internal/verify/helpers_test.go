package verify

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/plan"
	"github.com/groundplan/groundplan/internal/prompt"
	"github.com/groundplan/groundplan/internal/story"
	"github.com/groundplan/groundplan/internal/workspace"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// bookstore is the example service every corpus plan is written against.
const bookstore = "../../examples/bookstore"

var (
	exampleOnce  sync.Once
	exampleIx    *index.Index
	exampleFacts *workspace.Facts
	exampleErr   error
)

// example returns the index and facts of the example service, built once.
func example(t testing.TB) (*index.Index, *workspace.Facts) {
	t.Helper()
	exampleOnce.Do(func() {
		ctx := context.Background()
		exampleIx, exampleErr = index.Build(ctx, bookstore, index.Options{NoCache: true, NoTokens: true})
		if exampleErr == nil {
			exampleFacts, exampleErr = workspace.Detect(ctx, exampleIx)
		}
	})
	if exampleErr != nil {
		t.Fatalf("index the example service: %v", exampleErr)
	}
	return exampleIx, exampleFacts
}

// loadInput reads a story or spec of the example service by its path
// under examples/bookstore: files under specs/ are component specs.
func loadInput(t testing.TB, rel string) *story.Story {
	t.Helper()
	full := filepath.Join(bookstore, filepath.FromSlash(rel))
	if strings.HasPrefix(rel, "specs/") {
		data, err := os.ReadFile(full)
		if err != nil {
			t.Fatal(err)
		}
		s, err := story.ParseSpec(full, data)
		if err != nil {
			t.Fatalf("parse spec %s: %v", rel, err)
		}
		return s
	}
	s, err := story.ParseFile(full)
	if err != nil {
		t.Fatalf("parse story %s: %v", rel, err)
	}
	return s
}

// sections returns the required sections of a built-in template.
func sections(t testing.TB, name string) []string {
	t.Helper()
	tpl, err := prompt.Load(name)
	if err != nil {
		t.Fatalf("load template %s: %v", name, err)
	}
	return tpl.Sections
}

// verifyText parses and verifies a plan text against the example service.
func verifyText(t testing.TB, text string, s *story.Story, secs []string) *Report {
	t.Helper()
	ix, facts := example(t)
	p, err := plan.ParseMarkdown(text)
	if err != nil {
		t.Fatalf("parse plan: %v", err)
	}
	r, err := Verify(context.Background(), ix, p, Options{Story: s, Sections: secs, Facts: facts, PlanText: text})
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return r
}

// alarms returns the errors and warnings of a report whose rule is not in
// expect.
func alarms(r *Report, expect []string) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Severity == SeverityInfo {
			continue
		}
		found := false
		for _, e := range expect {
			if e == f.Rule {
				found = true
			}
		}
		if !found {
			out = append(out, f)
		}
	}
	return out
}

// golden compares got with testdata/NAME, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", filepath.FromSlash(name))
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden %s (run with -update to create it): %v", path, err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (run with -update to accept):\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}
