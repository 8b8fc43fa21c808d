package plan

import "strings"

// ReasoningTags returns the names of the blocks in which models think
// before they answer. ParseMarkdown and CleanAnswer drop these blocks; the
// backend seed asks for <implementation_breakdown>, reasoning models use
// <think> or <thinking>.
func ReasoningTags() []string {
	return []string{"implementation_breakdown", "thinking", "think", "reasoning", "analysis", "scratchpad"}
}

// TagFilter separates reasoning blocks such as
// <implementation_breakdown>…</implementation_breakdown> from the rest of a
// text that arrives in chunks, as a model streams it.
//
// Tags are matched without attributes and without regard to ASCII case:
// "<Think>" opens a block that "</THINK>" closes. The first matching close
// tag ends a block; anything inside it, other tags included, is hidden. A
// block that is never closed hides everything after its open tag. A close
// tag with no open block is dropped. A tag written right after a backtick
// or a quote ("`<think>`", "\"<think>\"") is text, so plans may name the
// tags in inline code and string literals.
//
// Write holds back only what may be the start of a tag split across chunks
// ("<implemen" | "tation_breakdown>"); everything else is returned at once.
// Streaming a text in any number of chunks gives the same result as
// StripTags on the whole text. A TagFilter is not safe for concurrent use.
type TagFilter struct {
	open    []string // "<name>", lower case
	close   []string // "</name>", lower case
	pending string   // a possible partial tag at the end of the input so far
	inside  int      // index of the open block's tag, -1 outside blocks
	prev    byte     // last input byte before pending
}

// NewTagFilter returns a filter for the named tags (names without angle
// brackets, e.g. "think"). Empty names and names holding '<', '>', '/' or
// white space are ignored.
func NewTagFilter(tags []string) *TagFilter {
	f := &TagFilter{inside: -1}
	seen := map[string]bool{}
	for _, t := range tags {
		t = asciiLower(strings.TrimSpace(t))
		if t == "" || seen[t] || strings.ContainsAny(t, "<>/ \t\r\n") {
			continue
		}
		seen[t] = true
		f.open = append(f.open, "<"+t+">")
		f.close = append(f.close, "</"+t+">")
	}
	return f
}

// Write feeds the next chunk and returns the text that is now known to be
// visible and the text now known to be inside a reasoning block (without
// the tags themselves).
func (f *TagFilter) Write(chunk string) (visible, hidden string) {
	var v, h strings.Builder
	f.feed(chunk, false, collect(&v, &h))
	return v.String(), h.String()
}

// The kinds of text feed reports.
const (
	segVisible = iota
	segHidden  // inside a block
	segTag     // an open or close tag that was removed
)

func collect(v, h *strings.Builder) func(kind int, s string) {
	return func(kind int, s string) {
		switch kind {
		case segVisible:
			v.WriteString(s)
		case segHidden:
			h.WriteString(s)
		}
	}
}

// Flush ends the stream: text held back as a possible partial tag is
// released (hidden when a block is still open), and the filter is reset so
// it can be used for another stream.
func (f *TagFilter) Flush() (visible, hidden string) {
	var v, h strings.Builder
	f.feed("", true, collect(&v, &h))
	f.pending, f.inside, f.prev = "", -1, 0
	return v.String(), h.String()
}

// feed scans pending+chunk and reports each run of text, in order, as
// visible, hidden or a removed tag. Unless final, a possible partial tag at
// the end is kept in pending.
func (f *TagFilter) feed(chunk string, final bool, emit func(kind int, s string)) {
	s := f.pending + chunk
	f.pending = ""
	prevAt := func(i int) byte {
		if i == 0 {
			return f.prev
		}
		return s[i-1]
	}
	i, runStart := 0, 0
	flush := func(end int) {
		if end > runStart {
			kind := segVisible
			if f.inside >= 0 {
				kind = segHidden
			}
			emit(kind, s[runStart:end])
		}
	}
	tag := func(n int) {
		emit(segTag, s[i:i+n])
		i += n
		runStart = i
	}
	for i < len(s) {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if c := prevAt(i); c == '`' || c == '"' || c == '\'' {
			i++
			continue
		}
		rest := s[i:]
		if f.inside < 0 {
			if k, n := matchTag(rest, f.open); k >= 0 {
				flush(i)
				f.inside = k
				tag(n)
				continue
			}
			if k, n := matchTag(rest, f.close); k >= 0 {
				flush(i) // a stray close tag is dropped
				tag(n)
				continue
			}
			if !final && (partialTag(rest, f.open) || partialTag(rest, f.close)) {
				flush(i)
				f.prev = prevAt(i)
				f.pending = rest
				return
			}
		} else {
			c := f.close[f.inside : f.inside+1]
			if k, n := matchTag(rest, c); k >= 0 {
				flush(i)
				f.inside = -1
				tag(n)
				continue
			}
			if !final && partialTag(rest, c) {
				flush(i)
				f.prev = prevAt(i)
				f.pending = rest
				return
			}
		}
		i++
	}
	flush(len(s))
	if len(s) > 0 {
		f.prev = s[len(s)-1]
	}
}

