package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// vendoredRepo is a Go module with its dependency vendored: the app uses
// retry.Backoff, which only vendor/ declares.
const vendoredRepo = "testdata/vendored"

// TestIncludeVendoredFlag checks that index, context, verify, plan and
// prompt take --include-vendored, off by default.
func TestIncludeVendoredFlag(t *testing.T) {
	tests := []struct {
		name string
		cmd  func(f *Factory, got *bool) *cobra.Command
		args []string
		want bool
	}{
		{"index default", indexCmd, nil, false},
		{"index", indexCmd, []string{"--include-vendored"}, true},
		{"index map", indexCmd, []string{"--map", "--include-vendored"}, true},
		{"context default", contextCmd, []string{"story.md"}, false},
		{"context", contextCmd, []string{"story.md", "--include-vendored"}, true},
		{"verify default", verifyCmd, []string{"plan.md"}, false},
		{"verify", verifyCmd, []string{"plan.md", "--include-vendored"}, true},
		{"plan default", planCmd, []string{"story.md"}, false},
		{"plan", planCmd, []string{"story.md", "--include-vendored"}, true},
		{"prompt default", promptCmd, []string{"story.md"}, false},
		{"prompt", promptCmd, []string{"story.md", "--include-vendored"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := testFactory()
			got := !tt.want
			c := tt.cmd(f, &got)
			c.SetArgs(tt.args)
			c.SetOut(&bytes.Buffer{})
			c.SetErr(&bytes.Buffer{})
			if err := c.Execute(); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("IncludeVendored = %v, want %v", got, tt.want)
			}
		})
	}
}

func indexCmd(f *Factory, got *bool) *cobra.Command {
	return NewCmdIndex(f, func(_ context.Context, o *IndexOptions) error { *got = o.IncludeVendored; return nil })
}

func contextCmd(f *Factory, got *bool) *cobra.Command {
	return NewCmdContext(f, func(_ context.Context, o *ContextOptions) error { *got = o.Input.IncludeVendored; return nil })
}

func planCmd(f *Factory, got *bool) *cobra.Command {
	return NewCmdPlan(f, func(_ context.Context, o *PlanOptions) error { *got = o.Input.IncludeVendored; return nil })
}

func promptCmd(f *Factory, got *bool) *cobra.Command {
	return NewCmdPrompt(f, func(_ context.Context, o *PromptOptions) error { *got = o.Input.IncludeVendored; return nil })
}

func verifyCmd(f *Factory, got *bool) *cobra.Command {
	return NewCmdVerify(f, func(_ context.Context, o *VerifyOptions) error { *got = o.IncludeVendored; return nil })
}

// TestIndexIncludeVendored runs index with and without --include-vendored
// on one cache: each kind of build keeps its own cache, so neither is
// taken for the other, and a warm vendored build still knows the
// vendored symbols (kept encoded in the cache until asked for).
func TestIndexIncludeVendored(t *testing.T) {
	isolate(t)
	type stats struct {
		Stats    struct{ Files, Symbols, Parsed, Cached int } `json:"stats"`
		Vendored *struct{ Files, Symbols int }                `json:"vendored"`
	}
	steps := []struct {
		name     string
		args     []string
		parsed   int // files analysed, not taken from the cache
		files    int
		symbols  int
		vendored int // vendored files; -1: not reported
	}{
		{name: "plain, cold", args: nil, parsed: 3, files: 3, symbols: 2, vendored: -1},
		{name: "vendored, cold: not the plain cache", args: []string{"--include-vendored"}, parsed: 5, files: 5, symbols: 5, vendored: 2},
		{name: "plain, warm: no vendored file", args: nil, parsed: 0, files: 3, symbols: 2, vendored: -1},
		{name: "vendored, warm", args: []string{"--include-vendored"}, parsed: 0, files: 5, symbols: 5, vendored: 2},
	}
	for _, st := range steps {
		args := append([]string{"index", "--repo", vendoredRepo, "-f", "json"}, st.args...)
		code, out, errOut := run(t, args...)
		var got stats
		if code != 0 || json.Unmarshal([]byte(out), &got) != nil {
			t.Fatalf("%s: exit %d: %s%s", st.name, code, out, errOut)
		}
		if got.Stats.Parsed != st.parsed || got.Stats.Files != st.files || got.Stats.Symbols != st.symbols {
			t.Errorf("%s: stats %+v, want %d parsed, %d files, %d symbols", st.name, got.Stats, st.parsed, st.files, st.symbols)
		}
		switch {
		case st.vendored < 0 && got.Vendored != nil:
			t.Errorf("%s: vendored files reported: %+v", st.name, got.Vendored)
		case st.vendored >= 0 && (got.Vendored == nil || got.Vendored.Files != st.vendored || got.Vendored.Symbols != 3):
			t.Errorf("%s: vendored %+v, want %d files, 3 symbols", st.name, got.Vendored, st.vendored)
		}
	}
	caches, _ := filepath.Glob(filepath.Join(os.Getenv("XDG_CACHE_HOME"), "groundplan", "index", "*.gpidx"))
	if len(caches) != 2 {
		t.Errorf("caches %v, want one plain and one vendored", caches)
	}
	code, out, errOut := run(t, "index", "--repo", vendoredRepo, "--include-vendored")
	if code != 0 || !strings.Contains(out, "vendored or generated: 2 files, 3 symbols") {
		t.Errorf("text: exit %d:\n%s%s", code, out, errOut)
	}
	// The map of a warm vendored build lists the vendored symbols.
	code, out, errOut = run(t, "index", "--repo", vendoredRepo, "--include-vendored", "--map")
	for _, want := range []string{"vendor/github.com/acme/retry/backoff.go (Go, ", "type Backoff", "method Backoff.Do", "func WithJitter", "app/orders.go"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("map lacks %q: exit %d:\n%s%s", want, code, out, errOut)
		}
	}
	code, out, _ = run(t, "index", "--repo", vendoredRepo, "--map")
	if code != 0 || strings.Contains(out, "vendor/") || !strings.Contains(out, "app/orders.go") {
		t.Errorf("plain map: exit %d:\n%s", code, out)
	}
}

