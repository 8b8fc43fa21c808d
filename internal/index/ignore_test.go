package index

import (
	"path"
	"strings"
	"testing"
)

func TestIgnoreMatch(t *testing.T) {
	gi := parseIgnore([]byte(`# comment
*.log
!keep.log
/bundles/
build/
docs/**/*.tmp
/cmd/*.syso
**/cache
\#hash
tmp*
`))
	tests := []struct {
		rel    string
		dir    bool
		ignore bool
	}{
		{"a.log", false, true},
		{"x/y/a.log", false, true},
		{"keep.log", false, false},
		{"x/keep.log", false, false},
		{"bundles", true, true},
		{"x/bundles", true, false},
		{"bundles", false, false},
		{"build", true, true},
		{"x/build", true, true},
		{"build", false, false},
		{"docs/a/b/c.tmp", false, true},
		{"docs/c.tmp", false, true},
		{"src/c.tmp", false, false},
		{"cmd/a.syso", false, true},
		{"cmd/x/a.syso", false, false},
		{"a/b/cache", true, true},
		{"cache", false, true},
		{"#hash", false, true},
		{"main.go", false, false},
		{"x/tmpfile", false, true},
		{"atmp", false, false},
	}
	for _, tt := range tests {
		ign, _ := gi.match(tt.rel, tt.dir)
		if ign != tt.ignore {
			t.Errorf("match(%q, dir=%v) = %v, want %v", tt.rel, tt.dir, ign, tt.ignore)
		}
	}
}

func TestIgnoredNested(t *testing.T) {
	rules := []ignoreRule{
		{prefix: "", gi: parseIgnore([]byte("*.gen.go\n"))},
		{prefix: "pkg/", gi: parseIgnore([]byte("!keep.gen.go\n/local\n"))},
	}
	tests := map[string]bool{
		"a.gen.go":         true,
		"pkg/keep.gen.go":  false,
		"pkg/other.gen.go": true,
		"pkg/local":        true,
		"pkg/sub/local":    false,
		"local":            false,
	}
	for rel, want := range tests {
		if got := ignored(rules, rel, false); got != want {
			t.Errorf("ignored(%q) = %v, want %v", rel, got, want)
		}
	}
}

func FuzzParseIgnore(f *testing.F) {
	f.Add("*.log\n!a\n/b/\n**/c/**\n[a-\n", "x/y/a.log")
	f.Fuzz(func(t *testing.T, content, rel string) {
		gi := parseIgnore([]byte(content))
		gi.match(rel, false)
		gi.match(rel, true)
	})
}

// refIgnore is the plain matcher the compiled one replaced: every glob
// through path.Match, every anchored pattern split at each call. The
// fuzz test checks that both agree.
type refPattern struct {
	negate, dirOnly, anchored bool
	segs                      []string
	glob                      string
}

func refParse(data string) []refPattern {
	var out []refPattern
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimRight(line, " \t\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var p refPattern
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
		out = append(out, p)
	}
	return out
}

func refMatch(ps []refPattern, rel string, isDir bool) (ignore, ok bool) {
	base := path.Base(rel)
	var segs []string
	var match func(pat, p []string) bool
	match = func(pat, p []string) bool {
		for len(pat) > 0 {
			if pat[0] == "**" {
				for i := 0; i <= len(p); i++ {
					if match(pat[1:], p[i:]) {
						return true
					}
				}
				return false
			}
			if len(p) == 0 {
				return false
			}
			if ok, err := path.Match(pat[0], p[0]); err != nil || !ok {
				return false
			}
			pat, p = pat[1:], p[1:]
		}
		return len(p) == 0
	}
	for i := len(ps) - 1; i >= 0; i-- {
		p := ps[i]
		if p.dirOnly && !isDir {
			continue
		}
		var m bool
		if p.anchored {
			if segs == nil {
				segs = strings.Split(rel, "/")
			}
			m = match(p.segs, segs)
		} else {
			ok, err := path.Match(p.glob, base)
			m = err == nil && ok
		}
		if m {
			return !p.negate, true
		}
	}
	return false, false
}

