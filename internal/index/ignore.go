package index

import (
	"bufio"
	"bytes"
	"os"
	"path"
	"strings"
	"unicode/utf8"
)

// ignoreFile is the parsed content of one .gitignore (or .ignore) file.
// Patterns follow gitignore(5): blank lines and # comments are skipped, a
// leading ! re-includes, a trailing / matches directories only, a pattern
// with a slash before its end is anchored to the file's directory, and
// * ? [..] and ** glob. The last matching pattern decides.
type ignoreFile struct {
	patterns []ignorePattern
}

type ignorePattern struct {
	negate   bool
	dirOnly  bool
	anchored bool
	deep     bool   // anchored, with a "**" segment
	segs     []glob // anchored: the pattern split at '/'
	glob     glob   // not anchored: matched against the base name
}

// glob is one compiled segment of a pattern. The common forms (a literal
// name, "*.ext", "prefix*", "a*b") are matched with string comparisons;
// the rest with path.Match.
type glob struct {
	kind           globKind
	prefix, suffix string   // globLiteral: prefix; globAffix: prefix*suffix
	pattern        string   // globMatch
	first          *byteSet // globMatch: the bytes a match can start with; nil for any
}

// byteSet is a set of bytes.
type byteSet [4]uint64

func (b *byteSet) add(c byte)      { b[c>>6] |= 1 << (c & 63) }
func (b *byteSet) has(c byte) bool { return b[c>>6]&(1<<(c&63)) != 0 }
func (b *byteSet) addRange(lo, hi byte) {
	for c := int(lo); c <= int(hi); c++ {
		b.add(byte(c))
	}
}

// firstBytes returns the bytes a name matching pattern (as path.Match
// reads it) can start with, or nil when it cannot tell.
func firstBytes(pattern string) *byteSet {
	var set byteSet
	switch {
	case pattern == "":
		return nil
	case pattern[0] == '\\':
		if len(pattern) < 2 || pattern[1] >= utf8.RuneSelf {
			return nil
		}
		set.add(pattern[1])
	case pattern[0] == '[':
		class := pattern[1:]
		end := strings.IndexByte(class, ']')
		if end <= 0 || strings.ContainsAny(class[:end], "\\^") {
			return nil // empty, unclosed, escaped or negated: any
		}
		class = class[:end]
		for i := 0; i < len(class); i++ {
			c := class[i]
			if c >= utf8.RuneSelf {
				return nil
			}
			if i+2 < len(class) && class[i+1] == '-' {
				if class[i+2] >= utf8.RuneSelf || class[i+2] < c {
					return nil
				}
				set.addRange(c, class[i+2])
				i += 2
				continue
			}
			set.add(c)
		}
	case pattern[0] == '*' || pattern[0] == '?' || pattern[0] >= utf8.RuneSelf:
		return nil
	default:
		set.add(pattern[0])
	}
	return &set
}

type globKind uint8

const (
	globLiteral globKind = iota
	globAffix
	globMatch
	globDeep // a "**" segment of an anchored pattern
)

func compileGlob(p string) glob {
	if !strings.ContainsAny(p, `*?[\`) {
		return glob{kind: globLiteral, prefix: p}
	}
	if i := strings.IndexByte(p, '*'); i >= 0 && !strings.ContainsAny(p[:i], `*?[\`) && !strings.ContainsAny(p[i+1:], `*?[\`) {
		return glob{kind: globAffix, prefix: p[:i], suffix: p[i+1:]}
	}
	return glob{kind: globMatch, pattern: p, first: firstBytes(p)}
}

// match reports whether a name (one path segment) matches.
func (g *glob) match(name string) bool {
	switch g.kind {
	case globLiteral:
		return name == g.prefix
	case globAffix:
		// '*' matches no '/', as in path.Match.
		return len(name) >= len(g.prefix)+len(g.suffix) && strings.HasPrefix(name, g.prefix) && strings.HasSuffix(name, g.suffix) &&
			strings.IndexByte(name[len(g.prefix):len(name)-len(g.suffix)], '/') < 0
	}
	if g.first != nil && name != "" && !g.first.has(name[0]) {
		return false
	}
	ok, err := path.Match(g.pattern, name)
	return err == nil && ok
}

// parseIgnore parses gitignore content.
func parseIgnore(data []byte) *ignoreFile {
	gi := &ignoreFile{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, min(len(data)+1, 64<<10)), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " \t\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var p ignorePattern
		if strings.HasPrefix(line, "!") {
			p.negate = true
			line = line[1:]
		} else if strings.HasPrefix(line, `\!`) || strings.HasPrefix(line, `\#`) {
			line = line[1:]
		}
		if strings.HasSuffix(line, "/") {
			p.dirOnly = true
			line = strings.TrimRight(line, "/")
		}
		if line == "" {
			continue
		}
		if strings.Contains(line, "/") {
			p.anchored = true
			for _, s := range strings.Split(strings.TrimPrefix(line, "/"), "/") {
				g := compileGlob(s)
				if s == "**" {
					g, p.deep = glob{kind: globDeep}, true
				}
				p.segs = append(p.segs, g)
			}
		} else {
			p.glob = compileGlob(line)
		}
		gi.patterns = append(gi.patterns, p)
	}
	return gi
}

// readIgnoreFile parses the ignore file at name, or returns nil.
func readIgnoreFile(name string) *ignoreFile {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	gi := parseIgnore(data)
	if len(gi.patterns) == 0 {
		return nil
	}
	return gi
}

// match reports whether rel (relative to the ignore file's directory)
// matches, and whether the matching pattern ignores (true) or re-includes
// (false) it; ok is false when no pattern matches.
func (gi *ignoreFile) match(rel string, isDir bool) (ignore, ok bool) {
	base := path.Base(rel)
	var buf [16]string // the segments of rel, split once when needed
	var segs []string
	for i := len(gi.patterns) - 1; i >= 0; i-- {
		p := &gi.patterns[i]
		if p.dirOnly && !isDir {
			continue
		}
		var m bool
		if p.anchored {
			if segs == nil {
				segs = splitPath(buf[:0], rel)
			}
			m = (p.deep || len(p.segs) == len(segs)) && matchSegments(p.segs, segs)
		} else {
			m = p.glob.match(base)
		}
		if m {
			return !p.negate, true
		}
	}
	return false, false
}

// splitPath appends the segments of a slash-separated path to dst.
func splitPath(dst []string, rel string) []string {
	for {
		i := strings.IndexByte(rel, '/')
		if i < 0 {
			return append(dst, rel)
		}
		dst = append(dst, rel[:i])
		rel = rel[i+1:]
	}
}

// matchSegments matches path segments against pattern segments, where a
// "**" segment matches any number of path segments (zero included).
func matchSegments(pat []glob, p []string) bool {
	for len(pat) > 0 {
		if pat[0].kind == globDeep {
			for i := 0; i <= len(p); i++ {
				if matchSegments(pat[1:], p[i:]) {
					return true
				}
			}
			return false
		}
		if len(p) == 0 || !pat[0].match(p[0]) {
			return false
		}
		pat, p = pat[1:], p[1:]
	}
	return len(p) == 0
}
