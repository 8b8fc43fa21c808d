package plan

import "strings"

// This file is a small line-based Markdown reader: just enough block
// structure (fenced code, ATX headings, bold-line headings, list items with
// their continuation lines, GFM tables, paragraphs) to read plans.

// mdLine is one line of the parsed text.
type mdLine struct {
	no        int    // 1-based line number in the text given to ParseMarkdown
	text      string // the line, without its newline
	fence     bool   // inside a fenced code block, fence lines included
	fenceOpen bool   // the opening fence line
	fenceEnd  bool   // the closing fence line
}

func splitLines(text string) []mdLine {
	raw := strings.Split(text, "\n")
	ls := make([]mdLine, len(raw))
	for i, r := range raw {
		ls[i] = mdLine{no: i + 1, text: r}
	}
	markFences(ls)
	return ls
}

// FenceRun reports the fence character, the fence length and the info
// string (the rest of the line, untrimmed) when s is a code fence line:
// three or more backticks or tildes, at any indentation. A backtick fence
// whose info string holds a backtick is inline code, not a fence; n is 0
// when s is no fence.
func FenceRun(s string) (ch byte, n int, info string) {
	t := strings.TrimLeft(s, " \t")
	if t == "" || (t[0] != '`' && t[0] != '~') {
		return 0, 0, ""
	}
	c := t[0]
	k := 0
	for k < len(t) && t[k] == c {
		k++
	}
	if k < 3 {
		return 0, 0, ""
	}
	info = t[k:]
	if c == '`' && strings.IndexByte(info, '`') >= 0 {
		return 0, 0, ""
	}
	return c, k, info
}

func markFences(ls []mdLine) {
	var open byte
	var n int
	for i := range ls {
		c, k, info := FenceRun(ls[i].text)
		if open == 0 {
			if k > 0 {
				open, n = c, k
				ls[i].fence, ls[i].fenceOpen = true, true
			}
			continue
		}
		ls[i].fence = true
		if c == open && k >= n && strings.TrimSpace(info) == "" {
			ls[i].fenceEnd = true
			open = 0
		}
	}
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// indentWidth returns the width of the leading white space (tabs to the
// next multiple of 4) and its length in bytes.
func indentWidth(s string) (width, n int) {
	for n < len(s) {
		switch s[n] {
		case ' ':
			width++
		case '\t':
			width += 4 - width%4
		default:
			return width, n
		}
		n++
	}
	return width, n
}

// dedent removes up to width columns of leading white space.
func dedent(s string, width int) string {
	w, i := 0, 0
	for i < len(s) && w < width {
		switch s[i] {
		case ' ':
			w++
		case '\t':
			w += 4 - w%4
		default:
			return s[i:]
		}
		i++
	}
	return s[i:]
}

// atxHeading parses "## Title ##" into its level and cleaned text.
func atxHeading(s string) (level int, text string, ok bool) {
	i := 0
	for i < len(s) && i < 4 && s[i] == ' ' {
		i++
	}
	if i > 3 {
		return 0, "", false
	}
	j := i
	for j < len(s) && s[j] == '#' {
		j++
	}
	level = j - i
	if level < 1 || level > 6 {
		return 0, "", false
	}
	if j < len(s) && s[j] != ' ' && s[j] != '\t' {
		return 0, "", false
	}
	return level, cleanHeading(s[j:]), true
}

// cleanHeading strips a heading's closing #s, emphasis around the whole
// text and a trailing colon, and collapses white space, until nothing
// changes (so that it is idempotent).
func cleanHeading(t string) string {
	for {
		old := t
		t = strings.Join(strings.Fields(t), " ")
		e := len(t)
		for e > 0 && t[e-1] == '#' {
			e--
		}
		if e < len(t) && (e == 0 || t[e-1] == ' ') {
			t = strings.TrimSpace(t[:e])
		}
		t = strings.TrimSpace(strings.TrimSuffix(t, ":"))
		for _, w := range []string{"**", "__", "*", "_"} {
			if len(t) > 2*len(w) && strings.HasPrefix(t, w) && strings.HasSuffix(t, w) &&
				!strings.Contains(t[len(w):len(t)-len(w)], w) {
				t = t[len(w) : len(t)-len(w)]
				break
			}
		}
		if t == old {
			return t
		}
	}
}

// boldLine recognises a line that is only bold text, like
// "**1. ARCHITECTURAL DECISIONS**" or "**New files:**", and returns the text.
func boldLine(s string) (string, bool) {
	if w, _ := indentWidth(s); w > 3 {
		return "", false
	}
	t := strings.TrimSpace(s)
	t = strings.TrimSuffix(t, ":")
	for _, w := range []string{"**", "__"} {
		if len(t) > 4 && strings.HasPrefix(t, w) && strings.HasSuffix(t, w) {
			inner := t[2 : len(t)-2]
			if strings.Contains(inner, w) {
				return "", false
			}
			inner = cleanHeading(inner)
			if inner == "" {
				return "", false
			}
			return inner, true
		}
	}
	return "", false
}

// marker is a list item marker.
type marker struct {
	indent  int    // width before the marker
	offset  int    // width before the item's content
	ordered bool   // "1." rather than "-"
	rest    string // the text after the marker
}

func listMarker(s string) (marker, bool) {
	ind, i := indentWidth(s)
	t := s[i:]
	if t == "" {
		return marker{}, false
	}
	m := marker{indent: ind}
	mlen := 0
	switch t[0] {
	case '-', '*', '+':
		mlen = 1
		if isThematicBreak(t) {
			return marker{}, false
		}
	default:
		for mlen < len(t) && mlen < 9 && t[mlen] >= '0' && t[mlen] <= '9' {
			mlen++
		}
		if mlen == 0 || mlen == len(t) || (t[mlen] != '.' && t[mlen] != ')') {
			return marker{}, false
		}
		mlen++
		m.ordered = true
	}
	after := t[mlen:]
	if after != "" && after[0] != ' ' && after[0] != '\t' {
		return marker{}, false
	}
	sp := 0
	for sp < len(after) && after[sp] == ' ' {
		sp++
	}
	if sp == len(after) { // empty item
		m.offset = ind + mlen + 1
		return m, true
	}
	if sp == 0 || sp > 4 { // a tab, or indented code inside the item
		sp = 1
	}
	m.offset = ind + mlen + sp
	m.rest = strings.TrimSpace(after)
	return m, true
}

func isThematicBreak(t string) bool {
	t = strings.TrimSpace(t)
	if t == "" {
		return false
	}
	c := t[0]
	if c != '-' && c != '*' && c != '_' {
		return false
	}
	n := 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case c:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// isDelimRow recognises a table's delimiter row: | --- | :--: |.
func isDelimRow(s string) bool {
	t := strings.TrimSpace(s)
	if !strings.Contains(t, "|") || !strings.Contains(t, "-") {
		return false
	}
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '|', '-', ':', ' ', '\t':
		default:
			return false
		}
	}
	return true
}

