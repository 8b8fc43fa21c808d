package plan

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestKeyFor(t *testing.T) {
	cases := map[string]string{
		"Architecture":                         KeyDecisions,
		"Architectural Decisions":              KeyDecisions,
		"1. ARCHITECTURAL DECISIONS":           KeyDecisions,
		"Technical Approach:":                  KeyDecisions,
		"**Technical approach**":               KeyDecisions,
		"Implementation Steps":                 KeySteps,
		"2) Steps":                             KeySteps,
		"Implementation Plan":                  KeySteps,
		"Step-by-step plan":                    KeySteps,
		"Testing Strategy":                     KeyTesting,
		"Testing Approach":                     KeyTesting,
		"Tests":                                KeyTesting,
		"6. Testing Approach":                  KeyTesting,
		"Risks":                                KeyRisks,
		"Risks & Considerations":               KeyRisks,
		"RISKS AND MITIGATIONS":                KeyRisks,
		"Risks/Considerations":                 KeyRisks,
		"Security considerations":              KeyRisks,
		"Files Affected":                       KeyFiles,
		"Files Changed":                        KeyFiles,
		"File Changes":                         KeyFiles,
		"Files Affected (Modified vs New)":     KeyFiles,
		"Time Estimate":                        KeyEstimate,
		"Estimate":                             KeyEstimate,
		"Effort":                               KeyEstimate,
		"Estimated time (minutes)":             KeyEstimate,
		"Service Layer Design":                 KeyServiceLayer,
		"Service Layer":                        KeyServiceLayer,
		"Data Layer Implementation":            KeyDataLayer,
		"Data Layer":                           KeyDataLayer,
		"Business Logic Implementation":        KeyBusinessLogic,
		"Business Logic":                       KeyBusinessLogic,
		"API Controller Design":                KeyControllers,
		"API Controllers":                      KeyControllers,
		"API Controller(s) Design":             KeyControllers,
		"Controllers":                          KeyControllers,
		"Error Handling Strategy":              KeyErrorHandling,
		"Error Handling":                       KeyErrorHandling,
		"Performance Optimization":             KeyPerformance,
		"Performance Considerations":           KeyPerformance,
		"Performance":                          KeyPerformance,
		"7. Performance Optimisation":          KeyPerformance,
		"Summary":                              "",
		"Overview":                             "",
		"Open Questions":                       "",
		"":                                     "",
		"Implementation Plan: Add book search": KeySteps,
	}
	for title, want := range cases {
		if got := KeyFor(title); got != want {
			t.Errorf("KeyFor(%q) = %q, want %q", title, got, want)
		}
	}
	for _, k := range append(StoryKeys(), BackendKeys()...) {
		if KeyFor(TitleFor(k)) != k {
			t.Errorf("KeyFor(TitleFor(%q)) = %q", k, KeyFor(TitleFor(k)))
		}
	}
	if TitleFor("nope") != "" {
		t.Error("TitleFor of an unknown key should be empty")
	}
}

