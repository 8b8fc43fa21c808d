package prompt

import (
	"regexp"
	"strings"
	"unicode"
)

// Inference of what a template without front matter (or with front matter
// that leaves a key out) expects: the kind of input, the tag wrapping the
// spec, the sections of the answer and the reasoning tags to strip.

var (
	// specTagRe finds tags naming a spec: <component_spec>, <spec>,
	// <api-specification>…
	specTagRe = regexp.MustCompile(`<((?:[A-Za-z][A-Za-z0-9]*[_\-])*spec(?:ification)?)>`)

	// boldItemRe is a list item at the top level whose text starts in bold:
	// "1. **TITLE** - …" or "- **Title**: …".
	boldItemRe = regexp.MustCompile(`^ {0,3}(?:\d{1,3}[.)]|[-*+])[ \t]+\*\*([^*\n]+?)\*\*`)
	headingRe  = regexp.MustCompile(`^ {0,3}#{1,6}[ \t]`)

	// outputWordRe marks an introduction that describes the answer rather
	// than the work leading to it.
	outputWordRe = regexp.MustCompile(`(?i)\b(?:plan|output|includes?|including|response|answer|sections?|contains?|deliver|deliverable|report|format)\b`)

	// tagPhraseRe finds "inside <x> tags", "within <x> tags",
	// "in <x></x> tags", "in tags <x>", "wrapped in <x> blocks".
	tagPhraseRe = regexp.MustCompile(`(?i)\b(?:inside|within|in|into|between|using)\s+(?:the\s+|a\s+|an\s+|your\s+)?(?:(?:xml\s+)?tags?\s+)?<([A-Za-z][A-Za-z0-9_.\-]*)>(?:\s*</[A-Za-z][A-Za-z0-9_.\-]*>)?`)

	// reasoningRe names the kinds of work a model is asked to do before
	// answering.
	reasoningRe = regexp.MustCompile(`(?i)\b(?:think|thinking|thoughts?|reason|reasoning|analy[sz]e|analy[sz]ing|analysis|analyses|planning|brainstorm\w*|scratch\s*pad|scratchpad|work\s+through|break\s+down|breakdown|deliberat\w*|reflect\w*)\b`)

	// omitRe is a sentence telling the model to leave something out of the
	// answer.
	omitRe = regexp.MustCompile(`(?i)\b(?:do\s+not|don't|never|must\s+not|should\s+not|shouldn't|without)\b[^.!?]*\b(?:include|including|repeat|output|show|reveal|return|contain)\b`)

	sentenceEndRe = regexp.MustCompile(`[.!?](?:\s|$)|\n[ \t]*\n`)
)

// infer fills in what the front matter did not say.
func (t *Template) infer(fm *frontMatter) {
	body := t.Body
	if t.SpecTag == "" {
		t.SpecTag = DefaultSpecTag
		if fm == nil || fm.specTag == "" {
			if m := specTagRe.FindStringSubmatchIndex(body); m != nil {
				t.SpecTag = body[m[2]:m[3]]
			}
		}
	}
	if t.Input == "" {
		t.Input = InputStory
		hasSpecVar := false
		for _, s := range scan(body) {
			if s.kind == segVar && s.text == VarComponentSpec {
				hasSpecVar = true
				t.inputLine = t.srcLine(s.line)
				break
			}
		}
		if m := specTagRe.FindStringIndex(body); hasSpecVar || m != nil {
			t.Input = InputSpec
			if !hasSpecVar {
				t.inputLine = t.srcLine(1 + strings.Count(body[:m[0]], "\n"))
			}
		}
	}
	if t.inputLine == 0 {
		t.inputLine = t.BodyLine
	}
	if fm == nil || !fm.hasStripTags {
		t.StripTags = inferStripTags(body, t.SpecTag)
	}
	if fm == nil || !fm.hasSections {
		t.Sections = inferSections(body, t.StripTags)
	}
}

// boldList is a run of top-level list items whose text starts in bold.
type boldList struct {
	intro  string // the paragraph or heading just before the list
	titles []string
	first  int // 0-based line of the first item
}

// inferSections returns the section titles the body asks the answer to
// contain. It looks at lists of bold-titled items and keeps the last one
// that describes the answer: a list introduced by words like "plan",
// "output" or "includes", and neither introduced as the reasoning done in a
// strip tag nor written between that tag's opening and closing. Failing
// that, the last bold list outside reasoning is used.
func inferSections(body string, stripTags []string) []string {
	lines := strings.Split(body, "\n")
	inReasoning := reasoningLines(lines, stripTags)
	var lists []boldList
	var cur *boldList
	var f fence
	for i, ln := range lines {
		if f.step(ln) {
			cur = nil
			continue
		}
		if strings.TrimSpace(ln) == "" {
			continue
		}
		if m := boldItemRe.FindStringSubmatch(ln); m != nil {
			if cur == nil {
				lists = append(lists, boldList{intro: introBefore(lines, i), first: i})
				cur = &lists[len(lists)-1]
			}
			cur.titles = append(cur.titles, sectionTitle(m[1]))
			continue
		}
		if cur != nil && (strings.HasPrefix(ln, "  ") || strings.HasPrefix(ln, "\t")) && !headingRe.MatchString(ln) {
			continue // sub-items and continuation lines belong to the item
		}
		cur = nil
	}
	var fallback, chosen []string
	for _, l := range lists {
		if inReasoning[l.first] || mentionsTag(l.intro, stripTags) {
			continue
		}
		fallback = l.titles
		if outputWordRe.MatchString(l.intro) {
			chosen = l.titles
		}
	}
	if chosen == nil {
		chosen = fallback
	}
	return dedupe(chosen)
}

