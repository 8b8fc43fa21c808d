package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// APIError is an error answer from a model service, in one shape for every
// provider, so that the retry wrapper and the front doors can decide what to
// do without knowing which SDK produced it.
type APIError struct {
	// Provider is the provider's name as the user writes it ("openai").
	Provider string
	// Status is the HTTP status of the answer. An error reported inside a
	// stream that had already started carries the status the provider's
	// error type stands for (429 for a rate limit, 529 for "overloaded").
	Status int
	// RetryAfter is the wait the server asked for, zero when it named none.
	RetryAfter time.Duration
	// RetryAt is the time the server asked to retry at (a Retry-After given
	// as an HTTP date), zero when it named none.
	RetryAt time.Time
	// Type is the provider's error type or code, e.g. "rate_limit_error",
	// "context_length_exceeded", "RESOURCE_EXHAUSTED".
	Type string
	// Message is the server's explanation.
	Message string
	// Err is the SDK's own error, kept for debugging; may be nil.
	Err error
}

// Error describes the answer: provider, status, type and message.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(e.Provider)
	b.WriteString(": ")
	if e.Status != 0 {
		fmt.Fprintf(&b, "HTTP %d", e.Status)
		if t := http.StatusText(e.Status); t != "" {
			b.WriteString(" " + t)
		}
	} else {
		b.WriteString("error in stream")
	}
	if e.Type != "" {
		b.WriteString(" (" + e.Type + ")")
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " [retry after %s]", e.RetryAfter)
	}
	return b.String()
}

// Unwrap returns the SDK's error.
func (e *APIError) Unwrap() error { return e.Err }

// Wait is how long the server asked to wait, seen at now; 0 when it did not
// ask.
func (e *APIError) Wait(now time.Time) time.Duration {
	if e.RetryAfter > 0 {
		return e.RetryAfter
	}
	if !e.RetryAt.IsZero() {
		return max(e.RetryAt.Sub(now), 0)
	}
	return 0
}

// Temporary reports whether the same request may succeed later: rate limits,
// request timeouts and server-side failures.
func (e *APIError) Temporary() bool {
	return e.Status == http.StatusTooManyRequests || e.Status == http.StatusRequestTimeout || e.Status >= 500
}

// AuthError says the provider has no usable API key: none was found, or the
// server refused the one sent.
type AuthError struct {
	Provider string
	// EnvVar is the environment variable the key is read from.
	EnvVar string
	// Missing is true when no key was found at all (nothing was sent).
	Missing bool
	// Err is the server's answer when the key was refused.
	Err error
}

// Error tells the user which variable to set.
func (e *AuthError) Error() string {
	if e.Missing {
		return fmt.Sprintf("%s needs an API key: set %s (or choose another provider with --provider)", e.Provider, e.EnvVar)
	}
	msg := fmt.Sprintf("%s rejected the API key", e.Provider)
	var api *APIError
	if errors.As(e.Err, &api) {
		msg += fmt.Sprintf(" (HTTP %d", api.Status)
		if api.Message != "" {
			msg += ": " + api.Message
		}
		msg += ")"
	}
	if e.EnvVar != "" {
		msg += fmt.Sprintf(": set %s to a valid key", e.EnvVar)
	} else {
		msg += ": set api_key_env in the config to the variable that holds the key"
	}
	return msg
}

// Unwrap returns the server's answer.
func (e *AuthError) Unwrap() error { return e.Err }

// ModelNotFoundError says the provider does not serve the model asked for.
// Available lists what the provider's models endpoint reported.
type ModelNotFoundError struct {
	Provider  string
	Model     string
	Available []string
	// ListErr is why the models could not be listed, if they could not.
	ListErr error
	// Hint is extra advice, e.g. to check the base URL.
	Hint string
	// Err is the server's answer.
	Err error
}

// maxListedModels bounds how many model names an error message shows.
const maxListedModels = 40