// tableAt reports whether a GFM table starts at ls[i].
func tableAt(ls []mdLine, i int) bool {
	return i+1 < len(ls) && !ls[i].fence && !ls[i+1].fence &&
		strings.Contains(ls[i].text, "|") && isDelimRow(ls[i+1].text) && !isDelimRow(ls[i].text)
}

// readTable reads the table at ls[i] and returns it and the index after it.
func readTable(ls []mdLine, i int) (table, int) {
	t := table{header: splitRow(ls[i].text), no: ls[i].no}
	j := i + 2
	for j < len(ls) && !ls[j].fence && !isBlank(ls[j].text) && strings.Contains(ls[j].text, "|") {
		t.rows = append(t.rows, tableRow{cells: splitRow(ls[j].text), no: ls[j].no})
		j++
	}
	return t, j
}

// splitRow splits a table row into trimmed cells; pipes inside code spans
// or escaped with a backslash do not split.
func splitRow(s string) []string {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(t, "|")
	if strings.HasSuffix(t, "|") && !strings.HasSuffix(t, `\|`) {
		t = t[:len(t)-1]
	}
	var cells []string
	var b strings.Builder
	code := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c == '\\' && i+1 < len(t) && t[i+1] == '|':
			b.WriteByte('|')
			i++
		case c == '`':
			code = !code
			b.WriteByte(c)
		case c == '|' && !code:
			cells = append(cells, strings.TrimSpace(b.String()))
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	return append(cells, strings.TrimSpace(b.String()))
}

type table struct {
	header []string
	rows   []tableRow
	no     int
}

type tableRow struct {
	cells []string
	no    int
}

// cell returns row cell i, or "" when the row is short or i < 0.
func (r tableRow) cell(i int) string {
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	return r.cells[i]
}

// column returns the index of the first header cell for which match is
// true, or -1.
func (t table) column(match func(h string) bool) int {
	for i, h := range t.header {
		if match(strings.ToLower(stripEmphasis(h))) {
			return i
		}
	}
	return -1
}

type blockKind int

const (
	blockPara blockKind = iota
	blockHeading
	blockItem
	blockTable
	blockCode
)

// block is one top-level block of a section body.
type block struct {
	kind  blockKind
	no    int
	level int      // heading level
	text  string   // heading text, paragraph text, or an item's first line
	item  item     // blockItem
	table table    // blockTable
	lines []mdLine // the paragraph's or code block's lines
}

// item is a list item: its first line and its continuation lines, dedented
// to the item's content column.
type item struct {
	no      int
	indent  int
	offset  int
	ordered bool
	head    string
	body    []mdLine
}

