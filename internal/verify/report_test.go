package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/plan"
)

// severalFaults verifies testdata/report/several-faults.md, a plan with
// one fault of most kinds.
func severalFaults(t *testing.T) (*Report, string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "report", "several-faults.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	return verifyText(t, text, loadInput(t, "stories/order-cancellation.md"), sections(t, "story")), text
}

func TestReportGoldens(t *testing.T) {
	r, text := severalFaults(t)
	js, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "report/several-faults.txt", r.Text())
	golden(t, "report/several-faults.json", string(js)+"\n")
	golden(t, "report/several-faults.repair.txt", r.RepairPrompt(text))
}

func TestReportShape(t *testing.T) {
	r, _ := severalFaults(t)
	if r.Schema != Schema || r.OK || r.Errors == 0 || r.Warnings == 0 {
		t.Fatalf("schema %q ok %v errors %d warnings %d", r.Schema, r.OK, r.Errors, r.Warnings)
	}
	if r.Score < 0 || r.Score >= 1 {
		t.Fatalf("score %v", r.Score)
	}
	want := map[string]bool{
		RuleFileMissing: true, RuleNewFileLayout: true, RuleSymbolMissing: true,
		RuleACNoTest: true, RuleACUnknown: true, RuleSectionMissing: true, RuleEstimateVague: true, RuleEndpointUnknown: true,
	}
	got := map[string]bool{}
	for _, f := range r.Findings {
		got[f.Rule] = true
		if f.Message == "" || f.Severity != severityOf(f.Rule) {
			t.Errorf("finding %+v", f)
		}
		if f.Severity != SeverityInfo && f.Suggestion == "" {
			t.Errorf("no suggestion: %+v", f)
		}
	}
	for rule := range want {
		if !got[rule] {
			t.Errorf("no %s finding", rule)
		}
	}
	for i := 1; i < len(r.Findings); i++ {
		if r.Findings[i].Line < r.Findings[i-1].Line {
			t.Fatalf("findings not sorted by line")
		}
	}
	// every rule that ran is passed or failed, never both
	seen := map[string]int{}
	for _, id := range r.Passed {
		seen[id]++
	}
	for _, id := range r.Failed {
		seen[id]++
		if !got[id] {
			t.Errorf("rule %s failed without a finding", id)
		}
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("rule %s listed %d times", id, n)
		}
	}
	sum := r.Summary()
	if sum.Score != r.Score || sum.Errors != r.Errors || sum.Warnings != r.Warnings || len(sum.Failed) != len(r.Failed) {
		t.Fatalf("summary %+v", sum)
	}
	// the JSON decodes back and names its schema
	js, _ := r.JSON()
	var back map[string]any
	if err := json.Unmarshal(js, &back); err != nil || back["schema"] != Schema {
		t.Fatalf("json: %v %v", err, back["schema"])
	}
}

