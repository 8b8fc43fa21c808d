package story

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// want is what a test expects of a parsed story; criteria are compared in
// full, notes only when wantNotes is set.
type want struct {
	title, actor, goal, benefit string
	criteria                    []Criterion
	notes                       string
	wantNotes                   bool
}

func check(t *testing.T, got *Story, w want) {
	t.Helper()
	if got.Title != w.title {
		t.Errorf("title = %q, want %q", got.Title, w.title)
	}
	if got.Actor != w.actor {
		t.Errorf("actor = %q, want %q", got.Actor, w.actor)
	}
	if got.Goal != w.goal {
		t.Errorf("goal = %q, want %q", got.Goal, w.goal)
	}
	if got.Benefit != w.benefit {
		t.Errorf("benefit = %q, want %q", got.Benefit, w.benefit)
	}
	if !reflect.DeepEqual(got.Criteria, w.criteria) {
		t.Errorf("criteria:\n got %s\nwant %s", dump(got.Criteria), dump(w.criteria))
	}
	if w.wantNotes && got.Notes != w.notes {
		t.Errorf("notes = %q, want %q", got.Notes, w.notes)
	}
}

func dump(cs []Criterion) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "\n  {%s %q g=%q w=%q t=%q line %d}", c.ID, c.Text, c.Given, c.When, c.Then, c.Line)
	}
	return b.String()
}

// ac is a criterion with an ID, text and line.
func ac(id, text string, line int) Criterion {
	return Criterion{ID: id, Text: text, Line: line}
}

// gwt is a criterion with its Given/When/Then parts.
func gwt(id, text, given, when, then string, line int) Criterion {
	return Criterion{ID: id, Text: text, Given: given, When: when, Then: then, Line: line}
}

const twoBullets = "\n## Acceptance Criteria\n- one\n- two\n"

func TestParseMarkdownStorySentence(t *testing.T) {
	crit := []Criterion{ac("AC1", "one", 0), ac("AC2", "two", 0)}
	tests := []struct {
		name, story       string
		actor, goal, bene string
	}{
		{"one line", "As a user, I want to log in, so that I see my data.", "user", "to log in", "I see my data"},
		{"no commas", "As an admin I want to ban users so that spam stops", "admin", "to ban users", "spam stops"},
		{"lower case", "as a guest i want to browse so that i can pick", "guest", "to browse", "i can pick"},
		{"upper case", "AS A USER I WANT TO EXPORT SO THAT I CAN SHARE", "USER", "TO EXPORT", "I CAN SHARE"},
		{"so I can", "As a shopper, I'd like to save my cart, so I can buy later.", "shopper", "to save my cart", "I can buy later"},
		{"would like", "As a reader I would like dark mode", "reader", "dark mode", ""},
		{"across lines", "As a finance manager,\nI want to export reports\nas CSV,\nso that I can reconcile them.", "finance manager", "to export reports as CSV", "I can reconcile them"},
		{"bold markers", "**As a** finance manager\n**I want** to export reports\n**So that** I can reconcile them", "finance manager", "to export reports", "I can reconcile them"},
		{"bold with colon", "**As a:** dev\n**I want:** CI\n**So that:** builds are green", "dev", "CI", "builds are green"},
		{"bullets", "- **As an** admin\n- **I want** to ban users\n- **so that** spam stops", "admin", "to ban users", "spam stops"},
		{"blank lines between", "As a user\n\nI want to log in\n\nSo that I see my data", "user", "to log in", "I see my data"},
		{"in order to first", "In order to save time, as a tester, I want fixtures", "tester", "fixtures", "save time"},
		{"in order to, no commas", "In order to work as a team as a manager I want shared boards", "manager", "shared boards", "work as a team"},
		{"goal first", "I want to archive projects, as a team lead, so that the list stays short.", "team lead", "to archive projects", "the list stays short"},
		{"no actor", "I want to archive projects so that the list stays short", "user", "to archive projects", "the list stays short"},
		{"no benefit", "As a user, I want to log in.", "user", "to log in", ""},
		{"story label", "Story: As a buyer I want refunds.", "buyer", "refunds", ""},
		{"user story label bold", "**User story:** As a buyer, I want refunds", "buyer", "refunds", ""},
		{"blockquote", "> As a guest,\n> I want to browse,\n> so that I can pick books.", "guest", "to browse", "I can pick books"},
		{"we want", "As a team, we want a shared calendar so that we meet", "team", "a shared calendar", "we meet"},
		{"key lines", "Actor: analyst\nGoal: filter reports by date\nBenefit: faster analysis", "analyst", "filter reports by date", "faster analysis"},
		{"bold key lines", "**Actor:** analyst\n**Goal**: filter reports\n- **Benefit**: speed", "analyst", "filter reports", "speed"},
		{"role want why", "Role: editor\nWant: to publish\nWhy: readers see news", "editor", "to publish", "readers see news"},
		{"key lines win", "Goal: from key\nAs a user I want from sentence so that b", "user", "from key", "b"},
		{"underscores kept", "As a dev I want to call `user_id` and parse_args so that it works", "dev", "to call `user_id` and parse_args", "it works"},
		{"sentence in heading", "# As a user I want to log in", "user", "to log in", ""},
		{"trailing prose", "As a user, I want to log in. This matters a lot.", "user", "to log in", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("s.md", []byte(tt.story+"\n"+twoBullets))
			if err != nil {
				t.Fatal(err)
			}
			if s.Actor != tt.actor || s.Goal != tt.goal || s.Benefit != tt.bene {
				t.Errorf("got actor %q goal %q benefit %q, want %q %q %q", s.Actor, s.Goal, s.Benefit, tt.actor, tt.goal, tt.bene)
			}
			if len(s.Criteria) != len(crit) || s.Kind != KindStory || s.Source != "s.md" {
				t.Errorf("got %d criteria, kind %q, source %q", len(s.Criteria), s.Kind, s.Source)
			}
		})
	}
}

