package index

import (
	"flag"
	"fmt"
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
