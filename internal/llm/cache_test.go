package llm_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/groundplan/groundplan/internal/llm"
)

func req(content string) llm.Request {
	return llm.Request{Model: "m1", System: "sys", MaxTokens: 100, Messages: []llm.Message{{Role: llm.RoleUser, Content: content}}}
}

func read(t *testing.T, p llm.Provider, r llm.Request) (string, llm.Usage, bool, error) {
	t.Helper()
	s, err := p.Stream(context.Background(), r)
	if err != nil {
		return "", llm.Usage{}, false, err
	}
	cached := llm.FromCache(s)
	text, u, err := llm.Collect(s)
	return text, u, cached, err
}

func TestCacheHitIsFree(t *testing.T) {
	dir := t.TempDir()
	f := &fakeProvider{steps: []step{{chunks: []string{"the ", "plan"}, usage: llm.Usage{InputTokens: 50, OutputTokens: 2}}}}
	p := llm.WithCache(f, dir)

	text, u, cached, err := read(t, p, req("story"))
	if err != nil || text != "the plan" || cached {
		t.Fatalf("first call: %q %v cached=%v", text, err, cached)
	}
	text, u2, cached, err := read(t, p, req("story"))
	if err != nil || text != "the plan" || !cached {
		t.Fatalf("second call: %q %v cached=%v", text, err, cached)
	}
	if f.Calls() != 1 {
		t.Errorf("provider called %d times, want 1", f.Calls())
	}
	if u2 != u {
		t.Errorf("cached usage %+v, want %+v", u2, u)
	}
	// Files are complete JSON documents, no temporary files left behind.
	var files []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if !d.IsDir() {
			files = append(files, filepath.Base(path))
		}
		return nil
	})
	if len(files) != 1 || !strings.HasSuffix(files[0], ".json") || strings.HasPrefix(files[0], ".tmp") {
		t.Errorf("cache files = %v", files)
	}
}

func TestCacheDoesNotStoreFailures(t *testing.T) {
	cases := map[string]step{
		"truncated":     {chunks: []string{"half a "}, endErr: llm.ErrTruncated},
		"error":         {err: api(500, 0)},
		"empty answer":  {},
		"broken midway": {chunks: []string{"x"}, endErr: errors.New("reset")},
	}
	for name, st := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			f := &fakeProvider{steps: []step{st}}
			p := llm.WithCache(f, dir)
			read(t, p, req("a"))
			read(t, p, req("a"))
			if f.Calls() != 2 {
				t.Errorf("calls = %d, want 2: a failed answer must not be cached", f.Calls())
			}
		})
	}
	t.Run("abandoned before the end", func(t *testing.T) {
		dir := t.TempDir()
		f := &fakeProvider{steps: []step{{chunks: []string{"a", "b"}}}}
		p := llm.WithCache(f, dir)
		s, err := p.Stream(context.Background(), req("a"))
		if err != nil {
			t.Fatal(err)
		}
		s.Next()
		s.Close()
		read(t, p, req("a"))
		if f.Calls() != 2 {
			t.Errorf("calls = %d, want 2", f.Calls())
		}
	})
}

func TestCacheKeyChangesWithParameters(t *testing.T) {
	temp := 0.2
	base := req("story")
	variants := map[string]llm.Request{}
	r := base
	r.Model = "m2"
	variants["model"] = r
	r = base
	r.MaxTokens = 200
	variants["max tokens"] = r
	r = base
	r.Temperature = &temp
	variants["temperature"] = r
	r = base
	r.System = "other"
	variants["system"] = r
	r = base
	r.Messages = []llm.Message{{Role: llm.RoleUser, Content: "story!"}}
	variants["prompt"] = r

	k0 := llm.CacheKey("openai", "scope", base)
	if k0 != llm.CacheKey("openai", "scope", req("story")) {
		t.Fatal("key is not deterministic")
	}
	if k0 == llm.CacheKey("anthropic", "scope", base) {
		t.Error("key ignores the provider")
	}
	if k0 == llm.CacheKey("openai", "other server", base) {
		t.Error("key ignores the scope")
	}
	for name, v := range variants {
		if llm.CacheKey("openai", "scope", v) == k0 {
			t.Errorf("key ignores the %s", name)
		}
	}

	dir := t.TempDir()
	f := &fakeProvider{steps: []step{{chunks: []string{"x"}}}}
	p := llm.WithCache(f, dir)
	read(t, p, base)
	read(t, p, variants["temperature"])
	if f.Calls() != 2 {
		t.Errorf("calls = %d, want 2", f.Calls())
	}
}

