package eval

import (
	"math"
	"regexp"
	"sort"
	"strings"
)

// The BM25 baseline of shared/bench/bm25.py, in process: plain BM25 over
// the path's tokens (three times) and the identifier-split content of every
// non-test source file. It is the yardstick groundplan's ranking is measured
// against, so it follows the reference script rather than improving on it.

var (
	benchSrc  = regexp.MustCompile(`\.(go|py|js|mjs|cjs|ts|tsx|jsx|java|rs|rb|php|cs)$`)
	benchTest = regexp.MustCompile(`(_test\.go$|(^|/)tests?/|(^|/)test_[^/]*\.py$|_test\.py$|\.test\.[jt]sx?$|\.spec\.[jt]sx?$|(^|/)__tests__/|(^|/)testdata/|(^|/)fixtures?/)`)
	benchSkip = regexp.MustCompile(`(^|/)(vendor|node_modules|docs?|examples?|benchmarks?|\.github)/`)
)

var bm25Stop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("the a an and or of to in for on with is are be by this that it as at from not should when if use used add fix") {
		m[w] = true
	}
	return m
}()

// isBenchSource is mine.py's is_src: a source file that is not a test and
// not in vendored, docs or example folders.
func isBenchSource(p string) bool {
	return benchSrc.MatchString(p) && !benchTest.MatchString(p) && !benchSkip.MatchString(p)
}

// bm25Tokens is bm25.py's toks, written out by hand: a word boundary
// falls between a lower-case letter or digit and an upper-case letter, and
// at every character outside [A-Za-z0-9]; words are lower-cased, and those
// of one character or in the stop list are dropped.
func bm25Tokens(s string) []string {
	var out []string
	var buf []byte
	flush := func() {
		if len(buf) > 1 {
			w := string(buf)
			if !bm25Stop[w] {
				out = append(out, w)
			}
		}
		buf = buf[:0]
	}
	var prev byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			if prev >= 'a' && prev <= 'z' || prev >= '0' && prev <= '9' {
				flush()
			}
			buf = append(buf, c+'a'-'A')
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			buf = append(buf, c)
		default:
			flush()
		}
		prev = c
	}
	flush()
	return out
}

// bm25Rank orders docs (in their given order, which breaks ties) by BM25
// score against the query, best first.
func bm25Rank(names []string, contents []string, query string) []string {
	type doc struct {
		tf  map[string]int
		len int
	}
	docs := make([]doc, len(names))
	df := map[string]int{}
	total := 0
	for i, n := range names {
		tf := map[string]int{}
		for _, t := range bm25Tokens(n) {
			tf[t] += 3
		}
		for _, t := range bm25Tokens(contents[i]) {
			tf[t]++
		}
		l := 0
		for t, c := range tf {
			l += c
			df[t]++
		}
		docs[i] = doc{tf, l}
		total += l
	}
	N := float64(len(docs))
	avg := float64(total) / math.Max(N, 1)
	q := map[string]bool{}
	for _, t := range bm25Tokens(query) {
		q[t] = true
	}
	const k1, b = 1.2, 0.75
	scores := make([]float64, len(docs))
	for i, d := range docs {
		for w := range q {
			c, ok := d.tf[w]
			if !ok {
				continue
			}
			idf := math.Log(1 + (N-float64(df[w])+.5)/(float64(df[w])+.5))
			scores[i] += idf * float64(c) * (k1 + 1) / (float64(c) + k1*(1-b+b*float64(d.len)/avg))
		}
	}
	order := make([]int, len(names))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return scores[order[a]] > scores[order[b]] })
	out := make([]string, len(order))
	for k, i := range order {
		out[k] = names[i]
	}
	return out
}