// matchTag returns the index and length of the tag s starts with, or -1.
func matchTag(s string, tags []string) (int, int) {
	for k, t := range tags {
		if len(s) >= len(t) && equalFoldASCII(s[:len(t)], t) {
			return k, len(t)
		}
	}
	return -1, 0
}

// partialTag reports whether s is a proper prefix of one of the tags.
func partialTag(s string, tags []string) bool {
	for _, t := range tags {
		if len(s) < len(t) && equalFoldASCII(s, t[:len(s)]) {
			return true
		}
	}
	return false
}

// equalFoldASCII compares s with the lower-case t, folding ASCII letters
// only so that byte offsets stay put.
func equalFoldASCII(s, t string) bool {
	if len(s) != len(t) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != t[i] {
			return false
		}
	}
	return true
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// StripTags removes the named blocks from a whole text. It returns the
// visible text and the blocks' contents, concatenated; it is the same as
// one Write of text followed by Flush.
func StripTags(text string, tags []string) (visible, hidden string) {
	f := NewTagFilter(tags)
	v1, h1 := f.Write(text)
	v2, h2 := f.Flush()
	return v1 + v2, h1 + h2
}

// CleanAnswer turns a model's whole answer into plan Markdown: it removes
// reasoning blocks (ReasoningTags) and a ```markdown fence wrapped around
// the whole answer. It returns the plan text and the reasoning that was
// removed.
func CleanAnswer(answer string) (planText, reasoning string) {
	visible, hidden := StripTags(normNewlines(answer), ReasoningTags())
	return strings.TrimSpace(unwrapFence(visible)), strings.TrimSpace(hidden)
}

// blankTags removes reasoning blocks and stray close tags for parsing.
// Each removed stretch becomes its line breaks, so line numbers still point
// into the original text, or one space when it had none, so that text on
// either side cannot join into a new tag ("<thi<think>x</think>nk>"): one
// pass leaves nothing the filter would act on.
func blankTags(text string, tags []string) string {
	var b strings.Builder
	f := NewTagFilter(tags)
	removed, newlines := false, 0
	emit := func(kind int, s string) {
		if kind != segVisible {
			removed = true
			newlines += strings.Count(s, "\n")
			return
		}
		if removed {
			if newlines == 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strings.Repeat("\n", newlines))
			removed, newlines = false, 0
		}
		b.WriteString(s)
	}
	f.feed(text, false, emit)
	f.feed("", true, emit)
	b.WriteString(strings.Repeat("\n", newlines))
	return b.String()
}

func normNewlines(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// unwrapFence removes wrapping fences (see unwrapOnce) until none is left.
func unwrapFence(text string) string {
	for {
		out := unwrapOnce(text)
		if out == text {
			return out
		}
		text = out
	}
}

// unwrapOnce blanks the fence lines of a code fence wrapped around the
// whole text: a ```markdown (or ```md) opener on the first non-blank line,
// with its closer on the last non-blank line when the fences between are
// balanced; or a bare ``` pair around balanced text that has a heading.
// Line numbers are kept.
func unwrapOnce(text string) string {
	ls := strings.Split(text, "\n")
	first, last := -1, -1
	for i, l := range ls {
		if strings.TrimSpace(l) != "" {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 || first == last {
		return text
	}
	ch, n, info := FenceRun(ls[first])
	if n == 0 {
		return text
	}
	lang := strings.ToLower(strings.TrimSpace(info))
	if lang != "" && lang != "markdown" && lang != "md" {
		return text
	}
	c2, n2, info2 := FenceRun(ls[last])
	closer := c2 == ch && n2 >= n && strings.TrimSpace(info2) == ""
	inner := splitLines(strings.Join(ls[first+1:last], "\n"))
	balanced := len(inner) == 0 || !inner[len(inner)-1].fence || inner[len(inner)-1].fenceEnd
	if lang == "" {
		if !closer || !balanced || !hasHeading(inner) {
			return text
		}
		ls[first], ls[last] = "", ""
		return strings.Join(ls, "\n")
	}
	ls[first] = ""
	if closer && balanced {
		ls[last] = ""
	}
	return strings.Join(ls, "\n")
}

func hasHeading(ls []mdLine) bool {
	for _, l := range ls {
		if !l.fence {
			if _, _, ok := atxHeading(l.text); ok {
				return true
			}
		}
	}
	return false
}
