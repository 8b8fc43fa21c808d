package verify

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/llm/offline"
	"github.com/groundplan/groundplan/internal/plan"
	"github.com/groundplan/groundplan/internal/rank"
)

// TestOfflineDraftsPass checks that the offline draft for every example
// story and spec passes verification without errors, both as the struct
// the provider builds and as the Markdown it streams.
func TestOfflineDraftsPass(t *testing.T) {
	ix, facts := example(t)
	inputs := []struct{ input, template string }{
		{"stories/book-reviews.md", "story"},
		{"stories/order-cancellation.md", "story"},
		{"stories/low-stock-alerts.yaml", "story"},
		{"specs/inventory-reservations.md", "backend"},
		{"specs/author-royalties.md", "backend"},
		// the seed prompts, used unchanged as custom templates
		{"stories/order-cancellation.md", "../prompt/testdata/seeds/000_ab62a882d56614df.txt"},
		{"specs/author-royalties.md", "../prompt/testdata/seeds/004_22f40239254b0cdd.txt"},
	}
	ctx := context.Background()
	for _, in := range inputs {
		t.Run(strings.TrimSuffix(in.input, ".md")+" "+filepath.Base(in.template), func(t *testing.T) {
			s := loadInput(t, in.input)
			secs := sections(t, in.template)
			ranked, err := rank.Rank(ctx, ix, rank.NewQuery(s.Text()), rank.Options{Limit: 40})
			if err != nil {
				t.Fatal(err)
			}
			draft := offline.Draft(offline.Input{Story: s, Index: ix, Ranked: ranked, Facts: facts, Sections: secs, Template: in.template})
			md := draft.Markdown()

			// as Markdown, the way the planner receives it
			p, err := plan.ParseMarkdown(md)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Verify(ctx, ix, p, Options{Story: s, Sections: secs, Facts: facts, PlanText: md})
			if err != nil {
				t.Fatal(err)
			}
			if !r.OK {
				t.Errorf("the offline draft does not pass its own verification:\n%s\n--- draft ---\n%s", r.Text(), md)
			}
			for _, f := range r.Findings {
				if f.Severity == SeverityWarning {
					t.Logf("warning: line %d [%s] %s", f.Line, f.Rule, f.Message)
				}
			}

			// as the struct, without text: Verify renders it
			r2, err := Verify(ctx, ix, draft, Options{Story: s, Sections: secs, Facts: facts})
			if err != nil {
				t.Fatal(err)
			}
			if r2.OK != r.OK || r2.Errors != r.Errors || r2.Warnings != r.Warnings {
				t.Errorf("struct and Markdown verify differently: %d/%d vs %d/%d errors/warnings", r2.Errors, r2.Warnings, r.Errors, r.Warnings)
			}
		})
	}
}