// blocks splits lines into top-level blocks. Nested lists stay inside
// their parent item's body.
func blocks(ls []mdLine) []block {
	var out []block
	i := 0
	for i < len(ls) {
		l := ls[i]
		switch {
		case l.fence:
			j := i + 1
			for j < len(ls) && ls[j].fence && !ls[j].fenceOpen {
				j++
			}
			out = append(out, block{kind: blockCode, no: l.no, lines: ls[i:j]})
			i = j
			continue
		case isBlank(l.text):
			i++
			continue
		}
		if lv, t, ok := atxHeading(l.text); ok {
			out = append(out, block{kind: blockHeading, no: l.no, level: lv, text: t})
			i++
			continue
		}
		if tableAt(ls, i) {
			t, j := readTable(ls, i)
			out = append(out, block{kind: blockTable, no: l.no, table: t, lines: ls[i:j]})
			i = j
			continue
		}
		if m, ok := listMarker(l.text); ok {
			it, j := readItem(ls, i, m)
			out = append(out, block{kind: blockItem, no: l.no, text: it.head, item: it})
			i = j
			continue
		}
		j := i
		for j < len(ls) && !ls[j].fence && !isBlank(ls[j].text) {
			if j > i {
				if _, _, ok := atxHeading(ls[j].text); ok {
					break
				}
				if _, ok := listMarker(ls[j].text); ok {
					break
				}
				if tableAt(ls, j) {
					break
				}
			}
			j++
		}
		out = append(out, block{kind: blockPara, no: l.no, text: joinLines(ls[i:j]), lines: ls[i:j]})
		i = j
	}
	return out
}

// readItem reads the list item whose marker line is ls[i].
func readItem(ls []mdLine, i int, m marker) (item, int) {
	it := item{no: ls[i].no, indent: m.indent, offset: m.offset, ordered: m.ordered, head: m.rest}
	var blanks []mdLine
	add := func(l mdLine) {
		for _, b := range blanks {
			b.text = ""
			it.body = append(it.body, b)
		}
		blanks = nil
		l.text = dedent(l.text, it.offset)
		it.body = append(it.body, l)
	}
	j := i + 1
	for j < len(ls) {
		l := ls[j]
		if l.fence && !l.fenceOpen {
			// only reachable after a fence this item did not take
			break
		}
		if isBlank(l.text) {
			blanks = append(blanks, l)
			j++
			continue
		}
		ind, _ := indentWidth(l.text)
		if l.fenceOpen {
			if ind <= it.indent {
				break
			}
			add(l)
			j++
			for j < len(ls) && ls[j].fence && !ls[j].fenceOpen {
				add(ls[j])
				j++
			}
			continue
		}
		if mk, ok := listMarker(l.text); ok {
			if mk.indent < it.offset {
				break
			}
			add(l)
			j++
			continue
		}
		if ind > it.indent || (len(blanks) == 0 && lazyLine(l.text)) {
			add(l)
			j++
			continue
		}
		break
	}
	return it, j - len(blanks)
}

// lazyLine reports whether a non-indented line right after an item's line
// continues the item's paragraph rather than starting something new.
func lazyLine(s string) bool {
	if _, _, ok := atxHeading(s); ok {
		return false
	}
	if _, ok := boldLine(s); ok {
		return false
	}
	if strings.Contains(s, "|") {
		return false
	}
	t := strings.TrimSpace(s)
	if strings.HasSuffix(t, ":") && len(strings.Fields(t)) <= 5 {
		return false
	}
	return true
}

func joinLines(ls []mdLine) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = l.text
	}
	return strings.Join(parts, "\n")
}

// joinBody joins lines, dropping blank lines at both ends.
func joinBody(ls []mdLine) string {
	a, b := 0, len(ls)
	for a < b && isBlank(ls[a].text) {
		a++
	}
	for b > a && isBlank(ls[b-1].text) {
		b--
	}
	return joinLines(ls[a:b])
}

// trimBlankLines drops white-space-only lines at both ends of s.
func trimBlankLines(s string) string {
	ls := strings.Split(s, "\n")
	a, b := 0, len(ls)
	for a < b && isBlank(ls[a]) {
		a++
	}
	for b > a && isBlank(ls[b-1]) {
		b--
	}
	return strings.Join(ls[a:b], "\n")
}

// dropMarks removes bold markers and backticks.
func dropMarks(s string) string {
	for _, m := range []string{"**", "__", "`"} {
		s = strings.ReplaceAll(s, m, "")
	}
	return s
}

// stripEmphasis removes emphasis and code markers from a short label.
func stripEmphasis(s string) string {
	s = dropMarks(s)
	return strings.TrimSpace(strings.Trim(s, "*_ "))
}

// labelText returns the label a line or item head is, if it is one: a line
// that is all bold ("**New files**"), or a short phrase ending with a colon
// ("Modified:").
func labelText(s string) (string, bool) {
	if t, ok := boldLine(s); ok {
		return t, true
	}
	t := strings.TrimSpace(s)
	if strings.HasSuffix(t, ":") && !strings.Contains(t, "`") && len(strings.Fields(t)) <= 6 {
		return stripEmphasis(strings.TrimSuffix(t, ":")), true
	}
	return "", false
}
