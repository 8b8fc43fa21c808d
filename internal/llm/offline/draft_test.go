package offline

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/llm"
	"github.com/groundplan/groundplan/internal/plan"
	"github.com/groundplan/groundplan/internal/prompt"
	"github.com/groundplan/groundplan/internal/rank"
	"github.com/groundplan/groundplan/internal/story"
	"github.com/groundplan/groundplan/internal/workspace"
)

var update = flag.Bool("update", false, "rewrite golden files")

const example = "../../../examples/bookstore"

type exampleCase struct {
	name, file, template string
	spec                 bool
}

var exampleCases = []exampleCase{
	{"book-reviews", "stories/book-reviews.md", "story", false},
	{"order-cancellation", "stories/order-cancellation.md", "story", false},
	{"low-stock-alerts", "stories/low-stock-alerts.yaml", "story", false},
	{"inventory-reservations", "specs/inventory-reservations.md", "backend", true},
	{"author-royalties", "specs/author-royalties.md", "backend", true},
}

func draftFor(t *testing.T, ix *index.Index, c exampleCase) (*plan.Plan, *story.Story) {
	t.Helper()
	ctx := context.Background()
	var s *story.Story
	var err error
	if c.spec {
		data, rerr := os.ReadFile(filepath.Join(example, c.file))
		if rerr != nil {
			t.Fatal(rerr)
		}
		s, err = story.ParseSpec(c.file, data)
	} else {
		s, err = story.ParseFile(filepath.Join(example, c.file))
	}
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := prompt.Builtin(c.template)
	if err != nil {
		t.Fatal(err)
	}
	facts, err := workspace.Detect(ctx, ix)
	if err != nil {
		t.Fatal(err)
	}
	ranked, err := rank.Rank(ctx, ix, rank.NewQuery(s.Text()), rank.Options{Limit: 40})
	if err != nil {
		t.Fatal(err)
	}
	return Draft(Input{Story: s, Index: ix, Ranked: ranked, Facts: facts, Sections: tmpl.Sections, Template: tmpl.Name}), s
}