func TestRepairPrompt(t *testing.T) {
	r, text := severalFaults(t)
	msg := r.RepairPrompt(text)
	for _, want := range []string{
		"Return the whole corrected plan in the same Markdown format",
		"line 11 (\"2. **Cancel atomically**",
		"`internal/repository/postgres_order.go`",
		"Did you mean `internal/repository/postgres_orders.go`",
		"[ac-unknown]",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("repair prompt lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "[path-resolved]") || strings.Contains(msg, "[estimate-units]") {
		t.Errorf("notes belong in the report, not the repair prompt")
	}
	lines := 0
	for _, l := range strings.Split(msg, "\n") {
		if strings.HasPrefix(l, "- line ") || strings.HasPrefix(l, "- whole plan") {
			lines++
		}
	}
	if lines != r.Errors+r.Warnings {
		t.Errorf("%d finding lines, want %d", lines, r.Errors+r.Warnings)
	}
	ok := &Report{Schema: Schema, OK: true, Score: 1}
	if ok.RepairPrompt(text) != "" {
		t.Errorf("nothing to repair, want an empty prompt")
	}
}

func TestScore(t *testing.T) {
	tests := []struct {
		findings []Finding
		score    float64
		ok       bool
	}{
		{nil, 1, true},
		{[]Finding{{Rule: RulePathResolved}}, 1, true},
		{[]Finding{{Rule: RuleNewFileLayout}}, 0.96, true},
		{[]Finding{{Rule: RuleFileMissing}, {Rule: RuleEndpointUnknown}}, 0.84, false},
		{make([]Finding, 20), 0.2, true}, // 20 unknown rules count as warnings
	}
	for i, tt := range tests {
		v := &verifier{opts: Options{}, p: &plan.Plan{}}
		for _, f := range tt.findings {
			v.add(f)
		}
		r := v.report()
		if r.Score != tt.score || r.OK != tt.ok {
			t.Errorf("%d: score %v ok %v, want %v %v", i, r.Score, r.OK, tt.score, tt.ok)
		}
	}
	v := &verifier{opts: Options{}, p: &plan.Plan{}}
	for i := 0; i < 10; i++ {
		v.add(Finding{Rule: RuleFileMissing})
	}
	if r := v.report(); r.Score != 0 {
		t.Errorf("ten errors: score %v, want 0", r.Score)
	}
}

func TestRulesAreStable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.ID] || r.ID == "" || r.Summary == "" {
			t.Errorf("rule %+v", r)
		}
		seen[r.ID] = true
		switch r.Severity {
		case SeverityError, SeverityWarning, SeverityInfo:
		default:
			t.Errorf("rule %s: severity %q", r.ID, r.Severity)
		}
	}
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "verify-report.md"))
	if err != nil {
		t.Skipf("docs/verify-report.md: %v", err)
	}
	for _, r := range Rules() {
		if !strings.Contains(string(doc), "`"+r.ID+"`") {
			t.Errorf("docs/verify-report.md does not document rule %s", r.ID)
		}
	}
	if !strings.Contains(string(doc), Schema) || !strings.Contains(string(doc), DiffSchema) {
		t.Errorf("docs/verify-report.md does not name the schema versions %s and %s", Schema, DiffSchema)
	}
}

func TestVerifyArguments(t *testing.T) {
	ix, _ := example(t)
	ctx := context.Background()
	if _, err := Verify(ctx, nil, &plan.Plan{}, Options{}); err == nil {
		t.Error("no index: want an error")
	}
	if _, err := Verify(ctx, ix, nil, Options{}); err == nil {
		t.Error("no plan: want an error")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	p, _ := plan.ParseMarkdown("# P\n\n## Steps\n\n1. Modify `internal/models/book.go`.\n")
	if _, err := Verify(cancelled, ix, p, Options{PlanText: "# P"}); err == nil {
		t.Error("cancelled context: want an error")
	}
}

// TestDeliveredPlanVerifiesLikeThePlan checks that the summary section a
// delivered plan carries is not read as part of the plan: its messages
// name the missing files and symbols, and would count as mentions.
func TestDeliveredPlanVerifiesLikeThePlan(t *testing.T) {
	r, text := severalFaults(t)
	summary := r.SummaryMarkdown(2)
	if !strings.HasPrefix(summary, SummaryLead) || !strings.Contains(summary, "after 1 repair round(s)") || !strings.Contains(summary, "[file-missing]") {
		t.Fatalf("summary:\n%s", summary)
	}
	// suggestions say "add the new `X`"; a summary carrying them must not
	// create X either
	var withFixes strings.Builder
	withFixes.WriteString(summary)
	for _, f := range r.Findings {
		withFixes.WriteString("\n- " + f.Suggestion)
	}
	for name, body := range map[string]string{"summary": summary, "summary with fixes": withFixes.String()} {
		delivered := strings.TrimRight(text, "\n") + "\n\n## " + SummaryTitle + "\n\n" + body + "\n"
		again := verifyText(t, delivered, loadInput(t, "stories/order-cancellation.md"), sections(t, "story"))
		if got, want := findingKeys(again), findingKeys(r); got != want {
			t.Errorf("%s: delivered plan verifies differently:\n%s\nwant:\n%s", name, got, want)
		}
	}
}

func findingKeys(r *Report) string {
	var b strings.Builder
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "%d %s %s\n", f.Line, f.Rule, f.Path+f.Symbol+f.Criterion)
	}
	return b.String()
}
