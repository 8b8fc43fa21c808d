package workspace

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file holds a small TOML reader, enough for the dependency tables of
// pyproject.toml and Cargo.toml. It reads the whole TOML syntax (tables,
// array tables, dotted and quoted keys, all four string forms, arrays and
// inline tables) but keeps numbers, booleans and dates as raw text, and it
// does not reject redefined keys. Unlike a full decoder it keeps document
// order and the line of every value, and it recovers after an error at the
// next line so that one bad line does not hide the rest of the file.

// tomlKind is the shape of a TOML value.
type tomlKind int

const (
	tomlString tomlKind = iota
	tomlArray
	tomlTable
	tomlScalar // number, boolean or date, kept as raw text in Str
)

// tomlValue is one parsed value.
type tomlValue struct {
	Kind   tomlKind
	Str    string      // tomlString: the decoded string; tomlScalar: the raw text
	Items  []tomlValue // tomlArray
	Fields []tomlField // tomlTable, in document order
	Line   int
}

// tomlField is one key/value pair of a table.
type tomlField struct {
	Key   []string // dotted keys have several parts
	Value tomlValue
	Line  int
}

// tomlEntry is one key/value line of a document with the table header it
// sits under.
type tomlEntry struct {
	Table      []string // nil for the root table
	ArrayTable bool     // the header was [[…]]
	Key        []string
	Value      tomlValue
	Line       int
}

// Path is the entry's full key: its table followed by its own key.
func (e tomlEntry) Path() []string {
	out := make([]string, 0, len(e.Table)+len(e.Key))
	return append(append(out, e.Table...), e.Key...)
}

// tomlError is a syntax error at a line.
type tomlError struct {
	Line int
	Msg  string
}

func (e *tomlError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

const (
	maxTOMLErrors = 10 // stop reading a file after this many errors
	maxTOMLDepth  = 64 // nesting of arrays and inline tables
)

type tomlParser struct {
	s   []byte
	pos int
	nl  []int // offsets of every '\n'
}

// parseTOML reads a document into its key/value entries, in document order.
// Syntax errors are returned with their lines; reading resumes at the next
// line after each.
func parseTOML(data []byte) ([]tomlEntry, []*tomlError) {
	p := &tomlParser{s: data}
	for i, c := range data {
		if c == '\n' {
			p.nl = append(p.nl, i)
		}
	}
	var (
		entries []tomlEntry
		errs    []*tomlError
		table   []string
		array   bool
	)
	for p.pos < len(p.s) && len(errs) < maxTOMLErrors {
		p.skipSpace()
		if p.pos >= len(p.s) {
			break
		}
		switch c := p.s[p.pos]; {
		case c == '\n':
			p.pos++
			continue
		case c == '\r' && p.peek(1) == '\n':
			p.pos += 2
			continue
		case c == '#':
			p.skipComment()
			continue
		case c == '[':
			t, arr, err := p.header()
			if err != nil {
				errs = append(errs, err)
				p.skipLine()
				continue
			}
			table, array = t, arr
		default:
			line := p.line(p.pos)
			key, err := p.key()
			if err == nil {
				err = p.expect('=')
			}
			var v tomlValue
			if err == nil {
				p.skipSpace()
				v, err = p.value(0)
			}
			if err != nil {
				errs = append(errs, err)
				p.skipLine()
				continue
			}
			entries = append(entries, tomlEntry{Table: table, ArrayTable: array, Key: key, Value: v, Line: line})
		}
		if err := p.endOfLine(); err != nil {
			errs = append(errs, err)
			p.skipLine()
		}
	}
	return entries, errs
}

func (p *tomlParser) line(off int) int { return sort.SearchInts(p.nl, off) + 1 }

func (p *tomlParser) errorf(format string, args ...any) *tomlError {
	return &tomlError{Line: p.line(p.pos), Msg: fmt.Sprintf(format, args...)}
}

func (p *tomlParser) peek(n int) byte {
	if p.pos+n < len(p.s) {
		return p.s[p.pos+n]
	}
	return 0
}

func (p *tomlParser) hasPrefix(s string) bool {
	return strings.HasPrefix(string(p.s[p.pos:min(len(p.s), p.pos+len(s))]), s)
}

// found describes the byte at the current position for error messages.
func (p *tomlParser) found() string {
	if p.pos >= len(p.s) {
		return "end of file"
	}
	r, _ := utf8.DecodeRune(p.s[p.pos:])
	if r == '\n' || r == '\r' {
		return "end of line"
	}
	return strconv.QuoteRune(r)
}

func (p *tomlParser) skipSpace() {
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t') {
		p.pos++
	}
}

// skipComment moves to the end of the line, leaving the newline.
func (p *tomlParser) skipComment() {
	for p.pos < len(p.s) && p.s[p.pos] != '\n' {
		p.pos++
	}
}

