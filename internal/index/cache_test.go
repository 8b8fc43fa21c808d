package index

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
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

// BenchmarkWarmBuildTree times warm builds (persistent cache filled by one
// cold build first, nothing changed) of the tree at GROUNDPLAN_BENCH_TREE;
// skipped when unset. GROUNDPLAN_BENCH_VENDOR=1 includes vendored files;
// GROUNDPLAN_BENCH_CACHE names a cache directory to keep between runs, so
// a CPU profile of a second run holds warm builds only.
func BenchmarkWarmBuildTree(b *testing.B) {
	tree := os.Getenv("GROUNDPLAN_BENCH_TREE")
	if tree == "" {
		b.Skip("GROUNDPLAN_BENCH_TREE not set")
	}
	dir := os.Getenv("GROUNDPLAN_BENCH_CACHE")
	if dir == "" {
		dir = b.TempDir()
	}
	opts := Options{CacheDir: dir, IncludeVendored: os.Getenv("GROUNDPLAN_BENCH_VENDOR") != ""}
	if _, err := Build(context.Background(), tree, opts); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		ix, err := Build(context.Background(), tree, opts)
		if err != nil {
			b.Fatal(err)
		}
		if ix.Stats.Parsed != 0 {
			b.Fatalf("warm build parsed %d files", ix.Stats.Parsed)
		}
	}
}

// sameIndex fails t unless got holds what want holds: files and their
// analyses, directories, symbols by name and by folded name, postings,
// document lengths and the reference graph. Word ids may differ (a warm
// index keeps the ids of the cache it came from), so terms and
// identifiers are compared as words.
func sameIndex(t *testing.T, what string, want, got *Index) {
	t.Helper()
	if len(want.files) != len(got.files) {
		t.Fatalf("%s: %d files, want %d", what, len(got.files), len(want.files))
	}
	terms := func(ix *Index, f *File) map[string]uint16 {
		m := map[string]uint16{}
		for k, id := range f.tids {
			m[ix.words[id]] = f.tcnt[k]
		}
		return m
	}
	for i, w := range want.files {
		g := got.files[i]
		wc, gc := *w, *g
		wc.tids, wc.tcnt, wc.iids, wc.mtime = nil, nil, nil, 0
		gc.tids, gc.tcnt, gc.iids, gc.mtime = nil, nil, nil, 0
		// Symbols may still be encoded (vendored files from the cache).
		wc.Symbols, wc.lazy = w.AllSymbols(), nil
		gc.Symbols, gc.lazy = g.AllSymbols(), nil
		if !reflect.DeepEqual(wc, gc) {
			t.Errorf("%s: file %d differs:\n got %+v\nwant %+v", what, i, gc, wc)
			continue
		}
		if !maps.Equal(terms(want, w), terms(got, g)) {
			t.Errorf("%s: terms of %s differ", what, w.Path)
		}
		if !slices.Equal(want.Identifiers(i), got.Identifiers(i)) {
			t.Errorf("%s: identifiers of %s differ", what, w.Path)
		}
		if got.FileIndex(w.Path) != i || !slices.Equal(want.FilesNamed(path.Base(w.Path)), got.FilesNamed(path.Base(w.Path))) {
			t.Errorf("%s: %s not found by path or name", what, w.Path)
		}
		if want.DocLen(i) != got.DocLen(i) {
			t.Errorf("%s: document length of %s %v, want %v", what, w.Path, got.DocLen(i), want.DocLen(i))
		}
		if !reflect.DeepEqual(want.References(i), got.References(i)) || !reflect.DeepEqual(want.ReferencedBy(i), got.ReferencedBy(i)) {
			t.Errorf("%s: edges of %s differ:\n got %v / %v\nwant %v / %v", what, w.Path, got.References(i), got.ReferencedBy(i), want.References(i), want.ReferencedBy(i))
		}
	}
	if !maps.Equal(want.dirs, got.dirs) {
		t.Errorf("%s: directories differ:\n got %v\nwant %v", what, got.Dirs(), want.Dirs())
	}
	sameLookups(t, what, want, got)
	words := map[string]bool{}
	for _, ix := range []*Index{want, got} {
		for id, w := range ix.words {
			if len(ix.postings[id]) > 0 {
				words[w] = true
			}
		}
	}
	for w := range words {
		if !slices.Equal(want.Postings(w), got.Postings(w)) {
			t.Errorf("%s: postings of %q differ", what, w)
		}
	}
	if want.AvgDocLen() != got.AvgDocLen() || want.nDocs != got.nDocs {
		t.Errorf("%s: %d documents of mean length %v, want %d of %v", what, got.nDocs, got.AvgDocLen(), want.nDocs, want.AvgDocLen())
	}
	ws, gs := want.Stats, got.Stats
	if ws.Files != gs.Files || ws.Symbols != gs.Symbols || ws.Bytes != gs.Bytes || ws.Tokens != gs.Tokens || ws.Skipped != gs.Skipped {
		t.Errorf("%s: stats %+v, want %+v", what, gs, ws)
	}
}

