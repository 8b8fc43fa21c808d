package output

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// TerminalWidth is the width Markdown is wrapped to for a terminal.
const TerminalWidth = 100

// SGR parameters of each style, in the colours of glamour's "dark" style
// (which groundplan used before; glamour pulls in chroma, whose lexer and
// style tables cost some 25 ms at the start of every process).
const (
	sgrText    = "38;5;252"
	sgrHeading = "38;5;39;1"
	sgrH1      = "38;5;228;48;5;63;1"
	sgrH6      = "38;5;35"
	sgrCode    = "38;5;203;48;5;236"
	sgrBlock   = "38;5;244"
	sgrRule    = "38;5;240"
	sgrLink    = "38;5;30;4"
	sgrLinkTxt = "38;5;35;1"
	sgrImage   = "38;5;212;4"
	sgrImgTxt  = "38;5;243"
	sgrEmph    = ";3"
	sgrStrong  = ";1"
	sgrStrike  = ";9"
)

// RenderTerminal renders Markdown for a terminal: styled with ANSI
// escapes, wrapped to width columns, with a margin of two. Tables and code
// blocks are not wrapped.
func RenderTerminal(md string, width int) string {
	src := []byte(md)
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))
	r := &termRenderer{src: src, width: width}
	r.out.WriteByte('\n')
	r.blocks(doc, "  ", "  ")
	return r.out.String()
}

type termRenderer struct {
	src   []byte
	width int
	out   bytes.Buffer
}

// piece is a run of text in one style; space marks a breakable space.
type piece struct {
	text  string
	style string
	space bool
	brk   bool // a hard line break
}

// blocks renders the block children of n, the first line prefixed with
// first and the others with rest, a blank line between blocks.
func (r *termRenderer) blocks(n ast.Node, first, rest string) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c != n.FirstChild() {
			r.out.WriteString(strings.TrimRight(rest, " ") + "\n")
			first = rest
		}
		r.block(c, first, rest)
	}
}

func (r *termRenderer) block(n ast.Node, first, rest string) {
	switch n := n.(type) {
	case *ast.Heading:
		style, pre, post := sgrHeading, strings.Repeat("#", n.Level)+" ", ""
		switch n.Level {
		case 1:
			style, pre, post = sgrH1, " ", " "
		case 6:
			style = sgrH6
		}
		ps := []piece{{text: pre, style: style}}
		ps = append(ps, r.inlines(n, style)...)
		ps = append(ps, piece{text: post, style: style})
		r.wrap(ps, first, rest)
	case *ast.Paragraph, *ast.TextBlock:
		r.wrap(r.inlines(n, sgrText), first, rest)
	case *ast.ThematicBreak:
		r.line(first, styled(sgrRule, "--------"))
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			l := strings.TrimRight(string(seg.Value(r.src)), "\n")
			p := rest
			if i == 0 {
				p = first
			}
			r.line(p+"  ", styled(sgrBlock, l))
		}
	case *ast.Blockquote:
		r.blocks(n, first+styled(sgrText, "│ "), rest+styled(sgrText, "│ "))
	case *ast.List:
		num := n.Start
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			marker := "• "
			if n.IsOrdered() {
				marker = strconv.Itoa(num) + ". "
				num++
			}
			if isTask(it) {
				marker = ""
			}
			p := rest
			if it == n.FirstChild() {
				p = first
			}
			pad := strings.Repeat(" ", utf8.RuneCountInString(marker))
			// The blocks of an item follow one another without blank
			// lines, as in a tight list; a nested list is indented by two.
			ip := p + styled(sgrText, marker)
			for c := it.FirstChild(); c != nil; c = c.NextSibling() {
				if c != it.FirstChild() {
					ip = rest + pad
				}
				r.block(c, ip, rest+pad)
			}
		}
	case *east.Table:
		r.table(n, first, rest)
	case *ast.HTMLBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			r.line(rest, strings.TrimRight(string(seg.Value(r.src)), "\n"))
		}
	default:
		if n.HasChildren() {
			r.blocks(n, first, rest)
		}
	}
}

