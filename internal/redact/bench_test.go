package redact

import (
	"go/build"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchText returns about n bytes made by repeating the given files.
func benchText(b *testing.B, n int, paths []string) string {
	b.Helper()
	var sb strings.Builder
	for sb.Len() < n {
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			sb.Write(data)
		}
	}
	return sb.String()[:n]
}

// BenchmarkRedact100KBGoSource redacts 100 KB of net/http/server.go from
// the Go distribution: typical code, no secrets.
func BenchmarkRedact100KBGoSource(b *testing.B) {
	src := filepath.Join(build.Default.GOROOT, "src", "net", "http", "server.go")
	if _, err := os.Stat(src); err != nil {
		b.Skip("Go sources not available:", err)
	}
	text := benchText(b, 100<<10, []string{src})
	r, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		r.Redact(text, "server.go")
	}
}

// BenchmarkRedact100KBCode redacts 100 KB of this package's own Go source:
// code dense with the words token, secret, key and password (a bad case for
// keyword prefiltering) and a few example values that get redacted.
func BenchmarkRedact100KBCode(b *testing.B) {
	text := benchText(b, 100<<10, []string{"redact.go", "rules.go", "files.go", "gitleaks.go"})
	r, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		r.Redact(text, "bench.go")
	}
}

// BenchmarkRedact100KBPlanted redacts 100 KB of the planted fixture, about
// 300 secrets.
func BenchmarkRedact100KBPlanted(b *testing.B) {
	var paths []string
	filepath.WalkDir(plantedDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != "MANIFEST.json" {
			paths = append(paths, p)
		}
		return nil
	})
	sort.Strings(paths)
	text := benchText(b, 100<<10, paths)
	r, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		r.Redact(text, "bench.txt")
	}
}