type scopedFake struct {
	fakeProvider
	scope string
}

func (s *scopedFake) Scope() string { return s.scope }

func TestCacheKeysOnScopeThroughWrappers(t *testing.T) {
	dir := t.TempDir()
	a := &scopedFake{fakeProvider: fakeProvider{steps: []step{{chunks: []string{"from a"}}}}, scope: "http://a/v1"}
	b := &scopedFake{fakeProvider: fakeProvider{steps: []step{{chunks: []string{"from b"}}}}, scope: "http://b/v1"}
	pa := llm.WithCache(llm.WithRetry(a, llm.RetryOptions{}), dir)
	pb := llm.WithCache(llm.WithRetry(b, llm.RetryOptions{}), dir)
	ta, _, _, _ := read(t, pa, req("q"))
	tb, _, cached, _ := read(t, pb, req("q"))
	if ta != "from a" || tb != "from b" || cached {
		t.Errorf("got %q and %q (cached=%v): servers must not share answers", ta, tb, cached)
	}
	if got := llm.ScopeOf(pa); got != "http://a/v1" {
		t.Errorf("ScopeOf = %q", got)
	}
}

func TestCacheCorruptEntryIsAMiss(t *testing.T) {
	dir := t.TempDir()
	f := &fakeProvider{steps: []step{{chunks: []string{"ok"}}}}
	p := llm.WithCache(f, dir)
	key := llm.CacheKey("fake", "fake", req("a"))
	os.MkdirAll(filepath.Join(dir, key[:2]), 0o700)
	os.WriteFile(filepath.Join(dir, key[:2], key+".json"), []byte("{not json"), 0o600)
	text, _, cached, err := read(t, p, req("a"))
	if err != nil || text != "ok" || cached {
		t.Fatalf("%q %v cached=%v", text, err, cached)
	}
	if _, _, cached, _ := read(t, p, req("a")); !cached {
		t.Error("the entry was not rewritten")
	}
}

func TestCacheStoreFailureReportedByClose(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(dir, []byte("not a directory"), 0o600)
	f := &fakeProvider{steps: []step{{chunks: []string{"ok"}}}}
	s, err := llm.WithCache(f, dir).Stream(context.Background(), req("a"))
	if err != nil {
		t.Fatal(err)
	}
	for s.Next() {
	}
	if s.Err() != nil {
		t.Fatalf("the answer itself is fine: %v", s.Err())
	}
	if err := s.Close(); err == nil || !strings.Contains(err.Error(), "response cache") {
		t.Errorf("Close = %v, want a cache error", err)
	}
}

func TestPruneCache(t *testing.T) {
	dir := t.TempDir()
	f := &fakeProvider{steps: []step{{chunks: []string{"x"}}}}
	p := llm.WithCache(f, dir)
	read(t, p, req("a"))
	n, err := llm.PruneCache(dir, time.Hour, time.Now())
	if err != nil || n != 0 {
		t.Fatalf("fresh entry pruned: %d %v", n, err)
	}
	n, err = llm.PruneCache(dir, time.Hour, time.Now().Add(2*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("old entry kept: %d %v", n, err)
	}
	if n, err := llm.PruneCache(filepath.Join(dir, "missing"), time.Hour, time.Now()); err != nil || n != 0 {
		t.Fatalf("missing dir: %d %v", n, err)
	}
}
