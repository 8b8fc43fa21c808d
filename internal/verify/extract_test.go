package verify

import (
	"fmt"
	"strings"
	"testing"
)

// planWith wraps a snippet as the first step of a small plan with an
// estimate, and returns the plan and the line the snippet starts on.
func planWith(snippet string) (string, int) {
	head := "# Plan\n\n## Implementation Steps\n\n"
	text := head + snippet + "\n\n## Time Estimate\n\nTotal: 90 minutes\n"
	return text, strings.Count(head, "\n") + 1
}

// TestTolerantPathExtraction checks that paths are read in every form a
// plan writes them: in backticks, bold, tables, links and plain text, with
// ":line" and "#Symbol" suffixes, Windows separators, and relative to a
// sub-package or to the repository's parent folder.
func TestTolerantPathExtraction(t *testing.T) {
	tests := []struct {
		name    string
		snippet string
		rule    string // the one rule expected to fire, "" for none
		path    string // the path of the finding
		offset  int    // line of the finding, from the snippet's first line
		resolve string // the candidate a path-resolved finding offers
	}{
		{name: "backticks", snippet: "1. Modify `internal/service/book_service.go` to check the author."},
		{name: "backticks, missing", snippet: "1. Modify `internal/service/book_servce.go` to check the author.", rule: RuleFileMissing, path: "internal/service/book_servce.go"},
		{name: "bold", snippet: "1. Modify **internal/service/book_service.go** to check the author."},
		{name: "bold, missing", snippet: "1. Modify **internal/service/book_servce.go** to check the author.", rule: RuleFileMissing, path: "internal/service/book_servce.go"},
		{name: "bold code", snippet: "1. Modify **`internal/service/book_servce.go`** to check the author.", rule: RuleFileMissing, path: "internal/service/book_servce.go"},
		{name: "plain text", snippet: "1. Modify internal/service/book_service.go to check the author."},
		{name: "plain text, missing", snippet: "1. Modify internal/service/book_servce.go, then run the tests.", rule: RuleFileMissing, path: "internal/service/book_servce.go"},
		{name: "plain text in parentheses", snippet: "1. Check the author (internal/service/book_servce.go).", rule: RuleFileMissing, path: "internal/service/book_servce.go"},
		{name: "escaped underscore", snippet: `1. Modify internal/service/book\_servce.go to check the author.`, rule: RuleFileMissing, path: "internal/service/book_servce.go"},
		{name: "link", snippet: "1. Modify [the service](internal/service/book_servce.go).", rule: RuleFileMissing, path: "internal/service/book_servce.go"},
		{name: "table", snippet: "1. Change these files:\n\n| File | Change |\n| --- | --- |\n| `internal/models/book.go` | field |\n| internal/service/book_servce.go | check |", rule: RuleFileMissing, path: "internal/service/book_servce.go", offset: 5},
		{name: "path:line", snippet: "1. Modify `internal/service/book_service.go:55` (`CreateBook`)."},
		{name: "path:line, missing", snippet: "1. Modify `internal/service/book_servce.go:55`.", rule: RuleFileMissing, path: "internal/service/book_servce.go"},
		{name: "path:range", snippet: "1. Modify internal/service/book_service.go:55-74."},
		{name: "path#L", snippet: "1. Modify `internal/service/book_service.go#L55`."},
		{name: "path#Symbol", snippet: "1. Modify `internal/service/book_service.go#BookService.CreateBook`."},
		{name: "path#Symbol, missing symbol", snippet: "1. Modify `internal/service/book_service.go#BookService.FindBook`.", rule: RuleSymbolMissing, path: "internal/service/book_service.go"},
		{name: "path#Symbol, wrong file", snippet: "1. Modify `internal/service/order_service.go#BookService.CreateBook`.", rule: RuleSymbolMissing, path: "internal/service/order_service.go"},
		{name: "path:Symbol", snippet: "1. Modify `internal/service/book_service.go:BookService.CreateBook`."},
		{name: "windows", snippet: "1. Modify `internal\\service\\book_service.go` to check the author."},
		{name: "windows, missing", snippet: "1. Modify `internal\\service\\book_servce.go` to check the author.", rule: RuleFileMissing, path: "internal/service/book_servce.go"},
		{name: "windows plain", snippet: "1. Modify internal\\service\\book_service.go to check the author."},
		{name: "dot slash", snippet: "1. Modify `./internal/service/book_service.go`."},
		{name: "sub-package", snippet: "1. Modify `service/book_service.go` to check the author.", rule: RulePathResolved, path: "service/book_service.go", resolve: "internal/service/book_service.go"},
		{name: "repository folder prefix", snippet: "1. Modify `bookstore/internal/service/book_service.go`.", rule: RulePathResolved, path: "bookstore/internal/service/book_service.go", resolve: "internal/service/book_service.go"},
		{name: "base name", snippet: "1. Modify `book_service.go` to check the author.", rule: RulePathResolved, path: "book_service.go", resolve: "internal/service/book_service.go"},
		{name: "new file in a sub-package", snippet: "1. Create `service/review_service.go` with the review rules.", rule: RulePathResolved, path: "service/review_service.go", resolve: "internal/service/review_service.go"},
		{name: "URL is not a path", snippet: "1. Read https://example.com/docs/book_servce.go first, then modify `internal/models/book.go`."},
		{name: "member access is not a path", snippet: "1. Return `res.json` from `internal/handlers/json.go`."},
		{name: "endpoint is not a path", snippet: "1. Serve `GET /books/{bookID}` from `internal/handlers/books.go`."},
		{name: "code block is not prose", snippet: "1. Modify `internal/handlers/books.go`:\n\n   ```go\n   // see internal/handlers/nothing_here.go\n   ```"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, first := planWith(tt.snippet)
			r := verifyText(t, text, nil, nil)
			var got []Finding
			for _, f := range r.Findings {
				if f.Rule != RuleEstimateUnits {
					got = append(got, f)
				}
			}
			if tt.rule == "" {
				if len(got) > 0 {
					t.Fatalf("want no findings, got:\n%s", r.Text())
				}
				return
			}
			if len(got) != 1 || got[0].Rule != tt.rule {
				t.Fatalf("want one %s finding, got:\n%s", tt.rule, r.Text())
			}
			f := got[0]
			if f.Path != tt.path {
				t.Errorf("path %q, want %q", f.Path, tt.path)
			}
			if f.Line != first+tt.offset {
				t.Errorf("line %d, want %d", f.Line, first+tt.offset)
			}
			if tt.resolve != "" && (len(f.Candidates) != 1 || f.Candidates[0] != tt.resolve) {
				t.Errorf("candidates %v, want [%s]", f.Candidates, tt.resolve)
			}
		})
	}
}

