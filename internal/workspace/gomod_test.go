package workspace

import "testing"

func TestParseGoMod(t *testing.T) {
	runParserCases(t, "go.mod", parseGoMod, []parserCase{
		{
			name: "block and single line",
			in:   "module example.com/m\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.2.1\n\tgolang.org/x/text v0.14.0 // indirect\n)\n\nrequire github.com/google/uuid v1.6.0\n",
			deps: []string{"6 github.com/go-chi/chi/v5@v5.2.1", "10 github.com/google/uuid@v1.6.0"},
		},
		{
			name: "indirect with a reason and other comments",
			in:   "require (\n\ta.com/x v1.0.0 // indirect; needed by y\n\tb.com/y v1.1.0 // pinned for a bug\n)\n",
			deps: []string{"3 b.com/y@v1.1.0"},
		},
		{
			name: "quoted paths and a paren glued to the verb",
			in:   "require(\n\t\"a.com/q\" v0.1.0\n\t`b.com/r` v0.2.0\n)\n",
			deps: []string{"2 a.com/q@v0.1.0", "3 b.com/r@v0.2.0"},
		},
		{
			name: "replace, exclude, retract and tool blocks are not requirements",
			in:   "replace (\n\ta.com/x => ../x\n)\nexclude a.com/y v1.0.0\nretract (\n\tv1.0.1\n)\ntool golang.org/x/tools/cmd/stringer\nrequire a.com/z v1.2.3\n",
			deps: []string{"9 a.com/z@v1.2.3"},
		},
		{
			name: "pseudo-version and +incompatible",
			in:   "require (\n\ta.com/p v0.0.0-20240101000000-abcdef123456\n\ta.com/q v2.0.0+incompatible\n)\n",
			deps: []string{"2 a.com/p@v0.0.0-20240101000000-abcdef123456", "3 a.com/q@v2.0.0+incompatible"},
		},
		{name: "empty", in: ""},
		{
			name: "CRLF line endings",
			in:   "module m\r\nrequire (\r\n\ta.com/x v1.0.0\r\n)\r\n",
			deps: []string{"3 a.com/x@v1.0.0"},
		},
		{
			name: "missing version",
			in:   "require (\n\ta.com/ok v1.0.0\n\ta.com/broken\n)\n",
			deps: []string{"2 a.com/ok@v1.0.0"},
			warn: []string{"go.mod:3: require wants a module path and a version"},
		},
		{
			name: "version without v",
			in:   "require a.com/x 1.0.0\n",
			warn: []string{`go.mod:1: version "1.0.0" of a.com/x does not start with v`},
		},
		{
			name: "block never closed",
			in:   "module m\n\nrequire (\n\ta.com/x v1.0.0\n",
			deps: []string{"4 a.com/x@v1.0.0"},
			warn: []string{"go.mod:3: require block is never closed"},
		},
		{
			name: "stray closing paren",
			in:   "require a.com/x v1.0.0\n)\n",
			deps: []string{"1 a.com/x@v1.0.0"},
			warn: []string{"go.mod:2: unexpected ) outside a block"},
		},
		{
			name: "unterminated quote",
			in:   "require (\n\t\"a.com/x v1.0.0\n)\n",
			warn: []string{"go.mod:2: unterminated quoted string"},
		},
	})
}

func TestGoModTokens(t *testing.T) {
	toks, comment, err := goModTokens(`require "a b.com/x" v1.0.0 // indirect`)
	if err != nil || len(toks) != 3 || toks[1] != "a b.com/x" || comment != " indirect" {
		t.Fatalf("got %q %q %v", toks, comment, err)
	}
	if _, _, err := goModTokens("\"\\q\""); err == nil {
		t.Fatal("invalid escape accepted")
	}
}
