package plan

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// structuredPlan is a plan built from structured fields only, the way the
// offline provider builds one: section bodies are empty.
func structuredPlan() *Plan {
	return &Plan{
		Schema:  Schema,
		Title:   "Customers cancel their pending orders",
		Draft:   true,
		Summary: "Adds `POST /orders/{orderID}/cancel` following the handler → service → repository layering.",
		Sections: []Section{
			{Key: KeyDecisions, Title: "Architectural Decisions"},
			{Key: KeySteps, Title: "Implementation Steps"},
			{Key: KeyTesting, Title: "Testing Strategy"},
			{Key: KeyRisks, Title: "Risks & Considerations"},
			{Key: KeyFiles, Title: "Files Affected"},
			{Key: KeyEstimate, Title: "Time Estimate"},
		},
		Decisions: []string{
			"Keep the existing layering: handlers call services, services call repositories.",
			"Cancel in one transaction that flips the status and restocks every line.\nNo new dependencies.",
		},
		Steps: []Step{
			{
				Number: 1, Title: "Allow the cancelled transition",
				Detail:   "Extend `models.CanTransition` in `internal/models/order.go`.",
				Files:    []string{"internal/models/order.go"},
				Symbols:  []string{"models.CanTransition"},
				Criteria: []string{"AC4"},
			},
			{
				Number: 2, Title: "Repository method",
				Detail:   "Add `CancelOrder` to `OrderRepository` and implement it for Postgres and memory.\n\nThe Postgres version restocks in the same transaction.",
				Files:    []string{"internal/repository/repository.go", "internal/repository/postgres_orders.go", "internal/repository/memory.go"},
				Symbols:  []string{"CancelOrder", "OrderRepository"},
				Criteria: []string{"AC1", "AC2"},
			},
			{
				Number: 3, Title: "Service and handler",
				Files:    []string{"internal/service/order_service.go", "internal/handlers/orders.go", "cmd/server/main.go"},
				Symbols:  []string{"OrderService.CancelOrder", "OrderHandler.CancelOrder"},
				Criteria: []string{"AC1", "AC3", "AC4"},
			},
		},
		Tests: []Test{
			{Name: "TestCancelOrder_Pending", File: "internal/service/order_service_test.go", Kind: "unit", Description: "cancels and restocks", Criteria: []string{"AC1", "AC2"}},
			{Name: "TestCancelOrder_NotOwner", File: "internal/service/order_service_test.go", Kind: "unit", Criteria: []string{"AC3"}},
			{Name: "Cancel endpoint answers 409 for paid orders", File: "internal/handlers/orders_test.go", Kind: "integration", Description: "uses the memory repository", Criteria: []string{"AC4"}},
		},
		Risks: []Risk{
			{Area: "migration", Text: "Status and stock must change together.", Mitigation: "One transaction, with a rollback test."},
			{Area: "security", Text: "Ownership is checked before any write."},
			{Text: "Two concurrent cancels could both succeed."},
		},
		Files: []FileChange{
			{Path: "internal/models/order.go", Action: ActionModify, Reason: "allow pending → cancelled"},
			{Path: "internal/repository/postgres_orders.go", Action: ActionModify},
			{Path: "internal/handlers/orders_cancel_test.go", Action: ActionNew, Reason: "endpoint tests"},
			{Path: "internal/handlers/legacy_cancel.go", Action: ActionDelete, Reason: "replaced"},
		},
		Estimate: &Estimate{Minutes: 230, Breakdown: []EstimatePart{
			{Label: "Coding", Minutes: 120}, {Label: "Testing", Minutes: 60}, {Label: "Review", Minutes: 50},
		}},
	}
}

func TestRenderGolden(t *testing.T) {
	golden(t, "structured.golden.md", []byte(structuredPlan().Markdown()))
}

// structured keeps only the structured fields of a plan, without lines.
func structured(p *Plan) Plan {
	out := Plan{Title: p.Title, Draft: p.Draft, Summary: p.Summary, Decisions: p.Decisions}
	for _, s := range p.Steps {
		s.Line = 0
		out.Steps = append(out.Steps, s)
	}
	for _, x := range p.Tests {
		x.Line = 0
		out.Tests = append(out.Tests, x)
	}
	for _, x := range p.Risks {
		x.Line = 0
		out.Risks = append(out.Risks, x)
	}
	for _, x := range p.Files {
		x.Line = 0
		out.Files = append(out.Files, x)
	}
	if p.Estimate != nil {
		e := *p.Estimate
		e.Line = 0
		out.Estimate = &e
	}
	return out
}