// TestSymbolClaims checks which names are claims about the code, and how
// the words around a name say the plan creates it.
func TestSymbolClaims(t *testing.T) {
	tests := []struct {
		name    string
		snippet string
		missing []string // symbols reported missing
	}{
		{"existing method", "1. Call `BookService.CreateBook` from the handler.", nil},
		{"missing method", "1. Call `BookService.Archive` from the handler.", []string{"BookService.Archive"}},
		{"missing function", "1. Modify `internal/handlers/json.go` around `parsePagination`.", []string{"parsePagination"}},
		{"interface method", "1. Call `BookRepository.AdjustStock` for each line.", nil},
		{"struct field", "1. Read `Book.PriceCents` and `Order.Status`.", nil},
		{"missing field", "1. Read `Book.Rating`.", []string{"Book.Rating"}},
		{"package-qualified", "1. Return `models.ErrBookNotFound` and call `service.NewBookService`.", nil},
		{"package-qualified, wrong package", "1. Return `service.ErrBookNotFound`.", []string{"service.ErrBookNotFound"}},
		{"other packages are not claims", "1. Take a `context.Context`, wrap with `fmt.Errorf` and use `chi.URLParam` and `http.Handler`.", nil},
		{"language names are not claims", "1. Return `error`, `string`, `int64`, `nil`, `any` and `len()`.", nil},
		{"all caps are not claims", "1. Read `DATABASE_URL`, send `GET`, use `SELECT` and `HTTP`.", nil},
		{"snake_case in a Go repository is data", "1. Return `average_rating` and `review_count`.", nil},
		{"single capitalised word without a kind", "1. Set the `Location` header and the `Retry` value.", nil},
		{"single capitalised word with a kind", "1. Use the `Reviewer` type in the handler.", []string{"Reviewer"}},
		{"lower-case words are not claims", "1. Name the fields `rating` and `comment`.", nil},
		{"explicit symbols line", "1. Check the author.\n   - Symbols: `checkBook`, `page`, `pageOf`", []string{"pageOf"}},
		{"call form", "1. Call `validateReview()` first.", []string{"validateReview"}},
		{"add creates", "1. Add `ReviewService` and `NewReviewService` in `internal/service/review_service.go`.", nil},
		{"new creates", "1. Declare the new `ErrReviewNotFound`, `ErrDuplicateReview`, `Review`.", nil},
		{"marker creates", "1. `OrderService.CancelOrder` (new) checks ownership.", nil},
		{"preposition refers", "1. Add `CancelOrder` to `OrderServce`.", []string{"OrderServce"}},
		{"and resumes the verb", "1. Add the `Reviews` field to `Store` and a `ReviewRepository` interface.", nil},
		{"member added to an existing type", "1. Add a `Reviews` field to `Store`, then read `Store.Reviews` in the router.", nil},
		{"subject gains a member", "1. `AuthorService` gains the new `SetRoyaltyRate`.\n2. Call `AuthorService.SetRoyaltyRate` from the handler.", nil},
		{"colon elaborates the new thing", "1. A new `ReviewRepository` in `internal/repository/repository.go`: `ListByBook` and `Stats` return pages.", nil},
		{"constructor of a new type", "1. A new `ReviewService`, built by `NewReviewService(store)`.", nil},
		{"misspelt constructor of a new type", "1. Add the new `ReviewService`.\n2. Build it with `NewReviewsService`.", []string{"NewReviewsService"}},
		{"members of a new type", "1. Add the new `ReviewService`.\n2. Call `ReviewService.Create`.", nil},
		{"modify refers", "1. Modify `internal/service/book_service.go` around `BookService.Archive` to add the check.", []string{"BookService.Archive"}},
		{"step that creates a file", "1. Create `internal/service/review_service.go`.\n   - Symbols: `ReviewService`, `NewReviewService`", nil},
		{"step that creates a file keeps references", "1. Create `internal/service/review_service.go` and modify `internal/service/book_service.go` around `BookService.Archiv`.\n   - Symbols: `BookService.Archiv`", []string{"BookService.Archiv"}},
		{"declared in a code block", "1. Add the model:\n\n   ```go\n   type Review struct {\n   \tRating int\n   }\n   ```\n\n2. Read `Review.Rating` in `ReviewHandler`, a new handler.", nil},
		{"tests the plan adds", "1. Add `TestReviewRoundTrip` and `TestCancelOrder`.", nil},
		{"request vocabulary", "1. Return the `validation_failed` code and `Gripping` text.", nil},
		{"dependency names", "1. Register the route with `chi` and `Chi`.", nil},
		{"this and self", "1. Set `this.repo` and `self.store`.", nil},
	}
	s := loadInput(t, "stories/book-reviews.md")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, _ := planWith(tt.snippet)
			r := verifyText(t, text, s, nil)
			var got []string
			for _, f := range r.Findings {
				if f.Rule == RuleSymbolMissing {
					got = append(got, f.Symbol)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.missing) {
				t.Fatalf("missing symbols %v, want %v\n%s", got, tt.missing, r.Text())
			}
		})
	}
}

