package index

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// diffBlanked describes how extractGo's declarations of Go source differ
// from those of parsing the source as it is, full and short ("" when
// they do not), and reports whether the bodies were blanked at all.
func diffBlanked(path string, data []byte) (diff string, blanked bool) {
	var buf []byte
	_, blanked = blankFuncBodies(data, &buf)
	var b strings.Builder
	for _, full := range []bool{true, false} {
		want := &File{Path: path, Language: "Go"}
		parseGoDecls(want, data, full, false)
		got := &File{Path: path, Language: "Go"}
		extractGo(got, data, full)
		if want.Package != got.Package {
			fmt.Fprintf(&b, "full=%v package: ast %q, blanked %q\n", full, want.Package, got.Package)
		}
		if !slices.Equal(want.Imports, got.Imports) {
			fmt.Fprintf(&b, "full=%v imports: ast %q, blanked %q\n", full, want.Imports, got.Imports)
		}
		if !slices.Equal(want.Symbols, got.Symbols) {
			for i := range max(len(want.Symbols), len(got.Symbols)) {
				var w, g Symbol
				if i < len(want.Symbols) {
					w = want.Symbols[i]
				}
				if i < len(got.Symbols) {
					g = got.Symbols[i]
				}
				if w != g {
					fmt.Fprintf(&b, "full=%v symbol %d: ast %+v\n          blanked %+v\n", full, i, w, g)
				}
			}
		}
	}
	return b.String(), blanked
}

// TestBlankBodiesMatchesAST holds the parse of blanked bodies to the full
// parse on the declaration scanner's fixtures and on cases around bodies.
func TestBlankBodiesMatchesAST(t *testing.T) {
	paths, err := filepath.Glob("testdata/gofast/*.go.txt")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	srcs := map[string]string{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		srcs[filepath.Base(p)] = string(data)
	}
	for name, src := range blankCases {
		srcs[name] = src
	}
	for name, src := range srcs {
		t.Run(name, func(t *testing.T) {
			if d, _ := diffBlanked("f.go", []byte(src)); d != "" {
				t.Errorf("differs:\n%s", d)
			}
		})
	}
	for _, name := range []string{"struct-result", "func-result", "generic", "literal-var"} {
		var buf []byte
		out, ok := blankFuncBodies([]byte(blankCases[name]), &buf)
		if !ok || strings.Contains(string(out), "BODY") {
			t.Errorf("%s: bodies not blanked (ok=%v):\n%s", name, ok, out)
		}
	}
	var buf []byte
	if _, ok := blankFuncBodies([]byte(blankCases["directive"]), &buf); ok {
		t.Errorf("a //line directive must leave the source as it is")
	}
	// The one known difference: a syntax error inside a body no longer
	// throws the parser off the declarations that follow it.
	f := &File{Path: "f.go", Language: "Go"}
	extractGo(f, []byte("package p\n\nfunc F() {\n\tx := := 1\n}\n\nfunc G() {}\n"), true)
	if len(f.Symbols) != 2 || f.Symbols[0].EndLine != 5 || f.Symbols[1].Name != "G" {
		t.Errorf("bad body: symbols %+v, want F (lines 3-5) and G", f.Symbols)
	}
}

