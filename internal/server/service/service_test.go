package service

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/planner"
	"github.com/groundplan/groundplan/internal/store"
)

// bookstore is the example repository the tests plan against.
func bookstore(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "examples", "bookstore"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func newTest(t *testing.T, repo string) *Service {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s, err := New(Config{Repo: repo, Store: st, IndexOptions: index.Options{NoCache: true}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var reviewStory = StoryInput{
	Actor:    "customer",
	Goal:     "leave a review on a book I bought",
	Benefit:  "other customers can judge the book",
	Criteria: []string{"Posting a review returns 201 with the review", "A rating outside 1 to 5 is rejected with 422"},
}

func TestPlanVerifiesAndSaves(t *testing.T) {
	ctx := context.Background()
	s := newTest(t, bookstore(t))
	var kinds []string
	out, err := s.Plan(ctx, &Request{Story: reviewStory}, "test", func(e Event) { kinds = append(kinds, e.Kind) })
	if err != nil {
		t.Fatal(err)
	}
	if out.ID == 0 || out.Provider != "offline" || out.Report == nil || out.Plan.Verification == nil || !strings.Contains(out.Markdown, "Implementation Steps") {
		t.Fatalf("out = %+v", out)
	}
	if len(out.Context.Files) == 0 || out.Tokens.PromptTokens == 0 {
		t.Errorf("context = %+v tokens = %+v", out.Context, out.Tokens)
	}
	joined := strings.Join(kinds, " ")
	for _, k := range []string{EventStage, EventText, EventContext, EventTokens, EventPlan, EventVerification, EventSaved} {
		if !strings.Contains(joined, k) {
			t.Errorf("no %s event in %s", k, joined)
		}
	}
	rec, err := s.Store().Get(ctx, out.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Door != "test" || rec.StoryKey == "" || !rec.Verified || rec.Markdown != out.Markdown || rec.Template == "" || rec.StoryJSON == "" {
		t.Errorf("record = %+v", rec)
	}
}

func TestStoryForms(t *testing.T) {
	s := newTest(t, bookstore(t))
	tests := []struct {
		name    string
		in      StoryInput
		wantErr string // "" ok; "input" an input error; "limit" a LimitError
	}{
		{"fields", reviewStory, ""},
		{"markdown", StoryInput{Markdown: "As a customer, I want to cancel an order, so that I am not charged.\n\n## Acceptance criteria\n\n- Cancelling returns 200.\n"}, ""},
		{"spec", StoryInput{Spec: "# Reservations\n\nHold stock for 15 minutes."}, ""},
		{"nothing", StoryInput{}, "input"},
		{"two forms", StoryInput{Goal: "x", Criteria: []string{"y"}, Spec: "z"}, "input"},
		{"no criteria", StoryInput{Goal: "export orders"}, "input"},
		{"too large", StoryInput{Spec: strings.Repeat("x", DefaultMaxStoryBytes+1)}, "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Story(&tt.in)
			var ie *planner.InputError
			var le *LimitError
			switch tt.wantErr {
			case "":
				if err != nil {
					t.Errorf("err = %v", err)
				}
			case "input":
				if !errors.As(err, &ie) {
					t.Errorf("err = %v, want an input error", err)
				}
			case "limit":
				if !errors.As(err, &le) {
					t.Errorf("err = %v, want a limit error", err)
				}
			}
		})
	}
}

func TestTemplateConfinedToRepo(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(root, "mine.md"), []byte("Plan {{userStoryGoal}}"), 0o644))
	must(os.WriteFile(filepath.Join(outside, "secret.md"), []byte("secret"), 0o644))
	must(os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(root, "link.md")))
	must(os.Mkdir(filepath.Join(root, "dir"), 0o755))
	s := newTest(t, root)
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"empty", "", true},
		{"builtin", "story", true},
		{"builtin prefix", "builtin:backend", true},
		{"repo file", "mine.md", true},
		{"repo file dot", "./mine.md", true},
		{"absolute", filepath.Join(outside, "secret.md"), false},
		{"dotdot", "../" + filepath.Base(outside) + "/secret.md", false},
		{"dotdot inside", "dir/../../x.md", false},
		{"symlink out", "link.md", false},
		{"missing", "nope.md", false},
		{"directory", "dir", false},
		{"etc passwd", "/etc/passwd", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Template(tt.in)
			if tt.ok != (err == nil) {
				t.Fatalf("Template(%q) = %q, %v; want ok=%v", tt.in, got, err, tt.ok)
			}
			if err != nil {
				var ie *planner.InputError
				if !errors.As(err, &ie) {
					t.Errorf("err %v is not an input error", err)
				}
			}
			if strings.HasSuffix(tt.in, ".md") && err == nil && !strings.HasPrefix(got, s.Root()) {
				t.Errorf("resolved %q outside the root %q", got, s.Root())
			}
		})
	}
}

