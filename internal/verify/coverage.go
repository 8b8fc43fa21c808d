package verify

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/groundplan/groundplan/internal/plan"
)

// This file computes which steps and tests cover each acceptance
// criterion. A step or test that cites criterion IDs ("AC2", "AC1–AC3")
// covers exactly those. One that cites none is matched by content: the
// criterion's distinctive words — weighted so that words every criterion
// shares count little — must mostly appear in the step's or test's text.

// contentThreshold is the share of a criterion's weighted words a step or
// test must contain to cover it without citing its ID.
const contentThreshold = 0.5

// item is a step or a test, as coverage sees it.
type item struct {
	step  int    // step number, 0 for a test
	test  string // test name, "" for a step
	ids   []string
	terms map[string]bool
}

// coverage builds the matrix; it is computed once and cached.
func (v *verifier) coverage() []Coverage {
	if v.cov != nil {
		return v.cov
	}
	v.cov = v.buildCoverage()
	return v.cov
}

func (v *verifier) buildCoverage() []Coverage {
	s := v.opts.Story
	if s == nil || len(s.Criteria) == 0 {
		return []Coverage{}
	}
	items := v.coverageItems()
	// weights: words shared by many criteria tell them apart less
	df := map[string]int{}
	acTerms := make([]map[string]bool, len(s.Criteria))
	for i, c := range s.Criteria {
		acTerms[i] = termSet(criterionText(c.Text, c.Given, c.When, c.Then))
		for t := range acTerms[i] {
			df[t]++
		}
	}
	n := float64(len(s.Criteria))
	out := make([]Coverage, len(s.Criteria))
	for i, c := range s.Criteria {
		row := Coverage{Criterion: c.ID, Text: c.Text, Steps: []int{}, Tests: []string{}}
		total := 0.0
		for t := range acTerms[i] {
			total += math.Log(1 + n/float64(df[t]))
		}
		for _, it := range items {
			covered := false
			if len(it.ids) > 0 {
				for _, id := range it.ids {
					if strings.EqualFold(id, c.ID) {
						covered = true
					}
				}
			} else if total > 0 {
				got := 0.0
				for t := range acTerms[i] {
					if it.terms[t] {
						got += math.Log(1 + n/float64(df[t]))
					}
				}
				covered = got/total >= contentThreshold
			}
			if !covered {
				continue
			}
			if it.test != "" {
				row.Tests = appendUniqueStr(row.Tests, it.test)
			} else {
				row.Steps = appendUniqueInt(row.Steps, it.step)
			}
		}
		sort.Ints(row.Steps)
		out[i] = row
	}
	return out
}

// criterionText joins a criterion's text with its Given/When/Then when
// they are not already part of it.
func criterionText(text string, extra ...string) string {
	var b strings.Builder
	b.WriteString(text)
	for _, e := range extra {
		if e != "" && !strings.Contains(text, e) {
			b.WriteString(" " + e)
		}
	}
	return b.String()
}

// coverageItems reads the plan's steps and tests.
func (v *verifier) coverageItems() []item {
	var out []item
	for i, st := range v.p.Steps {
		num := st.Number
		if num == 0 {
			num = i + 1
		}
		text := strings.Join([]string{st.Title, st.Detail, strings.Join(st.Files, " "), strings.Join(st.Symbols, " ")}, " ")
		ids := append([]string(nil), st.Criteria...)
		ids = appendUniqueStr(ids, plan.CriteriaIn(st.Title+" "+st.Detail)...)
		out = append(out, item{step: num, ids: ids, terms: termSet(text)})
	}
	for _, t := range v.p.Tests {
		name := t.Name
		if name == "" {
			continue
		}
		text := strings.Join([]string{t.Name, t.Description, t.File}, " ")
		ids := append([]string(nil), t.Criteria...)
		ids = appendUniqueStr(ids, plan.CriteriaIn(t.Name+" "+t.Description)...)
		out = append(out, item{test: name, ids: ids, terms: termSet(text)})
	}
	return out
}

