// Package gemini implements llm.Provider for Google's Gemini API with the
// official Gen AI SDK, google.golang.org/genai: streamed generateContent
// (streamGenerateContent?alt=sse), usage metadata, and the SDK's retries and
// automatic stream continuation turned off (llm.WithRetry retries once, for
// every provider).
package gemini

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"google.golang.org/genai"

	"github.com/groundplan/groundplan/internal/llm"
)

// DefaultAPIKeyEnv is where the key is usually found (GOOGLE_API_KEY works
// too).
const DefaultAPIKeyEnv = "GEMINI_API_KEY"

// Options configures a Provider.
type Options struct {
	// BaseURL overrides https://generativelanguage.googleapis.com/ (tests,
	// proxies).
	BaseURL string
	// APIKey is sent in the x-goog-api-key header. Required.
	APIKey string
	// APIKeyEnv names the variable the key came from, for error messages.
	// Default DefaultAPIKeyEnv.
	APIKeyEnv string
	// Model is used when a request names none.
	Model string
	// HTTPClient sends the requests. Default: a client without timeouts
	// (llm.WithRetry bounds the time).
	HTTPClient *http.Client
}

// Provider talks to the Gemini API.
type Provider struct {
	o      Options
	client *genai.Client
}

// New returns a Provider for o. It reads no environment variable for the key
// (the SDK would otherwise pick GOOGLE_API_KEY or GEMINI_API_KEY itself).
func New(ctx context.Context, o Options) (*Provider, error) {
	if o.APIKeyEnv == "" {
		o.APIKeyEnv = DefaultAPIKeyEnv
	}
	if o.APIKey == "" {
		return nil, &llm.AuthError{Provider: "gemini", EnvVar: o.APIKeyEnv, Missing: true}
	}
	base := o.HTTPClient
	if base == nil {
		base = llm.NewHTTPClient()
	}
	hc := *base
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	hc.Transport = retryAfterTransport{next: next}
	client, err := genai.NewClient(ctx, &genai.ClientConfig{
		APIKey:      o.APIKey,
		Backend:     genai.BackendGeminiAPI,
		HTTPClient:  &hc,
		HTTPOptions: genai.HTTPOptions{BaseURL: o.BaseURL},
	})
	if err != nil {
		return nil, fmt.Errorf("gemini: creating the client: %w", err)
	}
	return &Provider{o: o, client: client}, nil
}

// Name returns "gemini".
func (p *Provider) Name() string { return "gemini" }

// Scope identifies the server and default model, for the response cache.
func (p *Provider) Scope() string { return "gemini " + p.o.BaseURL + " " + p.o.Model }

// ListModels returns the models that can generate content, sorted, without
// their "models/" prefix.
func (p *Provider) ListModels(ctx context.Context) ([]string, error) {
	page, err := p.client.Models.List(ctx, &genai.ListModelsConfig{PageSize: 1000})
	if err != nil {
		return nil, p.convertWith(err, 0, time.Time{})
	}
	var ids []string
	for _, m := range page.Items {
		if len(m.SupportedActions) > 0 && !slices.Contains(m.SupportedActions, "generateContent") {
			continue
		}
		ids = append(ids, strings.TrimPrefix(m.Name, "models/"))
	}
	slices.Sort(ids)
	return ids, nil
}

// Stream sends req to streamGenerateContent.
func (p *Provider) Stream(ctx context.Context, req llm.Request) (llm.Stream, error) {
	model := req.Model
	if model == "" {
		model = p.o.Model
	}
	if model == "" {
		return nil, errors.New("gemini: no model configured: set --model (e.g. gemini-2.5-flash)")
	}
	cfg := &genai.GenerateContentConfig{AutomaticContinuation: genai.Ptr(false)}
	if req.System != "" {
		cfg.SystemInstruction = genai.NewContentFromText(req.System, genai.RoleUser)
	}
	if req.MaxTokens > 0 {
		cfg.MaxOutputTokens = int32(req.MaxTokens)
	}
	if req.Temperature != nil {
		cfg.Temperature = genai.Ptr(float32(*req.Temperature))
	}
	var contents []*genai.Content
	for _, m := range req.Messages {
		role := genai.Role(genai.RoleUser)
		if m.Role == llm.RoleAssistant {
			role = genai.RoleModel
		}
		contents = append(contents, genai.NewContentFromText(m.Content, role))
	}
	slot := &retryAfterSlot{}
	sctx := context.WithValue(ctx, retryAfterKey{}, slot)
	next, stop := iter.Pull2(p.client.Models.GenerateContentStream(sctx, model, contents, cfg))
	s := &stream{p: p, ctx: sctx, next: next, stop: stop, model: model, maxTokens: req.MaxTokens}
	// The request is sent when the first chunk is pulled; pull it now so that
	// an HTTP error comes from Stream, as with the other providers.
	resp, err, ok := next()
	if err != nil {
		stop()
		after, at := slot.get()
		return nil, p.classify(sctx, err, model, after, at)
	}
	if ok {
		s.pending = resp
	}
	s.exhausted = !ok
	return s, nil
}

