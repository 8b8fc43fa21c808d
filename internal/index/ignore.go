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
	prefix, suffix string      // globLiteral: prefix; globAffix: prefix*suffix
	pattern        string      // globMatch
	filter         *globFilter // globMatch: refuses most names before path.Match
}

// byteSet is a set of bytes.
type byteSet [4]uint64

func (b *byteSet) add(c byte)      { b[c>>6] |= 1 << (c & 63) }
func (b *byteSet) has(c byte) bool { return b[c>>6]&(1<<(c&63)) != 0 }

// globFilter holds what every name a path.Match pattern matches must
// have: a length in bytes within [min, max] and a first and last byte in
// the given sets (nil for any). It lets most names be refused without
// running path.Match.
type globFilter struct {
	min, max    int // max < 0: no bound
	first, last *byteSet
}

func (f *globFilter) refuses(name string) bool {
	return len(name) < f.min || f.max >= 0 && len(name) > f.max ||
		f.first != nil && (name == "" || !f.first.has(name[0])) ||
		f.last != nil && (name == "" || !f.last.has(name[len(name)-1]))
}

// newGlobFilter reads pattern as path.Match does, one atom at a time (a
// '*', a '?', a class, an escaped or plain byte); nil when it is
// malformed (path.Match then matches nothing anyway).
func newGlobFilter(pattern string) *globFilter {
	f := &globFilter{}
	var first, last *byteSet // nil for any
	atoms, stars := 0, 0
	for p := pattern; p != ""; {
		set, n := (*byteSet)(nil), 1 // the bytes the atom starts and ends with; its length at most
		switch p[0] {
		case '*':
			stars++
			if atoms == 0 {
				atoms = -1 // no first byte to require
			}
			last = nil
			p = p[1:]
			continue
		case '?':
			n = utf8.UTFMax
			p = p[1:]
		case '[':
			var ok bool
			if set, p, ok = readClass(p[1:]); !ok {
				return nil
			}
			if set == nil {
				n = utf8.UTFMax
			}
		case '\\':
			if len(p) < 2 {
				return nil
			}
			set = &byteSet{}
			set.add(p[1])
			p = p[2:]
		default:
			set = &byteSet{}
			set.add(p[0])
			p = p[1:]
		}
		if atoms == 0 {
			first = set
		}
		atoms = max(atoms, 0) + 1
		last = set
		f.min++
		f.max += n
	}
	f.first, f.last = first, last
	if stars > 0 {
		f.max = -1
	}
	return f
}

// readClass reads a class after its '[' as path.Match does: the set of
// the bytes it matches, nil when it may match a rune beyond ASCII (it is
// negated or names one), and the pattern after its ']'.
func readClass(p string) (set *byteSet, rest string, ok bool) {
	set = &byteSet{}
	if p != "" && p[0] == '^' {
		set = nil
		p = p[1:]
	}
	esc := func() (rune, bool) { // path.Match's getEsc
		if p == "" || p[0] == '-' || p[0] == ']' {
			return 0, false
		}
		if p[0] == '\\' {
			p = p[1:]
			if p == "" {
				return 0, false
			}
		}
		r, n := utf8.DecodeRuneInString(p)
		if r == utf8.RuneError && n == 1 {
			return 0, false
		}
		p = p[n:]
		return r, p != ""
	}
	for nrange := 0; ; nrange++ {
		if p != "" && p[0] == ']' && nrange > 0 {
			return set, p[1:], true
		}
		lo, ok := esc()
		if !ok {
			return nil, "", false
		}
		hi := lo
		if p[0] == '-' {
			p = p[1:]
			if hi, ok = esc(); !ok {
				return nil, "", false
			}
		}
		if set == nil || lo >= utf8.RuneSelf || hi >= utf8.RuneSelf {
			set = nil
			continue
		}
		for c := lo; c <= hi; c++ {
			set.add(byte(c))
		}
	}
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
	return glob{kind: globMatch, pattern: p, filter: newGlobFilter(p)}
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
	if g.filter != nil && g.filter.refuses(name) {
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
