package index

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// This file holds a hand-written scanner of Go's top-level declarations for
// third-party (vendored) Go files. Of those files the index keeps only the
// package name, the imports and the exported top-level names with their
// kinds, receivers and lines (see analyseFile), so parsing every function
// body with go/parser and printing every signature is wasted work. The
// scanner tokenises the declaration headers with Go's semicolon insertion
// and skips bracketed groups (function bodies, struct types, composite
// literals) by counting brackets outside comments, strings and runes. For
// source that go/parser accepts it yields what extractGo plus the exported
// filter yields; TestGoFastMatchesAST, FuzzGoFast and TestGoFastVendorTree
// hold it to that.

// extractGoExported fills f.Package, f.Imports and f.Symbols with the
// package name, the imports and the exported top-level declarations of Go
// source, without signatures or doc lines. It reports false, leaving f
// untouched, for the rare source whose lines it cannot tell without a
// full parse (a //line directive moves them) and for a generic type whose
// brackets go/parser rejects; the caller then parses it.
func extractGoExported(f *File, data []byte) bool {
	sc := goDeclScanner{lx: goLexer{src: data}, path: f.Path}
	if !sc.scan() {
		return false
	}
	f.Package, f.Imports, f.Symbols = sc.pkg, sc.imports, sc.syms
	return true
}

// Token kinds of goLexer. Single-byte punctuation is its own kind.
const (
	gtEOF     = 0
	gtIdent   = 'a' // identifier that is not a keyword
	gtKeyword = 'k'
	gtString  = '"' // interpreted or raw string literal
	gtLit     = '0' // number or rune literal
	gtSemi    = ';' // explicit or inserted semicolon
	gtArrow   = 'A' // <-
	gtDots    = 'E' // ...
	gtOp      = 'o' // any other operator of two or more bytes
)

type goTok struct {
	kind       byte
	start, end int // byte offsets in the source
}

// goLexer splits Go source into tokens the way go/scanner does as far as
// the declaration scanner needs: token boundaries, identifiers, keywords
// and semicolon insertion. It never fails; bytes go/scanner rejects come
// out as one-byte tokens.
type goLexer struct {
	src       []byte
	pos       int
	semi      bool // a newline now ends the statement (the last token allows it)
	directive bool // a comment that may be a //line directive was seen
}

func (lx *goLexer) text(t goTok) []byte { return lx.src[t.start:t.end] }

// is reports whether t is the keyword or identifier s.
func (lx *goLexer) is(t goTok, s string) bool {
	return (t.kind == gtKeyword || t.kind == gtIdent) && string(lx.src[t.start:t.end]) == s
}

// next returns the next token; after the end of the source it returns
// gtEOF tokens.
func (lx *goLexer) next() goTok {
	src := lx.src
	i := lx.pos
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case c == '\n':
			if lx.semi {
				lx.semi = false
				lx.pos = i + 1
				return goTok{gtSemi, i, i + 1}
			}
			i++
			continue
		case c == '/' && i+1 < len(src) && (src[i+1] == '/' || src[i+1] == '*'):
			end, nl := lx.skipComment(i)
			if lx.semi && (nl || end >= len(src)) {
				// A comment containing or ending at a newline (or
				// the end of the source) acts like a newline.
				lx.semi = false
				lx.pos = end
				return goTok{gtSemi, i, end}
			}
			i = end
			continue
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			return lx.ident(i)
		case c >= utf8.RuneSelf:
			if r, _ := utf8.DecodeRune(src[i:]); unicode.IsLetter(r) {
				return lx.ident(i)
			}
			if i == 0 && bytes.HasPrefix(src, []byte("\uFEFF")) {
				i += 3 // a byte order mark at the start is ignored
				continue
			}
			_, n := utf8.DecodeRune(src[i:])
			lx.pos = i + n // illegal character; keeps the semicolon state
			return goTok{'?', i, i + n}
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			j := i + 1
			for j < len(src) && (isIdentByte(src[j]) || src[j] == '.') {
				j++
			}
			return lx.tok(gtLit, i, j, true)
		case c == '"':
			return lx.tok(gtString, i, skipString(src, i), true)
		case c == '`':
			return lx.tok(gtString, i, skipRaw(src, i), true)
		case c == '\'':
			return lx.tok(gtLit, i, skipRune(src, i), true)
		}
		return lx.op(i)
	}
	lx.pos = len(src)
	if lx.semi {
		lx.semi = false
		return goTok{gtSemi, len(src), len(src)}
	}
	return goTok{gtEOF, len(src), len(src)}
}

