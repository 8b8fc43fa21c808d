package llm_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/groundplan/groundplan/internal/llm"
	"github.com/groundplan/groundplan/internal/llm/llmtest"
)

// step scripts one attempt of the fake provider.
type step struct {
	err        error    // returned by Stream
	block      bool     // Stream waits for its context to end
	chunks     []string // text yielded
	endErr     error    // error after the chunks
	blockAfter bool     // after the chunks, wait for the context to end
	usage      llm.Usage
}

type fakeProvider struct {
	mu    sync.Mutex
	steps []step
	calls int
	reqs  []llm.Request
}

func (f *fakeProvider) Name() string { return "fake" }

func (f *fakeProvider) Stream(ctx context.Context, req llm.Request) (llm.Stream, error) {
	f.mu.Lock()
	st := f.steps[min(f.calls, len(f.steps)-1)]
	f.calls++
	f.reqs = append(f.reqs, req)
	f.mu.Unlock()
	if st.block {
		<-ctx.Done()
		return nil, fmt.Errorf("fake: %w", ctx.Err())
	}
	if st.err != nil {
		return nil, st.err
	}
	return &fakeStream{ctx: ctx, st: st, i: -1}, nil
}

func (f *fakeProvider) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

type fakeStream struct {
	ctx    context.Context
	st     step
	i      int
	err    error
	closed bool
}

func (s *fakeStream) Next() bool {
	if s.i+1 < len(s.st.chunks) {
		s.i++
		return true
	}
	s.i = len(s.st.chunks)
	if s.st.blockAfter {
		<-s.ctx.Done()
		s.err = s.ctx.Err()
		return false
	}
	s.err = s.st.endErr
	return false
}

func (s *fakeStream) Current() string {
	if s.i >= 0 && s.i < len(s.st.chunks) {
		return s.st.chunks[s.i]
	}
	return ""
}
func (s *fakeStream) Err() error       { return s.err }
func (s *fakeStream) Usage() llm.Usage { return s.st.usage }
func (s *fakeStream) Close() error     { s.closed = true; return nil }

func opts(c *llmtest.Clock) llm.RetryOptions {
	return llm.RetryOptions{
		BaseDelay: time.Second,
		MaxDelay:  30 * time.Second,
		Now:       c.Now,
		Sleep:     c.Sleep,
		Jitter:    func() float64 { return 0 },
	}
}

func api(status int, retryAfter time.Duration) error {
	return &llm.APIError{Provider: "fake", Status: status, RetryAfter: retryAfter, Message: http.StatusText(status)}
}

