package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/groundplan/groundplan/internal/llm/llmtest"
)

// chatSSE answers like an OpenAI-compatible server streaming text in small
// chunks, then the finish reason, the usage and [DONE].
func chatSSE(text string) http.HandlerFunc {
	var events []string
	chunk := func(delta string, finish string) string {
		c := map[string]any{"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "local-model",
			"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": delta}, "finish_reason": nil}}}
		if finish != "" {
			c["choices"] = []any{map[string]any{"index": 0, "delta": map[string]any{}, "finish_reason": finish}}
		}
		b, _ := json.Marshal(c)
		return "data: " + string(b)
	}
	for len(text) > 0 {
		n := min(17, len(text))
		events = append(events, chunk(text[:n], ""))
		text = text[n:]
	}
	events = append(events, chunk("", "stop"),
		`data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"local-model","choices":[],"usage":{"prompt_tokens":1200,"completion_tokens":340,"total_tokens":1540}}`,
		"data: [DONE]")
	return llmtest.SSE(events...)
}

const backendAnswer = `<implementation_breakdown>
1. Context analysis: the secret plan is to touch ` + "`internal/nowhere/ghost.go`" + `.
</implementation_breakdown>

# Inventory reservations

## Service Layer Design

Add the new ` + "`ReservationService`" + ` in ` + "`internal/service/reservation_service.go`" + `.

## Data Layer Implementation

A new migration ` + "`migrations/0005_create_reservations.sql`" + `.

## Business Logic Implementation

Reservations expire after 15 minutes.

## API Controller Design

New handlers in ` + "`internal/handlers/reservations.go`" + `.

## Error Handling Strategy

Map domain errors in ` + "`internal/handlers/errors.go`" + `.

## Testing Approach

- ` + "`TestReserveExpires`" + ` in ` + "`internal/service/reservation_service_test.go`" + ` (unit)

## Performance Optimization

Index ` + "`expires_at`" + `.

## Time Estimate

**Total: 480 minutes**
`

// isolate keeps the user's real config and cache out of a test.
func isolate(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
}

func TestModelPlanHidesReasoningStreamedAndNot(t *testing.T) {
	isolate(t)
	spec := filepath.Join(exampleRepo, "specs/inventory-reservations.md")
	for _, tty := range []bool{false, true} {
		t.Run(map[bool]string{false: "piped", true: "terminal"}[tty], func(t *testing.T) {
			srv := llmtest.NewServer(t, chatSSE(backendAnswer))
			dir := t.TempDir()
			outFile, analysis := filepath.Join(dir, "plan.md"), filepath.Join(dir, "analysis.txt")
			f, out, errOut := testFactory()
			f.IO.SetStdoutTTY(tty)
			code := Main(context.Background(), f, []string{"plan", "--template", "backend", "--spec", spec, "--repo", exampleRepo,
				"--provider", "openai-compatible", "--base-url", srv.URL + "/v1", "--model", "local-model", "--no-cache", "--repair", "0",
				"--out", outFile, "--keep-analysis", analysis})
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			saved, _ := os.ReadFile(outFile)
			for name, text := range map[string]string{"stdout": out.String(), "plan file": string(saved)} {
				if strings.Contains(text, "implementation_breakdown") || strings.Contains(text, "ghost.go") {
					t.Errorf("%s carries the reasoning block", name)
				}
				if !strings.Contains(text, "Service Layer Design") {
					t.Errorf("%s lacks the plan", name)
				}
			}
			kept, _ := os.ReadFile(analysis)
			if !strings.Contains(string(kept), "ghost.go") {
				t.Errorf("--keep-analysis saved %q", kept)
			}
			if !strings.Contains(errOut.String(), "1200 tokens in, 340 out") || !strings.Contains(errOut.String(), "local-model") {
				t.Errorf("stderr lacks the usage summary: %s", errOut)
			}
			if srv.Count() != 1 {
				t.Errorf("%d requests, want 1", srv.Count())
			}
			var body struct {
				Model    string                     `json:"model"`
				Stream   bool                       `json:"stream"`
				Messages []struct{ Content string } `json:"messages"`
			}
			json.Unmarshal(srv.Request(0).Body, &body)
			if body.Model != "local-model" || !body.Stream || len(body.Messages) != 1 || !strings.Contains(body.Messages[0].Content, "<component_spec>") {
				t.Errorf("request model %q stream %v messages %d", body.Model, body.Stream, len(body.Messages))
			}
		})
	}
}