// retryAfterTransport notes the Retry-After of error answers, which the SDK's
// APIError drops, in the request's context.
type retryAfterTransport struct{ next http.RoundTripper }

type retryAfterKey struct{}

type retryAfterSlot struct {
	mu    sync.Mutex
	after time.Duration
	at    time.Time
}

func (s *retryAfterSlot) get() (time.Duration, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.after, s.at
}

// RoundTrip sends r and records a Retry-After on an error answer.
func (t retryAfterTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if resp != nil && resp.StatusCode >= 400 {
		if slot, ok := r.Context().Value(retryAfterKey{}).(*retryAfterSlot); ok {
			slot.mu.Lock()
			slot.after, slot.at = llm.RetryHint(resp.Header)
			slot.mu.Unlock()
		}
	}
	return resp, err
}

// statusForCode maps Google's canonical codes, used by errors inside a
// stream, to HTTP statuses.
func statusForCode(status string) int {
	switch status {
	case "INVALID_ARGUMENT", "FAILED_PRECONDITION":
		return http.StatusBadRequest
	case "UNAUTHENTICATED":
		return http.StatusUnauthorized
	case "PERMISSION_DENIED":
		return http.StatusForbidden
	case "NOT_FOUND":
		return http.StatusNotFound
	case "RESOURCE_EXHAUSTED":
		return http.StatusTooManyRequests
	case "INTERNAL", "UNKNOWN":
		return http.StatusInternalServerError
	case "UNAVAILABLE":
		return http.StatusServiceUnavailable
	case "DEADLINE_EXCEEDED":
		return http.StatusGatewayTimeout
	}
	return 0
}

// convertWith turns an SDK error into an *llm.APIError when the API answered
// with one; retryAfter and retryAt are what the answer's Retry-After said.
func (p *Provider) convertWith(err error, retryAfter time.Duration, retryAt time.Time) error {
	var ae genai.APIError
	if !errors.As(err, &ae) {
		return llm.WrapSDKError("gemini", "chunk", err)
	}
	api := &llm.APIError{
		Provider:   "gemini",
		Status:     ae.Code,
		Type:       ae.Status,
		Message:    ae.Message,
		RetryAfter: retryAfter,
		RetryAt:    retryAt,
		Err:        err,
	}
	if api.Status == 0 || api.Status < 400 {
		api.Status = statusForCode(ae.Status)
	}
	if api.Type == "" || strings.Contains(api.Type, " ") {
		// A non-JSON answer: the SDK put the HTTP status line there.
		api.Type = ""
	}
	for _, d := range ae.Details {
		if t, _ := d["@type"].(string); strings.HasSuffix(t, "google.rpc.RetryInfo") && api.RetryAfter == 0 && api.RetryAt.IsZero() {
			if s, _ := d["retryDelay"].(string); s != "" {
				if v, err := time.ParseDuration(s); err == nil {
					api.RetryAfter = v
				}
			}
		}
	}
	return api
}

func apiKeyInvalid(err error) bool {
	var ae genai.APIError
	if !errors.As(err, &ae) {
		return false
	}
	for _, d := range ae.Details {
		if r, _ := d["reason"].(string); r == "API_KEY_INVALID" {
			return true
		}
	}
	return strings.Contains(strings.ToLower(ae.Message), "api key not valid")
}