func TestParseDuration(t *testing.T) {
	cases := []struct {
		in   string
		want int
		ok   bool
	}{
		{"240 minutes", 240, true},
		{"Total: 4 hours", 240, true},
		{"3h 30m", 210, true},
		{"3h30m", 210, true},
		{"3 hours and 30 minutes", 210, true},
		{"~180 min", 180, true},
		{"120–180 minutes", 180, true},
		{"120-180 mins", 180, true},
		{"2 to 3 hours", 180, true},
		{"2h–3h", 180, true},
		{"1.5 hours", 90, true},
		{"0.5h", 30, true},
		{"1 day", 480, true},
		{"1 week", 2400, true},
		{"1,200 minutes", 1200, true},
		{"45m", 45, true},
		{"4 hrs", 240, true},
		{"30 minutes, 20 minutes", 30, true},
		{"AC2 m", 0, false},
		{"5 months", 0, false},
		{"no numbers", 0, false},
		{"v2.5h", 0, false},
	}
	for _, c := range cases {
		got, _, _, ok := parseDuration(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("parseDuration(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestParseEstimate(t *testing.T) {
	cases := []struct {
		name  string
		body  string
		want  int
		parts []EstimatePart
		line  int
	}{
		{"bold total", "**Total: 240 minutes**", 240, nil, 1},
		{"total in hours", "Total: 4 hours", 240, nil, 1},
		{"bare total", "- Coding: 60 min\n\n**Total: 90**", 90, []EstimatePart{{"Coding", 60}}, 3},
		{"compound", "3h 30m", 210, nil, 1},
		{"approximate", "~180 min", 180, nil, 1},
		{"range takes the upper bound", "Estimated time: 120–180 minutes", 180, nil, 1},
		{"breakdown summed without a total", "- Coding: 120 min\n- Testing: 1 hour\n- Review: 30m", 210,
			[]EstimatePart{{"Coding", 120}, {"Testing", 60}, {"Review", 30}}, 1},
		{"breakdown and total", "- **Coding** — 120 minutes\n- **Testing** (unit + integration): 60 minutes\n\n**Total: 180 minutes (3 hours)**", 180,
			[]EstimatePart{{"Coding", 120}, {"Testing (unit + integration)", 60}}, 4},
		{"table in minutes", "| Task | Minutes |\n|---|---|\n| Code | 90 |\n| Tests | 45 |\n| **Total** | **135** |", 135,
			[]EstimatePart{{"Code", 90}, {"Tests", 45}}, 5},
		{"table in hours", "| Task | Hours |\n|---|---|\n| Code | 1.5 |\n| Tests | 1 |", 150,
			[]EstimatePart{{"Code", 90}, {"Tests", 60}}, 3},
		{"prose", "This should take around 4 hours including review.", 240, nil, 1},
		{"nothing", "Hard to say.", -1, nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := parseEstimate(splitLines(c.body), 99)
			if c.want < 0 {
				if e != nil {
					t.Fatalf("got %+v, want nil", e)
				}
				return
			}
			if e == nil {
				t.Fatal("got nil")
			}
			if e.Minutes != c.want || !reflect.DeepEqual(e.Breakdown, c.parts) || e.Line != c.line {
				t.Errorf("got %d %+v line %d; want %d %+v line %d", e.Minutes, e.Breakdown, e.Line, c.want, c.parts, c.line)
			}
		})
	}
}

func TestPathExtraction(t *testing.T) {
	cases := []struct {
		in      string
		paths   []string
		symbols []string
	}{
		{"edit `internal/service/book_service.go`", []string{"internal/service/book_service.go"}, nil},
		{"edit **src/app.ts** and src/routes/books.ts.", []string{"src/app.ts", "src/routes/books.ts"}, nil},
		{"`./cmd/server/main.go`", []string{"cmd/server/main.go"}, nil},
		{"`src\\Models\\Book.cs` and .\\src\\Program.cs", []string{"src/Models/Book.cs", "src/Program.cs"}, nil},
		{"`internal/a.go:42` and internal/b.go:10:3", []string{"internal/a.go", "internal/b.go"}, nil},
		{"`internal/a.go#Load` and `src/x.ts#L10-L20`", []string{"internal/a.go", "src/x.ts"}, []string{"Load"}},
		{"`tests/test_books.py::test_create`", []string{"tests/test_books.py"}, []string{"test_create"}},
		{"`package.json`, `go.mod`, `Dockerfile`, `.env.example`", []string{"package.json", "go.mod", "Dockerfile", ".env.example"}, nil},
		{"`BookService.Create`, `ListBooks()`, `func Load(path string)`", nil, []string{"BookService.Create", "ListBooks", "Load"}},
		{"`res.json()` and `process.env` and `console.log`", nil, []string{"res.json", "process.env", "console.log"}},
		{"`books`, `GET`, `HTTP`, `null`, `AC1`, `true`", nil, nil},
		{"`MAX_PAGE_SIZE` and `book_service`", nil, []string{"MAX_PAGE_SIZE", "book_service"}},
		{"see https://example.com/a/b.html and www.x.org/y.js", nil, nil},
		{"`src/**/*.ts`, `src/{a,b}.ts`, `src/models/`", nil, nil},
		{"Node.js/Express and `Node.js`", nil, nil},
		{"app.ts alone in prose", nil, nil},
		{"[routes](src/routes/index.ts)", []string{"src/routes/index.ts"}, nil},
		{"`pages/books/[id].tsx` and `app/(auth)/login/page.tsx`", []string{"pages/books/[id].tsx", "app/(auth)/login/page.tsx"}, nil},
		{"src\\_internal\\x.ts", []string{"src_internal/x.ts"}, nil},
		{"(`internal/a.go`, `internal/a.go`)", []string{"internal/a.go"}, nil},
	}
	for _, c := range cases {
		var r refs
		r.scan(c.in)
		if !reflect.DeepEqual(r.paths, c.paths) || !reflect.DeepEqual(r.symbols, c.symbols) {
			t.Errorf("scan(%q) = paths %q symbols %q; want %q %q", c.in, r.paths, r.symbols, c.paths, c.symbols)
		}
	}
}

func TestCriteriaIn(t *testing.T) {
	cases := map[string][]string{
		"covers AC1 and AC-2":    {"AC1", "AC2"},
		"(AC 3, AC#4, AC_5)":     {"AC3", "AC4", "AC5"},
		"AC1–AC3":                {"AC1", "AC2", "AC3"},
		"AC2-4":                  {"AC2", "AC3", "AC4"},
		"AC1 to AC2, AC1 again":  {"AC1", "AC2"},
		"BAC1 and AC12x and ac1": nil,
		"AC1-AC1000":             {"AC1"},
	}
	for in, want := range cases {
		if got := CriteriaIn(in); !reflect.DeepEqual(got, want) {
			t.Errorf("CriteriaIn(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFileActions(t *testing.T) {
	cases := []struct {
		name string
		body string
		want []FileChange
	}{
		{"labels", "Modified:\n- `a/x.go` — reason one\n\nNew files:\n- `a/y.go`", []FileChange{
			{Path: "a/x.go", Action: ActionModify, Reason: "reason one", Line: 2}, {Path: "a/y.go", Action: ActionNew, Line: 5}}},
		{"headings", "### Existing\n- `a/x.go`\n### Created\n- `a/y.go`\n### Removed\n- `a/z.go`", []FileChange{
			{Path: "a/x.go", Action: ActionModify, Line: 2}, {Path: "a/y.go", Action: ActionNew, Line: 4}, {Path: "a/z.go", Action: ActionDelete, Line: 6}}},
		{"bold list labels", "- **Modify**\n  - `a/x.go`\n- **Create**\n  - `a/y.go`: the new thing", []FileChange{
			{Path: "a/x.go", Action: ActionModify, Line: 2}, {Path: "a/y.go", Action: ActionNew, Reason: "the new thing", Line: 4}}},
		{"markers", "- `a/x.go` (new)\n- [NEW] `a/y.go` — service\n- `a/z.go` **(modified)**\n- a/w.go — create the worker\n- `a/v.go` [DELETE]", []FileChange{
			{Path: "a/x.go", Action: ActionNew, Line: 1}, {Path: "a/y.go", Action: ActionNew, Reason: "service", Line: 2},
			{Path: "a/z.go", Action: ActionModify, Line: 3}, {Path: "a/w.go", Action: ActionNew, Reason: "create the worker", Line: 4},
			{Path: "a/v.go", Action: ActionDelete, Line: 5}}},
		{"marker beats label", "New:\n- `a/x.go` (modified)", []FileChange{{Path: "a/x.go", Action: ActionModify, Line: 2}}},
		{"label beats reason word", "Modified:\n- `a/x.go` — new endpoint", []FileChange{{Path: "a/x.go", Action: ActionModify, Reason: "new endpoint", Line: 2}}},
		{"leading verb", "- Create `a/x.go`\n- Update `a/y.go` to add a route\n- Add a route to `a/z.go`", []FileChange{
			{Path: "a/x.go", Action: ActionNew, Line: 1}, {Path: "a/y.go", Action: ActionModify, Line: 2}, {Path: "a/z.go", Action: ActionModify, Line: 3}}},
		{"several paths, one reason", "- `a/x.go`, `a/y.go` — both handlers", []FileChange{
			{Path: "a/x.go", Action: ActionModify, Reason: "both handlers", Line: 1}, {Path: "a/y.go", Action: ActionModify, Reason: "both handlers", Line: 1}}},
		{"path in reason is not a change", "New:\n- `a/new.go` — replaces `a/old.go`", []FileChange{{Path: "a/new.go", Action: ActionNew, Reason: "replaces `a/old.go`", Line: 2}}},
		{"duplicates merge", "- `a/x.go`\n- `a/x.go` — why", []FileChange{{Path: "a/x.go", Action: ActionModify, Reason: "why", Line: 1}}},
		{"unchanged is skipped", "- `go.mod` (unchanged)\n- `a/x.go`", []FileChange{{Path: "a/x.go", Action: ActionModify, Line: 2}}},
		{"table", "| File | Change type | Notes |\n|---|---|---|\n| `a/x.go` | New | first |\n| a/y.go | Modified | second |\n| `a/z.go` | **Deleted** | |", []FileChange{
			{Path: "a/x.go", Action: ActionNew, Reason: "first", Line: 3}, {Path: "a/y.go", Action: ActionModify, Reason: "second", Line: 4}, {Path: "a/z.go", Action: ActionDelete, Line: 5}}},
		{"code block listing", "```\nM  internal/a.go\nA  internal/b.go\nREADME.md\n```", []FileChange{
			{Path: "internal/a.go", Action: ActionModify, Line: 2}, {Path: "internal/b.go", Action: ActionNew, Line: 3}}},
		{"odd name in code", "New:\n- `LICENSE2` — licence", []FileChange{{Path: "LICENSE2", Action: ActionNew, Reason: "licence", Line: 2}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := parseFiles(splitLines(c.body))
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	for _, in := range []string{"", "  \n\n", "<think>only reasoning</think>", "#", "```markdown\n```"} {
		if _, err := ParseMarkdown(in); !errors.Is(err, ErrEmpty) {
			t.Errorf("ParseMarkdown(%q) error = %v, want ErrEmpty", in, err)
		}
	}
}

func TestParseStructure(t *testing.T) {
	cases := []struct {
		name     string
		in       string
		title    string
		summary  string
		draft    bool
		sections []Section
	}{
		{"hash sections without h2", "# Plan\nintro\n# Architecture\nA\n# Steps\n1. x", "Plan", "intro", false,
			[]Section{{Key: KeyDecisions, Title: "Architecture", Body: "A", Line: 3}, {Key: KeySteps, Title: "Steps", Body: "1. x", Line: 5}}},
		{"first hash heading that is a section", "# Risks\n- r\n# Estimate\n2h", "", "", false,
			[]Section{{Key: KeyRisks, Title: "Risks", Body: "- r", Line: 1}, {Key: KeyEstimate, Title: "Estimate", Body: "2h", Line: 3}}},
		{"later h1 is a section", "# T\n## Steps\ns\n# Appendix\na", "T", "", false,
			[]Section{{Key: KeySteps, Title: "Steps", Body: "s", Line: 2}, {Title: "Appendix", Body: "a", Line: 4}}},
		{"numbered, trailing colon and closing hashes", "## 1. Architectural Decisions:\nd\n## **Files Affected** ##\nf", "", "", false,
			[]Section{{Key: KeyDecisions, Title: "1. Architectural Decisions", Body: "d", Line: 1}, {Key: KeyFiles, Title: "Files Affected", Body: "f", Line: 3}}},
		{"bold numbered headings", "# T\n\n**1. ARCHITECTURAL DECISIONS**\nd\n**Files:**\nnot a section\n**2. OPEN QUESTIONS**\nq", "T", "", false,
			[]Section{{Key: KeyDecisions, Title: "1. ARCHITECTURAL DECISIONS", Body: "d\n**Files:**\nnot a section", Line: 3}, {Title: "2. OPEN QUESTIONS", Body: "q", Line: 7}}},
		{"bold named headings", "**Testing Strategy:**\n- t\n\n**Risks**\n- r", "", "", false,
			[]Section{{Key: KeyTesting, Title: "Testing Strategy", Body: "- t", Line: 1}, {Key: KeyRisks, Title: "Risks", Body: "- r", Line: 4}}},
		{"h3 sections", "# T\n### Steps\n#### Step 1\nx\n### Risks\nr", "T", "", false,
			[]Section{{Key: KeySteps, Title: "Steps", Body: "#### Step 1\nx", Line: 2}, {Key: KeyRisks, Title: "Risks", Body: "r", Line: 5}}},
		{"headings in code are not headings", "# T\n```\n## not\n```\n## Real\nx", "T", "```\n## not\n```", false,
			[]Section{{Title: "Real", Body: "x", Line: 5}}},
		{"draft banner", "# T\n\n> **Draft** — offline.\n> second line\n\nSummary.\n\n## Steps", "T", "Summary.", true,
			[]Section{{Key: KeySteps, Title: "Steps", Line: 8}}},
		{"our own banner", "# T\n\n" + DraftBanner + "\n\n## Steps", "T", "", true, []Section{{Key: KeySteps, Title: "Steps", Line: 5}}},
		{"draft line", "# T\n\n_DRAFT: offline_\n\nDrafting matters.\n\n## Steps", "T", "Drafting matters.", true, []Section{{Key: KeySteps, Title: "Steps", Line: 7}}},
		{"a quote is not a banner", "# T\n\n> As a customer…\n\n## Steps", "T", "> As a customer…", false, []Section{{Key: KeySteps, Title: "Steps", Line: 5}}},
		{"reasoning keeps line numbers", "<think>\na\nb\n</think>\n# T\n## Steps\nx", "T", "", false, []Section{{Key: KeySteps, Title: "Steps", Body: "x", Line: 6}}},
		{"crlf", "# T\r\n## Steps\r\nx\r\n", "T", "", false, []Section{{Key: KeySteps, Title: "Steps", Body: "x", Line: 2}}},
		{"empty h1 is not a title", "#\n## A\nx", "", "", false, []Section{{Title: "", Line: 1}, {Title: "A", Body: "x", Line: 2}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := ParseMarkdown(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if p.Title != c.title || p.Summary != c.summary || p.Draft != c.draft || !reflect.DeepEqual(p.Sections, c.sections) {
				t.Errorf("got title %q summary %q draft %v sections %+v\nwant title %q summary %q draft %v sections %+v",
					p.Title, p.Summary, p.Draft, p.Sections, c.title, c.summary, c.draft, c.sections)
			}
		})
	}
}

func TestParseSteps(t *testing.T) {
	cases := []struct {
		name string
		body string
		want []Step
	}{
		{"bold titles", "1. **Model** — add `Book` in `internal/models/book.go` (AC1)\n2. **Service**: `BookService.Create()`", []Step{
			{Number: 1, Title: "Model", Detail: "add `Book` in `internal/models/book.go` (AC1)", Files: []string{"internal/models/book.go"}, Symbols: []string{"Book"}, Criteria: []string{"AC1"}, Line: 1},
			{Number: 2, Title: "Service", Detail: "`BookService.Create()`", Symbols: []string{"BookService.Create"}, Line: 2}}},
		{"first sentence", "1. Create the migration. It adds a column to `books`.\n2. Update `internal/a.go`: call it", []Step{
			{Number: 1, Title: "Create the migration", Detail: "It adds a column to `books`.", Line: 1},
			{Number: 2, Title: "Update `internal/a.go`", Detail: "call it", Files: []string{"internal/a.go"}, Line: 2}}},
		{"step headings", "Intro.\n\n### Step 1: Model\nAdd `internal/m.go`.\n\n### Step 2 — Wire\n- Files: `cmd/main.go`\n- Covers: AC2", []Step{
			{Number: 1, Title: "Model", Detail: "Add `internal/m.go`.", Files: []string{"internal/m.go"}, Line: 3},
			{Number: 2, Title: "Wire", Files: []string{"cmd/main.go"}, Criteria: []string{"AC2"}, Line: 6}}},
		{"bold step lines", "**Step 1: Model**\nAdd it.\n\n**Step 2: Wire**\nDone.", []Step{
			{Number: 1, Title: "Model", Detail: "Add it.", Line: 1}, {Number: 2, Title: "Wire", Detail: "Done.", Line: 4}}},
		{"numbered items win over bullets", "- note\n1. one\n2. two", []Step{
			{Number: 1, Title: "one", Line: 2}, {Number: 2, Title: "two", Line: 3}}},
		{"code is not mined", "1. **Route**\n   ```go\n   r.Get(\"/x\", h.ListBooks) // internal/x.go\n   ```", []Step{
			{Number: 1, Title: "Route", Detail: "```go\nr.Get(\"/x\", h.ListBooks) // internal/x.go\n```", Line: 1}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := ParseMarkdown("## Steps\n" + c.body)
			if err != nil {
				t.Fatal(err)
			}
			for i := range c.want {
				c.want[i].Line++
			}
			if !reflect.DeepEqual(p.Steps, c.want) {
				t.Errorf("got  %+v\nwant %+v", p.Steps, c.want)
			}
		})
	}
}

func TestParseTestsAndRisks(t *testing.T) {
	md := strings.Join([]string{
		"## Testing",
		"- **Unit tests:**",
		"  - `TestA` in `x/a_test.go` — checks A (AC1)",
		"  - `it('rejects bad input')` — `src/a.spec.ts`",
		"- `test_b` (integration), AC-2",
		"- **End-to-end**: browser flow covers AC3",
		"- Mock the clock.",
		"- **Service tests**",
		"  - `TestC` — c",
		"- **Create returns 201**",
		"  - POST /books with a valid body",
		"## Risks",
		"- **Security**",
		"  - Keys could leak. Mitigation: redact logs.",
		"- **Backward compatibility**: old clients (mitigation: keep v1)",
		"- Slow queries on large tables — mitigate: add an index",
	}, "\n")
	p, err := ParseMarkdown(md)
	if err != nil {
		t.Fatal(err)
	}
	wantTests := []Test{
		{Name: "TestA", File: "x/a_test.go", Kind: "unit", Description: "checks A (AC1)", Criteria: []string{"AC1"}, Line: 3},
		{Name: "rejects bad input", File: "src/a.spec.ts", Kind: "unit", Description: "`src/a.spec.ts`", Line: 4},
		{Name: "test_b", Kind: "integration", Description: "AC-2", Criteria: []string{"AC2"}, Line: 5},
		{Name: "End-to-end", Kind: "e2e", Description: "browser flow covers AC3", Criteria: []string{"AC3"}, Line: 6},
		{Name: "TestC", Description: "c", Line: 9},
		{Name: "Create returns 201", Description: "- POST /books with a valid body", Line: 10},
	}
	if !reflect.DeepEqual(p.Tests, wantTests) {
		t.Errorf("tests:\n got  %+v\nwant %+v", p.Tests, wantTests)
	}
	wantRisks := []Risk{
		{Area: "security", Text: "Keys could leak.", Mitigation: "redact logs.", Line: 14},
		{Area: "compatibility", Text: "old clients", Mitigation: "keep v1", Line: 15},
		{Area: "performance", Text: "Slow queries on large tables", Mitigation: "add an index", Line: 16},
	}
	if !reflect.DeepEqual(p.Risks, wantRisks) {
		t.Errorf("risks:\n got  %+v\nwant %+v", p.Risks, wantRisks)
	}
}