func (lx *goLexer) tok(kind byte, start, end int, semi bool) goTok {
	lx.pos = end
	lx.semi = semi
	return goTok{kind, start, end}
}

func (lx *goLexer) ident(i int) goTok {
	src := lx.src
	j := i
	for j < len(src) {
		c := src[j]
		if isIdentByte(c) {
			j++
			continue
		}
		if c < utf8.RuneSelf {
			break
		}
		r, n := utf8.DecodeRune(src[j:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		j += n
	}
	kind, semi := byte(gtIdent), true
	if j-i > 1 && src[i] >= 'b' && src[i] <= 'v' {
		switch string(src[i:j]) {
		case "break", "continue", "fallthrough", "return":
			kind = gtKeyword
		case "case", "chan", "const", "default", "defer", "else", "for", "func", "go", "goto", "if",
			"import", "interface", "map", "package", "range", "select", "struct", "switch", "type", "var":
			kind, semi = gtKeyword, false
		}
	}
	return lx.tok(kind, i, j, semi)
}

// op lexes the operator or punctuation at i.
func (lx *goLexer) op(i int) goTok {
	src := lx.src
	c := src[i]
	at := func(k int, b byte) bool { return i+k < len(src) && src[i+k] == b }
	switch c {
	case '(', '[', '{', ',', ';', '~':
		return lx.tok(c, i, i+1, false)
	case ')', ']', '}':
		return lx.tok(c, i, i+1, true)
	case '.':
		if at(1, '.') && at(2, '.') {
			return lx.tok(gtDots, i, i+3, false)
		}
		return lx.tok('.', i, i+1, false)
	case '+', '-':
		if at(1, c) {
			return lx.tok(gtOp, i, i+2, true) // ++ and -- allow a semicolon
		}
		if at(1, '=') {
			return lx.tok(gtOp, i, i+2, false)
		}
		return lx.tok(c, i, i+1, false)
	case '<':
		switch {
		case at(1, '-'):
			return lx.tok(gtArrow, i, i+2, false)
		case at(1, '<') && at(2, '='):
			return lx.tok(gtOp, i, i+3, false)
		case at(1, '<') || at(1, '='):
			return lx.tok(gtOp, i, i+2, false)
		}
		return lx.tok(c, i, i+1, false)
	case '>':
		switch {
		case at(1, '>') && at(2, '='):
			return lx.tok(gtOp, i, i+3, false)
		case at(1, '>') || at(1, '='):
			return lx.tok(gtOp, i, i+2, false)
		}
		return lx.tok(c, i, i+1, false)
	case '&':
		switch {
		case at(1, '^') && at(2, '='):
			return lx.tok(gtOp, i, i+3, false)
		case at(1, '^') || at(1, '&') || at(1, '='):
			return lx.tok(gtOp, i, i+2, false)
		}
		return lx.tok(c, i, i+1, false)
	case '|':
		if at(1, '|') || at(1, '=') {
			return lx.tok(gtOp, i, i+2, false)
		}
		return lx.tok(c, i, i+1, false)
	case '*', '/', '%', '^', '=', '!', ':':
		if at(1, '=') {
			return lx.tok(gtOp, i, i+2, false)
		}
		return lx.tok(c, i, i+1, false)
	}
	// An illegal character: go/scanner keeps the semicolon state.
	lx.pos = i + 1
	return goTok{'?', i, i + 1}
}

// skipComment returns the end of the comment starting at i and whether it
// holds a newline. A // comment ends before its newline.
func (lx *goLexer) skipComment(i int) (end int, nl bool) {
	src := lx.src
	if bytes.HasPrefix(src[i+2:], []byte("line ")) {
		lx.directive = true
	}
	if src[i+1] == '/' {
		if j := bytes.IndexByte(src[i+2:], '\n'); j >= 0 {
			return i + 2 + j, true
		}
		return len(src), false
	}
	j := bytes.Index(src[i+2:], []byte("*/"))
	if j < 0 {
		return len(src), bytes.IndexByte(src[i+2:], '\n') >= 0
	}
	return i + 4 + j, bytes.IndexByte(src[i+2:i+2+j], '\n') >= 0
}

// skipString returns the end of the interpreted string literal at i (or of
// the line, if it is not terminated).
func skipString(src []byte, i int) int {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '"':
			return j + 1
		case '\\':
			j++
		case '\n':
			return j
		}
	}
	return len(src)
}

