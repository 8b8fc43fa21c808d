// Package verify checks an implementation plan against the repository it
// is about, before anyone trusts it: the files it modifies exist, the files
// it creates do not and fit the layout, the functions and types it names
// exist or are created by the plan, every acceptance criterion is covered
// by a step and a test, the template's sections are there, the estimate is
// present and plausible, and the endpoints and tables it names are known.
//
// Every check is a named rule with a stable ID and a severity. A Report
// carries the findings, the acceptance-criterion coverage matrix and a
// score, and can phrase itself as a repair prompt for the model that wrote
// the plan. All existence checks go through the index.
package verify

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path"
	"sort"
	"strings"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/plan"
	"github.com/groundplan/groundplan/internal/story"
	"github.com/groundplan/groundplan/internal/workspace"
)

// Schema names the JSON schema version of Report. Bump it on any
// incompatible change and document the change in docs/verify-report.md.
const Schema = "groundplan.verify/v1"

// Severity is how bad a finding is. Errors make a plan fail; warnings and
// infos do not.
type Severity string

// The severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// The rule IDs. They are stable: tools and the JSON report refer to them.
const (
	RuleFileMissing         = "file-missing"
	RulePathResolved        = "path-resolved"
	RuleNewFileExists       = "new-file-exists"
	RuleNewFileLayout       = "new-file-layout"
	RuleSymbolMissing       = "symbol-missing"
	RuleACNoStep            = "ac-no-step"
	RuleACNoTest            = "ac-no-test"
	RuleACUnknown           = "ac-unknown"
	RuleSectionMissing      = "section-missing"
	RuleSectionEmpty        = "section-empty"
	RuleEstimateMissing     = "estimate-missing"
	RuleEstimateVague       = "estimate-vague"
	RuleEstimateUnits       = "estimate-units"
	RuleEstimateImplausible = "estimate-implausible"
	RuleEndpointUnknown     = "endpoint-unknown"
	RuleTableUnknown        = "table-unknown"
)

// Rule describes one rule.
type Rule struct {
	ID       string   `json:"id"`
	Severity Severity `json:"severity"`
	Summary  string   `json:"summary"`
}

// Rules returns every rule, in the order Verify runs them.
func Rules() []Rule {
	return []Rule{
		{RuleFileMissing, SeverityError, "a file the plan modifies or refers to does not exist"},
		{RulePathResolved, SeverityInfo, "a path written relative to a sub-folder was resolved to the one repository file it names"},
		{RuleNewFileExists, SeverityError, "a file the plan lists as new already exists"},
		{RuleNewFileLayout, SeverityWarning, "a new file's folder does not exist and does not fit the repository's layout"},
		{RuleSymbolMissing, SeverityError, "a function, method, type or field the plan names does not exist and is not created by the plan"},
		{RuleACNoStep, SeverityError, "an acceptance criterion is covered by no implementation step"},
		{RuleACNoTest, SeverityError, "an acceptance criterion is covered by no test"},
		{RuleACUnknown, SeverityWarning, "the plan cites an acceptance criterion the story does not have"},
		{RuleSectionMissing, SeverityError, "a section the template requires is missing"},
		{RuleSectionEmpty, SeverityError, "a section the template requires is empty"},
		{RuleEstimateMissing, SeverityError, "the plan has no time estimate"},
		{RuleEstimateVague, SeverityWarning, "the time estimate names no duration that converts to minutes"},
		{RuleEstimateUnits, SeverityInfo, "the time estimate is in hours, days or weeks and was converted to minutes"},
		{RuleEstimateImplausible, SeverityWarning, "the time estimate is implausible for the number of files touched"},
		{RuleEndpointUnknown, SeverityWarning, "an endpoint the plan names is not in the API documents or routes and the plan does not add it"},
		{RuleTableUnknown, SeverityWarning, "a table the plan names is not in the migrations or database documents and the plan does not add it"},
	}
}

func severityOf(rule string) Severity {
	for _, r := range Rules() {
		if r.ID == rule {
			return r.Severity
		}
	}
	return SeverityWarning
}

// Finding is one problem found in a plan.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Line is the plan line the finding is about (1-based), 0 when it
	// concerns the whole plan; Also lists other lines with the same
	// problem.
	Line      int    `json:"line,omitempty"`
	Also      []int  `json:"also,omitempty"`
	Path      string `json:"path,omitempty"`
	Symbol    string `json:"symbol,omitempty"`
	Criterion string `json:"criterion,omitempty"`
	Message   string `json:"message"`
	// Suggestion says how to fix it; Candidates are the repository's
	// closest existing paths, symbols, endpoints or tables, best first.
	Suggestion string   `json:"suggestion,omitempty"`
	Candidates []string `json:"candidates,omitempty"`
}

