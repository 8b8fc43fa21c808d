package cli

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/planner"
	"github.com/groundplan/groundplan/internal/store"
	"github.com/groundplan/groundplan/internal/story"
)

// seedHistory writes two plans of one story through recordHistory, as the
// plan command would, and returns the database path.
func seedHistory(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "h.db")
	s, err := story.FromFields("customer", "cancel a pending order", "", []string{"cancelling returns 200"})
	if err != nil {
		t.Fatal(err)
	}
	p := &planner.Planner{IndexOptions: index.Options{NoCache: true}}
	for _, budget := range []int{16000, 2000} {
		res, err := p.Plan(ctx, planner.Request{Repo: filepath.Join("..", "..", "examples", "bookstore"), Story: s, Budget: budget}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := recordHistory(ctx, db, nil, res, nil); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func runHistory(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	f, out, errOut := testFactory()
	c := NewCmdHistory(f, nil)
	c.SetArgs(args)
	c.SetOut(io.Discard)
	c.SetErr(io.Discard)
	err := c.Execute()
	return out.String(), errOut.String(), err
}

func TestHistoryCommands(t *testing.T) {
	db := seedHistory(t)
	tests := []struct {
		name     string
		args     []string
		wantOut  []string
		wantErr  []string
		exitCode int
	}{
		{name: "list", args: []string{"list", "--db", db}, wantOut: []string{"ID", "STORY", "cancel a pending order", "cli", "offline", "$0"}},
		{name: "list json", args: []string{"list", "--db", db, "--json", "-n", "1"}, wantOut: []string{`"id": 2`, `"door": "cli"`}},
		{name: "show", args: []string{"show", "1", "--db", db}, wantOut: []string{"Implementation Steps"}, wantErr: []string{"plan 1", "cli door", "story \"cancel a pending order\""}},
		{name: "show json", args: []string{"show", "#2", "--db", db, "--json"}, wantOut: []string{`"markdown":`, `"story_key":`}},
		{name: "diff", args: []string{"diff", "1", "2", "--db", db}, wantOut: []string{"plan 1 (offline", "→ plan 2"}},
		{name: "diff json", args: []string{"diff", "1", "2", "--db", db, "--json"}, wantOut: []string{`"same_story": true`, `"sections":`}},
		{name: "missing plan", args: []string{"show", "99", "--db", db}, exitCode: ExitInput},
		{name: "bad id", args: []string{"diff", "1", "x", "--db", db}, exitCode: ExitInput},
		{name: "empty", args: []string{"list", "--db", filepath.Join(t.TempDir(), "new.db")}, wantErr: []string{"no plans"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, err := runHistory(t, tt.args...)
			if tt.exitCode != 0 {
				if ExitCode(err) != tt.exitCode {
					t.Fatalf("err = %v (exit %d), want exit %d", err, ExitCode(err), tt.exitCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
		})
	}
}

func TestRecordHistoryKeepsCommitAndStory(t *testing.T) {
	db := seedHistory(t)
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r, err := st.Get(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if r.Door != "cli" || r.StoryKey == "" || r.Template == "" || r.PromptTokens == 0 || r.Repo == "" || r.StoryJSON == "" {
		t.Errorf("record %+v", r)
	}
}

func TestAgo(t *testing.T) {
	now := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		d    time.Duration
		want string
	}{{10 * time.Second, "just now"}, {5 * time.Minute, "5m ago"}, {3 * time.Hour, "3h ago"}, {50 * time.Hour, "2d ago"}}
	for _, tt := range tests {
		if got := ago(now, now.Add(-tt.d)); got != tt.want {
			t.Errorf("ago(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
