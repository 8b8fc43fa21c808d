package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const exampleRepo = "../../examples/bookstore"

// run runs the command line as a user would and returns exit code, stdout
// and stderr.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	f, out, errOut := testFactory()
	code := Main(context.Background(), f, args)
	return code, out.String(), errOut.String()
}

func TestEndToEndFlows(t *testing.T) {
	seed000 := "../prompt/testdata/seeds/000_ab62a882d56614df.txt"
	seed004 := "../prompt/testdata/seeds/004_22f40239254b0cdd.txt"
	story := filepath.Join(exampleRepo, "stories/book-reviews.md")
	spec := filepath.Join(exampleRepo, "specs/inventory-reservations.md")
	tests := []struct {
		name    string
		args    []string
		want    []string // in stdout
		wantNot []string
		wantErr []string // in stderr
	}{
		{
			name:    "story plan, built-in template",
			args:    []string{"plan", story, "--repo", exampleRepo},
			want:    []string{"## Architectural Decisions", "## Implementation Steps", "## Testing Strategy", "## Risks & Considerations", "## Files Affected", "### Modified", "### New", "## Time Estimate", "**Total:", "internal/service/book_service.go", "AC5"},
			wantErr: []string{"offline draft"},
		},
		{
			name:    "backend plan, built-in template",
			args:    []string{"plan", "--template", "backend", "--spec", spec, "--repo", exampleRepo},
			want:    []string{"## Service Layer Design", "## Data Layer Implementation", "## Business Logic Implementation", "## API Controller Design", "## Error Handling Strategy", "## Testing Approach", "## Performance Optimization", "reservation"},
			wantNot: []string{"implementation_breakdown"},
		},
		{
			name: "seed 000 unchanged as a custom template",
			args: []string{"plan", "--template", seed000, filepath.Join(exampleRepo, "stories/order-cancellation.md"), "--repo", exampleRepo},
			want: []string{"## Architectural Decisions", "## Implementation Steps", "## Time Estimate", "internal/service/order_service.go"},
		},
		{
			name:    "seed 004 unchanged as a custom template",
			args:    []string{"plan", "--template", seed004, "--spec", filepath.Join(exampleRepo, "specs/author-royalties.md"), "--repo", exampleRepo},
			want:    []string{"## Service Layer Design", "## Performance Optimization"},
			wantNot: []string{"implementation_breakdown"},
		},
		{
			name:    "prompt with seed 004 resolves every include and wraps the spec",
			args:    []string{"prompt", "--template", seed004, "--spec", spec, "--repo", exampleRepo},
			want:    []string{"<prd>", "</prd>", "openapi:", "<component_spec>", "</component_spec>"},
			wantNot: []string{"@.ai/prd.md", "@public/swagger.yaml"},
			wantErr: []string{"tokens"},
		},
		{
			name:    "prompt with seed 000 fills every variable",
			args:    []string{"prompt", "--template", seed000, story, "--repo", exampleRepo},
			want:    []string{"**As a** registered customer", "**Programming Language:** Go", "**Framework:** chi", "Repository map"},
			wantNot: []string{"{{"},
		},
		{
			name: "story as flags",
			args: []string{"plan", "--actor", "admin", "--goal", "export orders as CSV", "--ac", "the export lists every order", "--repo", exampleRepo},
			want: []string{"## Implementation Steps", "AC1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d, stderr:\n%s", code, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q", w)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(out, w) {
					t.Errorf("stdout has %q", w)
				}
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q: %s", w, errOut)
				}
			}
		})
	}
}

func TestPlanJSONAndOutFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "plans", "reviews.json")
	code, stdout, errOut := run(t, "plan", filepath.Join(exampleRepo, "stories/book-reviews.md"), "--repo", exampleRepo, "--format", "json", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var p struct {
		Schema string `json:"schema"`
		Draft  bool   `json:"draft"`
		Files  []struct {
			Path   string `json:"path"`
			Action string `json:"action"`
		} `json:"files"`
		Tests []struct {
			Criteria []string `json:"criteria"`
		} `json:"tests"`
		Estimate struct {
			Minutes int `json:"minutes"`
		} `json:"estimate"`
	}
	if err := json.Unmarshal([]byte(stdout), &p); err != nil {
		t.Fatalf("stdout is not JSON: %v", err)
	}
	if p.Schema != "groundplan.plan/v1" || !p.Draft || len(p.Files) == 0 || len(p.Tests) != 5 || p.Estimate.Minutes <= 0 {
		t.Fatalf("plan JSON %+v", p)
	}
	saved, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(saved)) != strings.TrimSpace(stdout) {
		t.Fatal("the file differs from stdout")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Fatalf("temporary files left: %v", entries)
	}
}

