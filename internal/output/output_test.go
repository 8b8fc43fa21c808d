package output

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileReplacesWholeAndLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "sub", "plan.md")
	for _, content := range []string{"first\n", "second, longer\n"} {
		if err := WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != content {
			t.Fatalf("got %q, want %q", got, content)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(p))
	if len(entries) != 1 {
		t.Fatalf("want only plan.md in the folder, got %v", entries)
	}
}

func TestWriteFileFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "plan.md")
	if err := WriteFile(p, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A directory where the file's folder should be makes the write fail.
	bad := filepath.Join(p, "child.md")
	if err := WriteFile(bad, []byte("x"), 0o644); err == nil {
		t.Fatal("want an error writing under a file")
	}
	got, _ := os.ReadFile(p)
	if string(got) != "old\n" {
		t.Fatalf("old file changed: %q", got)
	}
}
