package llmtest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/groundplan/groundplan/internal/llm"
)

// Wire describes one provider's wire protocol for RunFaults.
type Wire struct {
	// Open builds the provider under test (without retry wrapper) for a
	// server at baseURL.
	Open func(t *testing.T, baseURL string) llm.Provider
	// Answer is a complete streamed answer whose text is "hello world".
	Answer []string
	// Partial is the start of an answer whose text so far is "hello ".
	Partial []string
	// NoFinish is an answer with the text "hello world" that ends without
	// the provider's finish marker.
	NoFinish []string
	// Malformed is a stream whose first event is not valid JSON.
	Malformed []string
	// ErrorBody is the provider's JSON error body for an HTTP status.
	ErrorBody func(status int) string
}

// Request is the request RunFaults sends.
var Request = llm.Request{
	Model:    "test-model",
	System:   "You write plans.",
	Messages: []llm.Message{{Role: llm.RoleUser, Content: "Plan the login page."}},
}

// Read streams req from p and returns the text received, even when the
// stream fails.
func Read(ctx context.Context, p llm.Provider, req llm.Request) (string, llm.Usage, error) {
	s, err := p.Stream(ctx, req)
	if err != nil {
		return "", llm.Usage{}, err
	}
	defer s.Close()
	var b strings.Builder
	for s.Next() {
		b.WriteString(s.Current())
	}
	return b.String(), s.Usage(), s.Err()
}

