package index

import (
	"bytes"
	"sync"
)

// The index keeps of a project Go file its package, imports and top-level
// declarations with their lines, signatures and doc lines: nothing inside
// a function body. go/parser spends most of its time (and most of the
// garbage a build makes) on bodies, so extractGo parses a copy of the
// source whose top-level function bodies are emptied: of what lies
// between a body's braces only the newlines are kept. Every line keeps its
// number and every token outside the bodies its line and its text, so the
// declarations, their lines, signatures and doc comments come out the
// same; TestBlankBodiesMatchesAST, FuzzBlankBodies and TestBlankBodiesTree
// hold it to that. Source with a //line directive (which moves the lines
// of what follows it) is parsed as it is, and so is source whose emptied
// copy go/parser rejects, so a file with syntax errors outside function
// bodies yields what it yielded before.

// blankBufs lends extractGo the buffers of emptied copies.
var blankBufs = sync.Pool{New: func() any { return new([]byte) }}

// blankFuncBodies returns a copy of Go source, in *buf (grown as needed),
// whose top-level function bodies hold only their newlines; false when
// there is no body to empty or the source holds a //line directive.
func blankFuncBodies(src []byte, buf *[]byte) ([]byte, bool) {
	lx := goLexer{src: src}
	out := (*buf)[:0]
	copied, emptied := 0, false // src[:copied] is in out
	atDecl := true              // the next token starts a top-level declaration
	for {
		t := lx.next()
		switch t.kind {
		case gtEOF:
			if !emptied || lx.directive {
				return nil, false
			}
			out = append(out, src[copied:]...)
			*buf = out
			return out, true
		case gtSemi:
			atDecl = true
			continue
		case '(', '[', '{':
			lx.group(t)
		case gtKeyword:
			if atDecl && lx.is(t, "func") {
				from, to, ok, semi := lx.funcBody()
				if !ok {
					atDecl = semi
					continue
				}
				out = append(out, src[copied:from]...)
				for k := from; k < to; {
					nl := bytes.IndexByte(src[k:to], '\n')
					if nl < 0 {
						break
					}
					out = append(out, '\n')
					k += nl + 1
				}
				copied, emptied = to, true
			}
		}
		atDecl = false
	}
}

// funcBody reads a function declaration after its "func" keyword up to
// the end of its body and returns the offsets of the body's inside
// (between its braces). It reports false when the declaration has no body
// (semi: it ended at a semicolon) or its body is not closed. The body is
// the first brace at the declaration's top level that does not open a
// struct or interface type.
func (lx *goLexer) funcBody() (from, to int, ok, semi bool) {
	prev := goTok{}
	for {
		t := lx.next()
		switch t.kind {
		case gtEOF:
			return 0, 0, false, false
		case gtSemi:
			return 0, 0, false, true
		case '(', '[':
			t = lx.group(t)
		case '{':
			if lx.is(prev, "struct") || lx.is(prev, "interface") {
				t = lx.group(t)
				break
			}
			end, closed := lx.skipGroupClosed(t.start)
			lx.pos, lx.semi = end, true
			if !closed {
				return 0, 0, false, false
			}
			return t.start + 1, end - 1, true, false
		}
		prev = t
	}
}
