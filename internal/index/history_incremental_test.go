package index

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// testRepo is a git repository built by a test, whose commits get
// increasing dates unless a test sets one.
type testRepo struct {
	t    *testing.T
	dir  string
	when int64 // seconds since the epoch of the next commit
}

func newTestRepo(t *testing.T) *testRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	gitEnv(t)
	r := &testRepo{t: t, dir: t.TempDir(), when: 1_700_000_000}
	r.git("init", "-q", "-b", "main")
	return r
}

// git runs git in the repository and returns its output.
func (r *testRepo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-C", r.dir, "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"}, args...)...)
	date := fmt.Sprintf("@%d +0000", r.when)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// commit writes files (an empty content deletes the file) and commits
// them with the message, an hour after the previous commit.
func (r *testRepo) commit(msg string, files map[string]string) string {
	r.t.Helper()
	for name, content := range files {
		p := filepath.Join(r.dir, name)
		if content == "" {
			r.git("rm", "-q", "--", name)
			continue
		}
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			r.t.Fatal(err)
		}
		r.git("add", "--", name)
	}
	r.when += 3600
	r.git("commit", "-q", "--allow-empty", "-m", msg)
	return r.git("rev-parse", "HEAD")
}

// fileSet names n files under dir, each with content.
func fileSet(dir string, n int, content string) map[string]string {
	m := map[string]string{}
	for i := range n {
		m[fmt.Sprintf("%s/f%d.go", dir, i)] = content
	}
	return m
}

// sameHistory fails the test unless a and b hold the same commits in the
// same order, the same records and the same message index, and answer
// the same queries alike.
func sameHistory(t *testing.T, got, want *History) {
	t.Helper()
	if !reflect.DeepEqual(got.Commits, want.Commits) && !(len(got.Commits) == 0 && len(want.Commits) == 0) {
		t.Fatalf("commits differ:\n got %v\nwant %v", subjects(got), subjects(want))
	}
	if !bytes.Equal(EncodeHistory(got, ""), EncodeHistory(want, "")) {
		t.Fatalf("encodings differ (records or message index):\n got ord %v dropped %v\nwant ord %v dropped %v", got.ord, got.dropped, want.ord, want.dropped)
	}
	if got.avgLen != want.avgLen {
		t.Fatalf("average message length %v, want %v", got.avgLen, want.avgLen)
	}
	for _, q := range [][]string{{"cart"}, {"admin", "reload"}, {"fix", "billing", "ledger"}, {"nothing"}} {
		if g, w := got.Similar(q, 5), want.Similar(q, 5); !reflect.DeepEqual(g, w) {
			t.Fatalf("Similar(%v) = %v, want %v", q, g, w)
		}
	}
}

func subjects(h *History) []string {
	var s []string
	for _, c := range h.Commits {
		s = append(s, c.Subject)
	}
	return s
}