// skipLine moves past the next newline.
func (p *tomlParser) skipLine() {
	p.skipComment()
	if p.pos < len(p.s) {
		p.pos++
	}
}

// skipBlank skips white space, newlines and comments, as allowed inside
// arrays (and, leniently, inline tables).
func (p *tomlParser) skipBlank() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ' ', '\t', '\r', '\n':
			p.pos++
		case '#':
			p.skipComment()
		default:
			return
		}
	}
}

func (p *tomlParser) expect(c byte) *tomlError {
	p.skipSpace()
	if p.pos >= len(p.s) || p.s[p.pos] != c {
		return p.errorf("expected %q, found %s", c, p.found())
	}
	p.pos++
	return nil
}

// endOfLine accepts trailing white space and a comment before the newline.
func (p *tomlParser) endOfLine() *tomlError {
	p.skipSpace()
	if p.pos < len(p.s) && p.s[p.pos] == '#' {
		p.skipComment()
	}
	if p.pos >= len(p.s) || p.s[p.pos] == '\n' || (p.s[p.pos] == '\r' && p.peek(1) == '\n') {
		return nil
	}
	return p.errorf("unexpected %s after the value", p.found())
}

// header reads [table] or [[array.table]].
func (p *tomlParser) header() ([]string, bool, *tomlError) {
	p.pos++ // '['
	array := false
	if p.pos < len(p.s) && p.s[p.pos] == '[' {
		array = true
		p.pos++
	}
	key, err := p.key()
	if err != nil {
		return nil, false, err
	}
	if err := p.expect(']'); err != nil {
		return nil, false, err
	}
	if array {
		if p.pos >= len(p.s) || p.s[p.pos] != ']' {
			return nil, false, p.errorf("expected ]] to close the array table header")
		}
		p.pos++
	}
	return key, array, nil
}

// key reads a possibly dotted key.
func (p *tomlParser) key() ([]string, *tomlError) {
	var parts []string
	for {
		p.skipSpace()
		part, err := p.simpleKey()
		if err != nil {
			return nil, err
		}
		parts = append(parts, part)
		p.skipSpace()
		if p.pos < len(p.s) && p.s[p.pos] == '.' {
			p.pos++
			continue
		}
		return parts, nil
	}
}

func isBareKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

func (p *tomlParser) simpleKey() (string, *tomlError) {
	if p.pos >= len(p.s) {
		return "", p.errorf("expected a key, found end of file")
	}
	switch p.s[p.pos] {
	case '"':
		if p.hasPrefix(`"""`) {
			return "", p.errorf("a key cannot be a multi-line string")
		}
		return p.basicString()
	case '\'':
		if p.hasPrefix(`'''`) {
			return "", p.errorf("a key cannot be a multi-line string")
		}
		return p.literalString()
	}
	start := p.pos
	for p.pos < len(p.s) && isBareKeyChar(p.s[p.pos]) {
		p.pos++
	}
	if p.pos == start {
		return "", p.errorf("expected a key, found %s", p.found())
	}
	return string(p.s[start:p.pos]), nil
}

// value reads any value at the current position.
func (p *tomlParser) value(depth int) (tomlValue, *tomlError) {
	if depth > maxTOMLDepth {
		return tomlValue{}, p.errorf("values nested deeper than %d levels", maxTOMLDepth)
	}
	if p.pos >= len(p.s) {
		return tomlValue{}, p.errorf("expected a value, found end of file")
	}
	line := p.line(p.pos)
	var (
		s   string
		err *tomlError
	)
	switch p.s[p.pos] {
	case '"':
		if p.hasPrefix(`"""`) {
			s, err = p.multilineString('"')
		} else {
			s, err = p.basicString()
		}
		return tomlValue{Kind: tomlString, Str: s, Line: line}, err
	case '\'':
		if p.hasPrefix(`'''`) {
			s, err = p.multilineString('\'')
		} else {
			s, err = p.literalString()
		}
		return tomlValue{Kind: tomlString, Str: s, Line: line}, err
	case '[':
		return p.array(depth, line)
	case '{':
		return p.inlineTable(depth, line)
	}
	return p.scalar(line)
}

func (p *tomlParser) array(depth, line int) (tomlValue, *tomlError) {
	p.pos++ // '['
	v := tomlValue{Kind: tomlArray, Line: line}
	for {
		p.skipBlank()
		if p.pos >= len(p.s) {
			return v, &tomlError{Line: line, Msg: "array is never closed"}
		}
		if p.s[p.pos] == ']' {
			p.pos++
			return v, nil
		}
		item, err := p.value(depth + 1)
		if err != nil {
			return v, err
		}
		v.Items = append(v.Items, item)
		p.skipBlank()
		if p.pos >= len(p.s) {
			return v, &tomlError{Line: line, Msg: "array is never closed"}
		}
		switch p.s[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return v, nil
		default:
			return v, p.errorf("expected , or ] in array, found %s", p.found())
		}
	}
}