// sameLookups fails t unless got finds by name (and by folded name) the
// symbols want finds.
func sameLookups(t *testing.T, what string, want, got *Index) {
	t.Helper()
	if !slices.Equal(want.SymbolNames(), got.SymbolNames()) {
		t.Errorf("%s: symbol names differ:\n got %q\nwant %q", what, got.SymbolNames(), want.SymbolNames())
	}
	for _, name := range want.SymbolNames() {
		if !reflect.DeepEqual(want.Symbols(name), got.Symbols(name)) {
			t.Errorf("%s: symbols named %q differ:\n got %+v\nwant %+v", what, name, got.Symbols(name), want.Symbols(name))
		}
		if !reflect.DeepEqual(want.SymbolsFold(name), got.SymbolsFold(name)) {
			t.Errorf("%s: symbols folding to %q differ", what, name)
		}
		if l := strings.ToLower(name); !slices.Equal(want.foldedNames(l), got.foldedNames(l)) {
			t.Errorf("%s: names folded to %q differ: got %q, want %q", what, l, got.foldedNames(l), want.foldedNames(l))
		}
		if len(got.Symbols(name+"\x00")) != 0 || len(got.foldedNames(name+"\x00")) != 0 {
			t.Errorf("%s: a name that does not exist found", what)
		}
	}
}

// TestWarmMatchesCold checks that an index built from the cache is the
// index a build without cache gives, on a fresh cache and after files
// were edited, touched, added and removed and an ignore file changed,
// with and without vendored files.
func TestWarmMatchesCold(t *testing.T) {
	ctx := context.Background()
	for _, vendored := range []bool{false, true} {
		root, cacheDir := t.TempDir(), t.TempDir()
		writeFiles(t, root, map[string]string{
			".gitignore":             "*.tmp\n/scratch/\n",
			"app/server.go":          "package app\n\n// Server serves requests.\ntype Server struct{ limit int }\n\n// Serve handles one request.\nfunc (s *Server) Serve() error { return Limit(s.limit) }\n",
			"app/limit.go":           "package app\n\n// Limit checks the concurrent request limit.\nfunc Limit(n int) error { return nil }\n\nfunc (s *Server) String() string { return \"server\" }\n",
			"app/limit_test.go":      "package app\n\nimport \"testing\"\n\nfunc TestLimit(t *testing.T) { Limit(1) }\n",
			"web/app.ts":             "export class Limiter {\n  limit(): number { return 1 }\n}\nexport function serve() { return new Limiter() }\n",
			"README.md":              "# Demo\n\nThe server limits concurrent requests.\n",
			"scratch.tmp":            "ignored\n",
			"scratch/try.go":         "package scratch\n\nfunc Try() { Limit(3) }\n",
			"vendor/lib/lib.go":      "package lib\n\n// Helper helps.\nfunc Helper() {}\n\nfunc (s *Server) Serve() {}\n\nfunc hidden() {}\n",
			"api/types.pb.go":        "// Code generated by protoc-gen-go. DO NOT EDIT.\n\npackage api\n\ntype Request struct{}\n",
			"assets/logo.png":        "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
			"python/limits/limit.py": "class Limiter:\n    def limit(self):\n        return 1\n",
		})
		opts := Options{CacheDir: cacheDir, IncludeVendored: vendored}
		check := func(step string, parsed int) {
			t.Helper()
			step = fmt.Sprintf("%s (vendored %v)", step, vendored)
			cold, err := Build(ctx, root, Options{NoCache: true, IncludeVendored: vendored})
			if err != nil {
				t.Fatal(err)
			}
			warm, err := Build(ctx, root, opts)
			if err != nil {
				t.Fatal(err)
			}
			if warm.Stats.Parsed != parsed {
				t.Errorf("%s: parsed %d files, want %d", step, warm.Stats.Parsed, parsed)
			}
			sameIndex(t, step, cold, warm)
			again, err := Build(ctx, root, opts)
			if err != nil {
				t.Fatal(err)
			}
			if again.Stats.Parsed != 0 || again.Stats.Cached != again.Stats.Files {
				t.Errorf("%s, built again: parsed %d, cached %d of %d", step, again.Stats.Parsed, again.Stats.Cached, again.Stats.Files)
			}
			sameIndex(t, step+", built again", cold, again)
		}
		Build(ctx, root, opts)
		check("unchanged", 0)
		future := time.Now().Add(time.Minute)
		writeFiles(t, root, map[string]string{"app/limit.go": "package app\n\n// Limit checks the limit.\nfunc Limit(n int) error { return ErrLimit }\n\n// ErrLimit is returned past the limit.\nvar ErrLimit = error(nil)\n"})
		os.Chtimes(filepath.Join(root, "app/limit.go"), future, future)
		os.Chtimes(filepath.Join(root, "README.md"), future, future) // touched, same content
		writeFiles(t, root, map[string]string{"app/queue.go": "package app\n\n// Queue holds waiting requests.\ntype Queue struct{}\n\nfunc (q *Queue) Push() { Limit(2) }\n"})
		os.Remove(filepath.Join(root, "web/app.ts"))
		check("edited, touched, added, removed", 2)
		writeFiles(t, root, map[string]string{".gitignore": "*.tmp\n"})
		// scratch/try.go, and .gitignore itself when vendored files are kept
		// (the vendor rules count .gitignore as vendored).
		check("ignore file changed", map[bool]int{false: 1, true: 2}[vendored])
	}
}