// Coverage is one row of the acceptance criterion → steps → tests matrix.
type Coverage struct {
	Criterion string   `json:"criterion"`
	Text      string   `json:"text"`
	Steps     []int    `json:"steps"` // step numbers
	Tests     []string `json:"tests"` // test names
}

// Report is the result of verifying one plan.
type Report struct {
	Schema   string     `json:"schema"`
	Score    float64    `json:"score"` // 1 minus weighted findings, in [0, 1]
	OK       bool       `json:"ok"`    // no errors
	Errors   int        `json:"errors"`
	Warnings int        `json:"warnings"`
	Infos    int        `json:"infos"`
	Findings []Finding  `json:"findings"`
	Coverage []Coverage `json:"coverage"`
	Passed   []string   `json:"passed"` // rules that ran and found no error or warning
	Failed   []string   `json:"failed"` // rules with an error or warning
	// Diff is set when the plan was also compared with a change
	// (CompareDiff); Verify leaves it nil.
	Diff *DiffReport `json:"diff,omitempty"`
}

// Options are the context a plan is verified in. All are optional.
type Options struct {
	// Story gives the acceptance criteria for the coverage rules and the
	// vocabulary of the request (names it uses are not claims about the
	// code).
	Story *story.Story
	// Sections are the section titles the template requires
	// (prompt.Template.Sections); none means the section rules do not run.
	Sections []string
	// Facts are the repository's workspace facts; nil means Verify
	// detects them from the index.
	Facts *workspace.Facts
	// PlanText is the Markdown the plan was parsed from, for line numbers.
	// When it is empty Verify renders the plan and reads the rendering,
	// so lines refer to p.Markdown().
	PlanText string
}

// The weights of findings in the score.
const (
	weightError   = 0.12
	weightWarning = 0.04
)

// verifier holds one run.
type verifier struct {
	ix    *index.Index
	p     *plan.Plan
	opts  Options
	facts *workspace.Facts
	sc    *scan
	exts  map[string]bool // extensions of the repository's code files

	findings []Finding
	ran      []string

	byBase    map[string][]string // base name → paths
	fileLines map[string][]string // cache of file contents, by line
	vocab     map[string]bool     // words of the request and project documents
	paths     map[string]*pathInfo
	pathOrder []string
	newFiles  map[string]bool // repository paths (resolved) the plan creates
	cov       []Coverage
}

// Verify checks a plan against the repository ix indexes. It returns an
// error only when ctx is done or an argument is missing; everything wrong
// with the plan is a finding.
func Verify(ctx context.Context, ix *index.Index, p *plan.Plan, opts Options) (*Report, error) {
	if ix == nil {
		return nil, errors.New("verify: no index")
	}
	if p == nil {
		return nil, errors.New("verify: no plan")
	}
	text := opts.PlanText
	if strings.TrimSpace(text) == "" {
		text = p.Markdown()
		rp, err := plan.ParseMarkdown(text)
		if err != nil {
			return nil, fmt.Errorf("verify: read the rendered plan: %w", err)
		}
		p = rp
	}
	p, text = withoutSummary(p, text)
	facts := opts.Facts
	if facts == nil {
		f, err := workspace.Detect(ctx, ix)
		if err != nil {
			return nil, fmt.Errorf("verify: workspace facts: %w", err)
		}
		facts = f
	}
	v := &verifier{ix: ix, p: p, opts: opts, facts: facts, fileLines: map[string][]string{}}
	v.exts = codeExts(ix)
	v.sc = scanPlan(text, p, v.exts)
	v.vocab = v.vocabulary()

	for _, rule := range []func(){
		v.checkPaths,
		v.checkSymbols,
		v.checkCoverage,
		v.checkSections,
		v.checkEstimate,
		v.checkEndpoints,
		v.checkTables,
	} {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("verify: %w", err)
		}
		rule()
	}
	return v.report(), nil
}

// withoutSummary returns the plan less a verification summary section
// (SummaryMarkdown) and the steps, tests, files and risks read from it,
// and the text with that section's lines blanked: a delivered plan
// verifies like the plan it carries.
func withoutSummary(p *plan.Plan, text string) (*plan.Plan, string) {
	type span struct{ from, to int }
	var skip []span
	for i, s := range p.Sections {
		if !strings.HasPrefix(strings.TrimSpace(s.Body), SummaryLead) {
			continue
		}
		to := math.MaxInt
		for j, o := range p.Sections {
			if j != i && o.Line > s.Line && o.Line < to {
				to = o.Line
			}
		}
		skip = append(skip, span{s.Line, to})
	}
	if len(skip) == 0 {
		return p, text
	}
	in := func(line int) bool {
		for _, sp := range skip {
			if line >= sp.from && line < sp.to {
				return true
			}
		}
		return false
	}
	q := *p
	q.Sections, q.Steps, q.Tests, q.Files, q.Risks = nil, nil, nil, nil, nil
	for _, s := range p.Sections {
		if !in(s.Line) {
			q.Sections = append(q.Sections, s)
		}
	}
	for _, s := range p.Steps {
		if !in(s.Line) {
			q.Steps = append(q.Steps, s)
		}
	}
	for _, t := range p.Tests {
		if !in(t.Line) {
			q.Tests = append(q.Tests, t)
		}
	}
	for _, f := range p.Files {
		if !in(f.Line) {
			q.Files = append(q.Files, f)
		}
	}
	for _, r := range p.Risks {
		if !in(r.Line) {
			q.Risks = append(q.Risks, r)
		}
	}
	if q.Estimate != nil && in(q.Estimate.Line) {
		q.Estimate = nil
	}
	lines := strings.Split(text, "\n")
	for i := range lines {
		if in(i + 1) {
			lines[i] = ""
		}
	}
	return &q, strings.Join(lines, "\n")
}

