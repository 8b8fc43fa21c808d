package plan

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Durations. A working day is 8 hours and a week 5 days. A range
// ("120–180 minutes", "2-3 hours", "2h–3h") counts as its upper bound: an
// estimate is a budget, and the plan's author said it could take that long.
const (
	minutesPerHour = 60
	minutesPerDay  = 8 * minutesPerHour
	minutesPerWeek = 5 * minutesPerDay
)

var (
	durationRe = regexp.MustCompile(`(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?:(?:-|–|—|to)\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*)?(weeks?|wks?|days?|hours?|hrs?|h|minutes?|mins?|m)(?:,?\s*(?:and\s+)?(\d+)\s*(?:minutes?|mins?|m)\b|\b)`)
	rangeSepRe = regexp.MustCompile(`^\s*(?:-|–|—|to)\s*`)
	bareTotal  = regexp.MustCompile(`(?i)\btotal\b[^0-9]{0,40}?(\d+(?:\.\d+)?)`)
)

// parseDuration finds the first duration in s and returns it in minutes
// with its byte span. "3h 30m" is one duration; "2h–3h" a range.
func parseDuration(s string) (minutes, start, end int, ok bool) {
	low := asciiLower(s) // same length, so offsets hold for s
	for _, loc := range durationRe.FindAllStringSubmatchIndex(low, -1) {
		if loc[0] > 0 {
			c := low[loc[0]-1]
			if isWordByte(c) || c == '.' {
				continue
			}
		}
		if strings.HasPrefix(low[loc[6]:loc[7]], "m") && loc[8] >= 0 {
			// "30 minutes, 20 minutes" is two durations, not one
			loc = append(loc[:8:8], -1, -1)
			loc[1] = loc[7]
		}
		m := durationMinutes(low, loc)
		end := loc[1]
		if r := rangeSepRe.FindString(low[end:]); r != "" {
			if next := durationRe.FindStringSubmatchIndex(low[end+len(r):]); next != nil && next[0] == 0 {
				shifted := make([]int, len(next))
				for i, v := range next {
					if v >= 0 {
						shifted[i] = v + end + len(r)
					} else {
						shifted[i] = v
					}
				}
				if m2 := durationMinutes(low, shifted); m2 > m {
					m = m2
				}
				end = shifted[1]
			}
		}
		return m, loc[0], end, true
	}
	return 0, 0, 0, false
}

func durationMinutes(s string, loc []int) int {
	num := func(i int) float64 {
		if loc[2*i] < 0 {
			return 0
		}
		f, _ := strconv.ParseFloat(strings.ReplaceAll(s[loc[2*i]:loc[2*i+1]], ",", ""), 64)
		return f
	}
	v := num(1)
	if hi := num(2); hi > v {
		v = hi
	}
	unit := s[loc[6]:loc[7]]
	per := 1.0
	switch {
	case strings.HasPrefix(unit, "w"):
		per = minutesPerWeek
	case strings.HasPrefix(unit, "d"):
		per = minutesPerDay
	case strings.HasPrefix(unit, "h"):
		per = minutesPerHour
	}
	return toMinutes(v*per + num(4))
}

// toMinutes rounds f into [0, MaxInt32].
func toMinutes(f float64) int {
	switch {
	case math.IsNaN(f) || f < 0:
		return 0
	case f > math.MaxInt32:
		return math.MaxInt32
	}
	return int(math.Round(f))
}

// isTotalLabel reports whether an estimate line's label names the total.
func isTotalLabel(label string) bool {
	low := strings.ToLower(label)
	if indexWord(low, "total") >= 0 || indexWord(low, "overall") >= 0 || indexWord(low, "grand") >= 0 {
		return true
	}
	switch normTitle(low, true) {
	case "estimate", "estimated time", "time estimate", "estimated effort", "effort", "time", "estimation",
		"realistic estimate", "sum", "duration", "est", "total estimate", "estimated duration", "effort estimate",
		"estimated total":
		return true
	}
	return false
}

// cleanEstimateLine strips list markers, emphasis, code marks and a
// blockquote or heading prefix from an estimate line.
func cleanEstimateLine(s string) string {
	t := strings.TrimSpace(s)
	if _, ht, ok := atxHeading(t); ok {
		t = ht
	}
	t = strings.TrimSpace(strings.TrimLeft(t, ">"))
	if m, ok := listMarker(t); ok {
		t = m.rest
	}
	return strings.TrimSpace(dropMarks(t))
}

// trimApprox drops words like "about" and "~" from the end of s.
func trimApprox(s string) string {
	for {
		s = strings.TrimSpace(s)
		low := strings.ToLower(s)
		cut := false
		for _, w := range []string{"approximately", "approx.", "approx", "about", "around", "roughly", "~", "≈"} {
			if strings.HasSuffix(low, w) {
				s, cut = s[:len(s)-len(w)], true
				break
			}
		}
		if !cut {
			return s
		}
	}
}