// skipRune returns the end of the rune literal at i.
func skipRune(src []byte, i int) int {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\'':
			return j + 1
		case '\\':
			j++
		case '\n':
			return j
		}
	}
	return len(src)
}

// skipRaw returns the end of the raw string literal at i.
func skipRaw(src []byte, i int) int {
	if j := bytes.IndexByte(src[i+1:], '`'); j >= 0 {
		return i + 2 + j
	}
	return len(src)
}

// skipClass marks the bytes skipGroup stops at: bit 1 for the start of a
// comment, string or rune, then one bit per kind of bracket.
var skipClass = func() (t [256]uint8) {
	for _, c := range []byte("/\"'`") {
		t[c] = 1
	}
	t['('], t[')'] = 2, 2
	t['['], t[']'] = 4, 4
	t['{'], t['}'] = 8, 8
	return t
}()

// skipGroup skips the bracketed group whose opening bracket is at i and
// returns the offset after its closing bracket (or the end of the source).
// In valid Go each kind of bracket balances on its own outside comments,
// strings and runes, so only brackets of the opening kind are counted.
func (lx *goLexer) skipGroup(i int) int {
	end, _ := lx.skipGroupClosed(i)
	return end
}

// skipGroupClosed is skipGroup that also reports whether the group was
// closed before the end of the source.
func (lx *goLexer) skipGroupClosed(i int) (int, bool) {
	src := lx.src
	open := src[i]
	var close byte
	switch open {
	case '(':
		close = ')'
	case '[':
		close = ']'
	default:
		close = '}'
	}
	mask := 1 | skipClass[open]
	depth := 0
	for i < len(src) {
		c := src[i]
		if skipClass[c]&mask == 0 {
			i++
			continue
		}
		switch c {
		case open:
			depth++
			i++
		case close:
			depth--
			i++
			if depth == 0 {
				return i, true
			}
		case '"':
			i = skipString(src, i)
		case '\'':
			i = skipRune(src, i)
		case '`':
			i = skipRaw(src, i)
		case '/':
			if i+1 < len(src) && (src[i+1] == '/' || src[i+1] == '*') {
				i, _ = lx.skipComment(i)
			} else {
				i++
			}
		default:
			i++
		}
	}
	return len(src), false
}

// group returns the bracketed group opened by t as one token, ending after
// its closing bracket; a newline after it ends the statement.
func (lx *goLexer) group(t goTok) goTok {
	end := lx.skipGroup(t.start)
	lx.pos, lx.semi = end, true
	return goTok{t.kind, t.start, end}
}

// goDeclScanner reads the top-level declarations of a Go file.
type goDeclScanner struct {
	lx      goLexer
	lines   lineCursor
	path    string
	pkg     string
	imports []string
	syms    []Symbol
	unsure  bool // the result may differ from go/parser's
}

