package verify

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/plan"
	"github.com/groundplan/groundplan/internal/story"
)

// gitRepo makes a git repository in a temporary folder and returns a
// function that runs git in it.
func gitRepo(t *testing.T) (string, func(args ...string) string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	run("init", "-q", "-b", "main")
	return dir, run
}

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const diffPlan = `# Plan: reviews

## Implementation Steps

1. Modify ` + "`internal/models/book.go`" + ` to carry the rating. Covers: AC1
2. Create ` + "`internal/service/review_service.go`" + ` with the rules. Covers: AC1, AC2
3. Remove ` + "`internal/legacy/old.go`" + `. Covers: AC2

## Testing Strategy

- ` + "`TestCreateReview`" + ` in ` + "`internal/service/review_service_test.go`" + ` — covers AC1
- ` + "`TestListReviews`" + ` in ` + "`internal/service/review_service_test.go`" + ` — covers AC2

## Files Affected

- ` + "`internal/models/book.go`" + ` (modify)
- ` + "`internal/service/review_service.go`" + ` (new)
- ` + "`internal/service/review_service_test.go`" + ` (new)
- ` + "`internal/handlers/reviews.go`" + ` (new)
- ` + "`internal/legacy/old.go`" + ` (delete)
`

func diffStory() *story.Story {
	return &story.Story{Kind: story.KindStory, Criteria: []story.Criterion{
		{ID: "AC1", Text: "a customer rates a book"},
		{ID: "AC2", Text: "anyone lists the reviews of a book"},
	}}
}