func TestPathOf(t *testing.T) {
	exts := map[string]bool{"go": true}
	tests := []struct {
		in        string
		plain     bool
		path, sym string
		ok        bool
	}{
		{"internal/x.go", false, "internal/x.go", "", true},
		{"internal\\x.go", false, "internal/x.go", "", true},
		{"C:\\repo\\internal\\x.go", false, "repo/internal/x.go", "", true},
		{"./internal/x.go:12", false, "internal/x.go", "", true},
		{"internal/x.go:12-30", false, "internal/x.go", "", true},
		{"internal/x.go#L12", false, "internal/x.go", "", true},
		{"internal/x.go#Foo.Bar", false, "internal/x.go", "Foo.Bar", true},
		{"internal/x.go:Foo", false, "internal/x.go", "Foo", true},
		{"x.go", false, "x.go", "", true},
		{"x.go", true, "", "", false},
		{"res.json", false, "", "", false},
		{"config/app.yaml", true, "config/app.yaml", "", true},
		{"**internal/x.go**,", true, "internal/x.go", "", true},
		{"(internal/x.go).", true, "internal/x.go", "", true},
		{"https://example.com/x.go", true, "", "", false},
		{"and/or", true, "", "", false},
		{"/books/{bookID}", false, "", "", false},
		{"internal/", false, "", "", false},
		{"../outside.go", false, "", "", false},
		{"Makefile", false, "Makefile", "", true},
		{"config/.env.example", true, "config/.env.example", "", true},
		{"internal/*.go", false, "", "", false},
		{"3.5/5", true, "", "", false},
	}
	for _, tt := range tests {
		p, sym, ok := pathOf(tt.in, tt.plain, exts)
		if p != tt.path || sym != tt.sym || ok != tt.ok {
			t.Errorf("pathOf(%q, %v) = %q, %q, %v; want %q, %q, %v", tt.in, tt.plain, p, sym, ok, tt.path, tt.sym, tt.ok)
		}
	}
}