// scan reads the file; it reports false when the result may differ from
// the go/ast path's.
func (sc *goDeclScanner) scan() bool {
	lx := &sc.lx
	sc.lines.src = lx.src
	if t := lx.next(); !lx.is(t, "package") {
		return !lx.directive // go/parser gives up without a package clause
	}
	name := lx.next()
	if name.kind != gtIdent {
		return !lx.directive
	}
	sc.pkg = string(lx.text(name))
	for {
		t := lx.next()
		switch {
		case t.kind == gtEOF:
			return !lx.directive && !sc.unsure
		case t.kind == gtKeyword:
			switch string(lx.text(t)) {
			case "import":
				sc.genDecl(sc.importSpec)
				continue
			case "const":
				sc.genDecl(func(t goTok, inGroup bool) bool { return sc.valueSpec(t, inGroup, KindConst) })
				continue
			case "var":
				sc.genDecl(func(t goTok, inGroup bool) bool { return sc.valueSpec(t, inGroup, KindVar) })
				continue
			case "type":
				sc.genDecl(sc.typeSpec)
				continue
			case "func":
				sc.funcDecl(t)
				continue
			}
		case t.kind == gtSemi:
			continue
		}
		sc.skipSpec(t, t, false) // not a declaration: go/parser skips it too
	}
}

// genDecl reads a declaration of one spec or of a parenthesised group of
// specs after its keyword. spec reads one spec from its first token and
// reports whether it ended at the group's closing parenthesis.
func (sc *goDeclScanner) genDecl(spec func(t goTok, inGroup bool) bool) {
	lx := &sc.lx
	t := lx.next()
	if t.kind != '(' {
		spec(t, false)
		return
	}
	for {
		t = lx.next()
		switch t.kind {
		case ')', gtEOF:
			return
		case gtSemi:
			continue
		}
		if spec(t, true) {
			return
		}
	}
}

// skipSpec reads tokens from t to the end of the spec (a semicolon, the
// group's closing parenthesis, or the end of the source), skipping
// bracketed groups whole. It returns the spec's last token (last, if the
// spec has no more tokens) and whether the group closed.
func (sc *goDeclScanner) skipSpec(t, last goTok, inGroup bool) (goTok, bool) {
	lx := &sc.lx
	for {
		switch t.kind {
		case gtSemi, gtEOF:
			return last, false
		case ')':
			if inGroup {
				return last, true
			}
		case '(', '[', '{':
			t = lx.group(t)
		}
		last = t
		t = lx.next()
	}
}

func (sc *goDeclScanner) importSpec(t goTok, inGroup bool) bool {
	lx := &sc.lx
	if t.kind == gtIdent || t.kind == '.' {
		t = lx.next()
	}
	if t.kind == gtString {
		lit := lx.text(t)
		if lit[0] == '`' && bytes.IndexByte(lit, '\r') >= 0 {
			lit = bytes.ReplaceAll(lit, []byte{'\r'}, nil) // as go/scanner does
		}
		if p, err := strconv.Unquote(string(lit)); err == nil {
			sc.imports = append(sc.imports, p)
		}
	}
	_, closed := sc.skipSpec(t, t, inGroup)
	return closed
}

func (sc *goDeclScanner) valueSpec(t goTok, inGroup bool, kind SymbolKind) bool {
	lx := &sc.lx
	var buf [8]Symbol
	syms := buf[:0]
	last := t
	for t.kind == gtIdent {
		if name := lx.text(t); isExportedName(name) {
			syms = append(syms, Symbol{Name: string(name), Kind: kind, Path: sc.path, Line: sc.lines.at(t.start), Exported: true})
		}
		last = t
		if t = lx.next(); t.kind != ',' {
			break
		}
		t = lx.next()
	}
	last, closed := sc.skipSpec(t, last, inGroup)
	if len(syms) > 0 {
		end := sc.lines.at(last.end)
		for _, s := range syms {
			s.EndLine = end
			sc.syms = append(sc.syms, s)
		}
	}
	return closed
}

