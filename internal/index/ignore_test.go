package index

import "testing"

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
		{dir: ".", gi: parseIgnore([]byte("*.gen.go\n"))},
		{dir: "pkg", gi: parseIgnore([]byte("!keep.gen.go\n/local\n"))},
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