func (p *tomlParser) inlineTable(depth, line int) (tomlValue, *tomlError) {
	p.pos++ // '{'
	v := tomlValue{Kind: tomlTable, Line: line}
	for {
		p.skipBlank()
		if p.pos >= len(p.s) {
			return v, &tomlError{Line: line, Msg: "inline table is never closed"}
		}
		if p.s[p.pos] == '}' {
			p.pos++
			return v, nil
		}
		fline := p.line(p.pos)
		key, err := p.key()
		if err != nil {
			return v, err
		}
		if err := p.expect('='); err != nil {
			return v, err
		}
		p.skipSpace()
		fv, err := p.value(depth + 1)
		if err != nil {
			return v, err
		}
		v.Fields = append(v.Fields, tomlField{Key: key, Value: fv, Line: fline})
		p.skipBlank()
		if p.pos >= len(p.s) {
			return v, &tomlError{Line: line, Msg: "inline table is never closed"}
		}
		switch p.s[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return v, nil
		default:
			return v, p.errorf("expected , or } in inline table, found %s", p.found())
		}
	}
}

// scalar reads a number, boolean or date as raw text.
func (p *tomlParser) scalar(line int) (tomlValue, *tomlError) {
	start := p.pos
	for p.pos < len(p.s) && !strings.ContainsRune(",]}#\r\n", rune(p.s[p.pos])) {
		p.pos++
	}
	raw := strings.TrimRight(string(p.s[start:p.pos]), " \t")
	p.pos = start + len(raw)
	if raw == "" {
		return tomlValue{}, p.errorf("expected a value, found %s", p.found())
	}
	if !plausibleScalar(raw) {
		p.pos = start
		return tomlValue{}, p.errorf("invalid value %q (strings need quotes)", raw)
	}
	return tomlValue{Kind: tomlScalar, Str: raw, Line: line}, nil
}

// plausibleScalar accepts the shapes of TOML numbers, booleans and dates
// without checking them in detail.
func plausibleScalar(s string) bool {
	switch s {
	case "true", "false", "inf", "+inf", "-inf", "nan", "+nan", "-nan":
		return true
	}
	c := s[0]
	if !(c >= '0' && c <= '9' || c == '+' || c == '-') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isBareKeyChar(c) || c == '.' || c == ':' || c == '+' || c == ' ') {
			return false
		}
	}
	return true
}