func (sc *goDeclScanner) typeSpec(t goTok, inGroup bool) bool {
	lx := &sc.lx
	if t.kind != gtIdent {
		_, closed := sc.skipSpec(t, t, inGroup)
		return closed
	}
	name := t
	kind := KindType
	t = lx.next()
	switch {
	case t.kind == '[':
		group := lx.group(t)
		t = lx.next()
		switch {
		case lx.is(t, "interface"):
			if sc.typeParams(group) {
				kind = KindInterface
			}
		case t.kind == '=': // only a type parameter list may precede '='
			if t = lx.next(); lx.is(t, "interface") {
				kind = KindInterface
			}
		}
	case t.kind == '=':
		if t = lx.next(); lx.is(t, "interface") {
			kind = KindInterface
		}
	case lx.is(t, "interface"):
		kind = KindInterface
	}
	last, closed := sc.skipSpec(t, name, inGroup)
	if n := lx.text(name); isExportedName(n) {
		sc.syms = append(sc.syms, Symbol{Name: string(n), Kind: kind, Path: sc.path, Line: sc.lines.at(name.start), EndLine: sc.lines.at(last.end), Exported: true})
	}
	return closed
}

// typeParams reports whether the bracketed group after a type's name is a
// type parameter list rather than an array length, deciding as go/parser's
// parseTypeSpec does. Where that decision takes an expression ("[P *C]" is
// an array length, "[P *C,]" a type parameter), go/parser decides on the
// bracket alone, which is rare; if it cannot, the scan is marked unsure.
func (sc *goDeclScanner) typeParams(group goTok) bool {
	inner := goLexer{src: sc.lx.src, pos: group.start + 1}
	t0 := inner.next()
	if t0.kind != gtIdent {
		return false // "[]E", "[...]E", "[10]E": an array or slice
	}
	switch t1 := inner.next(); t1.kind {
	case ']':
		return false // "[N]E"
	case '[', ',', '~', gtIdent, gtKeyword, gtString, gtLit, gtDots, gtArrow, gtSemi:
		return true // "[P any]", "[P, Q any]", "[P []E]", "[P ~E]"
	}
	src := "package p;type T" + string(sc.lx.src[group.start:group.end]) + " interface{}"
	af, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if err == nil && len(af.Decls) == 1 {
		if d, ok := af.Decls[0].(*ast.GenDecl); ok && len(d.Specs) == 1 {
			if ts, ok := d.Specs[0].(*ast.TypeSpec); ok {
				return ts.TypeParams != nil
			}
		}
	}
	sc.unsure = true
	return false
}

func (sc *goDeclScanner) funcDecl(fn goTok) {
	lx := &sc.lx
	t := lx.next()
	method, recv := false, ""
	if t.kind == '(' {
		method, recv = sc.receiver()
		t = lx.next()
	}
	if t.kind != gtIdent {
		sc.skipSpec(t, t, false)
		return
	}
	name := t
	last, _ := sc.skipSpec(lx.next(), name, false)
	if n := lx.text(name); isExportedName(n) {
		s := Symbol{Name: string(n), Kind: KindFunc, Path: sc.path, Line: sc.lines.at(fn.start), EndLine: sc.lines.at(last.end), Exported: true}
		if method {
			s.Kind, s.Receiver = KindMethod, recv
		}
		sc.syms = append(sc.syms, s)
	}
}

// recvTok is a token of a receiver list at its top level: a nested group
// is one token, and a bracketed one counts its elements.
type recvTok struct {
	goTok
	elems int
}

