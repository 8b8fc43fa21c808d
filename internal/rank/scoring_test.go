package rank

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/index"
)

func buildShop(t testing.TB) *index.Index { return buildFixture(t, "shop") }

func buildFixture(t testing.TB, name string) *index.Index {
	t.Helper()
	ix, err := index.Build(context.Background(), "testdata/"+name, index.Options{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// scoringCase is one story with the files it must (and must not) rank.
type scoringCase struct {
	story string
	// want lists files that must rank within the given position.
	want map[string]int
	// notTop lists files that must not be first.
	notTop []string
	// reason maps a file to a text one of its reasons must contain: each
	// mechanism says why it chose a file.
	reason map[string]string
}

func checkScoring(t *testing.T, ix *index.Index, tests []scoringCase) {
	for _, tt := range tests {
		t.Run(tt.story, func(t *testing.T) {
			res, err := Rank(context.Background(), ix, NewQuery(tt.story), Options{})
			if err != nil {
				t.Fatal(err)
			}
			pos := map[string]int{}
			var order []string
			for i, r := range res {
				pos[r.Path] = i + 1
				order = append(order, r.Path)
				if index.IsTestPath(r.Path) {
					t.Errorf("tests must be left out unless asked for")
				}
				if len(r.Reasons) == 0 {
					t.Errorf("%s has no reasons", r.Path)
				}
			}
			for f, within := range tt.want {
				if p, ok := pos[f]; !ok || p > within {
					t.Errorf("%s at %d, want within %d; ranking %v", f, p, within, order)
				}
			}
			for _, f := range tt.notTop {
				if len(order) > 0 && order[0] == f {
					t.Errorf("%s must not be first; ranking %v", f, order)
				}
			}
			for f, want := range tt.reason {
				if p, ok := pos[f]; !ok || !slices.ContainsFunc(res[p-1].Reasons, func(r string) bool { return strings.Contains(r, want) }) {
					t.Errorf("%s: no reason with %q", f, want)
				}
			}
		})
	}
}

// TestScoring fixes the ranking of the shop fixture for stories of the
// kinds real change requests are: prose about behaviour, named symbols,
// named paths. It fails when relevance regresses.
func TestScoring(t *testing.T) {
	ix := buildShop(t)
	checkScoring(t, ix, []scoringCase{
		{
			story: "Cancelling an order that has shipped should refund the invoice instead of failing",
			want:  map[string]int{"store/orders.go": 2, "api/orders.go": 3, "billing/invoice.go": 4},
		},
		{
			story: "Add rate limiting to Login so repeated wrong passwords lock the account",
			want:  map[string]int{"auth/session.go": 1},
		},
		{
			story: "Change `ComputeTax` to round half-even",
			want:  map[string]int{"billing/invoice.go": 1},
		},
		{
			story: "The checkout form should validate the postcode before submit",
			want:  map[string]int{"web/checkout.ts": 1},
		},
		{
			story: "notify: include the order total in the email",
			want:  map[string]int{"notify/email.go": 1},
		},
		{
			story: "Allow removing a single item from the cart (add_item has no inverse)",
			want:  map[string]int{"web/cart.py": 1},
		},
	})
}

// TestScoringDepot fixes the ranking of the depot fixture, whose files
// each exercise one mechanism of the ranking: a file stem named by two
// words, a subject-line scope naming a directory or a file, the damping of
// auxiliary trees, the decay of many mentioned names in one file, a test
// named after its source's module path, the lesser weight of names found
// only in a pasted snippet, a dotted module path, an extensionless path
// naming a module or a directory from inside its tree.
func TestScoringDepot(t *testing.T) {
	checkScoring(t, buildFixture(t, "depot"), []scoringCase{
		{
			// Two words naming one file stem (price_rules.go) outweigh
			// a file that repeats both words in its content.
			story:  "Address review nits in the price rules",
			want:   map[string]int{"billing/price_rules.go": 1},
			notTop: []string{"billing/discount.go"},
			reason: map[string]string{"billing/price_rules.go": "story names path price_rules"},
		},
		{
			// The scope of the subject line names the ledger package,
			// though the rest of the story reads like the report's.
			story:  "fix(ledger): round the totals of returned entries",
			want:   map[string]int{"ledger/entries.go": 1},
			reason: map[string]string{"ledger/entries.go": "in directory `ledger` named by subject scope `ledger`"},
		},
		{
			// The example repeats the story's words; the product code
			// they are about comes first.
			story:  "Appending an empty entry to the journal should fail",
			want:   map[string]int{"ledger/entries.go": 1},
			notTop: []string{"examples/journal/main.go"},
			reason: map[string]string{"examples/journal/main.go": "in auxiliary tree `examples/`"},
		},
		{
			// The file declaring one mentioned name and doing what the
			// story asks outranks the file that merely declares more of
			// the names it mentions.
			story:  "`RoundTotals` must round the totals of each `Entry` and `Journal` to whole units",
			want:   map[string]int{"report/totals.go": 1},
			reason: map[string]string{"ledger/entries.go": "declares mentioned `Journal`"},
		},
		{
			// The story reads like the test, whose name is the module
			// path of its source: the source inherits part of its score.
			story:  "Record a backorder instead of going negative when taking more than available",
			want:   map[string]int{"warehouse/stock.py": 1},
			reason: map[string]string{"warehouse/stock.py": "its test tests/test_warehouse_stock.py matches"},
		},
		{
			// The names of a pasted reproduction count for less than the
			// prose: the snippet calls the ledger, the story is about
			// the report's rounding.
			story:  "The monthly report rounds the totals of returned items away from zero; their totals should round towards zero:\n\n```go\nvar j ledger.Journal\nfmt.Println(report.Of(j))\n```",
			want:   map[string]int{"report/totals.go": 1},
			reason: map[string]string{"ledger/entries.go": "declares mentioned `Journal`"},
		},
		{
			// A dotted module path names its file, even where the rest
			// of the story reads like another module's.
			story:  "Taking stock from `warehouse.bins` should not let a bin go negative",
			want:   map[string]int{"warehouse/bins.py": 1},
			reason: map[string]string{"warehouse/bins.py": "module `warehouse.bins` is this file"},
		},
		{
			// A module path as imports write it, without extension.
			story:  "Levels read through `warehouse/stock` may go below zero",
			want:   map[string]int{"warehouse/stock.py": 1},
			reason: map[string]string{"warehouse/stock.py": "module `warehouse/stock` is mentioned"},
		},
		{
			// A directory named from inside its tree.
			story:  "Escape the titles written by feeds/rss",
			want:   map[string]int{"internal/feeds/rss/writer.go": 1},
			reason: map[string]string{"internal/feeds/rss/writer.go": "in a directory ending in mentioned `feeds/rss`"},
		},
		{
			// No directory is named discount: the scope names the file.
			story:  "discount: a rule for the highest threshold",
			want:   map[string]int{"billing/discount.go": 1},
			reason: map[string]string{"billing/discount.go": "subject scope `discount` names this file"},
		},
	})
}

func TestRankReasonsAndSymbols(t *testing.T) {
	ix := buildShop(t)
	res, err := Rank(context.Background(), ix, NewQuery("Change `ComputeTax` to round half-even"), Options{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 || res[0].Path != "billing/invoice.go" {
		t.Fatalf("top = %v", res)
	}
	if res[0].Symbols[0].Name != "ComputeTax" {
		t.Errorf("first symbol = %s, want ComputeTax", res[0].Symbols[0].Name)
	}
	found := false
	for _, r := range res[0].Reasons {
		if r == "declares mentioned `ComputeTax`" {
			found = true
		}
	}
	if !found {
		t.Errorf("reasons %q lack the mentioned symbol", res[0].Reasons)
	}
	if len(res) > 3 {
		t.Errorf("limit ignored: %d results", len(res))
	}
}

func TestRankTestsToSources(t *testing.T) {
	ix := buildShop(t)
	res, err := Rank(context.Background(), ix, NewQuery("refund after cancellation"), Options{IncludeTests: true})
	if err != nil {
		t.Fatal(err)
	}
	var store Result
	for _, r := range res {
		if r.Path == "store/orders.go" {
			store = r
		}
	}
	ok := false
	for _, why := range store.Reasons {
		if why == "its test store/orders_test.go matches" {
			ok = true
		}
	}
	if !ok {
		t.Errorf("store/orders.go reasons %q lack its test", store.Reasons)
	}
	if got := SourcesOf(ix, "store/orders_test.go"); !reflect.DeepEqual(got, []string{"store/orders.go"}) {
		t.Errorf("SourcesOf = %v", got)
	}
	depot := buildFixture(t, "depot")
	for test, want := range map[string][]string{
		"tests/test_warehouse_stock.py":   {"warehouse/stock.py"},
		"catalog/items_benchmark_test.go": {"catalog/items.go"},
	} {
		if got := SourcesOf(depot, test); !reflect.DeepEqual(got, want) {
			t.Errorf("SourcesOf(%s) = %v, want %v", test, got, want)
		}
	}
}

func TestRankDeterministic(t *testing.T) {
	ix := buildShop(t)
	q := NewQuery("orders invoice email session cart checkout")
	first, _ := Rank(context.Background(), ix, q, Options{})
	for range 5 {
		again, _ := Rank(context.Background(), ix, q, Options{})
		if !reflect.DeepEqual(first, again) {
			t.Fatal("ranking differs between runs")
		}
	}
}

func TestNewQuery(t *testing.T) {
	tests := []struct {
		text  string
		ids   []string
		paths []string
	}{
		{"daemon/containerd: Store selected manifest summary", nil, []string{"daemon/containerd"}},
		{"Fix `ImageList` in image_list.go and call http.Client", []string{"ImageList", "http.Client", "http", "Client"}, []string{"image_list.go"}},
		{"Use parse_config() from utils/config.py; see https://example.com/a/b", []string{"parse_config"}, []string{"utils/config.py"}},
		{"Make the reader faster, e.g. by caching", nil, nil},
		// Code names joined by a slash are alternatives, not a path.
		{"Fix panic in Delete/DeleteFunc when the slice shrinks", []string{"Delete", "DeleteFunc"}, []string{"Delete/DeleteFunc"}},
		{"Speak HTTP/2 and read/write faster", nil, []string{"HTTP/2", "read/write"}},
		// A fenced snippet yields its code names, not its keywords, and its
		// fences do not pair with inline backticks around prose.
		{"Flag `OrderBook` uses:\n```go\nvar book = new OrderBook()\nbook.placeOrder(x)\n```\nwhich is then `removed` from the import", []string{"OrderBook", "removed", "book.placeOrder", "book", "placeOrder"}, nil},
	}
	for _, tt := range tests {
		q := NewQuery(tt.text)
		if !reflect.DeepEqual(q.Identifiers, tt.ids) {
			t.Errorf("NewQuery(%q).Identifiers = %q, want %q", tt.text, q.Identifiers, tt.ids)
		}
		if len(q.Snippet) > 0 && !strings.Contains(tt.text, "```") {
			t.Errorf("NewQuery(%q).Snippet = %v without a fence", tt.text, q.Snippet)
		}
		if !reflect.DeepEqual(q.Paths, tt.paths) {
			t.Errorf("NewQuery(%q).Paths = %q, want %q", tt.text, q.Paths, tt.paths)
		}
	}
}

func FuzzNewQuery(f *testing.F) {
	for _, s := range []string{"a `b` c", "x/y.go: Foo.Bar()", "``", "`unterminated", "…/\u00e9t\u00e9 pkg.Func(a.b)", "`Get//Set`", "Get/Set/", "/x/Y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := NewQuery(s)
		for _, id := range q.Identifiers {
			if id == "" {
				t.Errorf("empty identifier from %q", s)
			}
		}
		for _, p := range q.Paths {
			if p == "" {
				t.Errorf("empty path from %q", s)
			}
		}
	})
}

func BenchmarkRank(b *testing.B) {
	ix := buildShop(b)
	q := NewQuery("Cancelling an order that has shipped should refund the invoice")
	for b.Loop() {
		if _, err := Rank(context.Background(), ix, q, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRankSameFromCache checks that an index loaded from the persistent
// cache ranks exactly like a fresh one.
func TestRankSameFromCache(t *testing.T) {
	dir := t.TempDir()
	opts := index.Options{CacheDir: dir}
	cold, err := index.Build(context.Background(), "testdata/shop", opts)
	if err != nil {
		t.Fatal(err)
	}
	warm, err := index.Build(context.Background(), "testdata/shop", opts)
	if err != nil {
		t.Fatal(err)
	}
	if warm.Stats.Cached != warm.Stats.Files {
		t.Fatalf("warm build parsed %d files", warm.Stats.Parsed)
	}
	q := NewQuery("Cancelling an order that has shipped should refund the invoice")
	a, _ := Rank(context.Background(), cold, q, Options{IncludeTests: true, IncludeDocs: true})
	b, _ := Rank(context.Background(), warm, q, Options{IncludeTests: true, IncludeDocs: true})
	if !reflect.DeepEqual(a, b) {
		t.Errorf("rankings differ:\n%v\n%v", a, b)
	}
}

func TestSubjectScopes(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"ledger: round totals", []string{"ledger"}},
		{"fix(ledger): round totals\n\nbody: text", []string{"ledger"}},
		{"feat(api, web)!: new checkout", []string{"api", "web"}},
		{"d/libn/nftables: free the context", []string{"d/libn/nftables"}},
		{"Known issue: totals are off", nil},
		{"Round totals (see: the report)", nil},
		{"Round totals", nil},
	}
	for _, tt := range tests {
		if got := NewQuery(tt.text).Scopes; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("NewQuery(%q).Scopes = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestScoringHistory: among files the story points at, those changed by
// past commits whose messages resemble the story rank higher, and say so;
// a history that says nothing about the story changes nothing.
func TestScoringHistory(t *testing.T) {
	ix := buildFixture(t, "depot")
	rec := func(hash, msg string, files ...string) string {
		hash += strings.Repeat("0", 40-len(hash))
		return "\x1e" + hash + "\x1f" + msg + "\x1f\x00\n" + strings.Join(files, "\x00") + "\x00"
	}
	log := rec("a1", "Stale figures after corrections\n\nCorrections booked late were left out.", "ledger/entries.go") +
		rec("a2", "Rename the examples", "examples/journal/main.go") +
		rec("a3", "Gone file", "no/longer/here.go")
	h, err := index.ParseHistory(strings.NewReader(log), index.HistoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	story := "stock entries and totals are stale after corrections"
	res, err := Rank(context.Background(), ix, NewQuery(story), Options{History: h})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 || res[0].Path != "ledger/entries.go" {
		t.Fatalf("with history: %v, want ledger/entries.go first", res)
	}
	if !slices.ContainsFunc(res[0].Reasons, func(r string) bool { return strings.Contains(r, "similar past commit a1") }) {
		t.Errorf("reasons %v lack the past commit", res[0].Reasons)
	}
	without, err := Rank(context.Background(), ix, NewQuery(story), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(without) > 0 && without[0].Path == "ledger/entries.go" {
		t.Errorf("without history ledger/entries.go is first too: the test shows nothing")
	}
	// A story unlike every past message ranks as without history.
	other := "Apply discount rules by minimum price"
	a, _ := Rank(context.Background(), ix, NewQuery(other), Options{History: h})
	b, _ := Rank(context.Background(), ix, NewQuery(other), Options{})
	if !reflect.DeepEqual(a, b) {
		t.Errorf("unrelated history changed the ranking:\n%v\n%v", a, b)
	}
}

// TestScoringVariants: a file's variants for other platforms and its type
// declarations follow it up the ranking, and say whose variant they are.
func TestScoringVariants(t *testing.T) {
	ix := buildFixture(t, "variants")
	checkScoring(t, ix, []scoringCase{
		{
			story: "Raw mode must restore the terminal key handling on exit",
			want:  map[string]int{"term/term.go": 1, "term/term_windows.go": 3, "term/term_linux_amd64.go": 3},
			reason: map[string]string{
				"term/term_windows.go":     "variant of term/term.go",
				"term/term_linux_amd64.go": "variant of term/term.go",
			},
		},
		{
			story:  "Retry failed requests with exponential backoff and jitter",
			want:   map[string]int{"api/client.py": 1, "api/client.pyi": 2},
			reason: map[string]string{"api/client.pyi": "variant of api/client.py"},
		},
	})
	for _, tt := range []struct{ a, b string }{
		{"term/term.go", "term/term_windows.go"},
		{"term/term.go", "term/term_linux_amd64.go"},
		{"api/client.js", "api/client.d.ts"},
		{"pkg/mod.py", "pkg/mod.pyi"},
		{"lib/index.js", "lib/index.ts"},
	} {
		if companionKey(tt.a) != companionKey(tt.b) {
			t.Errorf("%s and %s are not variants: %q vs %q", tt.a, tt.b, companionKey(tt.a), companionKey(tt.b))
		}
	}
	for _, tt := range []struct{ a, b string }{
		{"term/term.go", "term/terminal.go"},
		{"a/client.js", "b/client.js"},
		{"x/user_settings.go", "x/user.go"}, // not a platform suffix
	} {
		if companionKey(tt.a) == companionKey(tt.b) {
			t.Errorf("%s and %s taken for variants", tt.a, tt.b)
		}
	}
}

// TestScoringCoChange: a file that past commits changed together with a
// top result follows it up the ranking, says why, and never passes the
// top results; a single shared commit is not coupling.
func TestScoringCoChange(t *testing.T) {
	ix := buildFixture(t, "depot")
	rec := func(hash, msg string, files ...string) string {
		hash += strings.Repeat("0", 40-len(hash))
		return "\x1e" + hash + "\x1f" + msg + "\x1f\x00\n" + strings.Join(files, "\x00") + "\x00"
	}
	// Messages share no word with the story: only coupling can act.
	log := rec("b1", "Rename SKU fields", "ledger/entries.go", "internal/feeds/rss/writer.go") +
		rec("b2", "Move item codes", "internal/feeds/rss/writer.go", "ledger/entries.go") +
		rec("b3", "Tidy catalog output", "catalog/items.go", "ledger/entries.go") +
		rec("b4", "Feed escaping", "internal/feeds/rss/writer.go")
	h, err := index.ParseHistory(strings.NewReader(log), index.HistoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	story := "stock entries and totals are stale after corrections"
	without, err := Rank(context.Background(), ix, NewQuery(story), Options{})
	if err != nil {
		t.Fatal(err)
	}
	with, err := Rank(context.Background(), ix, NewQuery(story), Options{History: h})
	if err != nil {
		t.Fatal(err)
	}
	paths := func(rs []Result) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Path)
		}
		return out
	}
	pw, pwo := paths(with), paths(without)
	const coupled = "internal/feeds/rss/writer.go"
	if len(pwo) < 6 || slices.Index(pwo, coupled) != 4 {
		t.Fatalf("fixture changed: without history %v", pwo)
	}
	if !slices.Equal(pw[:3], pwo[:3]) {
		t.Errorf("the top results moved: %v, was %v", pw[:3], pwo[:3])
	}
	k := slices.Index(pw, coupled)
	if k != 3 {
		t.Errorf("%s at %d, want 3 (right below the top results): %v", coupled, k, pw)
	}
	if k >= 0 && !slices.Contains(with[k].Reasons, "changed with ledger/entries.go in 2 past commits") {
		t.Errorf("reasons %v lack the coupling", with[k].Reasons)
	}
	if k := slices.Index(pw, "catalog/items.go"); k < 0 || with[k].Score != without[slices.Index(pwo, "catalog/items.go")].Score {
		t.Errorf("one shared commit raised catalog/items.go")
	}
	off := DefaultWeights()
	off.CoChange = 0
	none, _ := Rank(context.Background(), ix, NewQuery(story), Options{History: h, Weights: &off})
	if !slices.Equal(paths(none), pwo) {
		t.Errorf("CoChange 0 still reorders: %v vs %v", paths(none), pwo)
	}
}

// TestScoringSubject: the story's first line says what is asked; its
// terms outweigh the same number of words in the body.
func TestScoringSubject(t *testing.T) {
	ix := buildFixture(t, "depot")
	story := "Apply discount rules\n\nThe report totals were wrong: stock entries after corrections kept unrounded totals."
	checkScoring(t, ix, []scoringCase{{
		story: story,
		want:  map[string]int{"billing/discount.go": 1, "report/totals.go": 2},
	}})
	off := DefaultWeights()
	off.Subject = 0
	res, err := Rank(context.Background(), ix, NewQuery(story), Options{Weights: &off})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 || res[0].Path != "report/totals.go" {
		t.Errorf("without the subject's weight report/totals.go is not first: the test shows nothing")
	}
}

// TestScoringUsesMentioned: a change to a named function lands in its
// callers too; files that use the identifier the story names rank above
// files that only share its words, and say why.
func TestScoringUsesMentioned(t *testing.T) {
	ix := buildFixture(t, "callers")
	story := "`IsEnterprise` must not be true for tenancy hosts\nTenancy hosts are not enterprise servers; a host of a tenancy is treated as one today."
	checkScoring(t, ix, []scoringCase{{
		story: story,
		want:  map[string]int{"auth/host.go": 1, "flow/login.go": 3, "status/http.go": 3},
		reason: map[string]string{
			"flow/login.go":  "uses mentioned `IsEnterprise`",
			"status/http.go": "uses mentioned `IsEnterprise`",
		},
	}})
	off := DefaultWeights()
	off.UsesMentioned = 0
	res, err := Rank(context.Background(), ix, NewQuery(story), Options{Weights: &off})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, r := range res {
		order = append(order, r.Path)
	}
	if k := slices.Index(order, "flow/login.go"); k >= 0 && k < 3 {
		t.Errorf("without UsesMentioned flow/login.go is already at %d (%v): the test shows nothing", k, order)
	}
}

// TestSqueeze: raised scores below the top files keep their order and
// stay under the last top file, so they never tie at a cap.
func TestSqueeze(t *testing.T) {
	const ceil = 2.0
	tests := []struct {
		in   float64
		same bool // returned unchanged
	}{
		{0, true}, {1, true}, {1.8, true}, {1.9, false}, {2, false}, {3, false}, {50, false},
	}
	prev := -1.0
	for _, tt := range tests {
		got := squeeze(tt.in, ceil)
		if (got == tt.in) != tt.same {
			t.Errorf("squeeze(%v) = %v, unchanged %v, want %v", tt.in, got, got == tt.in, tt.same)
		}
		if got >= ceil || got <= prev {
			t.Errorf("squeeze(%v) = %v: want increasing and below %v (previous %v)", tt.in, got, ceil, prev)
		}
		prev = got
	}
}

// TestScoringAspects: a story whose parts ask for different changes
// brings up the best file of each part, below the first result; the whole
// story still decides the first.
func TestScoringAspects(t *testing.T) {
	ix := buildFixture(t, "depot")
	story := "Stock entries are appended to the journal twice\n\nEvery movement of stock of an item is appended to the journal of entries twice: the warehouse stock of the item doubles, and the catalog item with that SKU shows the doubled stock.\n\n- Monthly totals: round towards zero."
	order := func(w Weights) ([]string, []Result) {
		res, err := Rank(context.Background(), ix, NewQuery(story), Options{Weights: &w})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range res {
			out = append(out, r.Path)
		}
		return out, res
	}
	off := DefaultWeights()
	off.Aspects = 0
	without, _ := order(off)
	with, res := order(DefaultWeights())
	t.Logf("without %v\nwith %v", without, with)
	if len(with) == 0 || with[0] != without[0] {
		t.Errorf("the first result changed: %v, was %v", with, without)
	}
	kw, kwo := slices.Index(with, "report/totals.go"), slices.Index(without, "report/totals.go")
	if kw < 0 || kwo >= 0 && kw >= kwo {
		t.Errorf("report/totals.go at %d with aspects, %d without: want it raised", kw, kwo)
	}
	if kw >= 0 && !slices.ContainsFunc(res[kw].Reasons, func(r string) bool { return strings.Contains(r, "best matches for part 3 of the story") }) {
		t.Errorf("reasons %v lack the part", res[kw].Reasons)
	}
}

func TestStoryParts(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"one line", []string{"one line"}},
		{"Title\n\nBody line one\nline two", []string{"Title", "Body line one line two"}},
		{"Title\n- a\n- b\n  c\n1. d\n2) e", []string{"Title", "- a", "- b c", "1. d", "2) e"}},
		{"Title\n\n```go\nfunc X() {}\n```\n\nafter", []string{"Title", "after"}},
		{"# Heading\ntext\n## Next\nmore", []string{"# Heading text", "## Next more"}},
		{"", nil},
		{"1.5 is a version\n3.14", []string{"1.5 is a version 3.14"}},
	}
	for _, tt := range tests {
		if got := storyParts(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("storyParts(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func FuzzStoryParts(f *testing.F) {
	for _, s := range []string{"a\n\nb", "- x\n- y", "```\ncode\n```\nz", "1) a\n2. b\n# h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		parts := storyParts(text)
		if len(parts) > aspectMaxParts {
			t.Fatalf("%d parts", len(parts))
		}
		for _, p := range parts {
			if strings.TrimSpace(p) == "" || strings.Contains(p, "\n") {
				t.Fatalf("part %q", p)
			}
		}
	})
}
