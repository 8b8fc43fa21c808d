package plan

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("write golden: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run go test -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test ./internal/plan -update and review the diff)\n--- got ---\n%s", name, got)
	}
}

// TestGoldenParse parses every testdata/*.md plan and compares the result,
// as JSON, with testdata/*.golden.json.
func TestGoldenParse(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden.md") {
			continue
		}
		n++
		base := strings.TrimSuffix(filepath.Base(in), ".md")
		t.Run(base, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			p, err := ParseMarkdown(string(src))
			if err != nil {
				t.Fatalf("ParseMarkdown: %v", err)
			}
			js, err := p.JSON()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, base+".golden.json", js)
		})
	}
	if n < 5 {
		t.Fatalf("found %d input plans under testdata, want at least 5", n)
	}
}