// RunFaults runs the fault table every provider must pass, through
// llm.WithRetry with a fake clock: what the caller sees for rate limits,
// server errors, dropped connections, malformed chunks, silence,
// cancellation and streams without their finish marker.
func RunFaults(t *testing.T, w Wire) {
	t.Helper()
	errBody := func(status int) string { return w.ErrorBody(status) }
	cases := []struct {
		name        string
		script      []http.HandlerFunc
		opts        func(*llm.RetryOptions)
		cancelAfter time.Duration
		wantText    string
		wantReqs    int
		wantSleeps  []time.Duration
		wantErr     func(error) bool
		maxDuration time.Duration
	}{
		{
			name:     "complete answer",
			script:   []http.HandlerFunc{SSE(w.Answer...)},
			wantText: "hello world", wantReqs: 1,
		},
		{
			name: "429 with Retry-After then success",
			script: []http.HandlerFunc{
				Status(429, map[string]string{"Retry-After": "3"}, errBody(429)),
				SSE(w.Answer...),
			},
			wantText: "hello world", wantReqs: 2,
			wantSleeps: []time.Duration{3 * time.Second},
		},
		{
			name: "429 with Retry-After as an HTTP date",
			script: []http.HandlerFunc{
				Status(429, map[string]string{"Retry-After": "Wed, 01 Oct 2025 12:00:05 GMT"}, errBody(429)),
				SSE(w.Answer...),
			},
			wantText: "hello world", wantReqs: 2,
			wantSleeps: []time.Duration{5 * time.Second},
		},
		{
			name: "500 twice then success",
			script: []http.HandlerFunc{
				Status(500, nil, errBody(500)),
				Status(500, nil, errBody(500)),
				SSE(w.Answer...),
			},
			wantText: "hello world", wantReqs: 3,
			wantSleeps: []time.Duration{500 * time.Millisecond, time.Second},
		},
		{
			name:     "503 until attempts run out",
			script:   []http.HandlerFunc{Status(503, nil, errBody(503))},
			opts:     func(o *llm.RetryOptions) { o.MaxAttempts = 3 },
			wantReqs: 3, wantSleeps: []time.Duration{500 * time.Millisecond, time.Second},
			wantErr: func(err error) bool {
				var a *llm.APIError
				return errors.As(err, &a) && a.Status == 503 && strings.Contains(err.Error(), "gave up after 3 attempts")
			},
		},
		{
			name:     "connection reset before the answer is retried",
			script:   []http.HandlerFunc{ResetAfter(), SSE(w.Answer...)},
			wantText: "hello world", wantReqs: 2,
			wantSleeps: []time.Duration{500 * time.Millisecond},
		},
		{
			name:     "connection reset mid-stream is truncated, not retried",
			script:   []http.HandlerFunc{ResetAfter(w.Partial...), SSE(w.Answer...)},
			wantText: "hello ", wantReqs: 1,
			wantErr: func(err error) bool { return errors.Is(err, llm.ErrTruncated) },
		},
		{
			name:     "malformed chunk",
			script:   []http.HandlerFunc{SSE(w.Malformed...), SSE(w.Answer...)},
			wantText: "", wantReqs: 1,
			wantErr: func(err error) bool { return strings.Contains(err.Error(), "malformed") },
		},
		{
			name:     "stream without finish marker",
			script:   []http.HandlerFunc{SSE(w.NoFinish...), SSE(w.Answer...)},
			wantText: "hello world", wantReqs: 1,
			wantErr: func(err error) bool { return errors.Is(err, llm.ErrTruncated) },
		},
		{
			name:     "server that never answers hits the per-request timeout",
			script:   []http.HandlerFunc{Hang()},
			opts:     func(o *llm.RetryOptions) { o.RequestTimeout = 100 * time.Millisecond; o.MaxAttempts = 2 },
			wantReqs: 2, wantSleeps: []time.Duration{500 * time.Millisecond},
			wantErr: func(err error) bool {
				var te *llm.TimeoutError
				return errors.As(err, &te) && !te.Overall
			},
			maxDuration: 3 * time.Second,
		},
		{
			name:     "server that stalls mid-stream hits the idle timeout",
			script:   []http.HandlerFunc{stall(w.Partial)},
			opts:     func(o *llm.RetryOptions) { o.IdleTimeout = 100 * time.Millisecond },
			wantText: "hello ", wantReqs: 1,
			wantErr: func(err error) bool {
				var te *llm.TimeoutError
				return errors.As(err, &te) && errors.Is(err, llm.ErrTruncated)
			},
			maxDuration: 3 * time.Second,
		},
		{
			name:        "cancellation returns promptly",
			script:      []http.HandlerFunc{Hang()},
			cancelAfter: 50 * time.Millisecond,
			wantReqs:    1,
			wantErr:     func(err error) bool { return errors.Is(err, context.Canceled) },
			maxDuration: time.Second,
		},
		{
			name:        "cancellation mid-stream returns promptly",
			script:      []http.HandlerFunc{stall(w.Partial)},
			cancelAfter: 100 * time.Millisecond,
			wantText:    "hello ", wantReqs: 1,
			wantErr:     func(err error) bool { return errors.Is(err, context.Canceled) },
			maxDuration: time.Second,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := NewServer(t, tc.script...)
			clock := NewClock()
			o := llm.RetryOptions{
				Now: clock.Now, Sleep: clock.Sleep,
				Jitter:         func() float64 { return 0 },
				RequestTimeout: 5 * time.Second,
				IdleTimeout:    5 * time.Second,
			}
			if tc.opts != nil {
				tc.opts(&o)
			}
			p := llm.WithRetry(w.Open(t, srv.URL), o)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancelAfter > 0 {
				time.AfterFunc(tc.cancelAfter, cancel)
			}
			start := time.Now()
			text, _, err := Read(ctx, p, Request)
			elapsed := time.Since(start)
			switch {
			case tc.wantErr == nil && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.wantErr != nil && err == nil:
				t.Fatalf("no error; text %q", text)
			case tc.wantErr != nil && !tc.wantErr(err):
				t.Fatalf("error %v (%T) is not the one expected", err, err)
			}
			if text != tc.wantText {
				t.Errorf("text = %q, want %q", text, tc.wantText)
			}
			if got := srv.Count(); got != tc.wantReqs {
				t.Errorf("requests = %d, want %d", got, tc.wantReqs)
			}
			if got := clock.Sleeps(); fmt.Sprint(got) != fmt.Sprint(tc.wantSleeps) && (len(got) > 0 || len(tc.wantSleeps) > 0) {
				t.Errorf("waits = %v, want %v", got, tc.wantSleeps)
			}
			if tc.maxDuration > 0 && elapsed > tc.maxDuration {
				t.Errorf("took %s, want at most %s", elapsed, tc.maxDuration)
			}
		})
	}
}

// stall sends events and then stays silent until the client goes away.
func stall(events []string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		SSE(events...)(w, r)
		Hang()(w, r)
	}
}
