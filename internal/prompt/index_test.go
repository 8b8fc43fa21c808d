package prompt

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/index"
)

// The real repository reader keeps its side of the Reader contract: missing
// files, symlinks leading out and oversized files are told apart.
func TestRenderWithIndex(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.md"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	write := func(rel, content string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".ai/prd.md", "# PRD\n")
	write("docs/big.md", strings.Repeat("b", 200))
	write("main.go", "package main\n")
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(root, "docs", "link.md")); err != nil {
		t.Skipf("symlinks not available: %v", err)
	}
	ix, err := index.Build(context.Background(), root, index.Options{})
	if err != nil {
		t.Fatalf("index: %v", err)
	}

	tp := mustParse(t, "t.md", "@.ai/prd.md\n@?.ai/db-plan.md\n")
	got, err := tp.Render(nil, ix, RenderOptions{})
	if want := "# PRD\n" + NotPresentNote + "\n"; err != nil || got != want {
		t.Errorf("Render = %q, %v; want %q", got, err, want)
	}

	tp = mustParse(t, "t.md", "@docs/missing.md\n@docs/link.md\n@docs/big.md\n")
	_, err = tp.Render(nil, ix, RenderOptions{MaxIncludeBytes: 100})
	assertProblem(t, err, "t.md:1:", "file not found")
	assertProblem(t, err, "t.md:2:", "the path leads outside the repository")
	assertProblem(t, err, "t.md:3:", "file is too large")
}
