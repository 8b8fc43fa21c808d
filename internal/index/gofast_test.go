package index

import (
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// goExportedAST is what the go/ast path keeps of a third-party Go file:
// extractGo's declarations, exported only, without signatures or docs.
func goExportedAST(path string, data []byte) *File {
	f := &File{Path: path, Language: "Go"}
	extractGo(f, data, true)
	f.Symbols = slices.DeleteFunc(f.Symbols, func(s Symbol) bool { return !s.Exported })
	for k := range f.Symbols {
		f.Symbols[k].Signature, f.Symbols[k].Doc = "", ""
	}
	return f
}

// goExportedFast is what the declaration scanner gives; ok is false when
// it leaves the file to go/parser.
func goExportedFast(path string, data []byte) (f *File, ok bool) {
	f = &File{Path: path, Language: "Go"}
	ok = extractGoExported(f, data)
	return f, ok
}

// diffGoExported describes how two extractions differ, or returns "".
func diffGoExported(want, got *File) string {
	var b strings.Builder
	if want.Package != got.Package {
		fmt.Fprintf(&b, "package: ast %q, fast %q\n", want.Package, got.Package)
	}
	if !slices.Equal(want.Imports, got.Imports) {
		fmt.Fprintf(&b, "imports: ast %q, fast %q\n", want.Imports, got.Imports)
	}
	n := max(len(want.Symbols), len(got.Symbols))
	for i := range n {
		var w, g Symbol
		if i < len(want.Symbols) {
			w = want.Symbols[i]
		}
		if i < len(got.Symbols) {
			g = got.Symbols[i]
		}
		if w != g {
			fmt.Fprintf(&b, "symbol %d: ast %+v\n          fast %+v\n", i, w, g)
		}
	}
	return b.String()
}

// TestGoFastMatchesAST holds the declaration scanner to the go/ast path on
// fixtures full of what trips a line-based scanner. Fixtures named
// *_fallback.go.txt are ones the scanner must leave to go/parser.
func TestGoFastMatchesAST(t *testing.T) {
	paths, err := filepath.Glob("testdata/gofast/*.go.txt")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := parser.ParseFile(token.NewFileSet(), p, data, parser.ParseComments); err != nil {
				t.Fatalf("fixture is not valid Go: %v", err)
			}
			want := goExportedAST(p, data)
			got, ok := goExportedFast(p, data)
			if fallback := strings.HasSuffix(p, "_fallback.go.txt"); ok == fallback {
				t.Fatalf("scanner ok = %v, want %v", ok, !fallback)
			}
			if !ok {
				got = &File{Path: p, Language: "Go"}
				extractVendoredGo(got, data, true)
			}
			if len(want.Symbols) == 0 {
				t.Fatal("fixture has no exported symbols")
			}
			if d := diffGoExported(want, got); d != "" {
				t.Error(d)
			}
		})
	}
}

// TestGoFastCases checks the scanner against go/parser on small sources
// and that it yields the symbols expected.
func TestGoFastCases(t *testing.T) {
	cases := []struct {
		src  string
		want string // kind qualified-name Lline-endline, one per symbol
	}{
		{"package p\nfunc (r *T[K, V]) M() {}\n", "method T.M L2-2"},
		{"package p\nfunc (T[K]) M() {}\n", "method T.M L2-2"},
		{"package p\nfunc (t pkg.T) M() {}\n", "method M L2-2"},
		{"package p\nfunc (t *pkg.T[int]) M() {}\n", "method M L2-2"},
		{"package p\nfunc (t [2]T) M() {}\n", "method M L2-2"},
		{"package p\nfunc (t []T) M() {}\n", "method M L2-2"},
		{"package p\nfunc (a, b T) M() {}\n", "method T.M L2-2"},
		{"package p\nfunc (T, U) M() {}\n", "method T.M L2-2"},
		{"package p\nfunc (**T) M() {}\n", "method T.M L2-2"},
		{"package p\nfunc (t T[K,]) M() {}\n", "method T.M L2-2"},
		{"package p\nfunc (T[K,]) M() {}\n", "method T.M L2-2"},
		{"package p\nfunc (t T[struct{ a, b int }]) M() {}\n", "method T.M L2-2"},
		{"package p\nfunc (t ...T) M() {}\n", "method M L2-2"},
		{"package p\nconst (\n\tA = iota\n\tB\n\tc\n)\n", "const A L3-3\nconst B L4-4"},
		{"package p\nvar A, b, C = 1,\n\t2,\n\t3\n", "var A L2-4\nvar C L2-4"},
		{"package p\nvar A = `x\n\n`\n", "var A L2-4"},
		{"package p\ntype A[P any] interface{}\ntype B [N]interface{}\n", "interface A L2-2\ntype B L3-3"},
		{"package p\ntype A struct\n{\n}\n", "type A L2-4"},
		{"package p\n/* x */ func F()\n", "func F L2-2"},
		{"package p\nfunc F() (\n\tint,\n)\n", "func F L2-4"},
		{"package p\nvar A = 1 /*\n*/ var B = 2\n", "var A L2-2\nvar B L3-3"},
		{"package p\nvar A = 1 // c", "var A L2-2"},
		{"package p; func F() {}; type T int", "func F L1-1\ntype T L1-1"},
		{"package p\nvar A = x++\n", ""}, // invalid: checked for no panic only
	}
	for _, c := range cases {
		data := []byte(c.src)
		got, ok := goExportedFast("p.go", data)
		if !ok {
			t.Errorf("%q: scanner gave up", c.src)
			continue
		}
		var lines []string
		for _, s := range got.Symbols {
			lines = append(lines, fmt.Sprintf("%s %s L%d-%d", s.Kind, s.QualifiedName(), s.Line, s.EndLine))
		}
		if _, err := parser.ParseFile(token.NewFileSet(), "p.go", data, 0); err != nil {
			continue
		}
		if g := strings.Join(lines, "\n"); g != c.want {
			t.Errorf("%q:\ngot  %s\nwant %s", c.src, g, c.want)
		}
		if d := diffGoExported(goExportedAST("p.go", data), got); d != "" {
			t.Errorf("%q differs from go/ast:\n%s", c.src, d)
		}
	}
}

