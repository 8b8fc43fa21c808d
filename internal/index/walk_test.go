package index

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// TestWalk checks what the walk visits (ignore files applied per
// directory, VCS folders and links skipped, a directory too large for one
// listing read whole) and that a file's FileInfo is what os.Lstat says.
func TestWalk(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		".gitignore":         "*.log\n/out/\n",
		"a.go":               "package a\n",
		"x.log":              "ignored\n",
		"out/f.go":           "package out\n",
		"b/.gitignore":       "!keep.log\n",
		"b/keep.log":         "kept\n",
		"b/d/e.txt":          "e\n",
		"b/d/ünï cödé.md":    "# name\n",
		".git/config":        "[core]\n",
		"sub/.ignore":        "skip.go\n",
		"sub/skip.go":        "package sub\n",
		"sub/keep.go":        "package sub\n",
		"sub/.groundplanign": "not an ignore file\n",
	}
	for i := range 3000 {
		files[fmt.Sprintf("big/file-with-a-long-name-%04d.txt", i)] = "x"
	}
	writeFiles(t, root, files)
	if err := os.Symlink(filepath.Join(root, "a.go"), filepath.Join(root, "link.go")); err != nil {
		t.Skip("no symlinks:", err)
	}
	os.Symlink(filepath.Join(root, "b"), filepath.Join(root, "linkdir"))
	want := map[string]bool{ // rel -> is a directory
		".gitignore": false, "a.go": false, "b": true, "b/.gitignore": false, "b/keep.log": false,
		"b/d": true, "b/d/e.txt": false, "b/d/ünï cödé.md": false,
		"sub": true, "sub/.ignore": false, "sub/keep.go": false, "sub/.groundplanign": false, "big": true,
	}
	for i := range 3000 {
		want[fmt.Sprintf("big/file-with-a-long-name-%04d.txt", i)] = false
	}
	var mu sync.Mutex
	got := map[string]bool{}
	err := newWalker(root).walk(context.Background(), func(rel string, d fs.DirEntry) error {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := got[rel]; dup {
			t.Errorf("%s visited twice", rel)
		}
		got[rel] = d.IsDir()
		if d.Name() != filepath.Base(rel) {
			t.Errorf("%s: name %q", rel, d.Name())
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		st, err := os.Lstat(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		if info.Size() != st.Size() || info.ModTime().UnixNano() != st.ModTime().UnixNano() || info.Mode() != st.Mode() || !info.Mode().IsRegular() {
			t.Errorf("%s: size %d mtime %v mode %v, lstat says %d %v %v", rel, info.Size(), info.ModTime(), info.Mode(), st.Size(), st.ModTime(), st.Mode())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, want) {
		for _, rel := range slices.Sorted(maps.Keys(got)) {
			if _, ok := want[rel]; !ok {
				t.Errorf("visited %s", rel)
			}
		}
		for _, rel := range slices.Sorted(maps.Keys(want)) {
			if _, ok := got[rel]; !ok {
				t.Errorf("missed %s", rel)
			}
		}
	}
	// SkipDir prunes.
	got = map[string]bool{}
	newWalker(root).walk(context.Background(), func(rel string, d fs.DirEntry) error {
		mu.Lock()
		defer mu.Unlock()
		got[rel] = true
		if rel == "big" {
			return fs.SkipDir
		}
		return nil
	})
	if len(got) != len(want)-3000 {
		t.Errorf("with big skipped: %d visits, want %d", len(got), len(want)-3000)
	}
}
