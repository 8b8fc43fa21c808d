package server

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/groundplan/groundplan/internal/llm"
	"github.com/groundplan/groundplan/internal/planner"
	"github.com/groundplan/groundplan/internal/server/service"
)

// chromium finds a Chromium or Chrome binary, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("GROUNDPLAN_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("browser tests skipped: no chromium binary found (apt-get install chromium, or set GROUNDPLAN_CHROMIUM)")
	return ""
}

// browser starts headless Chromium with no network beyond loopback.
func browser(t *testing.T) context.Context {
	t.Helper()
	exe := chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelA)
	bctx, cancelB := chromedp.NewContext(actx)
	t.Cleanup(cancelB)
	// The first action starts the browser; its context must have no
	// deadline (that would stop the browser), later ones may.
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	ctx, cancelC := context.WithTimeout(bctx, 2*time.Minute)
	t.Cleanup(cancelC)
	return ctx
}

// pollTrue waits until the JavaScript expression is true.
func pollTrue(expr string, timeout time.Duration) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(timeout))(ctx, t)
		return chromedp.Void{}, err
	}
}

// slowPlan is a plan for the bookstore written line by line with a pause,
// so the page can be seen filling in. It names one file that does not
// exist.
const slowPlan = `# Plan: customers review books

## Architectural Decisions

- Reviews get their own table and repository, like orders.

## Implementation Steps

1. Add the migration ` + "`migrations/0005_create_reviews.sql`" + ` (new) for AC1.
2. Add the model ` + "`internal/models/review.go`" + ` (new) for AC1 and AC2.
3. Register the route in ` + "`internal/handlers/reviews_router.go`" + ` for AC1.
4. Check the rating in ` + "`internal/handlers/books.go`" + ` for AC2.

## Testing Strategy

- ` + "`TestCreateReview`" + ` in ` + "`internal/handlers/books_test.go`" + ` checks AC1.
- ` + "`TestRejectBadRating`" + ` in ` + "`internal/handlers/books_test.go`" + ` checks AC2.

## Risks & Considerations

- Spam reviews: limit one review per customer and book.

## Files Affected

- Modified: ` + "`internal/handlers/books.go`" + `, ` + "`internal/handlers/reviews_router.go`" + `
- New: ` + "`migrations/0005_create_reviews.sql`" + `, ` + "`internal/models/review.go`" + `

## Time Estimate

120 minutes
`

// slowProvider streams slowPlan a line at a time.
type slowProvider struct{ pause time.Duration }

func (slowProvider) Name() string { return "scripted" }

func (p slowProvider) Stream(ctx context.Context, _ llm.Request) (llm.Stream, error) {
	return &slowStream{ctx: ctx, lines: strings.SplitAfter(slowPlan, "\n"), pause: p.pause}, nil
}

type slowStream struct {
	ctx   context.Context
	lines []string
	cur   string
	pause time.Duration
	err   error
}

func (s *slowStream) Next() bool {
	if len(s.lines) == 0 || s.err != nil {
		return false
	}
	select {
	case <-s.ctx.Done():
		s.err = s.ctx.Err()
		return false
	case <-time.After(s.pause):
	}
	s.cur, s.lines = s.lines[0], s.lines[1:]
	return true
}
func (s *slowStream) Current() string { return s.cur }
func (s *slowStream) Err() error      { return s.err }
func (s *slowStream) Usage() llm.Usage {
	return llm.Usage{InputTokens: 1200, OutputTokens: 400}
}
func (s *slowStream) Close() error { return nil }