func TestParseMarkdownCriteria(t *testing.T) {
	const story = "As a user I want x\n"
	tests := []struct {
		name, body string
		criteria   []Criterion
	}{
		{"dash bullets", "## Acceptance Criteria\n- one\n- two", []Criterion{ac("AC1", "one", 3), ac("AC2", "two", 4)}},
		{"star and plus bullets", "# Acceptance criteria\n* one\n+ two", []Criterion{ac("AC1", "one", 3), ac("AC2", "two", 4)}},
		{"deep heading", "#### acceptance criteria (must pass)\n- one", []Criterion{ac("AC1", "one", 3)}},
		{"AC heading", "## AC\n- one", []Criterion{ac("AC1", "one", 3)}},
		{"numbers with dot and paren", "## Acceptance Criteria\n1. one\n2) two\n10. ten", []Criterion{ac("AC1", "one", 3), ac("AC2", "two", 4), ac("AC3", "ten", 5)}},
		{"checkboxes", "## Acceptance Criteria\n- [ ] open\n- [x] done\n* [X] Done too", []Criterion{ac("AC1", "open", 3), ac("AC2", "done", 4), ac("AC3", "Done too", 5)}},
		{"bold label", "**Acceptance Criteria:**\n- one\n- two", []Criterion{ac("AC1", "one", 3), ac("AC2", "two", 4)}},
		{"bold label colon outside", "__Acceptance criteria__:\n- one", []Criterion{ac("AC1", "one", 3)}},
		{"plain label", "Acceptance criteria:\n- one", []Criterion{ac("AC1", "one", 3)}},
		{"label as bullet", "- **Acceptance criteria:**\n  - one\n  - two\n- Notes: later", []Criterion{ac("AC1", "one", 3), ac("AC2", "two", 4)}},
		{"setext heading", "\nAcceptance Criteria\n-------------------\n- one", []Criterion{ac("AC1", "one", 5)}},
		{"continuation lines", "## Acceptance Criteria\n- one\n  more of one\n- two\ncontinues lazily\n\n  and after a blank", []Criterion{ac("AC1", "one more of one", 3), ac("AC2", "two continues lazily and after a blank", 5)}},
		{"nested bullets", "## Acceptance Criteria\n- filter by:\n  - date\n  - author\n- sort", []Criterion{ac("AC1", "filter by: date; author", 3), ac("AC2", "sort", 6)}},
		{"kept IDs", "## Acceptance Criteria\n- AC1: one\n- AC-2 — two\n- [AC3] three\n- **AC4**: four\n- **AC5:** five\n- `AC6` six\n- ac7. seven",
			[]Criterion{ac("AC1", "one", 3), ac("AC-2", "two", 4), ac("AC3", "three", 5), ac("AC4", "four", 6), ac("AC5", "five", 7), ac("AC6", "six", 8), ac("AC7", "seven", 9)}},
		{"generated IDs skip kept", "## Acceptance Criteria\n- first\n- AC1: kept\n- [AC3] kept too\n- second\n- third",
			[]Criterion{ac("AC2", "first", 3), ac("AC1", "kept", 4), ac("AC3", "kept too", 5), ac("AC4", "second", 6), ac("AC5", "third", 7)}},
		{"one-line given when then", "## Acceptance Criteria\n- Given a cart, when I pay, then I get a receipt\n- **Given** no stock **when** I order **then** I see an error",
			[]Criterion{
				gwt("AC1", "Given a cart, when I pay, then I get a receipt", "a cart", "I pay", "I get a receipt", 3),
				gwt("AC2", "Given no stock when I order then I see an error", "no stock", "I order", "I see an error", 4),
			}},
		{"when then only", "## Acceptance Criteria\n- When I click save then the form is stored", []Criterion{gwt("AC1", "When I click save then the form is stored", "", "I click save", "the form is stored", 3)}},
		{"when without then is prose", "## Acceptance Criteria\n- When I click save, the form is stored\n- When I click cancel, nothing changes",
			[]Criterion{ac("AC1", "When I click save, the form is stored", 3), ac("AC2", "When I click cancel, nothing changes", 4)}},
		{"multi-line blocks", "## Acceptance Criteria\nGiven a user\nAnd a cart\nWhen they pay\nThen a receipt is sent\nBut no card number is shown\n\nGiven x\nWhen y\nThen z",
			[]Criterion{
				gwt("AC1", "Given a user and a cart, when they pay, then a receipt is sent but no card number is shown", "a user and a cart", "they pay", "a receipt is sent but no card number is shown", 3),
				gwt("AC2", "Given x, when y, then z", "x", "y", "z", 9),
			}},
		{"bulleted steps", "## Acceptance Criteria\n- Given a user\n- When they log in\n- Then they see a dashboard\n- Given a guest\n- Then they see a login form",
			[]Criterion{
				gwt("AC1", "Given a user, when they log in, then they see a dashboard", "a user", "they log in", "they see a dashboard", 3),
				gwt("AC2", "Given a guest, then they see a login form", "a guest", "", "they see a login form", 6),
			}},
		{"scenarios", "## Acceptance Criteria\nScenario: successful login\n  Given a user\n  When they log in\n  Then they see a dashboard\n\nScenario Outline: AC7 – bad password\n  Given a user\n  When they enter <pw>\n  Then they see an error\n  Examples:\n    | pw |\n    | x  |",
			[]Criterion{
				gwt("AC1", "successful login: Given a user, when they log in, then they see a dashboard", "a user", "they log in", "they see a dashboard", 3),
				gwt("AC7", "bad password: Given a user, when they enter <pw>, then they see an error Examples: | pw | | x |", "a user", "they enter <pw>", "they see an error Examples: | pw | | x |", 8),
			}},
		{"scenario headings", "## Acceptance Criteria\n### Scenario: empty list\nGiven no items\nWhen I open the page\nThen I see a hint\n### Scenario: full list\n- Given items\n- Then I see them",
			[]Criterion{
				gwt("AC1", "empty list: Given no items, when I open the page, then I see a hint", "no items", "I open the page", "I see a hint", 3),
				gwt("AC2", "full list: Given items, then I see them", "items", "", "I see them", 7),
			}},
		{"criterion headings", "## Acceptance Criteria\n### AC2: Export\nThe report downloads as CSV.\n### Import\nRows are created.",
			[]Criterion{ac("AC2", "Export: The report downloads as CSV.", 3), ac("AC1", "Import: Rows are created.", 5)}},
		{"group headings", "## Acceptance Criteria\n### Filtering\n- by date\n- by author\n### Sorting\n- by title",
			[]Criterion{ac("AC1", "by date", 4), ac("AC2", "by author", 5), ac("AC3", "by title", 7)}},
		{"gherkin block", "## Acceptance Criteria\n```gherkin\nFeature: login\n  # a comment\n  Background:\n    Given a site\n  Scenario: ok\n    Given a user\n    When they log in\n    Then they are in\n```",
			[]Criterion{gwt("AC1", "ok: Given a user, when they log in, then they are in", "a user", "they log in", "they are in", 8)}},
		{"scenarios without heading", "Scenario: one\nGiven a\nWhen b\nThen c", []Criterion{gwt("AC1", "one: Given a, when b, then c", "a", "b", "c", 2)}},
		{"IDs without heading", "- AC1: one\n- AC2: two", []Criterion{ac("AC1", "one", 2), ac("AC2", "two", 3)}},
		{"lines without bullets", "## Acceptance Criteria\nThe export has all columns\nin table order.\nArchived rows are left out.",
			[]Criterion{ac("AC1", "The export has all columns in table order.", 3), ac("AC2", "Archived rows are left out.", 5)}},
		{"empty bullets skipped", "## Acceptance Criteria\n- [ ]\n- one\n-", []Criterion{ac("AC1", "one", 4)}},
		{"several sections", "## Acceptance Criteria\n- one\n## Notes\nx\n## More acceptance criteria\n\n## Acceptance tests\n- two", []Criterion{ac("AC1", "one", 3), ac("AC2", "two", 9)}},
		{"code under item", "## Acceptance Criteria\n- prints\n  ```\n  ok\n  ```", []Criterion{ac("AC1", "prints ``` ok ```", 3)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("s.md", []byte(story+tt.body+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(s.Criteria, tt.criteria) {
				t.Errorf("criteria:\n got %s\nwant %s", dump(s.Criteria), dump(tt.criteria))
			}
		})
	}
}

func TestParseMarkdownDocument(t *testing.T) {
	tests := []struct {
		name, doc string
		w         want
	}{
		{
			name: "title, notes and sections",
			doc:  "# Export reports\n\n## User Story\n\nAs a manager, I want CSV export.\n\n## Acceptance Criteria\n\nThe story is done when:\n\n- one\n\n## Notes\n\nUse `ReportService`.\n\n## Empty\n",
			w: want{title: "Export reports", actor: "manager", goal: "CSV export", criteria: []Criterion{ac("AC1", "one", 11)},
				notes: "The story is done when:\n\n## Notes\n\nUse `ReportService`.", wantNotes: true},
		},
		{
			name: "front matter",
			doc:  "---\ntitle: From front matter\nactor: editor\nbenefit: readers see news\nacceptance_criteria:\n  - fm one\n---\n# Heading title\nI want to publish drafts\n\nAcceptance criteria:\n- body one\n",
			w: want{title: "From front matter", actor: "editor", goal: "to publish drafts", benefit: "readers see news",
				criteria: []Criterion{ac("AC1", "fm one", 6), ac("AC2", "body one", 12)}, wantNotes: true},
		},
		{
			name: "front matter only",
			doc:  "---\ngoal: to ship\ncriteria: [a, b]\n---\n",
			w:    want{actor: "user", goal: "to ship", criteria: []Criterion{ac("AC1", "a", 3), ac("AC2", "b", 3)}},
		},
		{
			name: "crlf, bom and comments",
			doc:  "\uFEFF# T\r\n<!-- describe\r\nthe story -->\r\nAs a user I want x\r\n\r\n## Acceptance Criteria\r\n- one\r\n",
			w:    want{title: "T", actor: "user", goal: "x", criteria: []Criterion{ac("AC1", "one", 7)}, wantNotes: true},
		},
		{
			name: "setext title and generic headings",
			doc:  "User Story\n==========\n\n**As a** dev **I want** CI **so that** builds pass\n\nAcceptance criteria\n-------------------\n- runs\n\nOut of scope\n------------\n- deploys\n",
			w: want{actor: "dev", goal: "CI", benefit: "builds pass", criteria: []Criterion{ac("AC1", "runs", 8)},
				notes: "Out of scope\n------------\n- deploys", wantNotes: true},
		},
		{
			name: "title key line",
			doc:  "Title: Password reset\nAs a user I want a reset link\n\nAC:\n- mail sent\n",
			w:    want{title: "Password reset", actor: "user", goal: "a reset link", criteria: []Criterion{ac("AC1", "mail sent", 5)}},
		},
		{
			name: "other topic ends the section",
			doc:  "# T\nAs a user I want x\n## Acceptance Criteria\n- one\n### Technical notes\n- not a criterion\n",
			w: want{title: "T", actor: "user", goal: "x", criteria: []Criterion{ac("AC1", "one", 4)},
				notes: "### Technical notes\n- not a criterion", wantNotes: true},
		},
		{
			name: "code after a blank line is a note",
			doc:  "As a user I want x\n## Acceptance Criteria\n- one\n\n```go\nfunc A() {}\n```\n",
			w:    want{actor: "user", goal: "x", criteria: []Criterion{ac("AC1", "one", 3)}, notes: "```go\nfunc A() {}\n```", wantNotes: true},
		},
		{
			name: "label section ends at prose",
			doc:  "As a user I want x\n\nAcceptance criteria:\n- one\n\nThis is a note.\n",
			w:    want{actor: "user", goal: "x", criteria: []Criterion{ac("AC1", "one", 4)}, notes: "This is a note.", wantNotes: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("doc.md", []byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			check(t, s, tt.w)
		})
	}
}

func TestParseExtensions(t *testing.T) {
	md := []byte("As a user I want x\n\n## Acceptance Criteria\n- one\n")
	yml := []byte("goal: x\nacceptance_criteria: [one]\n")
	jsn := []byte(`{"goal": "x", "acceptance_criteria": ["one"]}`)
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"a.md", md}, {"a.markdown", md}, {"a.txt", md}, {"a.story", md}, {"STORY.MD", md}, {"-", md},
		{"a.yaml", yml}, {"a.yml", yml}, {"a.YML", yml},
		{"a.json", jsn}, {"a.story", jsn}, {"-", jsn},
	} {
		s, err := Parse(tt.name, tt.data)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if s.Goal != "x" || len(s.Criteria) != 1 || s.Criteria[0].Text != "one" || s.Source != tt.name || s.Kind != KindStory || s.Actor != "user" {
			t.Errorf("%s: got %+v", tt.name, s)
		}
	}
}

func TestParseYAML(t *testing.T) {
	tests := []struct {
		name, doc string
		w         want
	}{
		{
			name: "plain keys",
			doc:  "title: Bulk import\nactor: admin\ngoal: to import users\nbenefit: onboarding is fast\nacceptance_criteria:\n  - valid rows are created\n  - invalid rows are reported\nnotes: Keep it simple.\n",
			w: want{title: "Bulk import", actor: "admin", goal: "to import users", benefit: "onboarding is fast",
				criteria: []Criterion{ac("AC1", "valid rows are created", 6), ac("AC2", "invalid rows are reported", 7)}, notes: "Keep it simple.", wantNotes: true},
		},
		{
			name: "alias keys",
			doc:  "As A: admin\ni_want: to import\nso-that: speed\ncriteria:\n  - one\ndescription: |\n  Line one.\n  Line two.\n",
			w:    want{actor: "admin", goal: "to import", benefit: "speed", criteria: []Criterion{ac("AC1", "one", 5)}, notes: "Line one.\nLine two.", wantNotes: true},
		},
		{
			name: "role, want, ac",
			doc:  "role: editor\nwant: to publish\nac:\n  - one\n",
			w:    want{actor: "editor", goal: "to publish", criteria: []Criterion{ac("AC1", "one", 4)}},
		},
		{
			name: "criteria objects",
			doc:  "goal: x\nacceptance_criteria:\n  - AC2: valid rows are created\n  - id: 3\n    given: a bad row\n    when: it is imported\n    then:\n      - the row is reported\n      - the others are created\n  - text: Given a when b then c\n  - id: AC-9\n    text: Totals match\n    given: an import\n  - 'AC4: quoted with an ID'\n  - Note: a colon in the text\n",
			w: want{actor: "user", goal: "x", criteria: []Criterion{
				ac("AC2", "valid rows are created", 3),
				gwt("AC3", "Given a bad row, when it is imported, then the row is reported and the others are created", "a bad row", "it is imported", "the row is reported and the others are created", 4),
				gwt("AC1", "Given a when b then c", "a", "b", "c", 10),
				{ID: "AC-9", Text: "Totals match", Given: "an import", Line: 11},
				ac("AC4", "quoted with an ID", 14),
				ac("AC5", "Note: a colon in the text", 15),
			}},
		},
		{
			name: "criteria as a mapping of IDs",
			doc:  "goal: x\ncriteria:\n  AC1: one\n  2: two\n  login:\n    given: a user\n    then: they are in\n",
			w: want{actor: "user", goal: "x", criteria: []Criterion{
				ac("AC1", "one", 3), ac("AC2", "two", 4),
				gwt("login", "Given a user, then they are in", "a user", "", "they are in", 6),
			}},
		},
		{
			name: "criteria as a Markdown block",
			doc:  "goal: x\nacceptance_criteria: |\n  - one\n  - AC5: two\n",
			w:    want{actor: "user", goal: "x", criteria: []Criterion{ac("AC1", "one", 3), ac("AC5", "two", 4)}},
		},
		{
			name: "story sentence key",
			doc:  "story: As a reader, I want dark mode, so that my eyes rest\ncriteria: [one]\n",
			w:    want{actor: "reader", goal: "dark mode", benefit: "my eyes rest", criteria: []Criterion{ac("AC1", "one", 2)}},
		},
		{
			name: "nested story mapping",
			doc:  "story:\n  title: T\n  goal: x\n  acceptance_criteria: [one]\n",
			w:    want{title: "T", actor: "user", goal: "x", criteria: []Criterion{ac("AC1", "one", 4)}},
		},
		{
			name: "anchors and aliases",
			doc:  "shared: &c Totals match\ngoal: x\ncriteria:\n  - *c\n",
			w:    want{actor: "user", goal: "x", criteria: []Criterion{ac("AC1", "Totals match", 1)}},
		},
		{
			name: "notes list and null values",
			doc:  "goal: x\nbenefit: ~\nnotes:\n  - a\n  - b\ncriteria: [one, '', ~]\n",
			w:    want{actor: "user", goal: "x", criteria: []Criterion{ac("AC1", "one", 6)}, notes: "a\nb", wantNotes: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("s.yaml", []byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			check(t, s, tt.w)
		})
	}
}

func TestParseJSON(t *testing.T) {
	doc := `{
  "title": "Search",
  "as_a": "reader",
  "i_want": "to search books",
  "so_that": "I find them",
  "acceptance_criteria": [
    "results show",
    {"id": "AC9", "text": "empty query shows nothing"},
    {"given": "a query", "when": "I search", "then": ["results show", "they are sorted"]},
    {"id": 4, "text": "numbers are IDs"}
  ],
  "notes": "n",
  "extra": {"ignored": [1, 2.5, true, null]}
}`
	s, err := Parse("s.json", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	check(t, s, want{title: "Search", actor: "reader", goal: "to search books", benefit: "I find them", notes: "n", wantNotes: true,
		criteria: []Criterion{
			ac("AC1", "results show", 7),
			ac("AC9", "empty query shows nothing", 8),
			gwt("AC2", "Given a query, when I search, then results show and they are sorted", "a query", "I search", "results show and they are sorted", 9),
			ac("AC4", "numbers are IDs", 10),
		}})
}

func TestParseSpec(t *testing.T) {
	tests := []struct {
		name, file, doc    string
		title, goal        string
		criteria           []Criterion
		spec               string
		actor, benefit     string
		wantKindAndSources bool
	}{
		{name: "heading title", file: "specs/cart.md", doc: "\n\n## Cart service\n\nHolds items.\n", title: "Cart service", spec: "## Cart service\n\nHolds items."},
		{name: "base name title", file: "specs/cart-service.md", doc: "Holds items; no heading.", title: "cart-service", spec: "Holds items; no heading."},
		{name: "front matter title", file: "x.md", doc: "---\ntitle: From FM\n---\nBody", title: "From FM", spec: "---\ntitle: From FM\n---\nBody"},
		{name: "criteria when present", file: "x.md", doc: "# Svc\n\n## Acceptance criteria\n- AC2: one\n- two\n", title: "Svc",
			criteria: []Criterion{ac("AC2", "one", 4), ac("AC1", "two", 5)}, spec: "# Svc\n\n## Acceptance criteria\n- AC2: one\n- two"},
		{name: "story sentence when present", file: "x.md", doc: "# Svc\nAs an admin I want audits so that we comply", title: "Svc", actor: "admin", goal: "audits", benefit: "we comply",
			spec: "# Svc\nAs an admin I want audits so that we comply"},
		{name: "yaml spec is text", file: "openapi.yaml", doc: "openapi: 3.0.0\n", title: "openapi", spec: "openapi: 3.0.0"},
		{name: "bad front matter is just text", file: "x.md", doc: "---\n: [\n---\n# T\n", title: "T", spec: "---\n: [\n---\n# T"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseSpec(tt.file, []byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			if s.Kind != KindSpec || s.Source != tt.file {
				t.Errorf("kind %q source %q", s.Kind, s.Source)
			}
			if s.Title != tt.title || s.Spec != tt.spec || s.Goal != tt.goal || s.Actor != tt.actor || s.Benefit != tt.benefit {
				t.Errorf("got title %q spec %q actor %q goal %q benefit %q", s.Title, s.Spec, s.Actor, s.Goal, s.Benefit)
			}
			if !reflect.DeepEqual(s.Criteria, tt.criteria) {
				t.Errorf("criteria:\n got %s\nwant %s", dump(s.Criteria), dump(tt.criteria))
			}
		})
	}
}

func TestFromFields(t *testing.T) {
	s, err := FromFields("", "to export CSV", "I can share", []string{"AC3: downloads", "", "Given a report when I export then I get CSV", "has headers"})
	if err != nil {
		t.Fatal(err)
	}
	check(t, s, want{actor: "user", goal: "to export CSV", benefit: "I can share", criteria: []Criterion{
		ac("AC3", "downloads", 0),
		gwt("AC1", "Given a report when I export then I get CSV", "a report", "I export", "I get CSV", 0),
		ac("AC2", "has headers", 0),
	}})
	if s.Source != "flags" || s.Kind != KindStory {
		t.Errorf("source %q kind %q", s.Source, s.Kind)
	}

	s, err = FromFields("", "As a manager, I want CSV export, so that I can share", "", []string{"one"})
	if err != nil {
		t.Fatal(err)
	}
	check(t, s, want{actor: "manager", goal: "CSV export", benefit: "I can share", criteria: []Criterion{ac("AC1", "one", 0)}})

	s, err = FromFields("admin", "As a manager, I want CSV export", "", []string{"one"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Actor != "admin" || s.Goal != "CSV export" {
		t.Errorf("the --actor flag must win: %q %q", s.Actor, s.Goal)
	}
}

// TestErrors checks that every error names the file, the line and the fix.
func TestErrors(t *testing.T) {
	tests := []struct {
		name, file, doc string
		line            int
		msg, fix        string
	}{
		{"empty markdown", "e.md", " \n\n", 0, "the file is empty", "As a <actor>"},
		{"only a comment", "e.md", "<!-- nothing -->\n", 0, "the file is empty", "Acceptance Criteria"},
		{"no goal, no sentence", "g.md", "# Title\n\nSome text.\n\n## Acceptance Criteria\n- one\n", 1, "has no goal", `add a line "I want <goal>"`},
		{"no goal, actor line", "g.md", "# Title\n\nAs a user, so that I win\n\n## Acceptance Criteria\n- one\n", 3, "has no goal", `"I want <goal>"`},
		{"no goal, so that first", "g.md", "# T\nSo that nothing, as a person\n## AC\n- one\n", 2, "has no goal", `"I want <goal>"`},
		{"no goal, actor key", "g.md", "Notes first\n\nActor: admin\n\n## AC\n- one\n", 3, "has no goal", `"I want <goal>"`},
		{"no goal, story heading", "g.md", "# T\n\n## User Story\n\nTBD\n\n## AC\n- one\n", 3, "has no goal", `"I want <goal>"`},
		{"no criteria section", "c.md", "As a user I want x\n\n- one\n- two\n", 0, "has no acceptance criteria", `add an "## Acceptance Criteria" section with one bullet per criterion`},
		{"empty criteria heading", "c.md", "As a user I want x\n\n## Acceptance Criteria\n\n## Notes\n- n\n", 3, `"Acceptance Criteria" section lists no criteria`, `add one bullet per criterion under "Acceptance Criteria"`},
		{"empty criteria label", "c.md", "As a user I want x\n\n**Acceptance criteria:**\n\n", 3, `"Acceptance criteria" section lists no criteria`, "one bullet per criterion"},
		{"criteria only placeholders", "c.md", "As a user I want x\n## Acceptance Criteria\n- [ ]\n- [ ]\n", 2, "lists no criteria", "one bullet per criterion"},
		{"duplicate IDs", "d.md", "As a user I want x\n## AC\n- AC1: one\n- two\n- ac-1: three\n", 5, `the criterion on line 3 and the criterion on line 5 both have the ID "AC-1"`, "give each criterion its own ID"},
		{"ID without text", "d.md", "As a user I want x\n## AC\n- AC1: one\n- AC2:\n", 4, "criterion AC2 has no text", "write the criterion after its ID"},
		{"bad front matter", "f.md", "---\ntitle: [unclosed\n---\nAs a user I want x\n", 3, "invalid YAML", "fix the YAML syntax"},
		{"front matter not a mapping", "f.md", "---\n- a\n- b\n---\nAs a user I want x\n", 2, "found a list", "mapping of keys"},
		{"front matter duplicate goal", "f.md", "---\ngoal: a\ngoal: b\n---\n", 3, `"goal" repeats the goal already given on line 2`, "keep one goal key"},

		{"yaml syntax", "s.yaml", "goal: x\ncriteria:\n  - a\n - b\n", 4, "invalid YAML", "fix the YAML syntax"},
		{"yaml tab", "s.yaml", "goal: x\ncriteria:\n\t- a\n", 3, "invalid YAML", "fix the YAML syntax"},
		{"yaml unknown anchor", "s.yaml", "goal: x\ncriteria:\n  - *nope\n", 3, "unknown anchor 'nope'", "fix the YAML syntax"},
		{"yaml broken block", "s.yaml", "goal: x\ncriteria:\n  - a\n  b: 2\n", 3, "did not find expected '-' indicator", "fix the YAML syntax"},
		{"yaml empty", "s.yaml", "# just a comment\n", 0, "the file is empty", `"goal: <what the actor wants>"`},
		{"yaml null document", "s.yaml", "~\n", 1, "holds no story", `"goal: <what the actor wants>"`},
		{"yaml list", "s.yaml", "- a\n- b\n", 1, "found a list", "mapping of keys"},
		{"yaml scalar", "s.yaml", "just text\n", 1, "found text", "mapping of keys"},
		{"yaml no goal", "s.yaml", "title: t\nactor: admin\ncriteria: [a]\n", 2, "has no goal", `add a line "goal: <what the actor wants>"`},
		{"yaml no goal, no actor", "s.yaml", "title: t\ncriteria: [a]\n", 1, "has no goal", `"goal: <what the actor wants>"`},
		{"yaml empty goal", "s.yaml", "title: t\ngoal: ''\ncriteria: [a]\n", 2, "has no goal", `"goal: <what the actor wants>"`},
		{"yaml no criteria", "s.yaml", "goal: x\n", 0, "has no acceptance criteria", `add an "acceptance_criteria:" list with one item per criterion`},
		{"yaml misspelt criteria", "s.yaml", "goal: x\nacceptence_criteria: [a]\n", 0, "keys not read: acceptence_criteria", `"acceptance_criteria:" list`},
		{"yaml empty criteria", "s.yaml", "goal: x\nacceptance_criteria: []\n", 2, `"acceptance_criteria" lists no criteria`, `"acceptance_criteria:" list`},
		{"yaml goal is a list", "s.yaml", "goal: [a, b]\n", 1, `"goal" must be text, found a list`, "write goal: followed by the text"},
		{"yaml criterion is a list", "s.yaml", "goal: x\ncriteria:\n  - [a, b]\n", 3, "a criterion must be text or a mapping, found a list", "id, text, given, when, then"},
		{"yaml criterion without text", "s.yaml", "goal: x\ncriteria:\n  - id: AC1\n", 3, "the criterion has no text", "add text:"},
		{"yaml ID without text", "s.yaml", "goal: x\ncriteria:\n  - AC1:\n", 3, "criterion AC1 has no text", "write the criterion after its ID"},
		{"yaml given is a mapping", "s.yaml", "goal: x\ncriteria:\n  - given: {a: b}\n", 3, `"given" must be text, found a mapping`, "followed by the text"},
		{"yaml duplicate field", "s.yaml", "goal: x\ni_want: y\ncriteria: [a]\n", 2, `"i_want" repeats the goal already given on line 1`, "keep one goal key"},
		{"yaml duplicate IDs", "s.yaml", "goal: x\ncriteria:\n  - AC1: a\n  - id: 1\n    text: b\n", 4, `the criterion on line 3 and the criterion on line 4 both have the ID "AC1"`, "own ID"},

		{"json syntax", "s.json", "{\n  \"goal\": \"x\",\n  \"criteria\": [\"a\",]\n}\n", 3, "invalid JSON", "fix the JSON syntax"},
		{"json unclosed", "s.json", "{\n  \"goal\": \"x\",\n", 3, "unexpected end of input", "fix the JSON syntax"},
		{"json trailing", "s.json", "{\"goal\": \"x\"}\n{}\n", 2, "unexpected content after the top-level value", "fix the JSON syntax"},
		{"json no goal", "s.json", "{\n  \"actor\": \"a\",\n  \"criteria\": [\"a\"]\n}", 2, "has no goal", `add a "goal" field`},
		{"json no criteria", "s.json", "{\"goal\": \"x\"}", 0, "has no acceptance criteria", `add an "acceptance_criteria" array with one string per criterion`},
		{"json array", "s.json", "[1]", 1, "found a list", "mapping of keys"},
		{"json deep", "s.json", strings.Repeat("[", 100) + strings.Repeat("]", 100), 1, "nested too deeply", "fix the JSON syntax"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.file, []byte(tt.doc))
			assertError(t, err, tt.file, tt.line, tt.msg, tt.fix)
		})
	}
}

// assertError checks that err is an *Error naming file and line, and that
// its message and fix contain msg and fix.
func assertError(t *testing.T, err error, file string, line int, msg, fix string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v (%T), want an *Error", err, err)
	}
	if e.File != file || e.Line != line {
		t.Errorf("error at %s:%d, want %s:%d (%v)", e.File, e.Line, file, line, err)
	}
	where := file + ": "
	if line > 0 {
		where = fmt.Sprintf("%s:%d: ", file, line)
	}
	s := err.Error()
	if !strings.HasPrefix(s, where) {
		t.Errorf("message %q does not start with %q", s, where)
	}
	if !strings.Contains(e.Msg, msg) {
		t.Errorf("message %q does not say %q", e.Msg, msg)
	}
	if !strings.Contains(e.Fix, fix) || !strings.Contains(s, "(fix: "+e.Fix+")") {
		t.Errorf("fix %q does not say %q (%s)", e.Fix, fix, s)
	}
}

func TestFlagErrors(t *testing.T) {
	tests := []struct {
		name              string
		goal              string
		criteria          []string
		msg, fix          string
		actor, benefitArg string
	}{
		{name: "no goal", criteria: []string{"a"}, msg: "the story has no goal", fix: `add --goal "<what the actor wants>"`},
		{name: "blank goal", goal: "  ", criteria: []string{"a"}, msg: "the story has no goal", fix: "--goal"},
		{name: "no criteria", goal: "x", msg: "has no acceptance criteria", fix: `add --ac "<criterion>", once per acceptance criterion`},
		{name: "blank criteria", goal: "x", criteria: []string{"", " "}, msg: "has no acceptance criteria", fix: "--ac"},
		{name: "duplicate IDs", goal: "x", criteria: []string{"AC1: a", "b", "AC1 c"}, msg: `--ac value 1 and --ac value 3 both have the ID "AC1"`, fix: "give each --ac its own ID"},
		{name: "ID without text", goal: "x", criteria: []string{"AC1:"}, msg: "--ac value 1 (AC1) has no text", fix: "write the criterion after its ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromFields(tt.actor, tt.goal, tt.benefitArg, tt.criteria)
			assertError(t, err, "flags", 0, tt.msg, tt.fix)
		})
	}
}

func TestSpecErrors(t *testing.T) {
	_, err := ParseSpec("specs/empty.md", []byte(" \n\t\n"))
	assertError(t, err, "specs/empty.md", 0, "the spec is empty", "describe the component")

	_, err = ParseSpec("specs/dup.md", []byte("# S\n## Acceptance criteria\n- AC1: a\n- AC1: b\n"))
	assertError(t, err, "specs/dup.md", 4, `the criterion on line 3 and the criterion on line 4 both have the ID "AC1"`, "own ID")
}

func TestParseFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "story.yaml")
	if err := os.WriteFile(path, []byte("goal: x\ncriteria: [a]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Source != path || s.Goal != "x" {
		t.Errorf("got %+v", s)
	}

	missing := filepath.Join(dir, "missing.md")
	_, err = ParseFile(missing)
	if err == nil || !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: got %v, want a not-exist error naming %s", err, missing)
	}
	if strings.Count(err.Error(), missing) != 1 {
		t.Errorf("the path is named more than once: %v", err)
	}

	bad := filepath.Join(dir, "bad.md")
	if err := os.WriteFile(bad, []byte("As a user\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ParseFile(bad)
	assertError(t, err, bad, 1, "has no goal", "I want <goal>")
}

func TestStoryHelpers(t *testing.T) {
	s, err := Parse("s.md", []byte("# T\nAs a user I want x so that y\n## AC\n- AC2: one\n- two\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.CriteriaMarkdown(), "- **AC2**: one\n- **AC1**: two"; got != want {
		t.Errorf("CriteriaMarkdown = %q, want %q", got, want)
	}
	if got, want := s.Text(), "T\nuser\nx\ny\none\ntwo"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
	if got, want := s.QueryText(), "T\n\nuser x y\n\none\n\ntwo"; got != want {
		t.Errorf("QueryText = %q, want %q", got, want)
	}
}