// classify turns the error of a request that never started streaming into
// the error the user can act on.
func (p *Provider) classify(ctx context.Context, err error, model string, retryAfter time.Duration, retryAt time.Time) error {
	if ctx.Err() != nil {
		return fmt.Errorf("gemini: %w", err)
	}
	conv := p.convertWith(err, retryAfter, retryAt)
	var api *llm.APIError
	if !errors.As(conv, &api) {
		return conv
	}
	switch {
	case api.Status == http.StatusUnauthorized || api.Status == http.StatusForbidden || apiKeyInvalid(err):
		return &llm.AuthError{Provider: "gemini", EnvVar: p.o.APIKeyEnv, Err: api}
	case api.Status == http.StatusNotFound:
		return llm.ModelNotFound(ctx, "gemini", model, api, p.ListModels)
	case api.Status == http.StatusBadRequest:
		if e, ok := llm.ContextOverflow("gemini", model, api); ok {
			return e
		}
	}
	return api
}

// stream adapts the SDK's iterator of responses to llm.Stream. The answer is
// complete once a candidate carries a finishReason.
type stream struct {
	p         *Provider
	ctx       context.Context
	next      func() (*genai.GenerateContentResponse, error, bool)
	stop      func()
	model     string
	maxTokens int
	pending   *genai.GenerateContentResponse
	exhausted bool
	cur       string
	finish    genai.FinishReason
	usage     llm.Usage
	err       error
	done      bool
}

func (s *stream) pull() (*genai.GenerateContentResponse, error, bool) {
	if s.pending != nil {
		r := s.pending
		s.pending = nil
		return r, nil, true
	}
	if s.exhausted {
		return nil, nil, false
	}
	return s.next()
}

// Next advances to the next piece of text.
func (s *stream) Next() bool {
	if s.done {
		return false
	}
	for {
		resp, err, ok := s.pull()
		if err != nil {
			s.fail(s.p.convertWith(err, 0, time.Time{}))
			return false
		}
		if !ok {
			s.fail(s.end())
			return false
		}
		if u := resp.UsageMetadata; u != nil {
			s.usage = llm.Usage{
				InputTokens:  int(u.PromptTokenCount),
				OutputTokens: int(u.CandidatesTokenCount + u.ThoughtsTokenCount),
			}
		}
		if fb := resp.PromptFeedback; fb != nil && fb.BlockReason != "" && len(resp.Candidates) == 0 {
			msg := fb.BlockReasonMessage
			if msg == "" {
				msg = string(fb.BlockReason)
			}
			s.fail(fmt.Errorf("gemini: the prompt was blocked: %s", msg))
			return false
		}
		var text strings.Builder
		for _, c := range resp.Candidates {
			if c.Index != 0 {
				continue
			}
			if c.Content != nil {
				for _, part := range c.Content.Parts {
					if part != nil && !part.Thought {
						text.WriteString(part.Text)
					}
				}
			}
			if c.FinishReason != "" && c.FinishReason != genai.FinishReasonUnspecified {
				s.finish = c.FinishReason
			}
		}
		if text.Len() > 0 {
			s.cur = text.String()
			return true
		}
	}
}

func (s *stream) fail(err error) {
	s.done, s.cur, s.err = true, "", err
	s.stop()
}

func (s *stream) end() error {
	switch s.finish {
	case genai.FinishReasonStop:
		return nil
	case "":
		return fmt.Errorf("gemini: %w: the stream ended without a finishReason", llm.ErrTruncated)
	case genai.FinishReasonMaxTokens:
		return fmt.Errorf("gemini: %w: the model reached the output limit (max_tokens %d); raise max_tokens in the config", llm.ErrTruncated, s.maxTokens)
	default:
		return fmt.Errorf("gemini: %w: finishReason %s", llm.ErrTruncated, s.finish)
	}
}

// Current returns the current piece of text.
func (s *stream) Current() string { return s.cur }

// Err returns why the stream ended early, nil after a complete answer.
func (s *stream) Err() error { return s.err }

// Usage returns the last usage metadata received.
func (s *stream) Usage() llm.Usage { return s.usage }

// Close releases the connection.
func (s *stream) Close() error {
	s.done = true
	s.stop()
	return nil
}