func TestSymbolIn(t *testing.T) {
	tests := []struct {
		in         string
		name       string
		strong, ok bool
	}{
		{"BookService.Create", "BookService.Create", false, true},
		{"ListBooks()", "ListBooks", true, true},
		{"PlaceOrder(ctx, customerID, lines)", "PlaceOrder", true, true},
		{"func (s *BookService) Archive(ctx context.Context) error", "BookService.Archive", true, true},
		{"func Load(path string) (*Template, error)", "Load", true, true},
		{"type Review struct", "Review", true, true},
		{"*models.Book", "models.Book", false, true},
		{"PageResult[models.Book]", "PageResult", false, true},
		{"Foo::bar", "Foo::bar", false, true},
		{"UPDATE books SET stock = 1", "", false, false},
		{`{"rating": 4}`, "", false, false},
		{"a + b", "", false, false},
	}
	for _, tt := range tests {
		name, strong, ok := symbolIn(tt.in)
		if name != tt.name || strong != tt.strong || ok != tt.ok {
			t.Errorf("symbolIn(%q) = %q, %v, %v; want %q, %v, %v", tt.in, name, strong, ok, tt.name, tt.strong, tt.ok)
		}
	}
}

func TestReasoningAndFencesAreSkipped(t *testing.T) {
	text := "<implementation_breakdown>\nMaybe `internal/nowhere/x.go` and `GhostService`?\n</implementation_breakdown>\n\n" +
		"```markdown\n# Plan\n\n## Implementation Steps\n\n1. Modify `internal/service/book_servce.go`.\n\n   ```go\n   ghost := GhostFactory()\n   ```\n\n## Time Estimate\n\nTotal: 60 minutes\n```\n"
	r := verifyText(t, text, nil, nil)
	if len(r.Findings) != 1 || r.Findings[0].Rule != RuleFileMissing || r.Findings[0].Line != 10 {
		t.Fatalf("want one file-missing on line 10 (inside the markdown wrapper), got:\n%s", r.Text())
	}
}

// TestEndpointsAndTables checks the endpoint and table rules against the
// example's OpenAPI document, router, migrations and database plan.
func TestEndpointsAndTables(t *testing.T) {
	tests := []struct {
		name    string
		snippet string
		want    []string // "rule symbol candidates…"
	}{
		{"documented endpoint", "1. Staff use `PATCH /orders/{orderID}/status`; clients `GET /books/42` and GET `/books/{id}/`.", nil},
		{"method in one cell, path in the next", "1. Endpoints:\n\n| Method | Path |\n| --- | --- |\n| GET | `/authors/{authorID}/books` |", nil},
		{"unknown endpoint", "1. Clients call `POST /books/{bookID}/likes`.", []string{"endpoint-unknown POST /books/{bookID}/likes"}},
		{"wrong method", "1. Clients call `DELETE /authors/{authorID}`.", []string{"endpoint-unknown DELETE /authors/{authorID} GET /authors/{authorID}"}},
		{"endpoint the plan adds", "1. Add `POST /books/{bookID}/likes`.\n2. Clients call `POST /books/{bookID}/likes`.", nil},
		{"endpoint registered inline", "1. In the router, `r.Post(\"/books/{bookID}/likes\", h.Like)`.\n2. Clients call `POST /books/{bookID}/likes`.", nil},
		{"known tables", "1. Join the `order_items` table and run `UPDATE books SET stock = stock - 1`.", nil},
		{"near miss of a table", "1. Join the `order_item` table.", []string{"table-unknown order_item order_items"}},
		{"table the plan creates", "1. Create the `likes` table.\n2. `SELECT count(*) FROM likes` per book.", nil},
		{"table queried but never created", "1. `SELECT count(*) FROM likes` per book.", []string{"table-unknown likes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, _ := planWith(tt.snippet)
			r := verifyText(t, text, nil, nil)
			var got []string
			for _, f := range r.Findings {
				if f.Rule == RuleEndpointUnknown || f.Rule == RuleTableUnknown {
					got = append(got, strings.TrimSpace(strings.Join(append([]string{f.Rule, f.Symbol}, f.Candidates...), " ")))
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("got %q, want %q\n%s", got, tt.want, r.Text())
			}
		})
	}
}

func TestFolderInFilesSection(t *testing.T) {
	text := "# P\n\n## Implementation Steps\n\n1. Modify `internal/service/book_service.go`.\n\n## Files Affected\n\n- `internal/service/` (modified)\n- `internal/reviews/` (new package)\n- `internal/service/book_service.go` (modified)\n\n## Time Estimate\n\nTotal: 60 minutes\n"
	if r := verifyText(t, text, nil, nil); len(r.Findings) != 0 {
		t.Fatalf("folders are not files:\n%s", r.Text())
	}
}
