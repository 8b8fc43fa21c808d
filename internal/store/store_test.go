package store

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/groundplan/groundplan/internal/story"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "sub", "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

const planA = `# Plan: reviews

## Architectural Decisions

- Store reviews in their own table.

## Implementation Steps

1. Add the migration ` + "`migrations/0004_reviews.sql`" + `.
2. Add ` + "`internal/review/service.go`" + `.

## Time Estimate

90 minutes
`

const planB = `# Plan: reviews

## Architectural Decisions

- Store reviews in their own table.

## Implementation Steps

1. Add the migration ` + "`migrations/0004_reviews.sql`" + `.
2. Add ` + "`internal/review/handler.go`" + `.
3. Register the route.

## Risks

- Spam reviews.

## Time Estimate

90 minutes
`

func TestSaveGetList(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	cost := 0.0123
	r := &Record{Door: "cli", Repo: "/repo", Commit: "abc", StoryKey: "k1", StoryTitle: "Reviews", Template: "story",
		Provider: "openai", Model: "gpt-4.1", PromptTokens: 900, InputTokens: 1000, OutputTokens: 500, CostUSD: &cost,
		Verified: true, Score: 0.88, Errors: 1, Warnings: 2, Markdown: planA, PlanJSON: `{}`, ReportJSON: `{}`}
	id, err := s.Save(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Model != "gpt-4.1" || got.CostUSD == nil || *got.CostUSD != cost || !got.Verified || got.Errors != 1 || got.Markdown != planA {
		t.Errorf("Get = %+v", got)
	}
	if !got.CreatedAt.Equal(r.CreatedAt) {
		t.Errorf("created %v, want %v", got.CreatedAt, r.CreatedAt)
	}
	if _, err := s.Save(ctx, &Record{Door: "http", StoryKey: "k2", Markdown: planB}); err != nil {
		t.Fatal(err)
	}
	all, err := s.List(ctx, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].ID <= all[1].ID || all[1].CostUSD == nil || all[0].CostUSD != nil {
		t.Errorf("List = %+v", all)
	}
	one, err := s.List(ctx, ListOptions{StoryKey: "k1"})
	if err != nil || len(one) != 1 || one[0].ID != id {
		t.Errorf("List(k1) = %+v, %v", one, err)
	}
	older, err := s.List(ctx, ListOptions{Before: all[0].ID})
	if err != nil || len(older) != 1 || older[0].ID != id {
		t.Errorf("List(before) = %+v, %v", older, err)
	}
	if _, err := s.Get(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(999) err = %v, want ErrNotFound", err)
	}
}

func TestReopenKeepsRowsAndSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Save(ctx, &Record{Door: "cli"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, err := s.Count(ctx); err != nil || n != 1 {
		t.Errorf("Count = %d, %v", n, err)
	}
	var v int
	if err := s.db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v); err != nil || v != SchemaVersion() {
		t.Errorf("version = %d, %v", v, err)
	}
	var mode string
	if err := s.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v", mode, err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE schema_version SET version = 99`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("Open = %v, want a newer-schema error", err)
	}
}

// TestConcurrentWriters writes from several goroutines and two Store
// values (as two processes would) and loses no row.
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	s1, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s1.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	const workers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			s := s1
			if w%2 == 1 {
				s = s2
			}
			for i := 0; i < each; i++ {
				if _, err := s.Save(ctx, &Record{Door: "http", StoryKey: fmt.Sprint(w), Markdown: planA}); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n, err := s1.Count(ctx); err != nil || n != workers*each {
		t.Errorf("Count = %d, %v; want %d", n, err, workers*each)
	}
}

