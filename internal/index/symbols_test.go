package index

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestSymbolsGolden extracts the symbols of one sample file per language
// and compares them with testdata/symbols/<file>.golden.
func TestSymbolsGolden(t *testing.T) {
	samples, err := filepath.Glob("testdata/symbols/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, sample := range samples {
		if strings.HasSuffix(sample, ".golden") {
			continue
		}
		n++
		t.Run(filepath.Base(sample), func(t *testing.T) {
			data, err := os.ReadFile(sample)
			if err != nil {
				t.Fatal(err)
			}
			rel := filepath.Base(sample)
			f := &File{Path: rel, Language: detectLanguage(rel, data)}
			extractSymbols(f, data)
			var b strings.Builder
			fmt.Fprintf(&b, "language: %s\n", f.Language)
			for _, s := range f.Symbols {
				fmt.Fprintf(&b, "%s %s", s.Kind, s.QualifiedName())
				fmt.Fprintf(&b, " L%d-%d", s.Line, s.EndLine)
				if s.Exported {
					b.WriteString(" exported")
				}
				fmt.Fprintf(&b, "\n\tsig: %s\n", s.Signature)
				if s.Doc != "" {
					fmt.Fprintf(&b, "\tdoc: %s\n", s.Doc)
				}
			}
			golden := sample + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if got := b.String(); got != string(want) {
				t.Errorf("symbols of %s differ from %s:\n--- got\n%s\n--- want\n%s", rel, golden, got, want)
			}
		})
	}
	if n < 9 {
		t.Errorf("want a sample for each of 9 languages, found %d", n)
	}
}

// printedSignatures returns, for each function of Go source, its signature
// from go/printer and from the source bytes (signer).
func printedSignatures(t testing.TB, path string, data []byte) (printed, fromSource []string, ok bool) {
	fset := token.NewFileSet()
	af, err := parser.ParseFile(fset, path, data, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, false
	}
	sg := signer{fset: fset, file: fset.File(af.Pos()), comments: af.Comments, src: data}
	for _, decl := range af.Decls {
		if d, ok := decl.(*ast.FuncDecl); ok {
			printed = append(printed, funcSignature(fset, d))
			fromSource = append(fromSource, sg.signature(d))
		}
	}
	return printed, fromSource, true
}

// TestSignatureMatchesPrinter checks that signatures taken from gofmt'd
// source equal go/printer's, on this package's sources and, when
// GROUNDPLAN_BENCH_TREE is set, on every gofmt'd .go file of that tree.
func TestSignatureMatchesPrinter(t *testing.T) {
	roots := []string{"."}
	if tree := os.Getenv("GROUNDPLAN_BENCH_TREE"); tree != "" {
		roots = append(roots, tree)
	}
	funcs, differ, notFormatted := 0, 0, 0
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if formatted, err := format.Source(data); err != nil || !bytes.Equal(formatted, data) {
				notFormatted++
				return nil
			}
			printed, fromSource, _ := printedSignatures(t, p, data)
			for i := range printed {
				funcs++
				if printed[i] != fromSource[i] {
					differ++
					t.Errorf("%s: signature from source\n\t%s\ndiffers from go/printer's\n\t%s", p, fromSource[i], printed[i])
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d functions, %d signatures differ; %d files skipped as not gofmt'd", funcs, differ, notFormatted)
	if funcs < 100 {
		t.Errorf("only %d functions compared", funcs)
	}
}

// FuzzSignature checks that on gofmt'd source the signatures taken from
// the source equal go/printer's.
func FuzzSignature(f *testing.F) {
	f.Add([]byte("package p\n\nfunc (r *T[K, V]) M(a int, b ...string) (n int, err error) { return }\n"))
	f.Add([]byte("package p\n\nfunc F(\n\ta int, // a\n\tb int,\n) (int, error)\n"))
	f.Add([]byte("package p\n\nfunc F() (int) { return 0 }\n"))
	f.Add([]byte("package p\n\nfunc F(s struct {\n\tA  int `json:\"a\"`\n\tBB int\n}) func() int\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if formatted, err := format.Source(data); err != nil || !bytes.Equal(formatted, data) {
			return
		}
		printed, fromSource, ok := printedSignatures(t, "f.go", data)
		if !ok {
			return
		}
		for i := range printed {
			if printed[i] != fromSource[i] {
				t.Errorf("%q: signature from source\n\t%s\ndiffers from go/printer's\n\t%s", data, fromSource[i], printed[i])
			}
		}
	})
}
