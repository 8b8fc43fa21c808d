package planner

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/llm"
	"github.com/groundplan/groundplan/internal/plan"
	"github.com/groundplan/groundplan/internal/story"
	"github.com/groundplan/groundplan/internal/verify"
)

const example = "../../examples/bookstore"

// scripted is a fake model that answers each call with the next text,
// split into small chunks, and records the requests it got.
type scripted struct {
	answers []string
	err     error
	got     []llm.Request
}

func (s *scripted) Name() string { return "fake" }

func (s *scripted) Stream(ctx context.Context, req llm.Request) (llm.Stream, error) {
	s.got = append(s.got, req)
	if s.err != nil {
		return nil, s.err
	}
	i := len(s.got) - 1
	if i >= len(s.answers) {
		i = len(s.answers) - 1
	}
	return llm.NewTextStream(s.answers[i], 7, llm.Usage{InputTokens: 100, OutputTokens: 50}), nil
}

func planner(p llm.Provider) *Planner {
	return &Planner{Provider: func(context.Context, Request) (llm.Provider, error) { return p, nil }}
}

// goodPlan is a story plan for the order-cancellation story that names only
// what exists and covers every criterion.
const goodPlan = `# Cancel pending orders

## Architectural Decisions

- Add a cancel transition to the order service; keep handlers thin.

## Implementation Steps

1. **Service** — Add ` + "`OrderService.CancelOrder`" + ` (new method) in ` + "`internal/service/order_service.go`" + `, restoring stock in one transaction. Covers AC1, AC2, AC3, AC4.
2. **Handler** — Add the new ` + "`OrderHandler.CancelOrder`" + ` handler in ` + "`internal/handlers/orders.go`" + ` and register it in ` + "`internal/routes/router.go`" + `. Covers AC1, AC3, AC4.

## Testing Strategy

- ` + "`TestCancelOrder`" + ` in ` + "`internal/service/order_service_test.go`" + ` (unit) — AC1, AC2
- ` + "`TestCancelOrderForbidden`" + ` in ` + "`internal/handlers/orders_test.go`" + ` (integration) — AC3
- ` + "`TestCancelOrderNotPending`" + ` in ` + "`internal/handlers/orders_test.go`" + ` (integration) — AC4

## Risks & Considerations

- **data integrity**: stock and status must change together.

## Files Affected

### Modified

- ` + "`internal/service/order_service.go`" + `
- ` + "`internal/handlers/orders.go`" + `
- ` + "`internal/routes/router.go`" + `
- ` + "`internal/service/order_service_test.go`" + `
- ` + "`internal/handlers/orders_test.go`" + `

## Time Estimate

**Total: 240 minutes**
`

func TestRepairLoopFixesAPlantedError(t *testing.T) {
	bad := strings.Replace(goodPlan, "- `internal/routes/router.go`", "- `internal/routes/routing_table.go`", 1)
	fake := &scripted{answers: []string{bad, goodPlan}}
	var kinds []EventKind
	res, err := planner(fake).Plan(context.Background(), Request{Repo: example, StoryFile: example + "/stories/order-cancellation.md"}, func(e Event) { kinds = append(kinds, e.Kind) })
	if err != nil {
		t.Fatal(err)
	}
	if res.Rounds != 2 || len(fake.got) != 2 {
		t.Fatalf("rounds %d, calls %d; want 2 and 2", res.Rounds, len(fake.got))
	}
	second := fake.got[1].Messages
	if len(second) != 3 || second[1].Role != llm.RoleAssistant || !strings.Contains(second[2].Content, "routing_table.go") {
		t.Fatalf("the repair request must carry the first answer and the findings: %+v", second)
	}
	if !res.Report.OK || res.Plan.Verification == nil || res.Plan.Verification.Errors != 0 {
		t.Fatalf("final report %+v", res.Report)
	}
	if !strings.Contains(res.Markdown, "## Verification") || !strings.Contains(res.Markdown, "after 1 repair round") {
		t.Fatalf("the plan must carry its verification summary:\n%s", res.Markdown)
	}
	if res.Usage.InputTokens != 200 || res.Usage.OutputTokens != 100 {
		t.Fatalf("usage %+v, want the sum of both calls", res.Usage)
	}
	var repairs int
	for _, k := range kinds {
		if k == EventRetry {
			repairs++
		}
	}
	if repairs != 1 {
		t.Fatalf("events %v", kinds)
	}
}