func TestCompareDiff(t *testing.T) {
	for _, sub := range []string{"", "svc"} {
		name := "repository root"
		if sub != "" {
			name = "sub-folder of the repository"
		}
		t.Run(name, func(t *testing.T) {
			top, git := gitRepo(t)
			root := filepath.Join(top, sub)
			writeFiles(t, root, map[string]string{
				"internal/models/book.go":  "package models\n\ntype Book struct{}\n",
				"internal/legacy/old.go":   "package legacy\n",
				"internal/service/x.go":    "package service\n",
				"internal/routes/route.go": "package routes\n",
			})
			if sub != "" {
				writeFiles(t, top, map[string]string{"other/file.go": "package other\n"})
			}
			git("add", "-A")
			git("commit", "-q", "-m", "base")
			base := git("rev-parse", "HEAD")

			writeFiles(t, root, map[string]string{
				"internal/models/book.go":                 "package models\n\ntype Book struct{ Rating float64 }\n",
				"internal/service/review_service.go":      "package service\n\nfunc CreateReview() {}\n",
				"internal/service/review_service_test.go": "package service\n\nimport \"testing\"\n\nfunc TestCreateReview(t *testing.T) {}\n",
				"internal/routes/route.go":                "package routes\n\n// reviews\n",
			})
			if sub != "" {
				writeFiles(t, top, map[string]string{"other/file.go": "package other\n\n// outside the repo root\n"})
			}
			git("add", "-A")
			git("commit", "-q", "-m", "change")

			p, err := plan.ParseMarkdown(diffPlan)
			if err != nil {
				t.Fatal(err)
			}
			d, err := CompareDiff(context.Background(), root, base+"..HEAD", p, diffStory())
			if err != nil {
				t.Fatal(err)
			}
			wantTouched := []DiffFile{
				{"internal/models/book.go", "modified"},
				{"internal/routes/route.go", "modified"},
				{"internal/service/review_service.go", "added"},
				{"internal/service/review_service_test.go", "added"},
			}
			if !reflect.DeepEqual(d.Touched, wantTouched) {
				t.Errorf("touched %v, want %v", d.Touched, wantTouched)
			}
			wantNotTouched := []PlannedFile{
				{Path: "internal/handlers/reviews.go", Action: plan.ActionNew},
				{Path: "internal/legacy/old.go", Action: plan.ActionDelete},
			}
			if !reflect.DeepEqual(d.NotTouched, wantNotTouched) {
				t.Errorf("planned, not touched %v, want %v", d.NotTouched, wantNotTouched)
			}
			if want := []DiffFile{{"internal/routes/route.go", "modified"}}; !reflect.DeepEqual(d.NotPlanned, want) {
				t.Errorf("touched, not planned %v, want %v", d.NotPlanned, want)
			}
			if len(d.MissingTests) != 1 || d.MissingTests[0].Criterion != "AC2" || !reflect.DeepEqual(d.MissingTests[0].Tests, []string{"TestListReviews"}) {
				t.Errorf("missing tests %+v, want AC2: TestListReviews", d.MissingTests)
			}
			if d.OK || d.Schema != DiffSchema {
				t.Errorf("ok %v schema %q", d.OK, d.Schema)
			}
			text := d.Text()
			for _, want := range []string{"internal/handlers/reviews.go (planned new)", "internal/routes/route.go (modified)", "AC2: TestListReviews"} {
				if !strings.Contains(text, want) {
					t.Errorf("text lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

func TestCompareDiffFollowsPlan(t *testing.T) {
	dir, git := gitRepo(t)
	writeFiles(t, dir, map[string]string{"a.go": "package a\n"})
	git("add", "-A")
	git("commit", "-q", "-m", "base")
	writeFiles(t, dir, map[string]string{
		"a.go":      "package a\n\nfunc A() {}\n",
		"a_test.go": "package a\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) {}\n",
	})
	git("add", "-A")
	git("commit", "-q", "-m", "change")
	p, err := plan.ParseMarkdown("# P\n\n## Steps\n\n1. Modify `a.go`. Covers: AC1\n\n## Testing\n\n- `TestA` in `a_test.go` — covers AC1\n\n## Files\n\n- `a.go` (modify)\n- `a_test.go` (new)\n")
	if err != nil {
		t.Fatal(err)
	}
	s := &story.Story{Criteria: []story.Criterion{{ID: "AC1", Text: "a"}}}
	// a bare base means BASE..HEAD
	d, err := CompareDiff(context.Background(), dir, "HEAD~1", p, s)
	if err != nil {
		t.Fatal(err)
	}
	if !d.OK || len(d.NotTouched)+len(d.NotPlanned)+len(d.MissingTests) != 0 || d.Range != "HEAD~1..HEAD" {
		t.Fatalf("want a change that follows the plan, got %+v", d)
	}
	// without a story, planned tests are still checked
	d, err = CompareDiff(context.Background(), dir, "HEAD~1..HEAD", p, nil)
	if err != nil || !d.OK {
		t.Fatalf("no story: %+v %v", d, err)
	}
}

func TestCompareDiffErrors(t *testing.T) {
	dir, git := gitRepo(t)
	writeFiles(t, dir, map[string]string{"a.go": "package a\n"})
	git("add", "-A")
	git("commit", "-q", "-m", "base")
	p := &plan.Plan{}
	ctx := context.Background()
	for _, bad := range []string{"", "--output=/tmp/x", "a b..c", "..HEAD"} {
		if _, err := CompareDiff(ctx, dir, bad, p, nil); !errors.Is(err, ErrBadRange) {
			t.Errorf("range %q: err %v, want ErrBadRange", bad, err)
		}
	}
	if _, err := CompareDiff(ctx, dir, "nosuchref..HEAD", p, nil); err == nil || !strings.Contains(err.Error(), "nosuchref") {
		t.Errorf("unknown ref: err %v", err)
	}
	if _, err := CompareDiff(ctx, t.TempDir(), "HEAD~1..HEAD", p, nil); err == nil {
		t.Error("not a repository: want an error")
	}
	if _, err := CompareDiff(ctx, dir, "HEAD..HEAD", nil, nil); err == nil {
		t.Error("no plan: want an error")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := CompareDiff(cancelled, dir, "HEAD..HEAD", p, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err %v", err)
	}
}

func TestParseNameStatus(t *testing.T) {
	got := parseNameStatus([]byte("M\x00b.go\x00A\x00a.go\x00D\x00c.go\x00T\x00d.go\x00"))
	want := []DiffFile{{"a.go", "added"}, {"b.go", "modified"}, {"c.go", "deleted"}, {"d.go", "modified"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if got := parseNameStatus(nil); len(got) != 0 {
		t.Fatalf("empty: %v", got)
	}
}