func TestRetry(t *testing.T) {
	ok := step{chunks: []string{"hello ", "world"}, usage: llm.Usage{InputTokens: 10, OutputTokens: 2}}
	tests := []struct {
		name       string
		steps      []step
		opt        func(*llm.RetryOptions)
		wantText   string
		wantCalls  int
		wantSleeps []time.Duration
		wantErr    func(error) bool
	}{
		{
			name:       "429 with Retry-After then success waits the given time",
			steps:      []step{{err: api(429, 7*time.Second)}, ok},
			wantText:   "hello world",
			wantCalls:  2,
			wantSleeps: []time.Duration{7 * time.Second},
		},
		{
			name:       "Retry-After is capped by MaxDelay",
			steps:      []step{{err: api(429, time.Hour)}, ok},
			wantText:   "hello world",
			wantCalls:  2,
			wantSleeps: []time.Duration{30 * time.Second},
		},
		{
			name:       "500 twice then success backs off exponentially",
			steps:      []step{{err: api(500, 0)}, {err: api(503, 0)}, ok},
			wantText:   "hello world",
			wantCalls:  3,
			wantSleeps: []time.Duration{500 * time.Millisecond, time.Second}, // equal jitter with Jitter()=0
		},
		{
			name:       "connection reset before the first token is retried",
			steps:      []step{{err: fmt.Errorf("fake: %w", syscall.ECONNRESET)}, ok},
			wantText:   "hello world",
			wantCalls:  2,
			wantSleeps: []time.Duration{500 * time.Millisecond},
		},
		{
			name:       "EOF after an empty chunk, before any text, is retried",
			steps:      []step{{chunks: []string{""}, endErr: io.ErrUnexpectedEOF}, ok},
			wantText:   "hello world",
			wantCalls:  2,
			wantSleeps: []time.Duration{500 * time.Millisecond},
		},
		{
			name:      "400 is not retried",
			steps:     []step{{err: api(400, 0)}, ok},
			wantCalls: 1,
			wantErr:   func(err error) bool { var a *llm.APIError; return errors.As(err, &a) && a.Status == 400 },
		},
		{
			name:      "bad key is not retried",
			steps:     []step{{err: &llm.AuthError{Provider: "fake", EnvVar: "FAKE_KEY", Err: api(401, 0)}}, ok},
			wantCalls: 1,
			wantErr: func(err error) bool {
				var a *llm.AuthError
				return errors.As(err, &a) && strings.Contains(err.Error(), "FAKE_KEY")
			},
		},
		{
			name:       "gives up after MaxAttempts",
			steps:      []step{{err: api(502, 0)}},
			opt:        func(o *llm.RetryOptions) { o.MaxAttempts = 3 },
			wantCalls:  3,
			wantSleeps: []time.Duration{500 * time.Millisecond, time.Second},
			wantErr: func(err error) bool {
				var a *llm.APIError
				return errors.As(err, &a) && a.Status == 502 && strings.Contains(err.Error(), "gave up after 3 attempts")
			},
		},
		{
			name:      "a wait past the overall deadline is not taken",
			steps:     []step{{err: api(429, 20*time.Second)}, ok},
			opt:       func(o *llm.RetryOptions) { o.Deadline = 10 * time.Second },
			wantCalls: 1,
			wantErr:   func(err error) bool { var a *llm.APIError; return errors.As(err, &a) && a.Status == 429 },
		},
		{
			name:      "a stream broken after text is truncated and not retried",
			steps:     []step{{chunks: []string{"hello "}, endErr: fmt.Errorf("fake: %w", syscall.ECONNRESET)}, ok},
			wantText:  "hello ",
			wantCalls: 1,
			wantErr: func(err error) bool {
				return errors.Is(err, llm.ErrTruncated) && errors.Is(err, syscall.ECONNRESET)
			},
		},
		{
			name:      "an error that is already ErrTruncated stays as it is",
			steps:     []step{{chunks: []string{"hello "}, endErr: fmt.Errorf("fake: %w: no finish", llm.ErrTruncated)}},
			wantText:  "hello ",
			wantCalls: 1,
			wantErr: func(err error) bool {
				return errors.Is(err, llm.ErrTruncated) && strings.Count(err.Error(), "ended early") == 1
			},
		},
		{
			name:      "an empty complete answer passes through",
			steps:     []step{{usage: llm.Usage{InputTokens: 3}}},
			wantText:  "",
			wantCalls: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := llmtest.NewClockAt(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
			o := opts(c)
			if tc.opt != nil {
				tc.opt(&o)
			}
			f := &fakeProvider{steps: tc.steps}
			p := llm.WithRetry(f, o)
			text, err := collect(context.Background(), p)
			if tc.wantErr == nil && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tc.wantErr != nil && (err == nil || !tc.wantErr(err)) {
				t.Fatalf("error = %v, not the one expected", err)
			}
			if text != tc.wantText {
				t.Errorf("text = %q, want %q", text, tc.wantText)
			}
			if got := f.Calls(); got != tc.wantCalls {
				t.Errorf("calls = %d, want %d", got, tc.wantCalls)
			}
			if got := c.Sleeps(); fmt.Sprint(got) != fmt.Sprint(tc.wantSleeps) && !(len(got) == 0 && len(tc.wantSleeps) == 0) {
				t.Errorf("sleeps = %v, want %v", got, tc.wantSleeps)
			}
		})
	}
}

// collect reads a whole answer, returning the text seen even on error.
func collect(ctx context.Context, p llm.Provider) (string, error) {
	s, err := p.Stream(ctx, llm.Request{Model: "m", Messages: []llm.Message{{Role: llm.RoleUser, Content: "hi"}}})
	if err != nil {
		return "", err
	}
	defer s.Close()
	var b strings.Builder
	for s.Next() {
		b.WriteString(s.Current())
	}
	return b.String(), s.Err()
}

func TestRetryUsage(t *testing.T) {
	c := llmtest.NewClockAt(time.Time{})
	f := &fakeProvider{steps: []step{{chunks: []string{"a", "b"}, usage: llm.Usage{InputTokens: 5, OutputTokens: 2}}}}
	s, err := llm.WithRetry(f, opts(c)).Stream(context.Background(), llm.Request{})
	if err != nil {
		t.Fatal(err)
	}
	text, u, err := llm.Collect(s)
	if err != nil || text != "ab" || u != (llm.Usage{InputTokens: 5, OutputTokens: 2}) {
		t.Fatalf("Collect = %q, %+v, %v", text, u, err)
	}
}