// TestExtendHistory reads a repository's history at an older commit,
// extends it to a newer one, and compares it with a full read there.
func TestExtendHistory(t *testing.T) {
	type setup func(r *testRepo) (old, root string)
	linear := func(r *testRepo) (string, string) {
		r.commit("Add the shopping cart", map[string]string{"cart/cart.go": "package cart\n"})
		r.commit("Add the billing ledger", map[string]string{"billing/ledger.go": "package billing\n"})
		old := r.commit("admin: reload config on SIGHUP", map[string]string{"admin/reload.go": "package admin\n"})
		r.commit("Fix the cart totals", map[string]string{"cart/cart.go": "package cart\n\n// totals\n"})
		r.commit("Fix the billing ledger rounding", map[string]string{"billing/ledger.go": "package billing\n\n// round\n"})
		return old, r.dir
	}
	cases := []struct {
		name     string
		opts     HistoryOptions
		build    setup
		extended bool // false: extendHistory declines, the full read serves
	}{
		{name: "linear", build: linear, extended: true},
		{name: "limit trims the cached tail", opts: HistoryOptions{Limit: 3}, build: linear, extended: true},
		{name: "limit filled by new commits", opts: HistoryOptions{Limit: 2}, build: linear, extended: true},
		{
			name: "records left out count toward the limit",
			opts: HistoryOptions{Limit: 4, MaxFiles: 3},
			build: func(r *testRepo) (string, string) {
				r.commit("Add the shopping cart", map[string]string{"cart/cart.go": "package cart\n"})
				r.commit("Sweep: format everything", fileSet("gen", 5, "package gen\n"))
				r.commit("Remove the cart", map[string]string{"cart/cart.go": ""}) // deletes only: not in git log
				old := r.commit("Add the billing ledger", map[string]string{"billing/ledger.go": "package billing\n"})
				r.commit("Sweep again", fileSet("gen", 4, "package gen\n\n// again\n"))
				r.commit("Remove the ledger", map[string]string{"billing/ledger.go": ""})
				r.commit("Fix the billing ledger", map[string]string{"billing/ledger.go": "package billing\n// fix\n"})
				return old, r.dir
			},
			extended: true,
		},
		{
			// A merged branch brings commits dated before commits that
			// were already cached: git log interleaves them by date.
			name: "merged branch with older commits",
			build: func(r *testRepo) (string, string) {
				r.commit("Add the shopping cart", map[string]string{"cart/cart.go": "package cart\n"})
				r.git("branch", "feature")
				mainAt := r.when
				r.when += 10 * 3600
				r.commit("Add the billing ledger", map[string]string{"billing/ledger.go": "package billing\n"})
				old := r.commit("admin: reload config", map[string]string{"admin/reload.go": "package admin\n"})
				end := r.when
				r.git("checkout", "-q", "feature")
				r.when = mainAt
				r.commit("cart: totals in cents", map[string]string{"cart/totals.go": "package cart\n"})
				r.commit("cart: discount codes", map[string]string{"cart/discount.go": "package cart\n"})
				r.git("checkout", "-q", "main")
				r.when = end + 3600
				r.git("merge", "-q", "--no-ff", "-m", "Merge the cart work", "feature")
				r.commit("Fix the billing ledger", map[string]string{"billing/ledger.go": "package billing\n// fix\n"})
				return old, r.dir
			},
			extended: true,
		},
		{
			name: "main merged into the branch",
			build: func(r *testRepo) (string, string) {
				r.commit("Add the shopping cart", map[string]string{"cart/cart.go": "package cart\n"})
				r.git("branch", "feature")
				r.git("checkout", "-q", "feature")
				r.commit("cart: totals", map[string]string{"cart/totals.go": "package cart\n"})
				old := r.git("rev-parse", "HEAD")
				r.git("checkout", "-q", "main")
				r.commit("Add the billing ledger", map[string]string{"billing/ledger.go": "package billing\n"})
				r.git("checkout", "-q", "feature")
				r.git("merge", "-q", "--no-ff", "-m", "Merge main", "main")
				return old, r.dir
			},
			extended: true,
		},
		{
			name: "subfolder root",
			build: func(r *testRepo) (string, string) {
				r.commit("Add the shopping cart", map[string]string{"cart/cart.go": "package cart\n"})
				old := r.commit("Add the billing ledger", map[string]string{"billing/ledger.go": "package billing\n"})
				r.commit("Fix the cart totals", map[string]string{"cart/cart.go": "package cart\n// totals\n"})
				r.commit("Fix the billing ledger", map[string]string{"billing/ledger.go": "package billing\n// fix\n"})
				return old, filepath.Join(r.dir, "billing")
			},
			extended: true,
		},
		{
			name: "branch switch",
			build: func(r *testRepo) (string, string) {
				r.commit("Add the shopping cart", map[string]string{"cart/cart.go": "package cart\n"})
				r.git("branch", "other")
				old := r.commit("Add the billing ledger", map[string]string{"billing/ledger.go": "package billing\n"})
				r.git("checkout", "-q", "other")
				r.commit("admin: reload config", map[string]string{"admin/reload.go": "package admin\n"})
				return old, r.dir
			},
		},
		{
			name: "reset to an ancestor",
			build: func(r *testRepo) (string, string) {
				r.commit("Add the shopping cart", map[string]string{"cart/cart.go": "package cart\n"})
				r.commit("Add the billing ledger", map[string]string{"billing/ledger.go": "package billing\n"})
				old := r.git("rev-parse", "HEAD")
				r.git("reset", "-q", "--hard", "HEAD~1")
				return old, r.dir
			},
		},
		{
			name: "rewritten history",
			build: func(r *testRepo) (string, string) {
				r.commit("Add the shopping cart", map[string]string{"cart/cart.go": "package cart\n"})
				old := r.commit("Add the billing ledger", map[string]string{"billing/ledger.go": "package billing\n"})
				r.when += 3600
				r.git("commit", "-q", "--amend", "-m", "Add the billing ledger, reworded")
				r.commit("Fix the billing ledger", map[string]string{"billing/ledger.go": "package billing\n// fix\n"})
				return old, r.dir
			},
		},
	}
	ctx := context.Background()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newTestRepo(t)
			old, root := tc.build(r)
			head := r.git("rev-parse", "HEAD")
			opts := tc.opts
			opts.Relative = true
			cached, err := ReadHistory(ctx, []string{"-C", root}, old, opts)
			if err != nil {
				t.Fatal(err)
			}
			full, err := ReadHistory(ctx, []string{"-C", root}, head, opts)
			if err != nil {
				t.Fatal(err)
			}
			// The cached history goes through the codec, as it would from
			// the cache file.
			cached, _, err = DecodeHistory(EncodeHistory(cached, "k"))
			if err != nil {
				t.Fatal(err)
			}
			got := extendHistory(ctx, root, cached, old, head, opts)
			if (got != nil) != tc.extended {
				t.Fatalf("extended = %v, want %v", got != nil, tc.extended)
			}
			t.Logf("full read at HEAD: %q", subjects(full))
			if got != nil {
				sameHistory(t, got, full)
				// And it survives the codec.
				back, _, err := DecodeHistory(EncodeHistory(got, "k"))
				if err != nil {
					t.Fatal(err)
				}
				sameHistory(t, back, full)
			}
			// LoadHistory gives the full read's history either way: cache
			// at old, then load at HEAD.
			cache := t.TempDir()
			abs, _ := filepath.Abs(root)
			file := filepath.Join(cache, historyFileName(abs))
			if err := writeFileAtomic(file, EncodeHistory(cached, historyKey(old, tc.opts))); err != nil {
				t.Fatal(err)
			}
			loaded, err := LoadHistory(ctx, root, cache, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			sameHistory(t, loaded, full)
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if _, key, err := DecodeHistory(data); err != nil || key != historyKey(head, tc.opts) {
				t.Fatalf("cache after the load: key %q, %v; want %q", key, err, historyKey(head, tc.opts))
			}
		})
	}
}