// TestCacheCorrupt checks that a cache file that is truncated, altered,
// of another format or for another root is ignored: the build analyses
// every file again and gives the index a build without cache gives.
func TestCacheCorrupt(t *testing.T) {
	ctx := context.Background()
	cacheDir := t.TempDir()
	root := "testdata/symbols"
	opts := Options{CacheDir: cacheDir}
	fresh, err := Build(ctx, root, Options{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	cold, err := Build(ctx, root, opts)
	if err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(cold.Stats.CachePath)
	if err != nil {
		t.Fatal(err)
	}
	version := slices.Clone(good)
	version[len(cacheMagic)] = cacheVersion - 1
	flipped := slices.Clone(good)
	flipped[len(flipped)/2] ^= 0x40 // the CRC catches it
	cases := map[string][]byte{
		"empty":           nil,
		"gob of format 7": []byte("\x3a\xff\x81\x03\x01\x01\x0bcacheHeader\x01\xff\x82\x00\x01\x04\x01\x07Version\x01\x04\x00"),
		"older version":   fixCRC(version),
		"truncated":       good[:len(good)/2],
		"no trailer":      good[:len(good)-12],
		"byte flipped":    flipped,
	}
	for name, data := range cases {
		if err := os.WriteFile(cold.Stats.CachePath, data, 0o600); err != nil {
			t.Fatal(err)
		}
		ix, err := Build(ctx, root, opts)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ix.Stats.Cached != 0 {
			t.Errorf("%s: %d files taken from the cache", name, ix.Stats.Cached)
		}
		sameIndex(t, name, fresh, ix)
		warm, err := Build(ctx, root, opts)
		if err != nil {
			t.Fatal(err)
		}
		if warm.Stats.Cached != fresh.Stats.Files {
			t.Errorf("%s: cache not rewritten: %d of %d files cached", name, warm.Stats.Cached, fresh.Stats.Files)
		}
	}
	// Another root's cache under this root's name.
	other, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Build(ctx, other, Options{CacheDir: cacheDir}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(cacheDir, cacheName(other, Options{})))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(cold.Stats.CachePath, data, 0o600)
	if ix, err := Build(ctx, root, opts); err != nil || ix.Stats.Cached != 0 {
		t.Errorf("another root's cache: %v, %d files taken from it", err, ix.Stats.Cached)
	}
}

// FuzzCacheDecode checks that no cache file makes decoding panic or
// restore a file that does not decode whole. The fuzzer's bytes are
// tried as they are and with a valid CRC, so it reaches the decoder.
func FuzzCacheDecode(f *testing.F) {
	cacheDir := f.TempDir()
	ix, err := Build(context.Background(), "testdata/symbols", Options{CacheDir: cacheDir})
	if err != nil {
		f.Fatal(err)
	}
	good, err := os.ReadFile(ix.Stats.CachePath)
	if err != nil {
		f.Fatal(err)
	}
	root := ix.Root()
	f.Add(good)
	f.Add(good[:len(good)/3])
	f.Add([]byte(cacheMagic + "\x08"))
	// A tree with vendored files, whose symbols stay encoded, under the
	// same root.
	vendoredDir := f.TempDir()
	vix, err := BuildFromFiles(context.Background(), root, []SourceFile{
		{Path: "app/a.go", Data: []byte("package app\n\ntype Server struct{}\n\nfunc (s *Server) Run() {}\n")},
		{Path: "vendor/lib/lib.go", Data: []byte("package lib\n\n// Helper helps.\nfunc Helper() {}\n\ntype Client struct{}\n\nfunc (c *Client) Do() {}\n")},
	}, Options{IncludeVendored: true})
	if err != nil {
		f.Fatal(err)
	}
	for _, vf := range vix.files {
		vf.mtime = 1 // restored by stat, as a warm build does
	}
	vc := &cache{root: root, path: filepath.Join(vendoredDir, "v.gpidx")}
	if err := vc.save(vix, map[string]*File{"app/a.go": vix.files[0], "vendor/lib/lib.go": vix.files[1]}); err != nil {
		f.Fatal(err)
	}
	vgood, err := os.ReadFile(vc.path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(vgood)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, b := range [][]byte{data, fixCRC(data)} {
			c := &cache{root: root}
			if c.decode(b) != nil {
				continue
			}
			cands := make([]candidate, len(c.entries))
			for i, e := range c.entries {
				cands[i] = candidate{rel: e.path, size: e.size, mtime: e.mtime}
			}
			kept, rest := c.restoreUnchanged(cands)
			if len(kept)+len(rest) != len(cands) {
				t.Fatalf("%d kept and %d left of %d", len(kept), len(rest), len(cands))
			}
			// Finish an index of what was restored, as Build does.
			ix := newIndex(root)
			ix.useVocab(c.words)
			for _, kf := range kept {
				if kf.f.Path != "" {
					ix.keep(kf.f)
				}
			}
			ix.finish(c.runs.hint(), c.unchanged())
			if testing.Verbose() {
				lazy := 0
				for _, f := range ix.files {
					if f.lazy != nil {
						lazy++
					}
				}
				t.Logf("%d files, %d with encoded symbols, stored look-up %v", len(ix.files), lazy, ix.stored != nil)
			}
			// Every look-up, decoding the symbols left encoded.
			for _, name := range ix.SymbolNames() {
				ix.Symbols(name)
				ix.SymbolsFold(name)
			}
			for i := range ix.files {
				ix.FileSymbols(i)
			}
			// And the numbering a changed tree needs.
			ix.numberSymbols(symbolHint{}, 0)
		}
	})
}

// fixCRC returns b with its last four bytes replaced by the CRC the cache
// reader expects.
func fixCRC(b []byte) []byte {
	if len(b) < 4 {
		return b
	}
	b = slices.Clone(b)
	binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.Checksum(b[:len(b)-4], castagnoli))
	return b
}

