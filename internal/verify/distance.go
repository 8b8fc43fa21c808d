package verify

import (
	"sort"
	"strings"
	"unicode"

	"github.com/groundplan/groundplan/internal/textdist"
)

// distance is the optimal-string-alignment edit distance between a and b
// (textdist.OSA): insertions, deletions, substitutions and swaps of two
// neighbours each cost one, so "servcie" is one edit from "service".
func distance(a, b string) int { return textdist.OSA(a, b) }

// closeEnough reports whether two names are near misses of each other:
// within a quarter of the longer name's length (at least one edit, at most
// four).
func closeEnough(d, la, lb int) bool {
	limit := max(la, lb) / 4
	limit = max(1, min(limit, 4))
	return d <= limit
}

// near reports whether a and b are near misses of each other (see
// closeEnough), without computing the distance when their lengths alone
// rule it out.
func near(a, b string) bool {
	la, lb := len(a), len(b)
	limit := max(1, min(max(la, lb)/4, 4))
	if la-lb > limit || lb-la > limit {
		return false
	}
	return distanceWithin(a, b, limit)
}

// distanceWithin reports whether the byte-wise optimal-string-alignment
// distance of a and b is at most k (textdist.OSAWithin, O(k·n)).
func distanceWithin(a, b string, k int) bool { return textdist.OSAWithin(a, b, k) }

// candidate is one suggestion with its score (lower is better).
type candidate struct {
	name  string
	score float64
}

// best returns up to n candidate names, best first, ties broken by name.
func best(cs []candidate, n int) []string {
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].score != cs[j].score {
			return cs[i].score < cs[j].score
		}
		return cs[i].name < cs[j].name
	})
	var out []string
	seen := map[string]bool{}
	for _, c := range cs {
		if seen[c.name] {
			continue
		}
		seen[c.name] = true
		out = append(out, c.name)
		if len(out) == n {
			break
		}
	}
	return out
}

// identWords splits an identifier into its lower-case words:
// "parsePageHTTP_x" → parse, page, http, x.
func identWords(s string) []string {
	var out []string
	rs := []rune(s)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			out = append(out, strings.ToLower(string(rs[start:end])))
		}
		start = -1
	}
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := rs[i-1]
		switch {
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush(i)
			start = i
		case unicode.IsUpper(r) && i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(prev):
			flush(i)
			start = i
		case unicode.IsDigit(r) != unicode.IsDigit(prev):
			flush(i)
			start = i
		}
	}
	flush(len(rs))
	return out
}

// wordOverlap is the share of a's words that b also has.
func wordOverlap(a, b []string) float64 {
	if len(a) == 0 {
		return 0
	}
	set := map[string]bool{}
	for _, w := range b {
		set[w] = true
	}
	n := 0
	for _, w := range a {
		if set[w] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}
