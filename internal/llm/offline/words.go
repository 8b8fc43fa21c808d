package offline

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
)

var wordRE = regexp.MustCompile(`[A-Za-z][A-Za-z0-9]*`)

// stop holds words that carry no meaning for locating code.
var stop = toSet(`a an the and or but if then else when while of to in on at by for from with without into onto
as is are was were be been being it its this that these those there their they them we our you your i me my
can could should would must may might will shall do does did done not no yes only also just than so such
given then and user users want wants able see get gets got has have had which who whom what where why how
all any each every some one two new existing system feature story page`)

// verbs that say the story creates a thing of its own.
var createVerbs = toSet(`add adds adding create creates creating leave leaves leaving submit submits submitting post posts posting
write writes writing record records recording store stores storing save saves saving register registers upload uploads
attach attaches keep keeps track tracks log logs rate rates reserve reserves reserving define defines schedule schedules`)

// fillers may stand between a verb and its object.
var fillers = toSet(`a an the new my our their his her its one some multiple several many own each every per`)

func toSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// words splits text into lower-case words, splitting identifiers at case
// changes and underscores.
func words(text string) []string {
	var out []string
	for _, w := range wordRE.FindAllString(text, -1) {
		for _, p := range splitIdent(w) {
			out = append(out, strings.ToLower(p))
		}
	}
	return out
}

// splitIdent splits CamelCase and digits: "OrderItemID" → Order, Item, ID.
func splitIdent(s string) []string {
	var parts []string
	rs := []rune(s)
	start := 0
	for i := 1; i < len(rs); i++ {
		prev, cur := rs[i-1], rs[i]
		next := rune(0)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		if (unicode.IsLower(prev) && unicode.IsUpper(cur)) ||
			(unicode.IsUpper(prev) && unicode.IsUpper(cur) && next != 0 && unicode.IsLower(next)) ||
			(unicode.IsDigit(prev) != unicode.IsDigit(cur)) {
			parts = append(parts, string(rs[start:i]))
			start = i
		}
	}
	return append(parts, string(rs[start:]))
}

// singular is a small English singulariser, enough for entity names.
func singular(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "xes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s") && len(w) > 3:
		return w[:len(w)-1]
	}
	return w
}

// plural is the inverse of singular for regular nouns.
func plural(w string) string {
	switch {
	case strings.HasSuffix(w, "y") && len(w) > 2 && !strings.ContainsRune("aeiou", rune(w[len(w)-2])):
		return w[:len(w)-1] + "ies"
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return w + "es"
	}
	return w + "s"
}

func title(w string) string {
	if w == "" {
		return w
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// camel joins words as an exported identifier: ["restore","stock"] → RestoreStock.
func camel(ws []string) string {
	var b strings.Builder
	for _, w := range ws {
		b.WriteString(title(w))
	}
	return b.String()
}

// contentWords returns the words of text minus stop words, in order, each
// once.
func contentWords(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range words(text) {
		if stop[w] || len(w) < 3 || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

// overlap counts the singular forms shared by two word lists.
func overlap(a, b []string) int {
	set := map[string]bool{}
	for _, w := range a {
		set[singular(w)] = true
	}
	n := 0
	seen := map[string]bool{}
	for _, w := range b {
		s := singular(w)
		if set[s] && !seen[s] {
			n++
			seen[s] = true
		}
	}
	return n
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if m[out[i]] != m[out[j]] {
			return m[out[i]] > m[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}