func TestVerifyFlagsMissingFile(t *testing.T) {
	s := newTest(t, bookstore(t))
	md := "# Plan\n\n## Implementation Steps\n\n1. Change `internal/nowhere/ghost.go` to add reviews.\n\n## Time Estimate\n\n60 minutes\n"
	out, err := s.Verify(context.Background(), &VerifyRequest{Markdown: md})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range out.Report.Findings {
		if f.Rule == "file-missing" && f.Line == 5 {
			found = true
		}
	}
	if !found || out.Report.OK {
		t.Errorf("findings = %+v", out.Report.Findings)
	}
	if _, err := s.Verify(context.Background(), &VerifyRequest{}); err == nil {
		t.Error("empty plan verified")
	}
}

func TestProvidersRefusedWithoutPlannerFunc(t *testing.T) {
	s := newTest(t, bookstore(t))
	_, err := s.BuildContext(context.Background(), &Request{Story: reviewStory, Provider: "openai"})
	var ie *planner.InputError
	if !errors.As(err, &ie) {
		t.Errorf("err = %v, want an input error", err)
	}
	c, err := s.BuildContext(context.Background(), &Request{Story: reviewStory, Provider: "offline"})
	if err != nil || len(c.Files) == 0 || c.PromptTokens == 0 {
		t.Errorf("context = %+v, %v", c, err)
	}
}

func TestTemplates(t *testing.T) {
	s := newTest(t, bookstore(t))
	names := map[string]bool{}
	for _, ti := range s.Templates() {
		names[ti.Name] = true
	}
	if !names["story"] || !names["backend"] {
		t.Errorf("templates = %v", names)
	}
}

// TestRequestOptions: the API's include_vendored, no_git_history and
// repair reach the planner's request; a repair count out of range is the
// caller's error.
func TestRequestOptions(t *testing.T) {
	s := newTest(t, bookstore(t))
	n := func(v int) *int { return &v }
	for _, tt := range []struct {
		in                  Request
		vendored, noHistory bool
		repair              int
		wantErr             string
	}{
		{in: Request{Story: reviewStory}},
		{in: Request{Story: reviewStory, IncludeVendored: true}, vendored: true},
		{in: Request{Story: reviewStory, NoGitHistory: true}, noHistory: true},
		{in: Request{Story: reviewStory, Repair: n(0)}, repair: -1},
		{in: Request{Story: reviewStory, Repair: n(3)}, repair: 3},
		{in: Request{Story: reviewStory, Repair: n(6)}, wantErr: "repair 6: want 0 (none) to 5 rounds"},
		{in: Request{Story: reviewStory, Repair: n(-1)}, wantErr: "repair -1"},
	} {
		req, err := s.request(&tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%+v: error %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if req.IncludeVendored != tt.vendored || req.NoGitHistory != tt.noHistory || req.Repair != tt.repair {
			t.Errorf("%+v: IncludeVendored %v NoGitHistory %v Repair %d", tt.in, req.IncludeVendored, req.NoGitHistory, req.Repair)
		}
	}
}