// TestStoredSymbolRuns checks that the look-up by symbol name the cache
// stores is the one Index.finish builds, and that it is refused when a
// symbol differs from what it names.
func TestStoredSymbolRuns(t *testing.T) {
	ctx := context.Background()
	for _, root := range []string{"testdata/symbols", "testdata"} {
		opts := Options{CacheDir: t.TempDir()}
		built, err := Build(ctx, root, opts)
		if err != nil {
			t.Fatal(err)
		}
		abs, _ := filepath.Abs(root)
		c := openCache(abs, opts)
		if c == nil || c.runs == nil || len(c.runs.nums) == 0 {
			t.Fatalf("%s: no symbols stored", root)
		}
		ix, err := Build(ctx, root, Options{NoCache: true})
		if err != nil {
			t.Fatal(err)
		}
		if !ix.useSymbolRuns(c.runs) {
			t.Fatalf("%s: stored symbols refused", root)
		}
		if ix.stored == nil || ix.bySymbol != nil {
			t.Fatalf("%s: stored symbols not used", root)
		}
		sameLookups(t, root, built, ix)
		for _, f := range ix.files {
			if len(f.Symbols) > 0 {
				f.Symbols[0].Name += "x"
				break
			}
		}
		if ix.useSymbolRuns(c.runs) {
			t.Errorf("%s: stored symbols taken for a renamed symbol", root)
		}
	}
}