// introBefore returns the paragraph (or heading) just before line i.
func introBefore(lines []string, i int) string {
	j := i - 1
	for j >= 0 && strings.TrimSpace(lines[j]) == "" {
		j--
	}
	var para []string
	for ; j >= 0 && strings.TrimSpace(lines[j]) != ""; j-- {
		para = append([]string{strings.TrimSpace(lines[j])}, para...)
		if headingRe.MatchString(lines[j]) {
			break
		}
	}
	return strings.Join(para, " ")
}

// reasoningLines marks the lines between a strip tag's opening and closing.
func reasoningLines(lines []string, stripTags []string) map[int]bool {
	out := map[int]bool{}
	for _, tag := range stripTags {
		open, closing := "<"+tag+">", "</"+tag+">"
		inside := false
		for i, ln := range lines {
			if inside {
				out[i] = true
			}
			if strings.Contains(ln, closing) {
				inside = false
			} else if strings.TrimSpace(ln) == open {
				inside = true
			}
		}
	}
	return out
}

// mentionsTag reports whether s names one of tags, as <tag> or in words
// ("implementation breakdown" for implementation_breakdown).
func mentionsTag(s string, tags []string) bool {
	low := strings.ToLower(s)
	for _, tag := range tags {
		if strings.Contains(low, "<"+strings.ToLower(tag)+">") || containsPhrase(low, tagWords(tag)) {
			return true
		}
	}
	return false
}

// containsPhrase reports whether phrase occurs in s as whole words.
func containsPhrase(s, phrase string) bool {
	if phrase == "" {
		return false
	}
	isWord := func(c byte) bool {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	for off := 0; off < len(s); {
		i := strings.Index(s[off:], phrase)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(phrase)
		if (i == 0 || !isWord(s[i-1])) && (end == len(s) || !isWord(s[end])) {
			return true
		}
		off = i + 1
	}
	return false
}

// tagWords spells a tag as words: implementation_breakdown → "implementation breakdown".
func tagWords(tag string) string {
	return strings.ToLower(strings.Join(strings.FieldsFunc(tag, func(r rune) bool { return r == '_' || r == '-' || r == '.' }), " "))
}

// sectionTitle cleans a bold item title: trailing punctuation goes, and a
// title written in capitals is put in title case ("RISKS & CONSIDERATIONS"
// → "Risks & Considerations").
func sectionTitle(s string) string {
	s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ":.-–—"))
	if strings.IndexFunc(s, unicode.IsLower) >= 0 || strings.IndexFunc(s, unicode.IsUpper) < 0 {
		return s
	}
	words := strings.Fields(s)
	for i, w := range words {
		if acronyms[w] {
			continue
		}
		lw := strings.ToLower(w)
		if i > 0 && smallWords[lw] {
			words[i] = lw
			continue
		}
		r := []rune(lw)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

var (
	acronyms   = map[string]bool{"API": true, "APIS": true, "UI": true, "UX": true, "DB": true, "SQL": true, "HTTP": true, "REST": true, "JSON": true, "ID": true, "IDS": true, "URL": true, "CLI": true, "AC": true, "CI": true, "CD": true}
	smallWords = map[string]bool{"a": true, "an": true, "and": true, "or": true, "of": true, "the": true, "for": true, "in": true, "on": true, "to": true, "by": true, "with": true, "vs": true}
)

// inferStripTags returns the tags the body asks the model to reason inside:
// tags named in a phrase like "inside <x> tags" whose clause asks for
// thinking, analysis or planning, or that a later sentence tells the model
// not to include in its answer. The spec tag is never stripped.
func inferStripTags(body, specTag string) []string {
	sentences := splitSentences(body)
	// The sentences that tell the model to leave something out, by index.
	var omits []int
	for i, s := range sentences {
		if omitRe.MatchString(s) {
			omits = append(omits, i)
		}
	}
	var out []string
	seen := map[string]bool{specTag: true}
	for si, s := range sentences {
		for _, m := range tagPhraseRe.FindAllStringSubmatchIndex(s, -1) {
			tag := s[m[2]:m[3]]
			if seen[tag] {
				continue
			}
			clause := s[lastClauseStart(s[:m[0]]):m[1]]
			if reasoningRe.MatchString(clause) || omittedAfter(sentences, omits, si, tag) {
				seen[tag] = true
				out = append(out, tag)
			}
		}
	}
	return out
}

func splitSentences(body string) []string {
	var out []string
	start := 0
	for _, m := range sentenceEndRe.FindAllStringIndex(body, -1) {
		out = append(out, body[start:m[1]])
		start = m[1]
	}
	if start < len(body) {
		out = append(out, body[start:])
	}
	return out
}

// lastClauseStart returns where the clause ending s begins.
func lastClauseStart(s string) int {
	return strings.LastIndexAny(s, ",;:\n") + 1
}

// omittedAfter reports whether one of the omit sentences after sentence si
// mentions tag.
func omittedAfter(sentences []string, omits []int, si int, tag string) bool {
	for _, i := range omits {
		if i > si && mentionsTag(sentences[i], []string{tag}) {
			return true
		}
	}
	return false
}

func dedupe(in []string) []string {
	if in == nil {
		return nil
	}
	seen := map[string]bool{}
	out := make([]string, 0, len(in))
	for _, s := range in {
		k := strings.ToLower(s)
		if s == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}