func TestDryRunCallsNoModel(t *testing.T) {
	isolate(t)
	srv := llmtest.NewServer(t, chatSSE("unused"))
	code, out, errOut := run(t, "plan", filepath.Join(exampleRepo, "stories/book-reviews.md"), "--repo", exampleRepo,
		"--provider", "openai-compatible", "--base-url", srv.URL+"/v1", "--model", "gpt-4.1", "--dry-run")
	if code != 0 || srv.Count() != 0 || out != "" {
		t.Fatalf("exit %d, %d requests, stdout %q: %s", code, srv.Count(), out, errOut)
	}
	if !strings.Contains(errOut, "dry run") || !strings.Contains(errOut, "tokens") || !strings.Contains(errOut, "$") {
		t.Fatalf("stderr %s", errOut)
	}
}

func TestModelFailuresLeaveNoPlanFile(t *testing.T) {
	isolate(t)
	story := filepath.Join(exampleRepo, "stories/order-cancellation.md")
	tests := []struct {
		name   string
		script []http.HandlerFunc
		cancel time.Duration
		want   string
	}{
		{"reset mid-stream", []http.HandlerFunc{llmtest.ResetAfter(`data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"# Plan\n"},"finish_reason":null}]}`)}, 0, "ended early"},
		{"cancelled", []http.HandlerFunc{llmtest.Hang()}, 300 * time.Millisecond, "cancelled"},
		{"bad request", []http.HandlerFunc{llmtest.Status(400, nil, `{"error":{"message":"bad things","type":"invalid_request_error"}}`)}, 0, "bad things"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t, tt.script...)
			outFile := filepath.Join(t.TempDir(), "plan.md")
			ctx := context.Background()
			if tt.cancel > 0 {
				// as Ctrl-C does: the context is cancelled while the model works
				var cancel context.CancelFunc
				ctx, cancel = context.WithCancel(ctx)
				defer cancel()
				time.AfterFunc(tt.cancel, cancel)
			}
			f, _, errOut := testFactory()
			code := Main(ctx, f, []string{"plan", story, "--repo", exampleRepo, "--provider", "openai-compatible",
				"--base-url", srv.URL + "/v1", "--model", "m", "--no-cache", "--out", outFile})
			if code != ExitFailure && code != ExitInput {
				t.Fatalf("exit %d", code)
			}
			if !strings.Contains(strings.ToLower(errOut.String()), tt.want) {
				t.Errorf("stderr %q lacks %q", errOut, tt.want)
			}
			entries, _ := os.ReadDir(filepath.Dir(outFile))
			if len(entries) != 0 {
				t.Errorf("files left: %v", entries)
			}
		})
	}
}

func TestRetryIsReported(t *testing.T) {
	isolate(t)
	srv := llmtest.NewServer(t, llmtest.Status(429, map[string]string{"Retry-After": "0"}, `{"error":{"message":"slow down","type":"rate_limit"}}`), chatSSE(goodOrderPlan))
	code, out, errOut := run(t, "plan", filepath.Join(exampleRepo, "stories/order-cancellation.md"), "--repo", exampleRepo,
		"--provider", "openai-compatible", "--base-url", srv.URL+"/v1", "--model", "m", "--no-cache", "--repair", "0")
	if code != 0 || !strings.Contains(errOut, "retrying") || !strings.Contains(out, "## Implementation Steps") {
		t.Fatalf("exit %d stderr %s", code, errOut)
	}
}

func TestResponseCacheMakesARepeatFree(t *testing.T) {
	isolate(t)
	srv := llmtest.NewServer(t, chatSSE(goodOrderPlan))
	args := []string{"plan", filepath.Join(exampleRepo, "stories/order-cancellation.md"), "--repo", exampleRepo,
		"--provider", "openai-compatible", "--base-url", srv.URL + "/v1", "--model", "m", "--repair", "0"}
	for i := 0; i < 2; i++ {
		code, _, errOut := run(t, args...)
		if code != 0 {
			t.Fatalf("run %d: exit %d: %s", i, code, errOut)
		}
		if i == 1 && !strings.Contains(errOut, "cached, $0") {
			t.Errorf("second run: %s", errOut)
		}
	}
	if srv.Count() != 1 {
		t.Fatalf("%d requests, want 1", srv.Count())
	}
}

var goodOrderPlan = `# Cancel pending orders

## Architectural Decisions

- Add a cancel transition to the order service.

## Implementation Steps

1. **Service** — Add the new ` + "`OrderService.CancelOrder`" + ` in ` + "`internal/service/order_service.go`" + `. Covers AC1, AC2, AC3, AC4.

## Testing Strategy

- ` + "`TestCancelOrder`" + ` in ` + "`internal/service/order_service_test.go`" + ` (unit) — AC1, AC2, AC3, AC4

## Risks & Considerations

- **data integrity**: stock and status change together.

## Files Affected

### Modified

- ` + "`internal/service/order_service.go`" + `

## Time Estimate

**Total: 120 minutes**
`
