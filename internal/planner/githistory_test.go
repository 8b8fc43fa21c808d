package planner

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/story"
)

// TestContextGitHistory: in a git repository, files changed by past
// commits whose messages resemble the story rank higher and say why; with
// NoGitHistory they do not, and the history is kept beside the index cache.
func TestContextGitHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	dir, cache := t.TempDir(), t.TempDir()
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
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write("go.mod", "module shop\n\ngo 1.22\n")
	write("stock/entries.go", "package stock\n\n// Entries are the stock entries.\ntype Entries []int\n")
	write("report/totals.go", "package report\n\n// Totals sums entries into totals.\nfunc Totals(entries []int) int { return 0 }\n")
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "Start the shop")
	write("report/totals.go", "package report\n\n// Totals sums entries into totals; late corrections count.\nfunc Totals(entries []int) int { return 0 }\n")
	git("commit", "-q", "-am", "Stale figures after corrections\n\nCorrections booked late were left out.")

	p := &Planner{IndexOptions: index.Options{CacheDir: cache}}
	text := "stock entries and totals are stale after corrections"
	for _, tt := range []struct {
		noHistory bool
		want      bool
	}{{false, true}, {true, false}} {
		prep, err := p.Context(context.Background(), Request{Repo: dir, Story: &story.Story{Kind: story.KindStory, Title: "Stale totals", Goal: text}, NoGitHistory: tt.noHistory}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got bool
		for _, r := range prep.Ranked {
			if r.Path == "report/totals.go" && slices.ContainsFunc(r.Reasons, func(s string) bool { return strings.Contains(s, "similar past commit") }) {
				got = true
			}
		}
		if got != tt.want {
			t.Errorf("NoGitHistory=%v: history reason on report/totals.go = %v, want %v; ranked %+v", tt.noHistory, got, tt.want, prep.Ranked)
		}
	}
	if files, _ := filepath.Glob(filepath.Join(cache, "history", "*.gph")); len(files) != 1 {
		t.Errorf("history cache files %v, want one beside the index cache", files)
	}
}
