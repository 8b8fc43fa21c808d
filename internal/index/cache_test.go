package index

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCacheInvalidation checks that a second build re-parses only what
// changed: nothing when nothing changed, the edited file after an edit, the
// new file after an addition, and that a removed file leaves the index.
func TestCacheInvalidation(t *testing.T) {
	ctx := context.Background()
	root, cacheDir := t.TempDir(), t.TempDir()
	writeFiles(t, root, map[string]string{
		"a.go":      "package a\n\n// A does a.\nfunc A() {}\n",
		"b/b.go":    "package b\n\nfunc B() int { return 1 }\n",
		"c/c.py":    "def c():\n    return 1\n",
		"README.md": "# demo\n",
	})
	opts := Options{CacheDir: cacheDir}
	steps := []struct {
		name           string
		change         func()
		files          int
		parsed, cached int
	}{
		{"cold", func() {}, 4, 4, 0},
		{"warm", func() {}, 4, 0, 4},
		{"edit", func() {
			writeFiles(t, root, map[string]string{"b/b.go": "package b\n\nfunc B() int { return 2 }\n\nfunc Extra() {}\n"})
			// Make sure the modification time moves even on coarse clocks.
			future := time.Now().Add(time.Minute)
			os.Chtimes(filepath.Join(root, "b/b.go"), future, future)
		}, 4, 1, 3},
		{"touch without change", func() {
			future := time.Now().Add(2 * time.Minute)
			os.Chtimes(filepath.Join(root, "a.go"), future, future)
		}, 4, 0, 4},
		{"add", func() { writeFiles(t, root, map[string]string{"d.go": "package a\n\nfunc D() {}\n"}) }, 5, 1, 4},
		{"remove", func() { os.Remove(filepath.Join(root, "c/c.py")) }, 4, 0, 4},
	}
	for _, st := range steps {
		st.change()
		ix, err := Build(ctx, root, opts)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if ix.Stats.Files != st.files || ix.Stats.Parsed != st.parsed || ix.Stats.Cached != st.cached {
			t.Errorf("%s: files %d parsed %d cached %d, want %d %d %d", st.name, ix.Stats.Files, ix.Stats.Parsed, ix.Stats.Cached, st.files, st.parsed, st.cached)
		}
		if st.name == "edit" && len(ix.Symbols("Extra")) != 1 {
			t.Errorf("edit: the new symbol is missing")
		}
		if st.name == "remove" {
			if _, ok := ix.File("c/c.py"); ok {
				t.Errorf("remove: c/c.py still indexed")
			}
		}
	}
}

// TestCacheMatchesFresh checks that an index loaded from the cache answers
// like a fresh one.
func TestCacheMatchesFresh(t *testing.T) {
	ctx := context.Background()
	cacheDir := t.TempDir()
	fresh, err := Build(ctx, "testdata/symbols", Options{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	Build(ctx, "testdata/symbols", Options{CacheDir: cacheDir})
	warm, err := Build(ctx, "testdata/symbols", Options{CacheDir: cacheDir})
	if err != nil {
		t.Fatal(err)
	}
	if warm.Stats.Cached != fresh.Stats.Files {
		t.Fatalf("cached %d of %d", warm.Stats.Cached, fresh.Stats.Files)
	}
	for _, f := range fresh.Files() {
		w, ok := warm.File(f.Path)
		if !ok {
			t.Fatalf("%s missing from the warm index", f.Path)
		}
		if len(w.Symbols) != len(f.Symbols) || w.Tokens != f.Tokens || len(w.tids) != len(f.tids) || len(w.iids) != len(f.iids) {
			t.Errorf("%s differs after the cache", f.Path)
		}
	}
	for _, term := range []string{"order", "ord", "refund", "store"} {
		if len(fresh.Postings(term)) != len(warm.Postings(term)) {
			t.Errorf("postings of %q differ", term)
		}
	}
}

func TestBuildFromFiles(t *testing.T) {
	files := []SourceFile{
		{Path: "pkg/a.go", Data: []byte("package pkg\n\nfunc Alpha() { Beta() }\n")},
		{Path: "pkg/b.go", Data: []byte("package pkg\n\nfunc Beta() {}\n")},
		{Path: "vendor/x/x.go", Data: []byte("package x\n")},
		{Path: "img.png", Data: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00")},
	}
	ix, err := BuildFromFiles(context.Background(), "mem", files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ix.NumFiles() != 2 {
		t.Errorf("files = %d, want 2 (vendored and binary skipped)", ix.NumFiles())
	}
	data, err := ix.Read("pkg/b.go", 0)
	if err != nil || string(data) != string(files[1].Data) {
		t.Errorf("Read = %q, %v", data, err)
	}
	a := ix.FileIndex("pkg/a.go")
	refs := ix.References(a)
	if len(refs) != 1 || ix.FileAt(int(refs[0].File)).Path != "pkg/b.go" || refs[0].Via != "Beta" {
		t.Errorf("references of a.go = %+v", refs)
	}
	if ix.FileTokens("pkg/b.go") != CountTokens(string(files[1].Data)) {
		t.Errorf("FileTokens disagrees with CountTokens")
	}
}

func TestSplitTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"ImageList", []string{"imag", "list", "imagelist"}},
		{"HTTPServer", []string{"http", "server", "httpserver"}},
		{"parse_config_v2", []string{"pars", "config", "parseconfigv2"}},
		{"the stored manifests", []string{"stor", "manifest"}},
		{"a b", nil},
	}
	for _, tt := range tests {
		var got []string
		SplitTerms(tt.in, func(s string) { got = append(got, s) })
		if len(got) != len(tt.want) {
			t.Errorf("SplitTerms(%q) = %q, want %q", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("SplitTerms(%q) = %q, want %q", tt.in, got, tt.want)
				break
			}
		}
	}
}

func FuzzSplitTerms(f *testing.F) {
	for _, s := range []string{"ImageList", "x_y-z", "Ünïcödé_Name", "a1B2", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		SplitTerms(s, func(term string) {
			if len(term) < 2 {
				t.Errorf("short term %q from %q", term, s)
			}
		})
	})
}

func BenchmarkBuild(b *testing.B) {
	for b.Loop() {
		if _, err := Build(context.Background(), "testdata/symbols", Options{NoCache: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLanguages(t *testing.T) {
	ix, err := Build(context.Background(), "testdata/symbols", Options{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	langs := ix.Languages()
	named := 0
	for _, l := range langs {
		if l.Language != "" {
			named++
		}
	}
	if named != 9 || langs[0].Language != "" || langs[0].Files != 9 {
		t.Errorf("languages = %+v, want 9 samples and 9 goldens", langs)
	}
	total := 0
	for _, l := range langs {
		total += l.Files
	}
	if total != ix.NumFiles() {
		t.Errorf("counts add to %d, files %d", total, ix.NumFiles())
	}
}

// BenchmarkBuildTree times a cold build (no cache, tokens counted) of the
// tree at GROUNDPLAN_BENCH_TREE; skipped when unset.
// GROUNDPLAN_BENCH_VENDOR=1 includes vendored files.
func BenchmarkBuildTree(b *testing.B) {
	tree := os.Getenv("GROUNDPLAN_BENCH_TREE")
	if tree == "" {
		b.Skip("GROUNDPLAN_BENCH_TREE not set")
	}
	opts := Options{NoCache: true, IncludeVendored: os.Getenv("GROUNDPLAN_BENCH_VENDOR") != ""}
	CountTokens("warm up the vocabulary")
	for b.Loop() {
		if _, err := Build(context.Background(), tree, opts); err != nil {
			b.Fatal(err)
		}
	}
}