func isTask(item ast.Node) bool {
	if c := item.FirstChild(); c != nil {
		if t := c.FirstChild(); t != nil {
			_, ok := t.(*east.TaskCheckBox)
			return ok
		}
	}
	return false
}

// line writes one line: a prefix and styled text.
func (r *termRenderer) line(prefix, s string) {
	r.out.WriteString(prefix)
	r.out.WriteString(s)
	r.out.WriteByte('\n')
}

func styled(style, s string) string {
	if s == "" {
		return ""
	}
	return "\x1b[" + style + "m" + s + "\x1b[0m"
}

// inlines flattens the inline children of n into pieces.
func (r *termRenderer) inlines(n ast.Node, style string) []piece {
	var ps []piece
	add := func(s, style string) {
		for i, w := range strings.Split(s, " ") {
			if i > 0 {
				ps = append(ps, piece{space: true, style: style})
			}
			if w != "" {
				ps = append(ps, piece{text: w, style: style})
			}
		}
	}
	var walk func(n ast.Node, style string)
	walk = func(n ast.Node, style string) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				add(string(c.Value(r.src)), style)
				switch {
				case c.HardLineBreak():
					ps = append(ps, piece{brk: true})
				case c.SoftLineBreak():
					ps = append(ps, piece{space: true, style: style})
				}
			case *ast.String:
				add(string(c.Value), style)
			case *ast.CodeSpan:
				var b strings.Builder
				for t := c.FirstChild(); t != nil; t = t.NextSibling() {
					if s, ok := t.(*ast.Text); ok {
						b.Write(s.Value(r.src))
					} else if s, ok := t.(*ast.String); ok {
						b.Write(s.Value)
					}
				}
				// Padded like glamour's: the padding belongs to the
				// first and last words, so a line never breaks inside it.
				start := len(ps)
				add(b.String(), sgrCode)
				var first, last = -1, -1
				for i := start; i < len(ps); i++ {
					if !ps[i].space {
						if first < 0 {
							first = i
						}
						last = i
					}
				}
				if first >= 0 {
					ps[first].text = " " + ps[first].text
					ps[last].text += " "
				}
			case *ast.Emphasis:
				if c.Level >= 2 {
					walk(c, style+sgrStrong)
				} else {
					walk(c, style+sgrEmph)
				}
			case *east.Strikethrough:
				walk(c, style+sgrStrike)
			case *ast.Link:
				walk(c, sgrLinkTxt)
				ps = append(ps, piece{space: true, style: style})
				add(string(c.Destination), sgrLink)
			case *ast.AutoLink:
				add(string(c.URL(r.src)), sgrLink)
			case *ast.Image:
				add("Image: "+string(nodeText(c, r.src))+" →", sgrImgTxt)
				ps = append(ps, piece{space: true, style: style})
				add(string(c.Destination), sgrImage)
			case *east.TaskCheckBox:
				box := "[ ] "
				if c.IsChecked {
					box = "[✓] "
				}
				add(box, style)
			case *ast.RawHTML:
				for i := 0; i < c.Segments.Len(); i++ {
					seg := c.Segments.At(i)
					add(string(seg.Value(r.src)), style)
				}
			default:
				walk(c, style)
			}
		}
	}
	walk(n, style)
	return ps
}

// nodeText is the plain text of n's inline children.
func nodeText(n ast.Node, src []byte) []byte {
	var b []byte
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b = append(b, c.Value(src)...)
		case *ast.String:
			b = append(b, c.Value...)
		default:
			b = append(b, nodeText(c, src)...)
		}
	}
	return b
}