func TestDiff(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a, _ := s.Save(ctx, &Record{StoryKey: "k", Provider: "offline", Markdown: planA})
	b, _ := s.Save(ctx, &Record{StoryKey: "k", Provider: "offline", Markdown: planB})
	c, _ := s.Save(ctx, &Record{StoryKey: "other", Provider: "offline", Markdown: planA})
	d, err := s.Diff(ctx, a, b)
	if err != nil {
		t.Fatal(err)
	}
	if !d.SameStory {
		t.Error("SameStory = false")
	}
	status := map[string]string{}
	for _, sec := range d.Sections {
		status[sec.Title] = sec.Status
	}
	want := map[string]string{
		"Architectural Decisions": SectionSame,
		"Implementation Steps":    SectionChanged,
		"Risks":                   SectionAdded,
		"Time Estimate":           SectionSame,
	}
	for k, v := range want {
		if status[k] != v {
			t.Errorf("section %q: %q, want %q (all: %v)", k, status[k], v, status)
		}
	}
	if d.Changed != 2 {
		t.Errorf("Changed = %d, want 2", d.Changed)
	}
	text := d.Text()
	for _, w := range []string{"## Implementation Steps (changed)", "- 2. Add `internal/review/service.go`.", "+ 3. Register the route.", "## Risks (added)", "unchanged: Architectural Decisions, Time Estimate"} {
		if !strings.Contains(text, w) {
			t.Errorf("Text lacks %q:\n%s", w, text)
		}
	}
	d2, err := s.Diff(ctx, a, c)
	if err != nil {
		t.Fatal(err)
	}
	if d2.SameStory || d2.Changed != 0 || !strings.Contains(d2.Text(), "different stories") {
		t.Errorf("diff of other story: %+v\n%s", d2, d2.Text())
	}
	if _, err := s.Diff(ctx, a, 404); !errors.Is(err, ErrNotFound) {
		t.Errorf("Diff(a, 404) = %v", err)
	}
}

func TestDiffLines(t *testing.T) {
	tests := []struct {
		name string
		a, b []string
		want string
	}{
		{"same", []string{"x", "y"}, []string{"x", "y"}, "=x =y"},
		{"insert", []string{"x", "z"}, []string{"x", "y", "z"}, "=x +y =z"},
		{"delete", []string{"x", "y", "z"}, []string{"x", "z"}, "=x -y =z"},
		{"replace", []string{"a", "b", "c"}, []string{"a", "B", "c"}, "=a -b +B =c"},
		{"empty a", nil, []string{"n"}, "+n"},
		{"move", []string{"1", "2", "3"}, []string{"2", "3", "1"}, "-1 =2 =3 +1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, l := range diffLines(tt.a, tt.b) {
				got = append(got, l.Op+l.Text)
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("diff = %q, want %q", g, tt.want)
			}
		})
	}
}

func TestStoryKey(t *testing.T) {
	s1, err := story.FromFields("customer", "leave a review", "", []string{"the review is saved"})
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := story.FromFields("Customer", "leave  a Review", "", []string{"The review is saved"})
	if StoryKey(s1) != StoryKey(s2) {
		t.Error("case and spacing change the key")
	}
	s3, _ := story.FromFields("customer", "delete a review", "", []string{"the review is gone"})
	if StoryKey(s1) == StoryKey(s3) {
		t.Error("different stories share a key")
	}
	if StoryKey(nil) != "" || StoryTitle(nil) != "" {
		t.Error("nil story has a key or title")
	}
	if StoryTitle(s1) != "leave a review" {
		t.Errorf("StoryTitle = %q", StoryTitle(s1))
	}
}

func TestHeadCommit(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dir := t.TempDir()
	if got := HeadCommit(ctx, dir); got != "" {
		t.Errorf("HeadCommit(non-repo) = %q", got)
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	for _, args := range [][]string{
		{"init", "-q"},
		{"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "x"},
	} {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	if got := HeadCommit(ctx, dir); len(got) != 40 {
		t.Errorf("HeadCommit = %q, want a 40-char hash", got)
	}
}

func TestDefaultPath(t *testing.T) {
	got, err := DefaultPath(func(k string) string {
		if k == "XDG_DATA_HOME" {
			return "/data"
		}
		return ""
	})
	if err != nil || got != filepath.Join("/data", "groundplan", "history.db") {
		t.Errorf("DefaultPath = %q, %v", got, err)
	}
	got, err = DefaultPath(func(string) string { return "" })
	if err == nil && !strings.HasSuffix(got, filepath.Join("groundplan", "history.db")) {
		t.Errorf("DefaultPath = %q", got)
	}
}