// cleanLabel trims what separates a label from its duration.
func cleanLabel(s string) string {
	for {
		old := s
		s = strings.TrimSpace(strings.TrimRight(trimApprox(s), ":=-–—(|*_ \t"))
		if s == old {
			return s
		}
	}
}

// separated reports whether the text before a duration ends with a
// separator, as in "Coding: 2h" or "Tests — ~60 min".
func separated(pre string) bool {
	s := trimApprox(pre)
	for _, sep := range []string{":", "=", "|", "—", "–", "-", "("} {
		if strings.HasSuffix(s, sep) {
			return true
		}
	}
	return false
}

// parseEstimate reads the estimate section: the total ("Total: 4 hours"),
// the labelled breakdown lines ("Coding: 120 min"), in lists, prose or a
// table. Without a total line it takes an unlabelled duration
// ("**~180 minutes**"), else the sum of the breakdown. It returns nil when
// the section names no duration.
func parseEstimate(ls []mdLine, sectionLine int) *Estimate {
	total, totalLine := -1, 0
	cand, candLine := -1, 0
	var parts []EstimatePart
	partLine := 0
	take := func(label string, part bool, minutes, no int) {
		switch {
		case isTotalLabel(label):
			if total < 0 {
				total, totalLine = minutes, no
			}
		case label == "" || !part:
			if cand < 0 {
				cand, candLine = minutes, no
			}
		default:
			if partLine == 0 {
				partLine = no
			}
			parts = append(parts, EstimatePart{Label: label, Minutes: minutes})
		}
	}
	for i := 0; i < len(ls); {
		if tableAt(ls, i) {
			tb, j := readTable(ls, i)
			estimateTable(tb, take)
			i = j
			continue
		}
		l := ls[i]
		i++
		if l.fence || isBlank(l.text) {
			continue
		}
		t := cleanEstimateLine(l.text)
		_, item := listMarker(strings.TrimSpace(l.text))
		m, start, _, ok := parseDuration(t)
		if !ok {
			if mm := bareTotal.FindStringSubmatch(t); mm != nil && total < 0 {
				f, _ := strconv.ParseFloat(mm[1], 64)
				total, totalLine = toMinutes(f), l.no
			}
			continue
		}
		label := cleanLabel(t[:start])
		// A breakdown line separates its label from the duration
		// ("Coding: 2h", "Tests — 60 min") or is a short list item;
		// "This should take about 4 hours" is prose.
		take(label, separated(t[:start]) || (item && len(strings.Fields(label)) <= 4), m, l.no)
	}
	e := &Estimate{Minutes: total, Line: totalLine, Breakdown: parts}
	switch {
	case total >= 0:
	case cand >= 0:
		e.Minutes, e.Line = cand, candLine
	case len(parts) > 0:
		e.Minutes, e.Line = 0, partLine
		for _, p := range parts {
			e.Minutes += p.Minutes
		}
	default:
		return nil
	}
	if e.Line == 0 {
		e.Line = sectionLine
	}
	return e
}

// estimateTable reads "| Task | Minutes |" tables.
func estimateTable(tb table, take func(label string, part bool, minutes, no int)) {
	timeCol := tb.column(func(h string) bool {
		for _, w := range []string{"min", "time", "estimate", "hour", "hrs", "effort", "duration", "(h)"} {
			if strings.Contains(h, w) {
				return true
			}
		}
		return false
	})
	perUnit := 1.0
	if timeCol >= 0 {
		h := strings.ToLower(tb.header[timeCol])
		if !strings.Contains(h, "min") && (strings.Contains(h, "hour") || strings.Contains(h, "hrs") || strings.Contains(h, "(h)")) {
			perUnit = minutesPerHour
		}
	}
	labelCol := 0
	if timeCol == 0 {
		labelCol = 1
	}
	for _, row := range tb.rows {
		label := cleanLabel(cleanEstimateLine(row.cell(labelCol)))
		if timeCol < 0 {
			t := cleanEstimateLine(strings.Join(row.cells, " "))
			if m, _, _, ok := parseDuration(t); ok {
				take(label, true, m, row.no)
			}
			continue
		}
		cell := cleanEstimateLine(row.cell(timeCol))
		if m, _, _, ok := parseDuration(cell); ok {
			take(label, true, m, row.no)
			continue
		}
		f := strings.TrimLeft(cell, "~≈ ")
		if k := strings.IndexFunc(f, func(r rune) bool { return (r < '0' || r > '9') && r != '.' }); k >= 0 {
			f = f[:k]
		}
		if v, err := strconv.ParseFloat(f, 64); err == nil {
			take(label, true, toMinutes(v*perUnit), row.no)
		}
	}
}
