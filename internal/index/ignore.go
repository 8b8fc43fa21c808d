package index

import (
	"bufio"
	"bytes"
	"os"
	"path"
	"strings"
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
	segs     []string // anchored: the pattern split at '/'
	glob     string   // not anchored: matched against the base name
}

// parseIgnore parses gitignore content.
func parseIgnore(data []byte) *ignoreFile {
	gi := &ignoreFile{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
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
			p.segs = strings.Split(strings.TrimPrefix(line, "/"), "/")
		} else {
			p.glob = line
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
	var segs []string
	for i := len(gi.patterns) - 1; i >= 0; i-- {
		p := &gi.patterns[i]
		if p.dirOnly && !isDir {
			continue
		}
		var m bool
		if p.anchored {
			if segs == nil {
				segs = strings.Split(rel, "/")
			}
			m = matchSegments(p.segs, segs)
		} else {
			m = globMatch(p.glob, base)
		}
		if m {
			return !p.negate, true
		}
	}
	return false, false
}

func globMatch(pattern, name string) bool {
	if !strings.ContainsAny(pattern, `*?[\`) {
		return pattern == name
	}
	// "*.ext" and "prefix*", the most common forms, without path.Match.
	if rest := pattern[1:]; pattern[0] == '*' && !strings.ContainsAny(rest, `*?[\`) {
		return strings.HasSuffix(name, rest)
	}
	if head := pattern[:len(pattern)-1]; pattern[len(pattern)-1] == '*' && !strings.ContainsAny(head, `*?[\`) {
		return strings.HasPrefix(name, head)
	}
	ok, err := path.Match(pattern, name)
	return err == nil && ok
}

// matchSegments matches path segments against pattern segments, where a
// "**" segment matches any number of path segments (zero included).
func matchSegments(pat, p []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(p); i++ {
				if matchSegments(pat[1:], p[i:]) {
					return true
				}
			}
			return false
		}
		if len(p) == 0 || !globMatch(pat[0], p[0]) {
			return false
		}
		pat, p = pat[1:], p[1:]
	}
	return len(p) == 0
}
