package prompt

import (
	"regexp"
	"strings"
)

// Placeholder is one {{name}} in a template body.
type Placeholder struct {
	Name string
	Line int // line in the template source
}

// Include is one @path in a template body.
type Include struct {
	Path     string // as written, without the '@' (and '?')
	Optional bool   // written @?path
	Line     int    // line in the template source
}

type segKind int

const (
	segText segKind = iota
	segVar
	segInclude
)

// segment is one piece of a scanned body.
type segment struct {
	kind     segKind
	text     string // literal text, variable name or include path
	optional bool   // optional include
	line     int    // 1-based line in the body
}

var (
	placeholderRe = regexp.MustCompile(`^\{\{[ \t]*([A-Za-z_][A-Za-z0-9_.\-]*)[ \t]*\}\}`)
	wholeIncRe    = regexp.MustCompile(`^[ \t]*@(\??)([A-Za-z0-9._/\-]+)[ \t]*$`)
	fenceRe       = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})(.*)$")
)

// isPathByte reports whether c may appear in an include path.
func isPathByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '.' || c == '_' || c == '/' || c == '-'
}

// includePath validates the path characters that follow an '@' (after the
// optional '?'): trailing dots are punctuation, and a path must hold a '/'
// or a '.'.
func includePath(raw string) (string, bool) {
	p := strings.TrimRight(raw, ".")
	if p == "" || !strings.ContainsAny(p, "/.") {
		return "", false
	}
	return p, true
}

// matchInclude looks for an include token at s[0] == '@'. It returns the
// path, whether it is optional and the token's length.
func matchInclude(s string) (path string, optional bool, n int, ok bool) {
	if s == "" || s[0] != '@' {
		return "", false, 0, false
	}
	i := 1
	if i < len(s) && s[i] == '?' {
		optional = true
		i++
	}
	j := i
	for j < len(s) && isPathByte(s[j]) {
		j++
	}
	raw := s[i:j]
	p, ok := includePath(raw)
	if !ok {
		return "", false, 0, false
	}
	return p, optional, i + len(p), true
}

// fence tracks fenced code blocks line by line.
type fence struct {
	char  byte
	count int
}

// step reports whether line is part of a fenced code block (including its
// delimiters) and updates the state.
func (f *fence) step(line string) bool {
	m := fenceRe.FindStringSubmatch(line)
	if f.count == 0 {
		if m == nil {
			return false
		}
		if m[1][0] == '`' && strings.Contains(m[2], "`") {
			return false // not a fence: backtick info strings cannot hold backticks
		}
		f.char, f.count = m[1][0], len(m[1])
		return true
	}
	if m != nil && m[1][0] == f.char && len(m[1]) >= f.count && strings.TrimSpace(m[2]) == "" {
		f.count = 0
	}
	return true
}

// scan splits a body into text, placeholders and includes.
func scan(body string) []segment {
	var segs []segment
	var text strings.Builder
	textLine := 1
	flush := func() {
		if text.Len() > 0 {
			segs = append(segs, segment{kind: segText, text: text.String(), line: textLine})
			text.Reset()
		}
	}
	emit := func(s segment) {
		flush()
		segs = append(segs, s)
	}
	var f fence
	lines := strings.SplitAfter(body, "\n")
	for i, ln := range lines {
		lineNo := i + 1
		if text.Len() == 0 {
			textLine = lineNo
		}
		content, hasNL := strings.CutSuffix(ln, "\n")
		inFence := f.step(content)
		if m := wholeIncRe.FindStringSubmatch(content); m != nil && !inFence {
			if p, ok := includePath(m[2]); ok {
				emit(segment{kind: segInclude, text: p, optional: m[1] == "?", line: lineNo})
				if hasNL {
					text.WriteByte('\n')
					textLine = lineNo
				}
				continue
			}
		}
		for j := 0; j < len(content); {
			rest := content[j:]
			switch {
			case strings.HasPrefix(rest, `\{{`):
				text.WriteString("{{")
				j += 3
				continue
			case strings.HasPrefix(rest, "{{"):
				if m := placeholderRe.FindStringSubmatch(rest); m != nil {
					emit(segment{kind: segVar, text: m[1], line: lineNo})
					textLine = lineNo
					j += len(m[0])
					continue
				}
			case !inFence && (j == 0 || isSpace(content[j-1])):
				if strings.HasPrefix(rest, `\@`) {
					if _, _, n, ok := matchInclude(rest[1:]); ok {
						text.WriteString(rest[1 : 1+n])
						j += 1 + n
						continue
					}
				}
				if p, opt, n, ok := matchInclude(rest); ok {
					emit(segment{kind: segInclude, text: p, optional: opt, line: lineNo})
					textLine = lineNo
					j += n
					continue
				}
			}
			text.WriteByte(content[j])
			j++
		}
		if hasNL {
			text.WriteByte('\n')
		}
	}
	flush()
	return segs
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// Placeholders returns every {{name}} in the body, in order, with its line
// in the template source.
func (t *Template) Placeholders() []Placeholder {
	var out []Placeholder
	for _, s := range scan(t.Body) {
		if s.kind == segVar {
			out = append(out, Placeholder{Name: s.text, Line: t.srcLine(s.line)})
		}
	}
	return out
}

// Includes returns every @path in the body, in order, with its line in the
// template source.
func (t *Template) Includes() []Include {
	var out []Include
	for _, s := range scan(t.Body) {
		if s.kind == segInclude {
			out = append(out, Include{Path: s.text, Optional: s.optional, Line: t.srcLine(s.line)})
		}
	}
	return out
}

// srcLine converts a body line to a source line.
func (t *Template) srcLine(bodyLine int) int {
	if t.BodyLine < 1 {
		return bodyLine
	}
	return bodyLine + t.BodyLine - 1
}