// TestLoadHistoryIncremental: a load at a HEAD that descends from the
// cached one reads only the commits since, and keeps the cached ones as
// they are in the cache (a planted subject shows it).
func TestLoadHistoryIncremental(t *testing.T) {
	r := newTestRepo(t)
	ctx := context.Background()
	cache := t.TempDir()
	r.commit("Add the shopping cart", map[string]string{"cart/cart.go": "package cart\n"})
	old := r.commit("Add the billing ledger", map[string]string{"billing/ledger.go": "package billing\n"})
	if h, err := LoadHistory(ctx, r.dir, cache, HistoryOptions{}); err != nil || h.Len() != 2 {
		t.Fatalf("first load: %v, %v", h, err)
	}
	file := filepath.Join(cache, historyFileName(r.dir))
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	h, key, err := DecodeHistory(data)
	if err != nil || key != historyKey(old, HistoryOptions{}) {
		t.Fatalf("cache key %q, %v", key, err)
	}
	h.Commits[1].Subject = "Planted"
	os.WriteFile(file, EncodeHistory(h, key), 0o644)
	r.commit("Fix the cart totals", map[string]string{"cart/cart.go": "package cart\n// totals\n"})
	got, err := LoadHistory(ctx, r.dir, cache, HistoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Fix the cart totals", "Add the billing ledger", "Planted"}; !reflect.DeepEqual(subjects(got), want) {
		t.Fatalf("subjects %q, want %q", subjects(got), want)
	}
}

// TestPruneHistoryCache: writing a history cache removes the same root's
// files of other format versions and old temporary files, and nothing
// else.
func TestPruneHistoryCache(t *testing.T) {
	r := newTestRepo(t)
	r.commit("Add the shopping cart", map[string]string{"cart/cart.go": "package cart\n"})
	cache := t.TempDir()
	prefix := historyFilePrefix(r.dir)
	other := historyFilePrefix(filepath.Join(r.dir, "elsewhere"))
	current := historyFileName(r.dir)
	old := time.Now().Add(-2 * staleTempAge)
	files := []struct {
		name  string
		stale bool // an old modification time
		gone  bool
	}{
		{name: prefix + "gph", gone: true},    // the first format
		{name: prefix + "v1.gph", gone: true}, // another version
		{name: prefix + "v17.gph", gone: true},
		{name: "." + prefix + "v2.gph-123.tmp", stale: true, gone: true},
		{name: "." + prefix + "v2.gph-456.tmp"}, // a write under way
		{name: prefix + "vx.gph"},
		{name: prefix + "v2.gph.bak"},
		{name: prefix + "gph.txt"},
		{name: other + "gph"},
		{name: other + "v1.gph"},
		{name: other + "v2.gph"},
		{name: "." + other + "v2.gph-123.tmp", stale: true},
		{name: "notes.txt", stale: true},
	}
	for _, f := range files {
		p := filepath.Join(cache, f.name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if f.stale {
			os.Chtimes(p, old, old)
		}
	}
	os.Mkdir(filepath.Join(cache, prefix+"v3.gph"), 0o755) // not a file: kept
	if h, err := LoadHistory(context.Background(), r.dir, cache, HistoryOptions{}); err != nil || h.Len() != 1 {
		t.Fatalf("load: %v, %v", h, err)
	}
	if _, err := os.Stat(filepath.Join(cache, current)); err != nil {
		t.Fatalf("cache file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(cache, prefix+"v3.gph")); err != nil {
		t.Errorf("directory removed: %v", err)
	}
	for _, f := range files {
		_, err := os.Stat(filepath.Join(cache, f.name))
		if gone := os.IsNotExist(err); gone != f.gone {
			t.Errorf("%s: removed = %v, want %v", f.name, gone, f.gone)
		}
	}
}
