package index

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// hashOf spells a short test name as a 40-digit commit hash.
func hashOf(name string) string { return name + strings.Repeat("0", 40-len(name)) }

// logRecord writes one commit as ReadHistory's git log format prints it:
// the header, a NUL, then each path after a newline (the first) and
// followed by a NUL.
func logRecord(hash, msg string, files ...string) string {
	var b strings.Builder
	b.WriteString("\x1e" + hashOf(hash) + "\x1f" + msg + "\x1f\x00")
	for i, f := range files {
		if i == 0 {
			b.WriteString("\n")
		}
		b.WriteString(f + "\x00")
	}
	return b.String()
}

// gitEnv makes test repositories independent of the machine's git
// configuration.
func gitEnv(t testing.TB) {
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
}

func TestParseHistory(t *testing.T) {
	var sweep []string
	for i := range 41 {
		sweep = append(sweep, filepath.Join("pkg", string(rune('a'+i%26)), "f.go"))
	}
	log := logRecord("c3", "admin: reload config on SIGHUP\n\nThe admin endpoint reloads.\n\nSigned-off-by: A <a@example.com>\n", "admin/reload.go", "admin/routes.go") +
		logRecord("c2", "Reformat everything", sweep...) +
		logRecord("c1", "Add the billing ledger\n\nSee https://example.com/ledger-reload for details.", "billing/ledger.go") +
		logRecord("c0", "Only deletes files")
	h, err := ParseHistory(strings.NewReader(log), HistoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var hashes []string
	for _, c := range h.Commits {
		hashes = append(hashes, c.Hash)
	}
	// c2 changes more than MaxFiles files and c0 none: both are left out.
	if want := []string{hashOf("c3"), hashOf("c1")}; !reflect.DeepEqual(hashes, want) {
		t.Fatalf("commits %v, want %v", hashes, want)
	}
	if h.Commits[0].Subject != "admin: reload config on SIGHUP" {
		t.Errorf("subject %q", h.Commits[0].Subject)
	}
	if !reflect.DeepEqual(h.Commits[0].Files, []string{"admin/reload.go", "admin/routes.go"}) {
		t.Errorf("files %v", h.Commits[0].Files)
	}

	tests := []struct {
		text string
		want string // best match's hash, "" for none
	}{
		{"reload the admin config", "c3"},
		{"ledger for billing", "c1"},
		{"signed example", ""}, // trailers and URLs are not message words
		{"nothing in common", ""},
	}
	for _, tt := range tests {
		var terms []string
		SplitTerms(tt.text, func(s string) { terms = append(terms, s) })
		ms := h.Similar(terms, 5)
		got := ""
		if len(ms) > 0 {
			got = h.Commits[ms[0].Commit].Hash[:2]
		}
		if got != tt.want {
			t.Errorf("Similar(%q) best %q, want %q", tt.text, got, tt.want)
		}
	}
	if h.Len() != 2 {
		t.Errorf("Len %d", h.Len())
	}
}

// TestParseHistoryOddBytes: a message may hold any byte but NUL, the
// separators included; paths keep their spaces; text that is no record is
// skipped, and a commit excluded by hash is left out.
func TestParseHistoryOddBytes(t *testing.T) {
	log := "gpg: stray output\x00" +
		logRecord("d2", "weird \x1f sep\x1e rec\n\nbody", " spaced name.go", "b.go") +
		logRecord("d1", "plain", "a.go") +
		logRecord("d0", "boundary of a shallow clone", "x.go")
	h, err := ParseHistory(strings.NewReader(log), HistoryOptions{Exclude: map[string]bool{hashOf("d0"): true}})
	if err != nil {
		t.Fatal(err)
	}
	if h.Len() != 2 {
		t.Fatalf("%d commits, want 2: %+v", h.Len(), h.Commits)
	}
	c := h.Commits[0]
	if c.Subject != "weird \x1f sep\x1e rec" || !reflect.DeepEqual(c.Files, []string{" spaced name.go", "b.go"}) {
		t.Errorf("first commit %+v", c)
	}
}

// TestReadHistory reads a real repository's log with git, when git is
// installed.
func TestReadHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	gitEnv(t)
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("init", "-q")
	write("cart/cart.go", "package cart\n")
	write("cart/total.go", "package cart\n")
	git("add", ".")
	git("commit", "-q", "-m", "Add the shopping cart with totals")
	write("cart/total.go", "package cart\n\n// Discount.\n")
	git("commit", "-q", "-am", "Apply discounts to cart totals")
	git("rm", "-q", "cart/cart.go")
	git("commit", "-q", "-m", "Remove the cart file")

	h, err := ReadHistory(context.Background(), []string{"-C", dir}, "", HistoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Deletions are not changes to existing code: that commit has no
	// files and is left out.
	var subjects []string
	for _, c := range h.Commits {
		subjects = append(subjects, c.Subject)
	}
	if want := []string{"Apply discounts to cart totals", "Add the shopping cart with totals"}; !reflect.DeepEqual(subjects, want) {
		t.Fatalf("subjects %v, want %v", subjects, want)
	}
	if _, err := ReadHistory(context.Background(), []string{"-C", dir}, "no-such-rev", HistoryOptions{}); err == nil || !strings.Contains(err.Error(), "no-such-rev") {
		t.Errorf("bad revision: err = %v, want it named", err)
	}
}

func FuzzParseHistory(f *testing.F) {
	f.Add(logRecord("c1", "subject\n\nbody", "a.go", "b/c.go"))
	f.Add("\x1e\x1f\x1f")
	f.Add("\x1eabc")
	f.Add(logRecord("ab", "m\x1e\x1f", "a", "b") + "junk\x00")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHistory(strings.NewReader(s), HistoryOptions{})
		if err != nil {
			return
		}
		for _, c := range h.Commits {
			if len(c.Files) == 0 {
				t.Fatalf("commit %q without files kept", c.Hash)
			}
		}
		if len(h.ord) != len(h.Commits) {
			t.Fatalf("%d places for %d commits", len(h.ord), len(h.Commits))
		}
		for i, o := range h.ord {
			if int(o) >= h.records() || i > 0 && o <= h.ord[i-1] {
				t.Fatalf("places %v of %d records", h.ord, h.records())
			}
		}
		h.Similar([]string{"subject", "body"}, 3)
	})
}

