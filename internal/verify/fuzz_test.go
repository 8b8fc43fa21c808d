package verify

import (
	"context"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/plan"
	"github.com/groundplan/groundplan/internal/story"
	"github.com/groundplan/groundplan/internal/workspace"
)

var fuzzSeeds = []string{
	"# Plan\n\n## Implementation Steps\n\n1. Modify `internal/service/book_service.go` around `BookService.GetBook`.\n   - Symbols: `parsePage`\n",
	"**1. FILES**\n\n| File | Action |\n| --- | --- |\n| internal\\models\\book.go | new |\n",
	"<think>`Ghost`</think>\n```markdown\n## Steps\n\n- Add the new `X` to `Y`: `Z` and `W` (new).\n```\n",
	"## Steps\n\n1. Register `POST /books/{id}` and GET `/authors/1`.\n\n```sql\nCREATE TABLE t (id INT REFERENCES books (id));\n```\n",
	"## Estimate\n\nTotal: 3 hours\n\n`path/x.go#Sym` `a::b` `func (r *T) M()` AC1-AC3 AC9\n",
	"`", "``", "```\n", "<think>", "[x](", "| a |", "\\", "AC-1–4",
}

// FuzzScanPlan checks that scanning any text terminates without panicking
// and that every mention points at a line of the text.
func FuzzScanPlan(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	exts := map[string]bool{"go": true, "py": true}
	f.Fuzz(func(t *testing.T, text string) {
		p, err := plan.ParseMarkdown(text)
		if err != nil {
			p = &plan.Plan{}
		}
		sc := scanPlan(text, p, exts)
		n := strings.Count(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"), "\n") + 1
		if len(sc.lines) > n+1 {
			t.Fatalf("%d lines from a text of %d", len(sc.lines), n)
		}
		for _, m := range sc.mentions {
			if m.line < 1 || m.line > len(sc.lines) {
				t.Fatalf("mention %+v outside the text", m)
			}
			if m.value == "" {
				t.Fatalf("empty mention %+v", m)
			}
		}
	})
}

// FuzzPathOf checks that a path pathOf returns reads back as itself.
func FuzzPathOf(f *testing.F) {
	for _, s := range []string{"internal/x.go", "a\\b.go:12", "./c/d.py#Sym", "**e/f.md**", "C:\\x\\y.go", "x.go", "../z.go", "a/.env"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	exts := map[string]bool{"go": true}
	f.Fuzz(func(t *testing.T, s string, plain bool) {
		p, _, ok := pathOf(s, plain, exts)
		if !ok {
			return
		}
		if p == "" || strings.HasPrefix(p, "/") || strings.HasPrefix(p, "../") || strings.Contains(p, `\`) {
			t.Fatalf("pathOf(%q) = %q", s, p)
		}
		q, _, ok2 := pathOf(p, false, exts)
		if !ok2 || q != p {
			t.Fatalf("pathOf(%q) = %q, which reads back as %q, %v", s, p, q, ok2)
		}
	})
}

// FuzzNormRoute checks that normalising a route is idempotent.
func FuzzNormRoute(f *testing.F) {
	for _, s := range []string{"/books/{bookID}", "/books/42?x=1", "books/:id/", "/", "", "//a//b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := normRoute(s)
		if !strings.HasPrefix(n, "/") || normRoute(n) != n {
			t.Fatalf("normRoute(%q) = %q, then %q", s, n, normRoute(n))
		}
	})
}

// FuzzParseNameStatus checks that any git output parses without panicking.
func FuzzParseNameStatus(f *testing.F) {
	f.Add([]byte("M\x00a.go\x00A\x00b.go\x00"))
	f.Add([]byte("\x00\x00R100\x00x\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, d := range parseNameStatus(data) {
			if d.Path == "" || d.Status == "" {
				t.Fatalf("entry %+v", d)
			}
		}
		_ = addedLines(data)
	})
}

// fuzzRepo is a small repository held in memory, so that fuzzing does
// not spend its time indexing.
var fuzzRepo = []index.SourceFile{
	{Path: "internal/service/book_service.go", Data: []byte("package service\n\ntype BookService struct{ books int }\n\nfunc (s *BookService) GetBook() {}\n\nfunc NewBookService() *BookService { return nil }\n")},
	{Path: "internal/routes/router.go", Data: []byte("package routes\n\nfunc New(r Router) { r.Get(\"/books/{bookID}\", nil) }\n")},
	{Path: "migrations/0001_books.sql", Data: []byte("CREATE TABLE books (id BIGINT);\n")},
	{Path: "public/openapi.yaml", Data: []byte("openapi: 3.0.0\npaths:\n  /books:\n    get: {}\n")},
}

// FuzzVerify checks that verifying any text terminates without
// panicking, with findings on lines of the text and a score in [0, 1].
func FuzzVerify(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	ctx := context.Background()
	ix, err := index.BuildFromFiles(ctx, "fuzz", fuzzRepo, index.Options{NoTokens: true})
	if err != nil {
		f.Fatal(err)
	}
	facts, err := workspace.Detect(ctx, ix)
	if err != nil {
		f.Fatal(err)
	}
	s := &story.Story{Criteria: []story.Criterion{{ID: "AC1", Text: "a reader lists the books"}}}
	f.Fuzz(func(t *testing.T, text string) {
		p, err := plan.ParseMarkdown(text)
		if err != nil {
			return
		}
		r, err := Verify(ctx, ix, p, Options{PlanText: text, Facts: facts, Story: s, Sections: []string{"Implementation Steps", "Risks"}})
		if err != nil {
			t.Fatal(err)
		}
		n := strings.Count(text, "\n") + strings.Count(text, "\r") + 1
		for _, fd := range r.Findings {
			if fd.Line < 0 || fd.Line > n {
				t.Fatalf("finding on line %d of %d: %+v", fd.Line, n, fd)
			}
		}
		if r.Score < 0 || r.Score > 1 {
			t.Fatalf("score %v", r.Score)
		}
	})
}