// checkCoverage runs the acceptance-criterion rules.
func (v *verifier) checkCoverage() {
	s := v.opts.Story
	if s == nil || len(s.Criteria) == 0 {
		return
	}
	v.ranRule(RuleACNoStep, RuleACNoTest, RuleACUnknown)
	stepsLine, testsLine := v.sectionLine(plan.KeySteps), v.sectionLine(plan.KeyTesting)
	for _, row := range v.coverage() {
		text := shorten(row.Text, 90)
		if len(row.Steps) == 0 {
			v.add(Finding{Rule: RuleACNoStep, Line: stepsLine, Criterion: row.Criterion,
				Message:    fmt.Sprintf("%s is covered by no implementation step: %q", row.Criterion, text),
				Suggestion: fmt.Sprintf("add or extend a step that implements %s and cite it (\"Covers: %s\")", row.Criterion, row.Criterion)})
		}
		if len(row.Tests) == 0 {
			v.add(Finding{Rule: RuleACNoTest, Line: testsLine, Criterion: row.Criterion,
				Message:    fmt.Sprintf("%s is covered by no test: %q", row.Criterion, text),
				Suggestion: fmt.Sprintf("add a named test that checks %s and cite it (\"covers %s\")", row.Criterion, row.Criterion)})
		}
	}
	known := map[string]bool{}
	var ids []string
	for _, c := range s.Criteria {
		known[strings.ToUpper(c.ID)] = true
		ids = append(ids, c.ID)
	}
	var unknown []string
	for id := range v.sc.acRefs {
		if !known[id] {
			unknown = append(unknown, id)
		}
	}
	sort.Slice(unknown, func(i, j int) bool { return v.sc.acRefs[unknown[i]] < v.sc.acRefs[unknown[j]] })
	for _, id := range unknown {
		v.add(Finding{Rule: RuleACUnknown, Line: v.sc.acRefs[id], Criterion: id,
			Message:    fmt.Sprintf("the plan cites %s, but the story's criteria are %s", id, strings.Join(ids, ", ")),
			Suggestion: "cite the criteria by the story's IDs"})
	}
}

// sectionLine returns the line of the first section with the key, or 0.
func (v *verifier) sectionLine(key string) int {
	for _, s := range v.p.Sections {
		if s.Key == key {
			return s.Line
		}
	}
	return 0
}

// stopWords are English function words and the words of the story form;
// they say nothing about what a criterion asks for.
var stopWords = wordSet("a an the and or but not no nor of to in on at by for from with without into onto as is are was " +
	"were be been being it its this that these those there their they them i me my we our you your he she his her " +
	"given when then so such than too very can cannot could should would will shall must may might do does did done " +
	"has have had having any all each every some only also both either neither same other another one which who whom " +
	"what where while if else up out over under about after before again once per via its")

// termSet returns the stemmed content words of a text.
func termSet(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range identWords(s) {
		if stopWords[w] {
			continue
		}
		digits := strings.Trim(w, "0123456789") == ""
		if digits && (len(w) < 3 || strings.Trim(w, "0") == "") {
			continue
		}
		if !digits && len(w) < 3 {
			continue
		}
		out[stem(w)] = true
	}
	return out
}

// stem reduces an English word to a crude stem, so that "cancelled",
// "cancelling" and "cancellation" meet at "cancel".
func stem(w string) string {
	for _, suf := range []string{"ations", "ation", "ings", "ing", "ied", "ies", "ed", "es", "s"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 3 {
			w = w[:len(w)-len(suf)]
			if suf == "ied" || suf == "ies" {
				w += "y"
			}
			break
		}
	}
	if len(w) > 3 && strings.HasSuffix(w, "e") {
		w = w[:len(w)-1]
	}
	if n := len(w); n > 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiou", rune(w[n-1])) {
		w = w[:n-1]
	}
	return w
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func appendUniqueStr(list []string, xs ...string) []string {
outer:
	for _, x := range xs {
		for _, y := range list {
			if x == y {
				continue outer
			}
		}
		list = append(list, x)
	}
	return list
}

func appendUniqueInt(list []int, x int) []int {
	for _, y := range list {
		if x == y {
			return list
		}
	}
	return append(list, x)
}