// TestDecodeStringsLengths checks that string lengths which overflow
// when added up are refused rather than cut backwards.
func TestDecodeStringsLengths(t *testing.T) {
	b := binary.AppendUvarint(nil, 3)
	b = binary.AppendUvarint(b, 10)
	b = binary.AppendUvarint(b, 1<<64-5) // adds up to 5: string 1 would run backwards
	b = binary.AppendUvarint(b, 5)       // and back to 10, the bytes there are
	b = append(b, "0123456789"...)
	if _, err := decodeStrings(b); err == nil {
		t.Error("overflowing lengths accepted")
	}
	good := binary.AppendUvarint(nil, 2)
	good = binary.AppendUvarint(good, 3)
	good = binary.AppendUvarint(good, 2)
	good = append(good, "abcde"...)
	tab, err := decodeStrings(good)
	if err != nil || tab.len() != 2 || tab.at(0) != "abc" || tab.at(1) != "de" {
		t.Errorf("decodeStrings = %v, %v", tab, err)
	}
}

// TestVendoredSymbolsLazy checks that a warm build keeps the symbols of
// vendored files encoded, and that every way of reading symbols still
// finds them: by name, by folded name, by file, in the stats, and in the
// cache written again after a change.
func TestVendoredSymbolsLazy(t *testing.T) {
	ctx := context.Background()
	root, cacheDir := t.TempDir(), t.TempDir()
	writeFiles(t, root, map[string]string{
		"app/server.go":     "package app\n\n// Server serves.\ntype Server struct{}\n\nfunc (s *Server) Serve() error { return nil }\n",
		"vendor/lib/lib.go": "package lib\n\n// Helper helps.\nfunc Helper() {}\n\n// Client calls.\ntype Client struct{}\n\nfunc (c *Client) Do() error { return nil }\n\nfunc (s *Server) Serve() {}\n\nfunc hidden() {}\n",
		"vendor/lib/two.go": "package lib\n\nfunc Other() {}\n",
	})
	opts := Options{CacheDir: cacheDir, IncludeVendored: true}
	cold, err := Build(ctx, root, Options{NoCache: true, IncludeVendored: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Build(ctx, root, opts); err != nil {
		t.Fatal(err)
	}
	check := func(step string, stored bool) {
		t.Helper()
		warm, err := Build(ctx, root, opts)
		if err != nil {
			t.Fatal(err)
		}
		if (warm.stored != nil) != stored {
			t.Errorf("%s: stored look-up used %v, want %v", step, warm.stored != nil, stored)
		}
		f, ok := warm.File("vendor/lib/lib.go")
		if !ok || f.lazy == nil || f.Symbols != nil {
			t.Fatalf("%s: vendored symbols decoded by the build: %+v", step, f)
		}
		if f.NumSymbols() != 4 || warm.Stats.Symbols != cold.Stats.Symbols {
			t.Errorf("%s: %d symbols, stats %d, want 4 and %d", step, f.NumSymbols(), warm.Stats.Symbols, cold.Stats.Symbols)
		}
		cf, _ := cold.File("vendor/lib/lib.go")
		if !reflect.DeepEqual(f.AllSymbols(), cf.Symbols) || !reflect.DeepEqual(warm.FileSymbols(warm.FileIndex(f.Path)), cf.Symbols) {
			t.Errorf("%s: decoded symbols differ:\n got %+v\nwant %+v", step, f.AllSymbols(), cf.Symbols)
		}
		for _, name := range []string{"Helper", "Client.Do", "Do", "Server.Serve", "Serve"} {
			if got := warm.Symbols(name); len(got) == 0 || !reflect.DeepEqual(got, cold.Symbols(name)) {
				t.Errorf("%s: Symbols(%q) = %+v, want %+v", step, name, got, cold.Symbols(name))
			}
		}
		if got := warm.SymbolsFold("helper"); len(got) != 1 || got[0].Path != "vendor/lib/lib.go" {
			t.Errorf("%s: SymbolsFold(helper) = %+v", step, got)
		}
		sameIndex(t, step, cold, warm)
	}
	check("unchanged", true)
	// A change elsewhere: the look-up is built again from the still
	// encoded symbols, and the cache written again with them.
	writeFiles(t, root, map[string]string{"vendor/lib/two.go": "package lib\n\nfunc Other() {}\n\nfunc Another() {}\n"})
	future := time.Now().Add(time.Minute)
	os.Chtimes(filepath.Join(root, "vendor/lib/two.go"), future, future)
	cold, err = Build(ctx, root, Options{NoCache: true, IncludeVendored: true})
	if err != nil {
		t.Fatal(err)
	}
	check("changed", false)
	check("changed, built again", true)
}

// TestCacheVendoredApart checks that builds with and without vendored
// files share no cache: neither takes files from the other's, and each
// finds its own again.
func TestCacheVendoredApart(t *testing.T) {
	ctx := context.Background()
	root, cacheDir := t.TempDir(), t.TempDir()
	writeFiles(t, root, map[string]string{
		"app/main.go":       "package app\n\nfunc Run() {}\n",
		"vendor/lib/lib.go": "package lib\n\nfunc Helper() {}\n",
	})
	steps := []struct {
		vendored       bool
		parsed, cached int
	}{{false, 1, 0}, {true, 2, 0}, {false, 0, 1}, {true, 0, 2}}
	paths := map[bool]string{}
	for i, st := range steps {
		ix, err := Build(ctx, root, Options{CacheDir: cacheDir, IncludeVendored: st.vendored})
		if err != nil {
			t.Fatal(err)
		}
		_, hasVendored := ix.File("vendor/lib/lib.go")
		if ix.Stats.Parsed != st.parsed || ix.Stats.Cached != st.cached || hasVendored != st.vendored || len(ix.Symbols("Helper")) > 0 != st.vendored {
			t.Errorf("step %d (vendored %v): parsed %d, cached %d, vendored file %v", i, st.vendored, ix.Stats.Parsed, ix.Stats.Cached, hasVendored)
		}
		if p, ok := paths[st.vendored]; ok && p != ix.Stats.CachePath {
			t.Errorf("step %d: cache %s, then %s", i, p, ix.Stats.CachePath)
		}
		paths[st.vendored] = ix.Stats.CachePath
	}
	if paths[false] == paths[true] {
		t.Errorf("one cache for both: %s", paths[false])
	}
}

// TestLookUpBounded checks the stored hash tables: every string is found,
// a missing one is not, and a crafted table whose every slot is taken, or
// which points past the strings, ends the search.
func TestLookUpBounded(t *testing.T) {
	strs := []string{"Server", "Server.Serve", "limit", "", "Limit"}
	w := &writer{}
	hashes := make([]uint64, len(strs))
	for i, s := range strs {
		hashes[i] = strHash(s)
	}
	w.putTable(hashes)
	r := &reader{b: w.buf}
	tab := readTable(r)
	if r.err != nil || r.left() != 0 || len(tab) != 4*16 {
		t.Fatalf("table of %d bytes, %v", len(tab), r.err)
	}
	str := func(i int) string { return strs[i] }
	for want, s := range strs {
		if got, ok := lookUp(tab, s, len(strs), str); !ok || got != want {
			t.Errorf("lookUp(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	if _, ok := lookUp(tab, "missing", len(strs), str); ok {
		t.Error("a missing string found")
	}
	full := make([]byte, 4*8)
	for i := range 8 {
		binary.LittleEndian.PutUint32(full[4*i:], uint32(i%2*100+1)) // string 0, or far past the strings
	}
	if _, ok := lookUp(full, "missing", len(strs), str); ok {
		t.Error("a missing string found in a full table")
	}
	if _, ok := lookUp(full, "Server", len(strs), str); !ok {
		t.Error("a string not found in a full table")
	}
	for _, b := range [][]byte{{3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, {4, 0}} { // 3 slots; too few bytes
		r := &reader{b: b}
		if readTable(r); r.err == nil {
			t.Errorf("table %v read", b)
		}
	}
}