func TestInputErrorsExitTwo(t *testing.T) {
	dir := t.TempDir()
	noGoal := filepath.Join(dir, "nogoal.md")
	os.WriteFile(noGoal, []byte("# T\n\nAs a user, so that x.\n\n## Acceptance criteria\n\n- a\n"), 0o644)
	badTmpl := filepath.Join(dir, "bad.txt")
	os.WriteFile(badTmpl, []byte("line one\nHello {{projectLanguag}} and @nope/missing.md\n"), 0o644)
	escape := filepath.Join(dir, "escape.txt")
	os.WriteFile(escape, []byte("@../../etc/passwd\n"), 0o644)
	story := filepath.Join(exampleRepo, "stories/book-reviews.md")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"missing story file", []string{"plan", filepath.Join(dir, "nope.md"), "--repo", exampleRepo}, []string{"nope.md", "no such file"}},
		{"story without goal", []string{"plan", noGoal, "--repo", exampleRepo}, []string{"nogoal.md:3:", "no goal", "fix:"}},
		{"unknown variable and missing include", []string{"prompt", "-t", badTmpl, story, "--repo", exampleRepo}, []string{"bad.txt:2: unknown variable \"projectLanguag\"", "did you mean \"projectLanguage\"", "bad.txt:2: include @nope/missing.md"}},
		{"include outside the repo", []string{"prompt", "-t", escape, story, "--repo", exampleRepo}, []string{"escape.txt:1:", "leaves the repository"}},
		{"unknown template", []string{"plan", "-t", "nosuch", story, "--repo", exampleRepo}, []string{"nosuch"}},
		{"no input", []string{"plan", "--repo", exampleRepo}, []string{"no story given"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := run(t, tt.args...)
			if code != ExitInput {
				t.Fatalf("exit %d, want %d; stderr %s", code, ExitInput, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
		})
	}
}

func TestTemplatesCommands(t *testing.T) {
	code, out, _ := run(t, "templates", "list")
	if code != 0 || !strings.Contains(out, "story") || !strings.Contains(out, "backend") {
		t.Fatalf("list: %d %q", code, out)
	}
	code, out, errOut := run(t, "templates", "show", "backend")
	if code != 0 || !strings.Contains(errOut, "implementation_breakdown") || out == "" {
		t.Fatalf("show: %d %q %q", code, out, errOut)
	}
	code, out, _ = run(t, "version")
	if code != 0 || !strings.HasPrefix(out, "groundplan ") {
		t.Fatalf("version: %d %q", code, out)
	}
	code, out, _ = run(t, "completion", "bash")
	if code != 0 || !strings.Contains(out, "groundplan") {
		t.Fatalf("completion: %d", code)
	}
}

func TestPlanIsKeptInTheHistory(t *testing.T) {
	db := filepath.Join(t.TempDir(), "history.db")
	story := filepath.Join(exampleRepo, "stories/order-cancellation.md")
	code, _, errOut := run(t, "plan", story, "--repo", exampleRepo, "--db", db)
	if code != 0 || !strings.Contains(errOut, "kept in the history as plan 1") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	code, _, errOut = run(t, "plan", story, "--repo", exampleRepo, "--db", db, "--no-history")
	if code != 0 || strings.Contains(errOut, "kept in the history") {
		t.Fatalf("--no-history: exit %d: %s", code, errOut)
	}
	code, out, errOut := run(t, "history", "list", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("history list: %d %s", code, errOut)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("history list --json: %v\n%s", err, out)
	}
	if len(rows) != 1 {
		t.Fatalf("%d history rows, want 1", len(rows))
	}
}