// basicString reads "…" with escapes.
func (p *tomlParser) basicString() (string, *tomlError) {
	p.pos++ // '"'
	var b strings.Builder
	for {
		if p.pos >= len(p.s) || p.s[p.pos] == '\n' {
			return b.String(), p.errorf("string is never closed")
		}
		c := p.s[p.pos]
		switch c {
		case '"':
			p.pos++
			return b.String(), nil
		case '\\':
			if err := p.escape(&b); err != nil {
				return b.String(), err
			}
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
}

// escape decodes one backslash escape at the current position.
func (p *tomlParser) escape(b *strings.Builder) *tomlError {
	p.pos++ // '\\'
	if p.pos >= len(p.s) {
		return p.errorf("string is never closed")
	}
	c := p.s[p.pos]
	p.pos++
	switch c {
	case 'b':
		b.WriteByte('\b')
	case 't':
		b.WriteByte('\t')
	case 'n':
		b.WriteByte('\n')
	case 'f':
		b.WriteByte('\f')
	case 'r':
		b.WriteByte('\r')
	case 'e':
		b.WriteByte(0x1b)
	case '"', '\\':
		b.WriteByte(c)
	case 'x', 'u', 'U':
		n := 2
		if c == 'u' {
			n = 4
		} else if c == 'U' {
			n = 8
		}
		if p.pos+n > len(p.s) {
			return p.errorf("short \\%c escape", c)
		}
		code, err := strconv.ParseUint(string(p.s[p.pos:p.pos+n]), 16, 32)
		if err != nil || !utf8.ValidRune(rune(code)) {
			return p.errorf("invalid \\%c escape", c)
		}
		b.WriteRune(rune(code))
		p.pos += n
	default:
		p.pos--
		if c > ' ' && c < 0x7f {
			return p.errorf("invalid escape \\%c", c)
		}
		return p.errorf("invalid escape before %s", p.found())
	}
	return nil
}

// literalString reads '…' without escapes.
func (p *tomlParser) literalString() (string, *tomlError) {
	p.pos++ // '\''
	start := p.pos
	for p.pos < len(p.s) && p.s[p.pos] != '\'' && p.s[p.pos] != '\n' {
		p.pos++
	}
	if p.pos >= len(p.s) || p.s[p.pos] != '\'' {
		return string(p.s[start:p.pos]), p.errorf("string is never closed")
	}
	s := string(p.s[start:p.pos])
	p.pos++
	return s, nil
}

// multilineString reads """…""" (with escapes and line-ending backslashes)
// or ”'…”' (raw), both of which may span lines.
func (p *tomlParser) multilineString(q byte) (string, *tomlError) {
	startLine := p.line(p.pos)
	p.pos += 3
	// A newline right after the opening delimiter is trimmed.
	if p.hasPrefix("\r\n") {
		p.pos += 2
	} else if p.hasPrefix("\n") {
		p.pos++
	}
	var b strings.Builder
	for {
		if p.pos >= len(p.s) {
			return b.String(), &tomlError{Line: startLine, Msg: "multi-line string is never closed"}
		}
		c := p.s[p.pos]
		switch {
		case c == q:
			n := 0
			for p.pos+n < len(p.s) && p.s[p.pos+n] == q {
				n++
			}
			if n >= 3 {
				if n > 5 {
					return b.String(), p.errorf("too many quotes closing a multi-line string")
				}
				b.WriteString(strings.Repeat(string(q), n-3))
				p.pos += n
				return b.String(), nil
			}
			b.WriteString(strings.Repeat(string(q), n))
			p.pos += n
		case c == '\\' && q == '"':
			if p.lineEndingBackslash() {
				continue
			}
			if err := p.escape(&b); err != nil {
				return b.String(), err
			}
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
}

// lineEndingBackslash skips a backslash that ends a line, together with the
// white space and newlines after it, and reports whether it did.
func (p *tomlParser) lineEndingBackslash() bool {
	i := p.pos + 1
	for i < len(p.s) && (p.s[i] == ' ' || p.s[i] == '\t' || p.s[i] == '\r') {
		i++
	}
	if i >= len(p.s) || p.s[i] != '\n' {
		return false
	}
	for i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[i]) >= 0 {
		i++
	}
	p.pos = i
	return true
}

// field returns the value of a single-part key of a table value.
func (v tomlValue) field(name string) (tomlValue, bool) {
	for _, f := range v.Fields {
		if len(f.Key) == 1 && f.Key[0] == name {
			return f.Value, true
		}
	}
	return tomlValue{}, false
}

// stringField returns a string-valued field of a table value.
func (v tomlValue) stringField(name string) (string, bool) {
	f, ok := v.field(name)
	if !ok || f.Kind != tomlString {
		return "", false
	}
	return f.Str, true
}

// tomlChildren lists the direct children of the table at prefix in document
// order. A child written piecewise, through sub-table headers
// ([dependencies.serde]) or dotted keys (serde.version = "1"), is assembled
// into one table value. Entries under array tables are left out.
func tomlChildren(entries []tomlEntry, prefix []string) []tomlField {
	var out []tomlField
	index := map[string]int{}
	put := func(name string, rest []string, v tomlValue, line int) {
		i, ok := index[name]
		if !ok {
			i = len(out)
			index[name] = i
			out = append(out, tomlField{Key: []string{name}, Line: line})
			if len(rest) == 0 {
				out[i].Value = v
				return
			}
			out[i].Value = tomlValue{Kind: tomlTable, Line: line}
		}
		child := &out[i].Value
		if len(rest) == 0 {
			if child.Kind == tomlTable && v.Kind == tomlTable {
				child.Fields = append(child.Fields, v.Fields...)
			}
			return
		}
		if child.Kind != tomlTable {
			return // a key redefined as a table: keep the first definition
		}
		child.Fields = append(child.Fields, tomlField{Key: rest, Value: v, Line: line})
	}
	for _, e := range entries {
		if e.ArrayTable {
			continue
		}
		full := e.Path()
		if !hasPathPrefix(full, prefix) {
			continue
		}
		if len(full) == len(prefix) {
			// prefix = { a = …, b = … } written inline.
			if e.Value.Kind == tomlTable {
				for _, f := range e.Value.Fields {
					put(f.Key[0], f.Key[1:], f.Value, f.Line)
				}
			}
			continue
		}
		put(full[len(prefix)], full[len(prefix)+1:], e.Value, e.Line)
	}
	return out
}

// tomlLookup returns the value at a full key path, if one entry defines it
// whole.
func tomlLookup(entries []tomlEntry, path ...string) (tomlValue, bool) {
	if len(path) == 0 {
		return tomlValue{}, false
	}
	parent := path[:len(path)-1]
	for _, c := range tomlChildren(entries, parent) {
		if c.Key[0] == path[len(path)-1] {
			return c.Value, true
		}
	}
	return tomlValue{}, false
}

func hasPathPrefix(path, prefix []string) bool {
	if len(path) < len(prefix) {
		return false
	}
	for i := range prefix {
		if path[i] != prefix[i] {
			return false
		}
	}
	return true
}