// receiver reads a method's receiver list after its '(' and returns
// whether it has a parameter and the type name go/ast's first receiver
// field yields through receiverName. It follows go/parser's
// parseParameterList and parseParamDecl.
func (sc *goDeclScanner) receiver() (bool, string) {
	lx := &sc.lx
	var buf [16]recvTok
	toks := buf[:0]
	for {
		t := lx.next()
		if t.kind == ')' || t.kind == gtEOF {
			break
		}
		rt := recvTok{goTok: t}
		switch t.kind {
		case '[':
			rt.goTok, rt.elems = sc.bracketElems(t)
		case '(', '{':
			rt.goTok = lx.group(t)
		}
		toks = append(toks, rt)
	}
	type param struct {
		named, typed bool
		typ          string // what receiverName makes of the type
	}
	var list []param
	for len(toks) > 0 {
		e := toks
		toks = nil
		for i, t := range e {
			if t.kind == ',' {
				e, toks = e[:i], e[i+1:]
				break
			}
		}
		if len(e) == 0 {
			continue
		}
		var p param
		switch {
		case e[0].kind == gtIdent:
			switch {
			case len(e) == 1:
				p.named, p.typ = true, string(lx.text(e[0].goTok)) // a name, or a type if none is named
			case sc.startsType(e[1].goTok) && e[1].kind != '[':
				p.named, p.typed, p.typ = true, true, sc.typeName(e[1:])
			case e[1].kind == '[':
				if e[1].elems == 0 || e[1].elems == 1 && len(e) > 2 && sc.startsType(e[2].goTok) {
					p.named, p.typed = true, true // name []E, name [N]E
				} else {
					p.typed, p.typ = true, string(lx.text(e[0].goTok)) // T[P]
				}
			case e[1].kind == gtDots:
				p.named, p.typed = true, true
			case e[1].kind == '.':
				p.typed = true // pkg.T
			default:
				p.named, p.typ = true, string(lx.text(e[0].goTok))
			}
		case sc.startsType(e[0].goTok):
			p.typed, p.typ = true, sc.typeName(e)
		case e[0].kind == gtDots:
			p.typed = true
		default:
			continue // a syntax error: go/parser drops it
		}
		list = append(list, p)
	}
	if len(list) == 0 {
		return false, ""
	}
	named := false
	for _, p := range list {
		named = named || p.named && p.typed
	}
	if !named {
		return true, list[0].typ
	}
	for _, p := range list {
		if p.typed {
			return true, p.typ
		}
	}
	return true, ""
}

// bracketElems skips the bracketed group opened by t, counting its
// comma-separated elements (a trailing comma adds none).
func (sc *goDeclScanner) bracketElems(t goTok) (goTok, int) {
	lx := &sc.lx
	depth, elems, empty := 0, 0, true
	for {
		u := lx.next()
		switch u.kind {
		case gtEOF:
			return goTok{t.kind, t.start, u.end}, elems
		case '[', '(', '{':
			depth++
		case ']', ')', '}':
			if depth == 0 {
				if !empty {
					elems++
				}
				return goTok{t.kind, t.start, u.end}, elems
			}
			depth--
		case ',':
			if depth == 0 {
				if !empty {
					elems++
				}
				empty = true
				continue
			}
		}
		empty = false
	}
}

// startsType reports whether t can begin a type (go/parser's
// tryIdentOrType).
func (sc *goDeclScanner) startsType(t goTok) bool {
	switch t.kind {
	case gtIdent, '[', '(', '*', gtArrow:
		return true
	case gtKeyword:
		switch string(sc.lx.text(t)) {
		case "func", "chan", "map", "struct", "interface":
			return true
		}
	}
	return false
}

// typeName returns what receiverName gives for the type written as e:
// the name of a possibly pointed-to, possibly instantiated named type of
// this package, and "" otherwise.
func (sc *goDeclScanner) typeName(e []recvTok) string {
	for len(e) > 0 && e[0].kind == '*' {
		e = e[1:]
	}
	if len(e) == 0 || e[0].kind != gtIdent || len(e) > 1 && e[1].kind == '.' {
		return ""
	}
	return string(sc.lx.text(e[0].goTok))
}

// isExportedName is go/token.IsExported on bytes.
func isExportedName(name []byte) bool {
	if len(name) == 0 {
		return false
	}
	if c := name[0]; c < utf8.RuneSelf {
		return 'A' <= c && c <= 'Z'
	}
	r, _ := utf8.DecodeRune(name)
	return unicode.IsUpper(r)
}