func sampleHistory(t testing.TB) *History {
	t.Helper()
	log := logRecord("c3", "admin: reload config on SIGHUP\n\nThe admin endpoint reloads.", "admin/reload.go", "admin/routes.go") +
		logRecord("c2", "Route the admin API through the reloader", "admin/routes.go") +
		logRecord("c1", "Add the billing ledger", "billing/ledger.go", "admin/routes.go")
	h, err := ParseHistory(strings.NewReader(log), HistoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHistoryCodec(t *testing.T) {
	h := sampleHistory(t)
	data := EncodeHistory(h, "key 1")
	got, key, err := DecodeHistory(data)
	if err != nil {
		t.Fatal(err)
	}
	if key != "key 1" {
		t.Errorf("key %q", key)
	}
	if !reflect.DeepEqual(got, h) {
		t.Errorf("round trip differs:\n got %+v\nwant %+v", got, h)
	}
	// Every single-byte change and every truncation is caught.
	for i := range data {
		bad := append([]byte(nil), data...)
		bad[i] ^= 0x40
		if _, _, err := DecodeHistory(bad); err == nil {
			t.Fatalf("byte %d flipped: no error", i)
		}
	}
	for n := range data {
		if _, _, err := DecodeHistory(data[:n]); err == nil {
			t.Fatalf("truncated to %d bytes: no error", n)
		}
	}
}

func FuzzHistoryDecode(f *testing.F) {
	f.Add(EncodeHistory(sampleHistory(f), "k"))
	f.Add([]byte(historyMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Fuzzed data rarely has a valid checksum; check the decoder
		// behind it too by fixing the checksum up.
		if len(data) >= len(historyMagic)+4 && bytes.HasPrefix(data, []byte(historyMagic)) {
			body := data[:len(data)-4]
			fixed := binary.LittleEndian.AppendUint32(append([]byte(nil), body...), crc32.Checksum(body, castagnoli))
			if h, _, err := DecodeHistory(fixed); err == nil {
				h.Similar([]string{"admin", "reload"}, 3)
			}
		}
		DecodeHistory(data)
	})
}

func TestLoadHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	gitEnv(t)
	dir, cache := t.TempDir(), t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	ctx := context.Background()
	// Not a repository: no history, no error.
	if h, err := LoadHistory(ctx, dir, cache, HistoryOptions{}); err != nil || h != nil {
		t.Fatalf("outside git: %v, %v", h, err)
	}
	git("init", "-q")
	if h, err := LoadHistory(ctx, dir, cache, HistoryOptions{}); err != nil || h != nil {
		t.Fatalf("no commits: %v, %v", h, err)
	}
	os.WriteFile(filepath.Join(dir, "a.go"), []byte("package a\n"), 0o644)
	git("add", ".")
	git("commit", "-q", "-m", "First")
	h, err := LoadHistory(ctx, dir, cache, HistoryOptions{})
	if err != nil || h.Len() != 1 {
		t.Fatalf("first: %v, %v", h, err)
	}
	files, _ := filepath.Glob(filepath.Join(cache, "*.gph"))
	if len(files) != 1 {
		t.Fatalf("cache files %v", files)
	}
	// Same HEAD: served from the cache. A planted cache file under the
	// right key proves it is read; a damaged one is read again from git,
	// never trusted.
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	_, key, err := DecodeHistory(data)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(files[0], EncodeHistory(sampleHistory(t), key), 0o644)
	cached, err := LoadHistory(ctx, dir, cache, HistoryOptions{})
	if err != nil || !reflect.DeepEqual(cached, sampleHistory(t)) {
		t.Fatalf("cached: %+v, %v", cached, err)
	}
	os.WriteFile(files[0], []byte("garbage"), 0o644)
	if again, err := LoadHistory(ctx, dir, cache, HistoryOptions{}); err != nil || again.Len() != 1 {
		t.Fatalf("after damage: %v, %v", again, err)
	}
	// A root inside the work tree sees its own files, named from it, and
	// only the commits that changed them.
	sub := filepath.Join(dir, "svc")
	os.MkdirAll(sub, 0o755)
	os.WriteFile(filepath.Join(sub, "b.go"), []byte("package svc\n"), 0o644)
	git("add", ".")
	git("commit", "-q", "-m", "Add the service")
	hs, err := LoadHistory(ctx, sub, cache, HistoryOptions{})
	if err != nil || hs.Len() != 1 || !reflect.DeepEqual(hs.Commits[0].Files, []string{"b.go"}) {
		t.Fatalf("subfolder: %+v, %v", hs, err)
	}
	// New commits on top of the cached HEAD are read and put before the
	// cached ones; commits git log leaves out (no file added or
	// modified) add nothing.
	os.WriteFile(filepath.Join(dir, "a.go"), []byte("package a\n\n// Second.\n"), 0o644)
	git("commit", "-q", "-am", "Second")
	for range 3 {
		git("commit", "-q", "--allow-empty", "-m", "Empty")
	}
	if h, err := LoadHistory(ctx, dir, cache, HistoryOptions{}); err != nil || h.Len() != 3 || h.Commits[0].Subject != "Second" {
		t.Fatalf("commits later: %+v, %v", h, err)
	}
	// A HEAD that is no descendant of the cached one (another branch,
	// a rewrite) reads the history again.
	git("checkout", "-q", "--orphan", "other")
	git("commit", "-q", "-m", "Unrelated start")
	if h, err := LoadHistory(ctx, dir, cache, HistoryOptions{}); err != nil || h.Len() != 1 || h.Commits[0].Subject != "Unrelated start" {
		t.Fatalf("other branch: %+v, %v", h, err)
	}
}

// TestLoadHistoryShallow: a shallow clone's boundary commit (whose files
// all look added) is left out, and nothing is cached, since deepening the
// clone does not move HEAD.
func TestLoadHistoryShallow(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	gitEnv(t)
	src, cache := t.TempDir(), t.TempDir()
	run := func(dir string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run(src, "init", "-q")
	for i, name := range []string{"a.go", "b.go", "c.go"} {
		os.WriteFile(filepath.Join(src, name), []byte("package p\n"), 0o644)
		run(src, "add", ".")
		run(src, "commit", "-q", "-m", "Commit "+string(rune('A'+i)))
	}
	clone := filepath.Join(t.TempDir(), "clone")
	run(src, "clone", "-q", "--depth", "2", "file://"+src, clone)
	h, err := LoadHistory(context.Background(), clone, cache, HistoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if h.Len() != 1 || h.Commits[0].Subject != "Commit C" {
		t.Fatalf("shallow history %+v, want only the commit above the boundary", h.Commits)
	}
	if files, _ := filepath.Glob(filepath.Join(cache, "*.gph")); len(files) != 0 {
		t.Errorf("shallow history cached: %v", files)
	}
}