func TestRoundTripStructured(t *testing.T) {
	p := structuredPlan()
	md := p.Markdown()
	q, err := ParseMarkdown(md)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := structured(q), structured(p); !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the plan\n got: %+v\nwant: %+v\nmarkdown:\n%s", got, want, md)
	}
	for i, s := range q.Sections {
		if s.Key != p.Sections[i].Key || s.Title != p.Sections[i].Title {
			t.Errorf("section %d = %q/%q, want %q/%q", i, s.Key, s.Title, p.Sections[i].Key, p.Sections[i].Title)
		}
	}
	// And once more from the parsed plan, whose bodies are now set.
	if md2 := q.Markdown(); md2 != md {
		t.Errorf("Markdown of the parsed plan differs:\n%s\n---\n%s", md2, md)
	}
}

func TestRoundTripWithoutSections(t *testing.T) {
	p := structuredPlan()
	p.Sections = nil
	p.Draft = false
	md := p.Markdown()
	for _, key := range StoryKeys() {
		if !strings.Contains(md, "## "+TitleFor(key)+"\n") {
			t.Errorf("missing section %q in\n%s", TitleFor(key), md)
		}
	}
	q, err := ParseMarkdown(md)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := structured(q), structured(p); !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the plan\n got: %+v\nwant: %+v", got, want)
	}
}

// TestReproducesParsedText checks that Markdown of a parsed plan gives the
// plan's text back, modulo blank lines and trailing spaces, once reasoning
// and the answer fence are gone and headings are written as "#"/"##".
func TestReproducesParsedText(t *testing.T) {
	inputs, _ := filepath.Glob(filepath.Join("testdata", "*.md"))
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden.md") {
			continue
		}
		src := readTestdata(t, filepath.Base(in))
		p, err := ParseMarkdown(src)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(unwrapFence(blankTags(normNewlines(src), ReasoningTags())), "\n")
		for _, s := range p.Sections {
			lines[s.Line-1] = "## " + s.Title
		}
		for i, l := range lines {
			if lv, title, ok := atxHeading(l); ok && lv == 1 && title == p.Title {
				lines[i] = "# " + title
				break
			}
		}
		if got, want := squeeze(p.Markdown()), squeeze(strings.Join(lines, "\n")); got != want {
			t.Errorf("%s: Markdown() does not reproduce the text\n got: %s\nwant: %s", in, got, want)
		}
	}
}

func squeeze(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, strings.TrimRight(l, " "))
		}
	}
	return strings.Join(out, "\n")
}

func TestSectionAndFilesByAction(t *testing.T) {
	p := structuredPlan()
	s, ok := p.Section(KeyRisks)
	if !ok || s.Title != "Risks & Considerations" {
		t.Fatalf("Section(risks) = %v, %v", s, ok)
	}
	s.Body = "changed"
	if p.Sections[3].Body != "changed" {
		t.Error("Section should return a pointer into the plan")
	}
	if _, ok := p.Section(KeyPerformance); ok {
		t.Error("Section(performance) found a section that is not there")
	}
	if got := p.FilesByAction(ActionNew); len(got) != 1 || got[0].Path != "internal/handlers/orders_cancel_test.go" {
		t.Errorf("FilesByAction(new) = %v", got)
	}
	if got := p.FilesByAction(ActionModify); len(got) != 2 {
		t.Errorf("FilesByAction(modify) = %v", got)
	}
}

func TestEmptySectionRendersOnce(t *testing.T) {
	p := &Plan{
		Title:     "T",
		Sections:  []Section{{Key: KeyDecisions, Title: "A"}, {Key: KeyDecisions, Title: "B"}},
		Decisions: []string{"one"},
	}
	if got := p.Markdown(); strings.Count(got, "- one") != 1 {
		t.Errorf("decisions rendered %d times:\n%s", strings.Count(got, "- one"), got)
	}
	p.Sections[1].Body = "- one"
	if got := p.Markdown(); strings.Count(got, "- one") != 1 {
		t.Errorf("an empty section was filled although another has a body:\n%s", got)
	}
}