func buildExample(t *testing.T) *index.Index {
	t.Helper()
	ix, err := index.Build(context.Background(), example, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// TestDraftGolden pins the offline drafts of the example's stories and
// specs; run with -update after an intended change and read the diff.
func TestDraftGolden(t *testing.T) {
	ix := buildExample(t)
	for _, c := range exampleCases {
		t.Run(c.name, func(t *testing.T) {
			p, _ := draftFor(t, ix, c)
			got := p.Markdown()
			golden := filepath.Join("testdata", c.name+".golden.md")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("draft for %s differs from %s (run go test -update and review the diff)", c.file, golden)
			}
		})
	}
}

// TestDraftGrounded checks the properties every draft must have, whatever
// the repository: modified files exist, new files do not, every criterion
// is served by a step and a test, steps follow the layers, the estimate is
// positive, and the draft is deterministic and parses back.
func TestDraftGrounded(t *testing.T) {
	ix := buildExample(t)
	for _, c := range exampleCases {
		t.Run(c.name, func(t *testing.T) {
			p, s := draftFor(t, ix, c)
			if !p.Draft {
				t.Error("an offline plan must be labelled as a draft")
			}
			if len(p.Files) == 0 || len(p.Steps) == 0 {
				t.Fatalf("empty draft: %d files, %d steps", len(p.Files), len(p.Steps))
			}
			for _, f := range p.Files {
				_, exists := ix.File(f.Path)
				switch f.Action {
				case plan.ActionModify:
					if !exists {
						t.Errorf("modifies %s, which does not exist", f.Path)
					}
				case plan.ActionNew:
					if exists {
						t.Errorf("creates %s, which already exists", f.Path)
					}
					if !ix.IsDir(filepath.ToSlash(filepath.Dir(f.Path))) {
						t.Errorf("creates %s in a folder the repo does not have", f.Path)
					}
				}
			}
			criteria := s.Criteria
			if len(criteria) == 0 {
				if !c.spec {
					t.Fatal("a story must have criteria")
				}
				for i := range rules(s.Spec) {
					criteria = append(criteria, story.Criterion{ID: "R" + string(rune('1'+i))})
				}
			}
			for _, cr := range criteria {
				if !servedBy(cr.ID, p) {
					t.Errorf("%s has no implementation step", cr.ID)
				}
				if !testedBy(cr.ID, p) {
					t.Errorf("%s has no test", cr.ID)
				}
			}
			if p.Estimate == nil || p.Estimate.Minutes <= 0 {
				t.Errorf("estimate %+v", p.Estimate)
			}
			again, _ := draftFor(t, ix, c)
			if again.Markdown() != p.Markdown() {
				t.Error("the draft is not deterministic")
			}
			parsed, err := plan.ParseMarkdown(p.Markdown())
			if err != nil {
				t.Fatal(err)
			}
			if len(parsed.Files) != len(p.Files) || len(parsed.Tests) != len(p.Tests) || !parsed.Draft {
				t.Errorf("parsed back %d files, %d tests, draft %v; want %d, %d, true", len(parsed.Files), len(parsed.Tests), parsed.Draft, len(p.Files), len(p.Tests))
			}
		})
	}
}

func servedBy(id string, p *plan.Plan) bool {
	for _, st := range p.Steps {
		if st.Title == "Write the tests" {
			continue
		}
		for _, c := range st.Criteria {
			if c == id {
				return true
			}
		}
	}
	return false
}

func testedBy(id string, p *plan.Plan) bool {
	for _, tt := range p.Tests {
		for _, c := range tt.Criteria {
			if c == id {
				return true
			}
		}
	}
	return false
}

// TestDraftOtherEcosystem runs the draft on a small Python service to show
// the rules are not Go's or the example's: test files follow pytest names.
func TestDraftOtherEcosystem(t *testing.T) {
	ix, err := index.Build(context.Background(), "testdata/pyshop", index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := story.Parse("s.md", []byte("# Wishlists\n\nAs a shopper, I want to add a product to a wishlist, so that I can buy it later.\n\n## Acceptance criteria\n\n- Adding a product to my wishlist stores it and returns 201.\n- Each wishlist entry is unique per product: adding it twice keeps one entry.\n"))
	if err != nil {
		t.Fatal(err)
	}
	ranked, err := rank.Rank(context.Background(), ix, rank.NewQuery(s.Text()), rank.Options{Limit: 40})
	if err != nil {
		t.Fatal(err)
	}
	facts, _ := workspace.Detect(context.Background(), ix)
	p := Draft(Input{Story: s, Index: ix, Ranked: ranked, Facts: facts})
	md := p.Markdown()
	for _, want := range []string{"app/models/wishlist.py", "app/services/wishlist_service.py", "tests/test_wishlist_service.py"} {
		if !strings.Contains(md, want) {
			t.Errorf("draft lacks %q:\n%s", want, md)
		}
	}
	for _, tt := range p.Tests {
		if !strings.HasPrefix(tt.Name, "test_") {
			t.Errorf("python test named %q", tt.Name)
		}
	}
}

func TestStreamYieldsTheDraft(t *testing.T) {
	ix := buildExample(t)
	p, s := draftFor(t, ix, exampleCases[0])
	prov := New(Input{Story: s, Index: ix, Ranked: nil})
	if prov.Name() != "offline" {
		t.Fatal(prov.Name())
	}
	st, err := prov.Stream(context.Background(), llm.Request{})
	if err != nil {
		t.Fatal(err)
	}
	text, _, err := llm.Collect(st)
	if err != nil || !strings.Contains(text, "Draft") {
		t.Fatalf("err %v text %q", err, text[:min(len(text), 200)])
	}
	_ = p
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := prov.Stream(ctx, llm.Request{}); err == nil {
		t.Fatal("a cancelled context must fail the stream")
	}
}