// Error names the model and lists the ones the provider offers.
func (e *ModelNotFoundError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s does not know the model %q", e.Provider, e.Model)
	switch {
	case len(e.Available) > 0:
		shown := e.Available
		if len(shown) > maxListedModels {
			shown = shown[:maxListedModels]
		}
		fmt.Fprintf(&b, "; models it offers: %s", strings.Join(shown, ", "))
		if n := len(e.Available) - len(shown); n > 0 {
			fmt.Fprintf(&b, " and %d more", n)
		}
		b.WriteString(" (choose one with --model)")
	case e.ListErr != nil:
		fmt.Fprintf(&b, "; listing its models failed too: %v", e.ListErr)
	default:
		b.WriteString("; it lists no models")
	}
	if e.Hint != "" {
		b.WriteString("; " + e.Hint)
	}
	return b.String()
}

// Unwrap returns the server's answer.
func (e *ModelNotFoundError) Unwrap() error { return e.Err }

// modelListTimeout bounds the models request a ModelNotFoundError makes.
const modelListTimeout = 15 * time.Second

// ModelNotFound returns the ModelNotFoundError for model, which the
// provider's answer api rejected, with the models list reports (or why it
// could not); list gets at most 15 seconds.
func ModelNotFound(ctx context.Context, provider, model string, api *APIError, list func(context.Context) ([]string, error)) *ModelNotFoundError {
	lctx, cancel := context.WithTimeout(ctx, modelListTimeout)
	defer cancel()
	e := &ModelNotFoundError{Provider: provider, Model: model, Err: api}
	e.Available, e.ListErr = list(lctx)
	return e
}

// ContextTooLongError says the prompt does not fit the model's context
// window. Tokens and Limit are zero when the server did not say.
type ContextTooLongError struct {
	Provider string
	Model    string
	Tokens   int
	Limit    int
	Err      error
}

// Over is how many tokens the request exceeded the limit by, 0 if unknown.
func (e *ContextTooLongError) Over() int {
	if e.Tokens > e.Limit && e.Limit > 0 {
		return e.Tokens - e.Limit
	}
	return 0
}

// Error says by how much and what to do about it.
func (e *ContextTooLongError) Error() string {
	model := e.Model
	if model == "" {
		model = "the model"
	}
	if over := e.Over(); over > 0 {
		return fmt.Sprintf("%s: the request is too long for %s: %d tokens, the limit is %d (%d over); lower --budget by at least %d tokens",
			e.Provider, model, e.Tokens, e.Limit, over, over)
	}
	if e.Limit > 0 {
		return fmt.Sprintf("%s: the request is too long for %s (limit %d tokens); lower --budget", e.Provider, model, e.Limit)
	}
	return fmt.Sprintf("%s: the request is too long for %s's context window; lower --budget", e.Provider, model)
}

// Unwrap returns the server's answer.
func (e *ContextTooLongError) Unwrap() error { return e.Err }

// WrapSDKError names the provider in an SDK error that is no error answer
// of the API: a malformed piece of the answer stream (piece says what the
// provider's stream is made of, "event" or "chunk"), or a failed
// connection.
func WrapSDKError(provider, piece string, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Errorf("%s: malformed %s in the answer stream: %w", provider, piece, err)
	}
	return fmt.Errorf("%s: %w", provider, err)
}

// ContextOverflow reads the answer api as a prompt too long for the
// model's context window: the ContextTooLongError it stands for, with the
// token counts its message names, and whether the message says so (see
// ParseContextOverflow). A 413 answer is one whatever it says; a 400
// answer only when the message says so.
func ContextOverflow(provider, model string, api *APIError) (*ContextTooLongError, bool) {
	tokens, limit, ok := ParseContextOverflow(api.Message)
	return &ContextTooLongError{Provider: provider, Model: model, Tokens: tokens, Limit: limit, Err: api}, ok
}

// TimeoutError says a request produced nothing for too long, or the whole
// call ran past its deadline.
type TimeoutError struct {
	Provider string
	// After is the limit that was reached.
	After time.Duration
	// Overall is true for the overall deadline, false for one attempt.
	Overall bool
}

// Error says which limit was reached and how to raise it.
func (e *TimeoutError) Error() string {
	if e.Overall {
		return fmt.Sprintf("%s: no complete answer within the overall deadline of %s (raise deadline in the config)", e.Provider, e.After)
	}
	return fmt.Sprintf("%s: the server sent nothing for %s (raise timeout in the config, or check that the server is up)", e.Provider, e.After)
}

// Timeout reports true, like net.Error.
func (e *TimeoutError) Timeout() bool { return true }