func TestRetryRequestTimeout(t *testing.T) {
	c := llmtest.NewClockAt(time.Time{})
	o := opts(c)
	o.RequestTimeout = 30 * time.Millisecond
	o.MaxAttempts = 2
	f := &fakeProvider{steps: []step{{block: true}}}
	start := time.Now()
	_, err := collect(context.Background(), llm.WithRetry(f, o))
	var te *llm.TimeoutError
	if !errors.As(err, &te) || te.Overall {
		t.Fatalf("error = %v, want a per-request TimeoutError", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(err, DeadlineExceeded) = false for %v", err)
	}
	if f.Calls() != 2 {
		t.Errorf("calls = %d, want 2 (a timeout before any text is retried)", f.Calls())
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("took %s", el)
	}
}

func TestRetryIdleTimeoutMidStream(t *testing.T) {
	c := llmtest.NewClockAt(time.Time{})
	o := opts(c)
	o.IdleTimeout = 30 * time.Millisecond
	f := &fakeProvider{steps: []step{{chunks: []string{"partial"}, blockAfter: true}}}
	text, err := collect(context.Background(), llm.WithRetry(f, o))
	var te *llm.TimeoutError
	if !errors.Is(err, llm.ErrTruncated) || !errors.As(err, &te) {
		t.Fatalf("error = %v, want ErrTruncated wrapping a TimeoutError", err)
	}
	if text != "partial" || f.Calls() != 1 {
		t.Errorf("text %q calls %d", text, f.Calls())
	}
}

func TestRetryOverallDeadline(t *testing.T) {
	o := llm.RetryOptions{Deadline: 40 * time.Millisecond, RequestTimeout: -1, IdleTimeout: -1}
	f := &fakeProvider{steps: []step{{chunks: []string{"partial"}, blockAfter: true}}}
	text, err := collect(context.Background(), llm.WithRetry(f, o))
	var te *llm.TimeoutError
	if !errors.As(err, &te) || !te.Overall || !errors.Is(err, llm.ErrTruncated) {
		t.Fatalf("error = %v, want a truncated overall TimeoutError", err)
	}
	if text != "partial" {
		t.Errorf("text = %q", text)
	}
}

func TestRetryCancellation(t *testing.T) {
	t.Run("while waiting for the first token", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		f := &fakeProvider{steps: []step{{block: true}}}
		time.AfterFunc(20*time.Millisecond, cancel)
		start := time.Now()
		_, err := collect(ctx, llm.WithRetry(f, llm.RetryOptions{}))
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error = %v, want context.Canceled", err)
		}
		if el := time.Since(start); el > time.Second {
			t.Errorf("returned after %s", el)
		}
		if f.Calls() != 1 {
			t.Errorf("calls = %d, want 1", f.Calls())
		}
	})
	t.Run("while backing off", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		f := &fakeProvider{steps: []step{{err: api(429, 10*time.Second)}}}
		o := llm.RetryOptions{Sleep: func(ctx context.Context, d time.Duration) error {
			cancel()
			<-ctx.Done()
			return ctx.Err()
		}}
		_, err := collect(ctx, llm.WithRetry(f, o))
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error = %v, want context.Canceled", err)
		}
	})
	t.Run("mid-stream", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		f := &fakeProvider{steps: []step{{chunks: []string{"some "}, blockAfter: true}}}
		s, err := llm.WithRetry(f, llm.RetryOptions{}).Stream(ctx, llm.Request{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if !s.Next() || s.Current() != "some " {
			t.Fatal("first chunk missing")
		}
		time.AfterFunc(20*time.Millisecond, cancel)
		if s.Next() {
			t.Fatal("Next after cancel returned true")
		}
		if !errors.Is(s.Err(), context.Canceled) {
			t.Fatalf("Err = %v, want context.Canceled", s.Err())
		}
	})
	t.Run("already cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		f := &fakeProvider{steps: []step{{chunks: []string{"x"}}}}
		_, err := collect(ctx, llm.WithRetry(f, llm.RetryOptions{}))
		if !errors.Is(err, context.Canceled) || f.Calls() != 0 {
			t.Fatalf("error = %v, calls = %d", err, f.Calls())
		}
	})
}

func TestRetryOnRetryEvent(t *testing.T) {
	c := llmtest.NewClockAt(time.Time{})
	o := opts(c)
	var events []llm.RetryEvent
	o.OnRetry = func(e llm.RetryEvent) { events = append(events, e) }
	f := &fakeProvider{steps: []step{{err: api(429, 2*time.Second)}, {chunks: []string{"x"}}}}
	if _, err := collect(context.Background(), llm.WithRetry(f, o)); err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].Attempt != 1 || events[0].Wait != 2*time.Second || events[0].Provider != "fake" {
		t.Fatalf("events = %+v", events)
	}
}