func TestRepairKeepsTheBestPlanAndStops(t *testing.T) {
	bad := strings.Replace(goodPlan, "- `internal/routes/router.go`", "- `internal/routes/routing_table.go`", 1)
	worse := strings.Replace(bad, "- `internal/handlers/orders.go`", "- `internal/handlers/ordrs.go`", 1)
	fake := &scripted{answers: []string{bad, worse, worse}}
	res, err := planner(fake).Plan(context.Background(), Request{Repo: example, StoryFile: example + "/stories/order-cancellation.md", Repair: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(fake.got) != 3 {
		t.Fatalf("calls %d, want 1 + 2 repair rounds", len(fake.got))
	}
	if strings.Contains(res.Markdown, "ordrs.go") || !strings.Contains(res.Markdown, "routing_table.go") {
		t.Fatal("the first, better plan must be kept")
	}
	if res.Report.OK || !strings.Contains(res.Markdown, "Still open") {
		t.Fatalf("the remaining error must be reported in the plan:\n%s", res.Markdown)
	}
	fake = &scripted{answers: []string{bad}}
	if _, err := planner(fake).Plan(context.Background(), Request{Repo: example, StoryFile: example + "/stories/order-cancellation.md", Repair: -1}, nil); err != nil || len(fake.got) != 1 {
		t.Fatalf("Repair -1 must make one call: %d, %v", len(fake.got), err)
	}
}

func TestReasoningNeverReachesThePlan(t *testing.T) {
	answer := "<implementation_breakdown>\nThinking about `internal/nowhere.go` …\n</implementation_breakdown>\n\n" + goodPlan
	fake := &scripted{answers: []string{answer}}
	var visible, hidden strings.Builder
	res, err := planner(fake).Plan(context.Background(), Request{Repo: example, SpecFile: example + "/specs/inventory-reservations.md", Template: "backend", Repair: -1}, func(e Event) {
		switch e.Kind {
		case EventText:
			visible.WriteString(e.Text)
		case EventHidden:
			hidden.WriteString(e.Text)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"streamed text": visible.String(), "plan": res.Markdown} {
		if strings.Contains(text, "implementation_breakdown") || strings.Contains(text, "nowhere.go") {
			t.Errorf("%s carries the reasoning block", name)
		}
	}
	if !strings.Contains(hidden.String(), "nowhere.go") || !strings.Contains(res.Hidden, "nowhere.go") {
		t.Error("the reasoning must be reported as hidden")
	}
}

func TestProviderErrorsAreReturned(t *testing.T) {
	fake := &scripted{err: errors.New("boom")}
	_, err := planner(fake).Plan(context.Background(), Request{Repo: example, StoryFile: example + "/stories/order-cancellation.md"}, nil)
	if err == nil || !strings.Contains(err.Error(), "fake: boom") {
		t.Fatalf("err %v", err)
	}
}

func TestOfflineMakesOneCallAndPasses(t *testing.T) {
	res, err := (&Planner{}).Plan(context.Background(), Request{Repo: example, StoryFile: example + "/stories/book-reviews.md"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Provider != "offline" || res.Rounds != 1 || !res.Report.OK || !res.Plan.Draft {
		t.Fatalf("provider %s rounds %d ok %v draft %v", res.Provider, res.Rounds, res.Report.OK, res.Plan.Draft)
	}
}

func TestLoadStoryErrorsAreInputErrors(t *testing.T) {
	for _, req := range []Request{{}, {StoryFile: "nope.md"}, {SpecFile: "nope.md"}} {
		_, err := LoadStory(req)
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("%+v: %v is not an InputError", req, err)
		}
	}
}

// A delivered plan, Verification Report included, verifies the same when
// checked again (e.g. by `groundplan verify` in CI).
func TestDeliveredPlanVerifiesAgain(t *testing.T) {
	fake := &scripted{answers: []string{goodPlan}}
	res, err := planner(fake).Plan(context.Background(), Request{Repo: example, StoryFile: example + "/stories/order-cancellation.md"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	again, err := plan.ParseMarkdown(res.Markdown)
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := again.Section(plan.KeyVerification); !ok || !strings.HasPrefix(s.Body, verify.SummaryLead) {
		t.Fatalf("the report must parse back as its own section: %+v", again.Sections)
	}
	rep, err := verify.Verify(context.Background(), res.Index, again, verify.Options{Story: res.Story, Sections: res.Template.Sections, PlanText: res.Markdown})
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK != res.Report.OK || rep.Errors != res.Report.Errors {
		t.Fatalf("re-verified: ok %v errors %d; delivered: ok %v errors %d", rep.OK, rep.Errors, res.Report.OK, res.Report.Errors)
	}
}

// BenchmarkContext measures one context request on a warm index with the
// planner kept between requests, as the server keeps it.
func BenchmarkContext(b *testing.B) {
	p := &Planner{}
	req := Request{Repo: example, StoryFile: example + "/stories/book-reviews.md"}
	if _, err := p.Context(context.Background(), req, nil); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.Context(context.Background(), req, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// TestIncludeVendoredReachesTheIndex checks that Request.IncludeVendored
// is passed to the index by BuildIndex, Context and SymbolMap (and that
// the planner's own index options are kept), and that a vendored file is
// never ranked or packed.
func TestIncludeVendoredReachesTheIndex(t *testing.T) {
	ctx := context.Background()
	const repo = "../cli/testdata/vendored"
	const vendored = "vendor/github.com/acme/retry/backoff.go"
	st := &story.Story{Kind: story.KindStory, Title: "Retry payments", Goal: "retry a failed order payment with backoff", Criteria: []story.Criterion{{ID: "AC1", Text: "a failed charge is retried"}}}
	for _, include := range []bool{false, true} {
		p := &Planner{IndexOptions: index.Options{NoCache: true}}
		req := Request{Repo: repo, Story: st, IncludeVendored: include}
		ix, err := p.BuildIndex(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := ix.File(vendored); ok != include {
			t.Errorf("include %v: BuildIndex has the vendored file: %v", include, ok)
		}
		if ix.Stats.CachePath != "" {
			t.Errorf("include %v: the planner's NoCache was dropped", include)
		}
		prep, err := p.Context(ctx, req, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := prep.Index.File(vendored); ok != include {
			t.Errorf("include %v: Context's index has the vendored file: %v", include, ok)
		}
		for _, r := range prep.Ranked {
			if strings.HasPrefix(r.Path, "vendor/") {
				t.Errorf("include %v: vendored file ranked: %s", include, r.Path)
			}
		}
		var b strings.Builder
		if _, _, err := p.SymbolMap(ctx, req, &b); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), "WithJitter") != include {
			t.Errorf("include %v: symbol map:\n%s", include, b.String())
		}
	}
}
