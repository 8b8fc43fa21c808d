package index

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// stopWords are English and code words too common to tell files apart.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an and are as at be been but by can could did do does
		for from had has have he her his how i if in into is it its just may me might more
		most must my no nor not now of on once only or other our out over own same she should
		so some such than that the their them then there these they this those through to too
		under until up very was we were what when where which while who whom why will with
		would you your also via use used using add adds added fix fixes fixed make makes
		new allow allows now get set see let var func return nil null none true false self
		this def end const`) {
		m[w] = true
	}
	return m
}()

// IsStopWord reports whether a lower-case term is too common to rank on.
func IsStopWord(term string) bool { return stopWords[term] }

// SplitTerms calls emit for every lexical term of s: words and identifiers
// are split at camelCase, snake_case, kebab-case and digit boundaries,
// lower-cased and lightly stemmed; terms shorter than two letters and stop
// words are dropped. An identifier made of several parts also yields the
// whole identifier as one term ("ImageList" gives "image", "list" and
// "imagelist"), so exact mentions weigh more than scattered parts.
func SplitTerms(s string, emit func(term string)) {
	var buf []byte
	scanWords(s, func(w string) { buf = splitIdent(w, buf, emit) })
}

// scanWords calls fn for every word of s: a run of letters, digits and
// underscores (identifiers, numbers, words of any script).
func scanWords(s string, fn func(word string)) {
	i := 0
	for i < len(s) {
		c := s[i]
		if !isIdentByte(c) {
			if c < utf8.RuneSelf {
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsLetter(r) {
				i += n
				continue
			}
		}
		j := i
		for j < len(s) {
			c := s[j]
			if isIdentByte(c) {
				j++
				continue
			}
			if c >= utf8.RuneSelf {
				r, n := utf8.DecodeRuneInString(s[j:])
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					j += n
					continue
				}
			}
			break
		}
		fn(s[i:j])
		i = j
	}
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// splitIdent emits the parts of one identifier and, when it has several,
// the joined whole.
func splitIdent(id string, buf []byte, emit func(string)) []byte {
	parts := 0
	whole := buf[:0]
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := id[start:end]
		start = -1
		if t, ok := normalize(w); ok {
			parts++
			emit(t)
		}
		whole = appendLower(whole, w)
	}
	for k := 0; k < len(id); {
		r, n := rune(id[k]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(id[k:])
		}
		switch {
		case r == '_' || r == '-':
			flush(k)
		case unicode.IsUpper(r):
			// A new word starts at an upper-case letter that follows a lower-case
			// letter or digit, or that is followed by a lower-case letter after a
			// run of capitals ("HTTPServer" gives "HTTP", "Server").
			if start >= 0 {
				prev, _ := utf8.DecodeLastRuneInString(id[:k])
				next, _ := utf8.DecodeRuneInString(id[k+n:])
				if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && unicode.IsLower(next)) {
					flush(k)
				}
			}
			if start < 0 {
				start = k
			}
		case unicode.IsDigit(r):
			if start >= 0 {
				prev, _ := utf8.DecodeLastRuneInString(id[:k])
				if !unicode.IsDigit(prev) {
					flush(k)
				}
			}
			if start < 0 {
				start = k
			}
		default:
			if start >= 0 {
				prev, _ := utf8.DecodeLastRuneInString(id[:k])
				if unicode.IsDigit(prev) {
					flush(k)
				}
			}
			if start < 0 {
				start = k
			}
		}
		k += n
	}
	flush(len(id))
	if parts > 1 && len(whole) > 2 && len(whole) <= 40 {
		emit(string(whole))
	}
	return whole
}

func appendLower(dst []byte, w string) []byte {
	for _, r := range w {
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

// normalize lower-cases and stems one word, reporting false for words not
// worth indexing.
func normalize(w string) (string, bool) {
	if len(w) < 2 {
		return "", false
	}
	lw := strings.ToLower(w)
	if allDigits(lw) || stopWords[lw] {
		return "", false
	}
	return Stem(lw), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Stem removes common English inflections from a lower-case word so that
// "manifests", "manifested" and "manifesting" meet "manifest". It is
// deliberately light: over-stemming merges unrelated code words.
func Stem(w string) string {
	n := len(w)
	switch {
	case n > 5 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case n > 5 && strings.HasSuffix(w, "ing"):
		return undouble(w[:n-3])
	case n > 4 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed"):
		return undouble(w[:n-2])
	case n > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes")):
		return w[:n-2]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:n-1]
	}
	// A final silent "e" goes too, so "store", "stored" and "storing" meet.
	if n := len(w); n > 3 && w[n-1] == 'e' && w[n-2] != 'e' {
		w = w[:n-1]
	}
	return w
}

// undouble turns "stopp" into "stop": only a doubled final consonant is
// undone.
func undouble(w string) string {
	n := len(w)
	if n > 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouls", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}
