package verify

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/plan"
)

// checkSections runs the section rules over the template's required
// sections. The estimate section belongs to the estimate rules.
func (v *verifier) checkSections() {
	if len(v.opts.Sections) == 0 {
		return
	}
	v.ranRule(RuleSectionMissing, RuleSectionEmpty)
	used := map[int]bool{}
	for _, title := range v.opts.Sections {
		key := plan.KeyFor(title)
		if key == plan.KeyEstimate {
			continue
		}
		idx := v.findSection(title, key, used)
		if idx < 0 {
			v.add(Finding{Rule: RuleSectionMissing, Message: fmt.Sprintf("the template requires a %q section and the plan has none", title),
				Suggestion: fmt.Sprintf("add a \"## %s\" section", title)})
			continue
		}
		used[idx] = true
		s := v.p.Sections[idx]
		if isEmptyBody(s.Body) {
			v.add(Finding{Rule: RuleSectionEmpty, Line: s.Line, Message: fmt.Sprintf("section %q is empty", s.Title),
				Suggestion: fmt.Sprintf("write the %s the template asks for, or say plainly why there is nothing to add", strings.ToLower(title))})
		}
	}
}

// findSection returns the index of the plan section that answers a
// required title: the same canonical key, or a title with mostly the same
// words. It prefers sections not matched yet.
func (v *verifier) findSection(title, key string, used map[int]bool) int {
	found := -1
	for i, s := range v.p.Sections {
		match := (key != "" && s.Key == key) || titleSimilar(s.Title, title)
		if !match {
			continue
		}
		if !used[i] {
			return i
		}
		if found < 0 {
			found = i
		}
	}
	return found
}

// titleSimilar reports whether two titles share most of their words.
func titleSimilar(a, b string) bool {
	wa, wb := termList(a), termList(b)
	if len(wa) == 0 || len(wb) == 0 {
		return false
	}
	return wordOverlap(wb, wa) >= 0.6 && wordOverlap(wa, wb) >= 0.5
}

func termList(s string) []string {
	var out []string
	for t := range termSet(s) {
		out = append(out, t)
	}
	return out
}

// isEmptyBody reports a section body with nothing in it but markup or a
// placeholder ("TBD", "TODO").
func isEmptyBody(body string) bool {
	var b strings.Builder
	for _, r := range body {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	if len(words) == 0 {
		return true
	}
	for _, w := range words {
		switch w {
		case "tbd", "todo", "tbc", "fixme", "placeholder":
		default:
			return false
		}
	}
	return true
}

// durationRe finds durations and their units in estimate text.
var durationRe = regexp.MustCompile(`(?i)\b\d+(?:[.,]\d+)?\s*(?:(?:-|–|—|to)\s*\d+(?:[.,]\d+)?\s*)?(minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w)\b`)

// The bounds of a plausible estimate per file touched.
const (
	minMinutesPerFile = 5
	maxMinutesPerFile = 8 * 60
)

// checkEstimate runs the estimate rules.
func (v *verifier) checkEstimate() {
	v.ranRule(RuleEstimateMissing, RuleEstimateVague, RuleEstimateUnits, RuleEstimateImplausible)
	secIdx := -1
	for i, s := range v.p.Sections {
		if s.Key == plan.KeyEstimate {
			secIdx = i
			break
		}
	}
	e := v.p.Estimate
	if e == nil {
		switch {
		case secIdx < 0:
			v.add(Finding{Rule: RuleEstimateMissing, Message: "the plan has no time estimate",
				Suggestion: "add a \"## Time Estimate\" section with the total in minutes (\"Total: 240 minutes\") and its breakdown"})
		case isEmptyBody(v.p.Sections[secIdx].Body):
			v.add(Finding{Rule: RuleEstimateMissing, Line: v.p.Sections[secIdx].Line, Message: "the time estimate section is empty",
				Suggestion: "write the total in minutes (\"Total: 240 minutes\") and its breakdown"})
		default:
			s := v.p.Sections[secIdx]
			v.add(Finding{Rule: RuleEstimateVague, Line: s.Line,
				Message:    fmt.Sprintf("the time estimate names no duration: %q", shorten(s.Body, 80)),
				Suggestion: "give the total as a number of minutes (\"Total: 240 minutes\")"})
		}
		return
	}
	line := e.Line
	if line == 0 && secIdx >= 0 {
		line = v.p.Sections[secIdx].Line
	}
	// units: minutes are what the template asks for; hours, days and
	// weeks convert, and are noted
	if secIdx >= 0 {
		minutes, other := false, ""
		for _, l := range v.sc.lines {
			if l.sec != secIdx || l.code {
				continue
			}
			for _, m := range durationRe.FindAllStringSubmatch(l.text, -1) {
				if u := strings.ToLower(m[1]); strings.HasPrefix(u, "m") {
					minutes = true
				} else if other == "" {
					other = u
				}
			}
		}
		if !minutes && other != "" {
			v.add(Finding{Rule: RuleEstimateUnits, Line: line,
				Message:    fmt.Sprintf("the estimate is in %s; it was read as %d minutes", unitName(other), e.Minutes),
				Suggestion: fmt.Sprintf("write it in minutes (\"Total: %d minutes\")", e.Minutes)})
		}
	}
	files := v.filesTouched()
	switch {
	case e.Minutes <= 0:
		v.add(Finding{Rule: RuleEstimateImplausible, Line: line, Message: "the time estimate is zero",
			Suggestion: "estimate the work in minutes"})
	case files > 0 && e.Minutes < minMinutesPerFile*files:
		v.add(Finding{Rule: RuleEstimateImplausible, Line: line,
			Message:    fmt.Sprintf("%d minutes is implausibly little for %d files touched (under %d minutes a file)", e.Minutes, files, minMinutesPerFile),
			Suggestion: fmt.Sprintf("re-estimate: at least %d minutes for this many files, with time for tests and review", minMinutesPerFile*files)})
	case files > 0 && e.Minutes > maxMinutesPerFile*files:
		v.add(Finding{Rule: RuleEstimateImplausible, Line: line,
			Message:    fmt.Sprintf("%d minutes is implausibly much for %d files touched (over %d hours a file)", e.Minutes, files, maxMinutesPerFile/60),
			Suggestion: "re-estimate, or split the plan into smaller changes"})
	}
}

func unitName(u string) string {
	switch {
	case strings.HasPrefix(u, "h"):
		return "hours"
	case strings.HasPrefix(u, "d"):
		return "days"
	case strings.HasPrefix(u, "w"):
		return "weeks"
	}
	return u
}

// filesTouched counts the distinct files the plan changes: the files
// section, else the files its steps name.
func (v *verifier) filesTouched() int {
	seen := map[string]bool{}
	for _, f := range v.p.Files {
		seen[index.Clean(f.Path)] = true
	}
	if len(seen) == 0 {
		for _, st := range v.p.Steps {
			for _, f := range st.Files {
				seen[index.Clean(f)] = true
			}
		}
	}
	return len(seen)
}