// wrap writes pieces as words wrapped to the width.
func (r *termRenderer) wrap(ps []piece, first, rest string) {
	prefix := first
	var line []piece // runs of one style
	col, words := 0, 0
	avail := func() int { return max(r.width-visibleLen(prefix), 20) }
	put := func(style, s string) {
		if k := len(line) - 1; k >= 0 && line[k].style == style {
			line[k].text += s
			return
		}
		line = append(line, piece{text: s, style: style})
	}
	flush := func() {
		var b strings.Builder
		for _, p := range line {
			b.WriteString(styled(p.style, p.text))
		}
		r.line(prefix, b.String())
		line = line[:0]
		col, words, prefix = 0, 0, rest
	}
	// Group pieces into words: runs of pieces with no space between.
	type word struct {
		ps  []piece
		len int
	}
	var ws []word
	var cur word
	pending := "" // the style of a space before the next word
	var spaceBefore []string
	end := func() {
		if len(cur.ps) > 0 {
			ws = append(ws, cur)
			spaceBefore = append(spaceBefore, pending)
			pending = ""
		}
		cur = word{}
	}
	for _, p := range ps {
		switch {
		case p.brk:
			end()
			ws = append(ws, word{}) // a break
			spaceBefore = append(spaceBefore, "")
		case p.space:
			end()
			if pending == "" {
				pending = p.style
			}
		default:
			cur.ps = append(cur.ps, p)
			cur.len += utf8.RuneCountInString(p.text)
		}
	}
	end()
	for i, w := range ws {
		if w.ps == nil {
			flush()
			continue
		}
		sep := 0
		if words > 0 && spaceBefore[i] != "" {
			sep = 1
		}
		if words > 0 && col+sep+w.len > avail() {
			flush()
			sep = 0
		}
		if sep == 1 {
			put(spaceBefore[i], " ")
			col++
		}
		for _, p := range w.ps {
			put(p.style, p.text)
		}
		col += w.len
		words++
	}
	if words > 0 || len(line) > 0 {
		flush()
	}
}

// visibleLen is the width of s without its escape sequences.
func visibleLen(s string) int {
	n, esc := 0, false
	for _, c := range s {
		switch {
		case esc:
			if c == 'm' {
				esc = false
			}
		case c == '\x1b':
			esc = true
		default:
			n++
		}
	}
	return n
}

// table writes a table with its columns aligned; cells are not wrapped.
func (r *termRenderer) table(t *east.Table, first, rest string) {
	var rows [][]string
	var widths []int
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []string
		for i, cell := 0, row.FirstChild(); cell != nil; i, cell = i+1, cell.NextSibling() {
			var b strings.Builder
			for j, p := range r.inlines(cell, sgrText) {
				if p.space {
					if j > 0 {
						b.WriteString(" ")
					}
					continue
				}
				b.WriteString(styled(p.style, p.text))
			}
			s := strings.TrimSpace(b.String())
			cells = append(cells, s)
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], visibleLen(s))
		}
		rows = append(rows, cells)
	}
	align := func(i int, s string) string {
		pad := widths[i] - visibleLen(s)
		a := east.AlignLeft
		if i < len(t.Alignments) {
			a = t.Alignments[i]
		}
		switch a {
		case east.AlignRight:
			return strings.Repeat(" ", pad) + s
		case east.AlignCenter:
			return strings.Repeat(" ", pad/2) + s + strings.Repeat(" ", pad-pad/2)
		}
		return s + strings.Repeat(" ", pad)
	}
	sep := styled(sgrText, " │ ")
	for k, cells := range rows {
		p := rest
		if k == 0 {
			p = first
		}
		var b strings.Builder
		for i := range widths {
			if i > 0 {
				b.WriteString(sep)
			}
			s := ""
			if i < len(cells) {
				s = cells[i]
			}
			b.WriteString(align(i, s))
		}
		r.line(p+" ", strings.TrimRight(b.String(), " "))
		if k == 0 {
			var rule []string
			for _, w := range widths {
				rule = append(rule, strings.Repeat("─", w+2))
			}
			r.line(rest, styled(sgrText, strings.Join(rule, "┼")))
		}
	}
}