func TestBrowser(t *testing.T) {
	ctx := browser(t)
	slow := func(provider string) (*planner.Planner, error) {
		if provider == "offline" {
			return &planner.Planner{}, nil
		}
		return &planner.Planner{Provider: func(context.Context, planner.Request) (llm.Provider, error) {
			return slowProvider{pause: 60 * time.Millisecond}, nil
		}}, nil
	}
	_, ts := start(t, setup{svc: service.Config{Planner: slow, Providers: []string{"scripted", "offline"}}})
	shots := t.TempDir()
	if d := os.Getenv("GROUNDPLAN_SCREENSHOTS"); d != "" {
		shots = d
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		path := filepath.Join(shots, name+".png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", path)
	}
	count := func(sel string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%q).length", sel)))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf("document.querySelector(%q).textContent", sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}

	// The form: fill it in and write the plan.
	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("#story-form")),
		pollTrue(`document.querySelectorAll("#provider option").length >= 3 && document.querySelectorAll("#template option").length >= 3`, 20*time.Second),
		chromedp.SendKeys(chromedp.CSS("#actor"), "customer"),
		chromedp.SendKeys(chromedp.CSS("#goal"), "leave a review on a book I bought"),
		chromedp.SendKeys(chromedp.CSS("#benefit"), "other customers can judge the book"),
		chromedp.SendKeys(chromedp.CSS("#criteria"), "Posting a review returns 201 with the review\nA rating outside 1 to 5 is rejected with 422"),
		chromedp.SetValue(chromedp.CSS("#template"), "story"),
		chromedp.SetValue(chromedp.CSS("#provider"), "scripted"),
		chromedp.Click(chromedp.CSS("#plan-btn")),
	)
	if err != nil {
		t.Fatal(err)
	}

	// The plan streams in: lines appear while the run is still busy.
	if err := chromedp.Do(ctx, pollTrue(`document.querySelectorAll("#plan-view .ln").length >= 3`, 30*time.Second)); err != nil {
		t.Fatalf("no streamed lines: %v", err)
	}
	partial := count("#plan-view .ln")
	busy, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#status").classList.contains("busy")`))
	if !busy || partial >= strings.Count(slowPlan, "\n") {
		t.Errorf("plan not seen streaming: %d lines shown, busy=%v", partial, busy)
	}
	shot("streaming")

	// When it is done, the verification flags the file that does not exist
	// beside its line.
	if err := chromedp.Do(ctx, pollTrue(`document.querySelector("#summary") && !document.querySelector("#summary").hidden && document.querySelector("#summary").textContent.includes("plan #")`, 30*time.Second)); err != nil {
		t.Fatalf("plan did not finish: %v (status %q)", err, text("#status"))
	}
	flagged, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("#plan-view .ln.sev-error")).map(r => r.textContent).join("\n")`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(flagged, "reviews_router.go") || count("#plan-view .finding.error") == 0 {
		t.Errorf("missing file not flagged beside its line; flagged rows:\n%s", flagged)
	}
	if s := text("#summary"); !strings.Contains(s, "scripted") || !strings.Contains(s, "error") {
		t.Errorf("summary %q", s)
	}
	if count("#coverage tr") < 3 {
		t.Errorf("no coverage table")
	}
	shot("plan")

	// The context it was grounded in, with reasons.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#tab-context")), chromedp.WaitVisible(chromedp.CSS("#context-list li"))); err != nil {
		t.Fatal(err)
	}
	if count("#context-list .chip") == 0 || !strings.Contains(text("#context-summary"), "tokens") {
		t.Errorf("context without reasons: %q", text("#context-summary"))
	}
	shot("context")

	// A planted error in a posted plan is flagged beside its line.
	planted := "# Plan\n\n## Implementation Steps\n\n1. Change `internal/ghost/missing.go` to store reviews.\n2. Update `internal/handlers/books.go`.\n\n## Time Estimate\n\n45 minutes\n"
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#tab-verify")),
		chromedp.SetValue(chromedp.CSS("#verify-text"), planted),
		chromedp.Click(chromedp.CSS("#verify-btn")),
		chromedp.WaitVisible(chromedp.CSS(`#plan-view .ln.sev-error`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	row := text(`#plan-view .ln[data-line="5"]`)
	if !strings.Contains(row, "ghost/missing.go") || !strings.Contains(strings.ToLower(row), "error") {
		t.Errorf("line 5 not flagged: %q", row)
	}
	if n := count(`#plan-view .ln[data-line="6"].sev-error`); n != 0 {
		t.Errorf("an existing file was flagged")
	}
	shot("verify")

	// The history lists the plan; opening it shows it again.
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS("#history-list button")),
		chromedp.Click(chromedp.CSS("#history-list button")),
		pollTrue(`document.querySelector("#summary").textContent.includes("plan #1")`, 10*time.Second),
	)
	if err != nil {
		t.Fatalf("history: %v", err)
	}
	if s := text("#history-list"); !strings.Contains(s, "leave a review") {
		t.Errorf("history list %q", s)
	}
	if count("#plan-view .ln.sev-error") == 0 {
		t.Error("the stored plan lost its verification")
	}
	disabled, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#download-md").disabled || document.querySelector("#download-json").disabled`))
	if err != nil || disabled {
		t.Error("downloads disabled for a loaded plan")
	}
	shot("history")
}