// TestGoFastVendorTree compares the scanner with the go/ast path over every
// .go file of $GROUNDPLAN_BENCH_TREE/vendor.
func TestGoFastVendorTree(t *testing.T) {
	tree := os.Getenv("GROUNDPLAN_BENCH_TREE")
	if tree == "" {
		t.Skip("GROUNDPLAN_BENCH_TREE not set")
	}
	root := filepath.Join(tree, "vendor")
	files, fallbacks, mismatches, parseErrors := 0, 0, 0, 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		if _, err := parser.ParseFile(token.NewFileSet(), p, data, parser.ParseComments); err != nil {
			parseErrors++
			t.Logf("%s: go/parser: %v", p, err)
		}
		got, ok := goExportedFast(p, data)
		if !ok {
			fallbacks++
			t.Logf("%s: left to go/parser", p)
			return nil
		}
		if d := diffGoExported(goExportedAST(p, data), got); d != "" {
			mismatches++
			t.Errorf("%s:\n%s", p, d)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d files: %d mismatches, %d left to go/parser, %d with syntax errors", files, mismatches, fallbacks, parseErrors)
	if files == 0 {
		t.Errorf("no .go files under %s", root)
	}
}

// FuzzGoFast checks that the scanner never panics and, on source go/parser
// accepts, gives the go/ast path's package, imports and exported symbols.
func FuzzGoFast(f *testing.F) {
	paths, _ := filepath.Glob("testdata/gofast/*.go.txt")
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("package p\nfunc (r *T[K, V]) M() {}\n"))
	f.Add([]byte("package p\nconst (\n\tA, B = 1, 2\n\tC\n)\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := goExportedFast("f.go", data)
		if !ok {
			return
		}
		if _, err := parser.ParseFile(token.NewFileSet(), "f.go", data, parser.ParseComments|parser.SkipObjectResolution); err != nil {
			return
		}
		if d := diffGoExported(goExportedAST("f.go", data), got); d != "" {
			t.Errorf("differs from go/ast on %q:\n%s", data, d)
		}
	})
}

// BenchmarkGoExported times the declaration scanner and the go/ast path
// over the .go files of $GROUNDPLAN_BENCH_TREE/vendor (skipped when unset).
func BenchmarkGoExported(b *testing.B) {
	tree := os.Getenv("GROUNDPLAN_BENCH_TREE")
	if tree == "" {
		b.Skip("GROUNDPLAN_BENCH_TREE not set")
	}
	var srcs [][]byte
	size := 0
	filepath.WalkDir(filepath.Join(tree, "vendor"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			if data, err := os.ReadFile(p); err == nil {
				srcs = append(srcs, data)
				size += len(data)
			}
		}
		return nil
	})
	b.Run("scanner", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, data := range srcs {
				goExportedFast("f.go", data)
			}
		}
	})
	b.Run("go-ast", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, data := range srcs {
				goExportedAST("f.go", data)
			}
		}
	})
}