// Unwrap makes errors.Is(err, context.DeadlineExceeded) hold.
func (e *TimeoutError) Unwrap() error { return context.DeadlineExceeded }

// Truncated wraps err, which broke a stream after some text was delivered,
// so that errors.Is(result, ErrTruncated) holds and err stays reachable.
func Truncated(provider string, err error) error {
	if err == nil || errors.Is(err, ErrTruncated) {
		return err
	}
	if strings.HasPrefix(err.Error(), provider+":") {
		return fmt.Errorf("%w: %w", ErrTruncated, err)
	}
	return fmt.Errorf("%s: %w: %w", provider, ErrTruncated, err)
}

// Retryable reports whether a request that failed with err, before the
// model wrote anything, may be sent again: rate limits, server errors,
// per-attempt timeouts and connections dropped or refused.
func Retryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var (
		auth  *AuthError
		model *ModelNotFoundError
		long  *ContextTooLongError
	)
	if errors.As(err, &auth) || errors.As(err, &model) || errors.As(err, &long) {
		return false
	}
	var to *TimeoutError
	if errors.As(err, &to) {
		return !to.Overall
	}
	var api *APIError
	if errors.As(err, &api) {
		return api.Temporary()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	return false
}

// ParseRetryAfter reads a Retry-After header value: a number of seconds or
// an HTTP date (relative to now). It returns 0 when the value is absent,
// invalid or in the past.
func ParseRetryAfter(value string, now time.Time) time.Duration {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(value, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(secs * float64(time.Second))
	}
	if t, err := http.ParseTime(value); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// RetryHint reads the wait an HTTP answer asks for: a delay (from
// "Retry-After-Ms", which some providers send, or a Retry-After in seconds)
// or a time (a Retry-After given as an HTTP date). Both are zero when the
// answer names none.
func RetryHint(h http.Header) (after time.Duration, at time.Time) {
	if h == nil {
		return 0, time.Time{}
	}
	if ms := strings.TrimSpace(h.Get("Retry-After-Ms")); ms != "" {
		if v, err := strconv.ParseFloat(ms, 64); err == nil && v > 0 {
			return time.Duration(v * float64(time.Millisecond)), time.Time{}
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs > 0 {
			return time.Duration(secs * float64(time.Second)), time.Time{}
		}
		return 0, time.Time{}
	}
	if t, err := http.ParseTime(v); err == nil {
		return 0, t
	}
	return 0, time.Time{}
}

// The wording of context-window errors differs by provider; each pattern
// captures the two numbers and says which is the limit.
var overflowPatterns = []struct {
	re          *regexp.Regexp
	tokensFirst bool
}{
	// Anthropic: "prompt is too long: 210000 tokens > 200000 maximum"
	{regexp.MustCompile(`(\d[\d,]*)\s*tokens?\s*>\s*(\d[\d,]*)\s*maximum`), true},
	// OpenAI: "maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens"
	{regexp.MustCompile(`(?i)maximum context length is (\d[\d,]*) tokens.*?(?:resulted in|requested) (\d[\d,]*) tokens`), false},
	// Gemini: "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)"
	{regexp.MustCompile(`(?i)input token count \(?(\d[\d,]*)\)? exceeds the maximum number of tokens allowed \(?(\d[\d,]*)\)?`), true},
	// vLLM / llama.cpp style: "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens"
	// is covered above; llama.cpp: "the request exceeds the available context size (4096 tokens)".
	{regexp.MustCompile(`(?i)request \((\d[\d,]*) tokens\) exceeds the available context size \((\d[\d,]*) tokens\)`), true},
}

var overflowWords = regexp.MustCompile(`(?i)context[_ ]length|context window|context size|prompt is too long|too many tokens|exceeds the maximum number of tokens|maximum context|input is too long|token count .* exceeds`)

// ParseContextOverflow tells whether a server message reports a prompt
// longer than the model's context window, and the token counts it names
// (zero when it names none).
func ParseContextOverflow(msg string) (tokens, limit int, ok bool) {
	for _, p := range overflowPatterns {
		m := p.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		a, b := atoiComma(m[1]), atoiComma(m[2])
		if p.tokensFirst {
			return a, b, true
		}
		return b, a, true
	}
	return 0, 0, overflowWords.MatchString(msg)
}

func atoiComma(s string) int {
	n, _ := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	return n
}