func TestIgnoreGlobs(t *testing.T) {
	gi := parseIgnore([]byte(".*.swp\na*b\nx?z\n[ab]c\n\\*star\n**\n"))
	ref := refParse(".*.swp\na*b\nx?z\n[ab]c\n\\*star\n**\n")
	for _, rel := range []string{".a.swp", ".swp", "ab", "axxb", "ba", "xyz", "xz", "ac", "cc", "*star", "xstar", "p/q/r", "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t"} {
		for _, dir := range []bool{false, true} {
			gotI, gotOK := gi.match(rel, dir)
			wantI, wantOK := refMatch(ref, rel, dir)
			if gotI != wantI || gotOK != wantOK {
				t.Errorf("match(%q, %v) = %v %v, want %v %v", rel, dir, gotI, gotOK, wantI, wantOK)
			}
		}
	}
	deep := parseIgnore([]byte("a/**/b/*.go\n"))
	for rel, want := range map[string]bool{"a/b/x.go": true, "a/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17/b/x.go": true, "a/b/x.c": false, "b/x.go": false} {
		if got, _ := deep.match(rel, false); got != want {
			t.Errorf("a/**/b/*.go matches %q: %v, want %v", rel, got, want)
		}
	}
}

// FuzzIgnoreMatch checks the compiled matcher against the plain one.
func FuzzIgnoreMatch(f *testing.F) {
	f.Add("*.log\n!keep.log\n/bundles/\ndocs/**/*.tmp\n.*.swp\na*b\n[a-\n", "docs/x/y.tmp")
	f.Add("/cmd/*.syso\n**/cache\n\\#hash\ntmp*\n", "cmd/a.syso")
	f.Add("[._]*.s[a-w][a-z]\n*.[568vq]\n[a-]x\n\\*y\n[^a]b\n", ".x.swp")
	f.Fuzz(func(t *testing.T, content, rel string) {
		gi := parseIgnore([]byte(content))
		ref := refParse(content)
		if strings.Contains(content, "\x00") || len(ref) != len(gi.patterns) {
			return // the scanner and strings.Split disagree on odd line ends
		}
		for _, dir := range []bool{false, true} {
			gotI, gotOK := gi.match(rel, dir)
			wantI, wantOK := refMatch(ref, rel, dir)
			if gotI != wantI || gotOK != wantOK {
				t.Errorf("match(%q, %v) with %q = %v %v, want %v %v", rel, dir, content, gotI, gotOK, wantI, wantOK)
			}
		}
	})
}

// TestGlobFilter checks compiled globs, their filters included, against
// path.Match on awkward patterns and names.
func TestGlobFilter(t *testing.T) {
	patterns := []string{"[^a]b", "[a-c]?", `\[x]`, `[\]]a`, "[]a]", "[a-]", "?", "é*", "*é", "[é]", "x[!a]", "[a-z][0-9]", `a\`, `[\-]`,
		"[._]*.s[a-w][a-z]", "*.[568vq]", "[568vq].out", "[", "[a", "[a-", "[z-a]x", "?é?", "*?*", "a*b*c", `\*`, "[^é]", "[a-é]"}
	names := []string{"", "a", "ab", "éb", "b", "xb", "x", "[x]", "]a", "-", "a0", "z9", "é", "éé", "\xff", "x!", "xa", ".a.swp", ".x.sw",
		"a.6", "6.out", "q.out", "zx", "aéb", "abc", "axbxc", "*", "a.out", "[", "\xe9"}
	for _, p := range patterns {
		g := compileGlob(p)
		for _, name := range names {
			ok, err := path.Match(p, name)
			if want := ok && err == nil; g.match(name) != want {
				t.Errorf("%q matches %q: %v, path.Match says %v", p, name, !want, want)
			}
		}
	}
}

// FuzzGlob checks a compiled glob against path.Match.
func FuzzGlob(f *testing.F) {
	f.Add("[._]*.s[a-w][a-z]", ".a.swp")
	f.Add("[^a]?", "bé")
	f.Add(`\[x]*`, "[x]y")
	f.Fuzz(func(t *testing.T, pattern, name string) {
		if strings.Contains(name, "/") {
			return // names are base names and path segments
		}
		g := compileGlob(pattern)
		ok, err := path.Match(pattern, name)
		if want := ok && err == nil; g.match(name) != want {
			t.Errorf("%q matches %q: %v, path.Match says %v", pattern, name, !want, want)
		}
	})
}