var blankCases = map[string]string{
	"struct-result": "package p\n\n// F does.\nfunc F() struct{ A int } { x := 1 /* BODY */; return struct{ A int }{x} }\n\nfunc G() interface{ M() } {\n\t// BODY\n\treturn nil\n}\n",
	"func-result":   "package p\n\nfunc F() func() int {\n\treturn func() int { return 1 } // BODY\n}\n\nfunc (r *T) M(a, b int) (c int, err error) {\n\t/* BODY } */ s := \"}BODY\"; _ = `}` + '}'\n\treturn\n}\n",
	"generic":       "package p\n\nfunc Map[K comparable, V any](m map[K]V, f func(V) V) map[K]V {\n\tfor k, v := range m { m[k] = f(v) } // BODY\n\treturn m\n}\n\ntype T[P any] struct{ p P }\n\nfunc (t T[P]) Get() P { return t.p /* BODY */ }\n",
	"literal-var":   "package p\n\nvar X = func() int { return 1 }()\n\nfunc asm(x int) int\n\nfunc F() {\n\tif true { /* BODY */ }\n}\n\nconst C = 1\n",
	"directive":     "package p\n\nfunc F() {\n//line other.go:100\n}\n\nfunc G() {}\n",
	"unclosed":      "package p\n\nfunc F() {\n\tif x { }\n",
	"bad-header":    "package p\n\nfunc F( {\n}\n\nfunc G() {}\n",
	"comments":      "package p\n\n// F is\n// documented.\nfunc F( /* in header */ a int) /* after */ { // body\n\t// BODY\n}\n\n/* G too */\nfunc G() (int) { return 1 }\n",
	"crlf":          "package p\r\n\r\nfunc F() {\r\n\treturn\r\n}\r\n\r\n// G.\r\nfunc G(a,\r\n\tb int) {\r\n}\r\n",
}

// FuzzBlankBodies checks that emptying bodies never panics, keeps the
// lines of the source and takes out bytes only, never newlines, and, on
// source that go/parser accepts, gives the declarations of the full parse.
func FuzzBlankBodies(f *testing.F) {
	paths, _ := filepath.Glob("testdata/gofast/*.go.txt")
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	for _, src := range blankCases {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var buf []byte
		out, ok := blankFuncBodies(data, &buf)
		if ok {
			// out is data less some bytes, none of them a newline.
			k := 0
			for i := range data {
				if k < len(out) && out[k] == data[i] {
					k++
				} else if data[i] == '\n' {
					t.Fatalf("newline at %d dropped:\n%q\n%q", i, data, out)
				}
			}
			if k != len(out) {
				t.Fatalf("not a subsequence:\n%q\n%q", data, out)
			}
		}
		var probe File
		if !parseGoDecls(&probe, data, true, true) {
			return // the full parse has errors: blanking may recover more
		}
		if d, _ := diffBlanked("f.go", data); d != "" {
			t.Errorf("differs on %q:\n%s", data, d)
		}
	})
}

// TestBlankBodiesTree compares the parse of blanked bodies with the full
// parse on every .go file under $GROUNDPLAN_BENCH_TREE, vendored ones
// included (skipped when unset).
func TestBlankBodiesTree(t *testing.T) {
	tree := os.Getenv("GROUNDPLAN_BENCH_TREE")
	if tree == "" {
		t.Skip("GROUNDPLAN_BENCH_TREE not set")
	}
	files, blanked, bad := 0, 0, 0
	filepath.WalkDir(tree, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		files++
		var probe File
		if !parseGoDecls(&probe, data, true, true) {
			bad++
		}
		diff, b := diffBlanked(p, data)
		if b {
			blanked++
		}
		if diff != "" {
			t.Errorf("%s differs:\n%s", p, diff)
		}
		return nil
	})
	t.Logf("%d .go files, %d blanked, %d with syntax errors", files, blanked, bad)
	if files == 0 {
		t.Errorf("no .go files under %s", tree)
	}
}

// BenchmarkExtractGo times extractGo and the parse of the source as it is
// over the project (not vendored) .go files of $GROUNDPLAN_BENCH_TREE
// (skipped when unset).
func BenchmarkExtractGo(b *testing.B) {
	tree := os.Getenv("GROUNDPLAN_BENCH_TREE")
	if tree == "" {
		b.Skip("GROUNDPLAN_BENCH_TREE not set")
	}
	var srcs [][]byte
	size := 0
	filepath.WalkDir(tree, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == "vendor" {
			return filepath.SkipDir
		}
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			if data, err := os.ReadFile(p); err == nil {
				srcs = append(srcs, data)
				size += len(data)
			}
		}
		return nil
	})
	b.Run("emptied", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, data := range srcs {
				extractGo(&File{Path: "f.go"}, data, true)
			}
		}
	})
	b.Run("as-is", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, data := range srcs {
				parseGoDecls(&File{Path: "f.go"}, data, true, false)
			}
		}
	})
}