func TestRetryableClassification(t *testing.T) {
	cases := []struct {
		err  error
		want bool
	}{
		{api(429, 0), true},
		{api(408, 0), true},
		{api(500, 0), true},
		{api(529, 0), true},
		{api(400, 0), false},
		{api(404, 0), false},
		{fmt.Errorf("x: %w", io.EOF), true},
		{fmt.Errorf("x: %w", syscall.ECONNREFUSED), true},
		{&llm.TimeoutError{}, true},
		{&llm.TimeoutError{Overall: true}, false},
		{context.Canceled, false},
		{&llm.ContextTooLongError{Err: api(400, 0)}, false},
		{&llm.ModelNotFoundError{Err: api(404, 0)}, false},
		{errors.New("malformed chunk"), false},
	}
	for _, c := range cases {
		if got := llm.Retryable(c.err); got != c.want {
			t.Errorf("Retryable(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 10, 1, 12, 0, 0, 0, time.UTC)
	cases := map[string]time.Duration{
		"":                              0,
		"5":                             5 * time.Second,
		"1.5":                           1500 * time.Millisecond,
		"-3":                            0,
		"soon":                          0,
		"Wed, 01 Oct 2025 12:00:30 GMT": 30 * time.Second,
		"Wed, 01 Oct 2025 11:00:00 GMT": 0,
	}
	for in, want := range cases {
		if got := llm.ParseRetryAfter(in, now); got != want {
			t.Errorf("ParseRetryAfter(%q) = %s, want %s", in, got, want)
		}
	}
	h := http.Header{}
	h.Set("Retry-After-Ms", "250")
	h.Set("Retry-After", "9")
	if after, at := llm.RetryHint(h); after != 250*time.Millisecond || !at.IsZero() {
		t.Errorf("RetryHint prefers ms: got %s %v", after, at)
	}
	h = http.Header{}
	h.Set("Retry-After", "Wed, 01 Oct 2025 12:00:30 GMT")
	after, at := llm.RetryHint(h)
	e := &llm.APIError{RetryAfter: after, RetryAt: at}
	if got := e.Wait(now); got != 30*time.Second {
		t.Errorf("Wait for an HTTP date = %s, want 30s", got)
	}
	if got := e.Wait(now.Add(time.Minute)); got != 0 {
		t.Errorf("Wait for a past date = %s, want 0", got)
	}
}

func TestParseContextOverflow(t *testing.T) {
	cases := []struct {
		msg           string
		tokens, limit int
		ok            bool
	}{
		{"prompt is too long: 210000 tokens > 200000 maximum", 210000, 200000, true},
		{"This model's maximum context length is 128000 tokens. However, your messages resulted in 130500 tokens. Please reduce the length of the messages.", 130500, 128000, true},
		{"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).", 1200000, 1048576, true},
		{"the request exceeds the available context size, try increasing it", 0, 0, true},
		{"invalid model", 0, 0, false},
	}
	for _, c := range cases {
		tokens, limit, ok := llm.ParseContextOverflow(c.msg)
		if tokens != c.tokens || limit != c.limit || ok != c.ok {
			t.Errorf("ParseContextOverflow(%q) = %d, %d, %v", c.msg, tokens, limit, ok)
		}
	}
}

func TestErrorMessages(t *testing.T) {
	cases := []struct {
		err  error
		want []string
	}{
		{&llm.AuthError{Provider: "anthropic", EnvVar: "ANTHROPIC_API_KEY", Missing: true}, []string{"set ANTHROPIC_API_KEY"}},
		{&llm.AuthError{Provider: "openai", EnvVar: "OPENAI_API_KEY", Err: api(401, 0)}, []string{"rejected", "HTTP 401", "set OPENAI_API_KEY"}},
		{&llm.ModelNotFoundError{Provider: "ollama", Model: "llama9", Available: []string{"llama3.1", "qwen2.5-coder"}}, []string{`"llama9"`, "llama3.1, qwen2.5-coder", "--model"}},
		{&llm.ModelNotFoundError{Provider: "x", Model: "m", ListErr: errors.New("boom")}, []string{"listing its models failed too: boom"}},
		{&llm.ContextTooLongError{Provider: "openai", Model: "gpt-4.1", Tokens: 1100, Limit: 1000}, []string{"100 over", "--budget", "1100 tokens"}},
		{&llm.ContextTooLongError{Provider: "openai"}, []string{"lower --budget"}},
	}
	for _, c := range cases {
		for _, w := range c.want {
			if !strings.Contains(c.err.Error(), w) {
				t.Errorf("%q lacks %q", c.err.Error(), w)
			}
		}
	}
}
