// Package textdist measures how many edits apart two strings are, for the
// "did you mean" suggestions of templates and plan verification.
package textdist

// Levenshtein is the edit distance between a and b, counted in runes:
// insertions, deletions and substitutions each cost one.
func Levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	return align(ra, rb, max(len(ra), len(rb)), false)
}

// OSA is the optimal-string-alignment distance between a and b, counted
// in runes: insertions, deletions, substitutions and swaps of two
// neighbours each cost one, so "servcie" is one edit from "service".
func OSA(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	return align(ra, rb, max(len(ra), len(rb)), true)
}

// OSAWithin reports whether the optimal-string-alignment distance between
// a and b, counted in bytes, is at most k. It fills only the diagonal band
// of width k and stops as soon as a row exceeds k, so it costs O(k·n).
func OSAWithin(a, b string, k int) bool {
	if len(a)-len(b) > k || len(b)-len(a) > k {
		return false
	}
	return align([]byte(a), []byte(b), k, true) <= k
}

// align is the edit distance between a and b, or k+1 when it is more than
// k; swaps makes a swap of two neighbours one edit. It keeps three rows
// (two back, one back, current) and fills only the band |i-j| <= k.
func align[E comparable](a, b []E, k int, swaps bool) int {
	la, lb := len(a), len(b)
	if la-lb > k || lb-la > k {
		return k + 1
	}
	inf := k + 1
	prev2 := make([]int, lb+1)
	prev := make([]int, lb+1)
	cur := make([]int, lb+1)
	for j := range prev {
		prev[j] = min(j, inf)
		prev2[j] = inf
	}
	for i := 1; i <= la; i++ {
		lo, hi := max(1, i-k), min(lb, i+k)
		for j := range cur {
			cur[j] = inf
		}
		if i <= k {
			cur[0] = i
		}
		rowMin := cur[0]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if swaps && i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = min(v, inf)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > k {
			return inf
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb]
}
