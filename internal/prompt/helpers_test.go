package prompt

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/index"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// mapReader is a Reader backed by a map of path → content. Paths listed in
// outside behave like symlinks leading out of the repository.
type mapReader struct {
	files   map[string]string
	outside map[string]bool
	reads   []string
}

func (m *mapReader) Read(rel string, maxSize int64) ([]byte, error) {
	m.reads = append(m.reads, rel)
	if m.outside[rel] {
		return nil, fmt.Errorf("read %s: %w", rel, index.ErrOutsideRoot)
	}
	s, ok := m.files[rel]
	if !ok {
		return nil, fmt.Errorf("read %s: %w", rel, fs.ErrNotExist)
	}
	if maxSize > 0 && int64(len(s)) > maxSize {
		return nil, fmt.Errorf("read %s: %w (%d bytes, limit %d)", rel, index.ErrTooLarge, len(s), maxSize)
	}
	return []byte(s), nil
}

const (
	seed000 = "testdata/seeds/000_ab62a882d56614df.txt"
	seed004 = "testdata/seeds/004_22f40239254b0cdd.txt"
)

func readSeed(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read seed: %v", err)
	}
	return data
}

func mustParse(t testing.TB, source, text string) *Template {
	t.Helper()
	tp, err := Parse(source, []byte(text))
	if err != nil {
		t.Fatalf("Parse(%s): %v", source, err)
	}
	return tp
}

// golden compares got with testdata/golden/name, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden %s: %v (run go test -update)", path, err)
	}
	if string(want) != got {
		t.Errorf("%s differs from golden file (run go test -update to accept):\n%s", name, firstDiff(string(want), got))
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant %q\ngot  %q", i+1, w, g)
		}
	}
	return "(no line differs)"
}

// storyVars are the standard variables the planner would supply for a story.
func storyVars() map[string]string {
	return map[string]string{
		VarUserStoryActor:      "bookstore customer",
		VarUserStoryGoal:       "to save books to a wish list",
		VarUserStoryBenefit:    "I can buy them later",
		VarAcceptanceCriteria:  "- **AC1**: A signed-in customer can add a book to the wish list\n- **AC2**: Adding the same book twice keeps one entry",
		VarStoryTitle:          "Wish list",
		VarStoryText:           "As a bookstore customer I want to save books to a wish list so that I can buy them later.",
		VarComponentSpec:       "",
		VarProjectLanguage:     "Go",
		VarProjectFramework:    "net/http",
		VarProjectDependencies: "github.com/google/uuid",
		VarCodebaseContext:     "### internal/models/book.go\n```go\ntype Book struct{ ID string }\n```",
		VarRepoMap:             "internal/models/book.go: Book, NewBook",
		VarRepoName:            "bookstore",
	}
}

// specVars are the standard variables for a component spec.
func specVars() map[string]string {
	v := storyVars()
	v[VarComponentSpec] = "# Wish list service\n\nCustomers keep a wish list of books. Adding a book twice keeps one entry."
	return v
}

// projectDocs are the documents seed 004 and the backend built-in include.
func projectDocs() map[string]string {
	return map[string]string{
		".ai/prd.md":          "# PRD\n\nCustomers can keep a wish list.\n",
		"public/swagger.yaml": "openapi: 3.0.0\npaths:\n  /wishlist: {}\n",
		".ai/db-plan.md":      "# DB plan\n\nTable wishlist_items(customer_id, book_id).\n",
		".ai/tech-stack.md":   "# Tech stack\n\nGo 1.26, PostgreSQL.\n",
	}
}

func itoa(n int) string { return fmt.Sprint(n) }

// assertProblem checks that err is an *Error holding a problem whose
// formatted line starts with prefix and contains msg.
func assertProblem(t *testing.T, err error, prefix, msg string) {
	t.Helper()
	if err == nil {
		t.Errorf("no error, want %s … %s", prefix, msg)
		return
	}
	perr, ok := err.(*Error)
	if !ok {
		t.Errorf("error %T is not *Error: %v", err, err)
		return
	}
	for _, p := range perr.Problems {
		if s := p.String(); strings.HasPrefix(s, prefix) && strings.Contains(s, msg) {
			return
		}
	}
	t.Errorf("no problem %s … %s in:\n%v", prefix, msg, err)
}

func docText(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