// codeExts returns the extensions of the repository's programming files.
func codeExts(ix *index.Index) map[string]bool {
	out := map[string]bool{}
	for _, f := range ix.Files() {
		if index.IsProgramming(f.Language) {
			if e := strings.TrimPrefix(strings.ToLower(path.Ext(f.Path)), "."); e != "" {
				out[e] = true
			}
		}
	}
	return out
}

// ranRule records that a rule ran.
func (v *verifier) ranRule(ids ...string) {
	v.ran = append(v.ran, ids...)
}

// add records a finding with its rule's severity.
func (v *verifier) add(f Finding) {
	f.Severity = severityOf(f.Rule)
	f.Suggestion = sentence(f.Suggestion)
	v.findings = append(v.findings, f)
}

// report assembles the report: findings by line, counts, score, rules.
func (v *verifier) report() *Report {
	r := &Report{Schema: Schema, Findings: v.findings, Coverage: v.coverage()}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	sort.SliceStable(r.Findings, func(i, j int) bool {
		a, b := r.Findings[i], r.Findings[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return sevRank(a.Severity) < sevRank(b.Severity)
	})
	failed := map[string]bool{}
	penalty := 0.0
	for _, f := range r.Findings {
		switch f.Severity {
		case SeverityError:
			r.Errors++
			penalty += weightError
			failed[f.Rule] = true
		case SeverityWarning:
			r.Warnings++
			penalty += weightWarning
			failed[f.Rule] = true
		default:
			r.Infos++
		}
	}
	r.OK = r.Errors == 0
	r.Score = math.Round(math.Max(0, 1-penalty)*1000) / 1000
	seen := map[string]bool{}
	r.Passed, r.Failed = []string{}, []string{}
	for _, rule := range Rules() {
		ran := false
		for _, id := range v.ran {
			if id == rule.ID {
				ran = true
			}
		}
		if !ran || seen[rule.ID] || rule.Severity == SeverityInfo {
			continue
		}
		seen[rule.ID] = true
		if failed[rule.ID] {
			r.Failed = append(r.Failed, rule.ID)
		} else {
			r.Passed = append(r.Passed, rule.ID)
		}
	}
	return r
}

// sentence starts s with a capital and ends it with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	s = upperFirst(s)
	if !strings.ContainsAny(s[len(s)-1:], ".?!\"')") {
		s += "."
	}
	return s
}

func sevRank(s Severity) int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}

// Summary returns the verification summary a plan carries.
func (r *Report) Summary() *plan.Verification {
	return &plan.Verification{
		Score:    r.Score,
		Errors:   r.Errors,
		Warnings: r.Warnings,
		Passed:   append([]string(nil), r.Passed...),
		Failed:   append([]string(nil), r.Failed...),
	}
}

// lines returns the lines of a repository file, cached.
func (v *verifier) lines(rel string) []string {
	if ls, ok := v.fileLines[rel]; ok {
		return ls
	}
	data, err := v.ix.Read(rel, 4<<20)
	var ls []string
	if err == nil {
		ls = strings.Split(string(data), "\n")
	}
	v.fileLines[rel] = ls
	return ls
}

// vocabulary collects the words of the request (story or spec) and of the
// project's context documents. A name the request or the documents use is
// vocabulary of the domain, not a claim about the code.
func (v *verifier) vocabulary() map[string]bool {
	out := map[string]bool{}
	addWords := func(s string) {
		for _, w := range strings.FieldsFunc(s, func(r rune) bool {
			return !(r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
		}) {
			w = strings.Trim(w, ".")
			if w != "" {
				out[w] = true
			}
		}
	}
	if s := v.opts.Story; s != nil {
		addWords(s.Text())
	}
	for _, d := range v.facts.Documents {
		if data, err := v.ix.Read(d.Path, 1<<20); err == nil {
			addWords(string(data))
		}
	}
	return out
}