// TestContextIncludeVendored checks that context works with and without
// --include-vendored and never ranks or packs a vendored file.
func TestContextIncludeVendored(t *testing.T) {
	isolate(t)
	for _, args := range [][]string{nil, {"--include-vendored"}, {"--include-vendored"}} {
		all := append([]string{"context", "--repo", vendoredRepo, "--goal", "retry a failed order payment with backoff", "--ac", "a failed charge is retried with Backoff.Do", "-f", "json"}, args...)
		code, out, errOut := run(t, all...)
		var c struct {
			Files  []struct{ Path string } `json:"files"`
			Ranked []struct{ Path string } `json:"ranked"`
		}
		if code != 0 || json.Unmarshal([]byte(out), &c) != nil {
			t.Fatalf("%v: exit %d: %s%s", args, code, out, errOut)
		}
		if len(c.Ranked) == 0 || c.Ranked[0].Path != "app/orders.go" {
			t.Errorf("%v: ranked %+v", args, c.Ranked)
		}
		for _, f := range append(c.Files, c.Ranked...) {
			if strings.HasPrefix(f.Path, "vendor/") {
				t.Errorf("%v: vendored file chosen: %s", args, f.Path)
			}
		}
	}
	// The flag reached the index: a vendored build has a cache of its own.
	caches, _ := filepath.Glob(filepath.Join(os.Getenv("XDG_CACHE_HOME"), "groundplan", "index", "v-*.gpidx"))
	if len(caches) != 1 {
		t.Errorf("vendored caches %v, want one", caches)
	}
}

// TestVerifyIncludeVendored checks that verify finds a type the plan takes
// from a vendored dependency only with --include-vendored.
func TestVerifyIncludeVendored(t *testing.T) {
	plan := filepath.Join(vendoredRepo, "plan.md")
	tests := []struct {
		name    string
		args    []string
		code    int
		want    []string
		wantNot []string
	}{
		{name: "dependency symbols unknown", args: nil, code: ExitFailure,
			want: []string{"error [symbol-missing]", "`Backoff.Do` does not exist", "FAILED"}},
		{name: "dependency symbols indexed", args: []string{"--include-vendored"}, code: ExitOK,
			want: []string{"No findings.", "OK: score 1.00"}, wantNot: []string{"symbol-missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{plan, "--repo", vendoredRepo, "--template", "none"}, tt.args...)
			code, out, errOut := runVerify(t, "", args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(out, w) {
					t.Errorf("stdout has %q:\n%s", w, out)
				}
			}
		})
	}
	// With the persistent cache: the second run finds the dependency's
	// symbols in the cache, where they stay encoded until looked up.
	isolate(t)
	for i := range 2 {
		code, out, errOut := run(t, "verify", plan, "--repo", vendoredRepo, "--template", "none", "--include-vendored")
		if code != ExitOK || !strings.Contains(out, "OK: score 1.00") {
			t.Errorf("cached run %d: exit %d:\n%s%s", i, code, out, errOut)
		}
	}
}
