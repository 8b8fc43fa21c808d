// Package anthropic implements llm.Provider for Anthropic's Messages API
// with the official SDK, github.com/anthropics/anthropic-sdk-go, its own
// retries turned off (llm.WithRetry retries once, for every provider).
package anthropic

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	sdk "github.com/anthropics/anthropic-sdk-go"
	"github.com/anthropics/anthropic-sdk-go/option"
	"github.com/anthropics/anthropic-sdk-go/packages/ssestream"

	"github.com/groundplan/groundplan/internal/llm"
)

// DefaultMaxTokens is the output limit sent when a request names none; the
// Messages API requires one.
const DefaultMaxTokens = 8192

// DefaultAPIKeyEnv is where the key is usually found.
const DefaultAPIKeyEnv = "ANTHROPIC_API_KEY"

// Options configures a Provider.
type Options struct {
	// BaseURL overrides https://api.anthropic.com (tests, proxies).
	BaseURL string
	// APIKey is sent in the x-api-key header.
	APIKey string
	// APIKeyEnv names the variable the key came from, for error messages.
	// Default DefaultAPIKeyEnv.
	APIKeyEnv string
	// Model is used when a request names none.
	Model string
	// MaxTokens is the output limit when a request names none. Default
	// DefaultMaxTokens.
	MaxTokens int
	// HTTPClient sends the requests. Default: a client without timeouts
	// (llm.WithRetry bounds the time).
	HTTPClient *http.Client
}

// Provider talks to the Messages API.
type Provider struct {
	o      Options
	client sdk.Client
}

// New returns a Provider for o. It reads no environment variable and no
// profile file: the key and base URL are exactly those given.
func New(o Options) *Provider {
	if o.APIKeyEnv == "" {
		o.APIKeyEnv = DefaultAPIKeyEnv
	}
	if o.MaxTokens <= 0 {
		o.MaxTokens = DefaultMaxTokens
	}
	if o.HTTPClient == nil {
		o.HTTPClient = llm.NewHTTPClient()
	}
	opts := []option.RequestOption{
		option.WithoutEnvironmentDefaults(),
		option.WithHTTPClient(o.HTTPClient),
		option.WithMaxRetries(0),
		option.WithAPIKey(o.APIKey),
	}
	if o.BaseURL != "" {
		opts = append(opts, option.WithBaseURL(o.BaseURL))
	}
	return &Provider{o: o, client: sdk.NewClient(opts...)}
}

// Name returns "anthropic".
func (p *Provider) Name() string { return "anthropic" }

// Scope identifies the server and defaults, for the response cache.
func (p *Provider) Scope() string {
	return fmt.Sprintf("anthropic %s %s %d", p.o.BaseURL, p.o.Model, p.o.MaxTokens)
}

// ListModels returns the model IDs the API reports, sorted.
func (p *Provider) ListModels(ctx context.Context) ([]string, error) {
	page, err := p.client.Models.List(ctx, sdk.ModelListParams{Limit: sdk.Int(1000)})
	if err != nil {
		return nil, p.convert(err)
	}
	ids := make([]string, 0, len(page.Data))
	for _, m := range page.Data {
		ids = append(ids, m.ID)
	}
	slices.Sort(ids)
	return ids, nil
}

// Stream sends req as a streamed message.
func (p *Provider) Stream(ctx context.Context, req llm.Request) (llm.Stream, error) {
	model := req.Model
	if model == "" {
		model = p.o.Model
	}
	if model == "" {
		return nil, errors.New("anthropic: no model configured: set --model (e.g. claude-sonnet-4-5)")
	}
	maxTokens := req.MaxTokens
	if maxTokens <= 0 {
		maxTokens = p.o.MaxTokens
	}
	params := sdk.MessageNewParams{
		Model:     model,
		MaxTokens: int64(maxTokens),
	}
	if req.System != "" {
		params.System = []sdk.TextBlockParam{{Text: req.System}}
	}
	for _, m := range req.Messages {
		block := sdk.NewTextBlock(m.Content)
		if m.Role == llm.RoleAssistant {
			params.Messages = append(params.Messages, sdk.NewAssistantMessage(block))
		} else {
			params.Messages = append(params.Messages, sdk.NewUserMessage(block))
		}
	}
	if req.Temperature != nil {
		params.Temperature = sdk.Float(*req.Temperature)
	}
	st := p.client.Messages.NewStreaming(ctx, params)
	if err := st.Err(); err != nil {
		st.Close()
		return nil, p.classify(ctx, err, model)
	}
	return &stream{p: p, st: st, model: model, maxTokens: maxTokens}, nil
}

// errorBody is Anthropic's error shape, both as an HTTP body and as the
// data of an "error" event.
type errorBody struct {
	Error struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	} `json:"error"`
}

// convert turns an SDK error into an *llm.APIError when the API answered
// with one.
func (p *Provider) convert(err error) error {
	var ae *sdk.Error
	if !errors.As(err, &ae) {
		return llm.WrapSDKError("anthropic", "event", err)
	}
	var body errorBody
	raw := ae.RawJSON()
	_ = json.Unmarshal([]byte(raw), &body)
	api := &llm.APIError{
		Provider: "anthropic",
		Status:   ae.StatusCode,
		Type:     cmp.Or(body.Error.Type, string(ae.Type())),
		Message:  cmp.Or(body.Error.Message, strings.TrimSpace(raw)),
		Err:      err,
	}
	if api.Status < 400 {
		// An error event inside a stream that started with 200.
		api.Status = statusForType(api.Type)
	}
	if ae.Response != nil && ae.StatusCode >= 400 {
		api.RetryAfter, api.RetryAt = llm.RetryHint(ae.Response.Header)
	}
	return api
}

// statusForType maps Anthropic's error types to the HTTP status each stands
// for, so an error event in a stream is judged like an HTTP answer.
func statusForType(t string) int {
	switch t {
	case "invalid_request_error":
		return http.StatusBadRequest
	case "authentication_error":
		return http.StatusUnauthorized
	case "permission_error":
		return http.StatusForbidden
	case "not_found_error":
		return http.StatusNotFound
	case "request_too_large":
		return http.StatusRequestEntityTooLarge
	case "rate_limit_error":
		return http.StatusTooManyRequests
	case "api_error":
		return http.StatusInternalServerError
	case "timeout_error":
		return http.StatusGatewayTimeout
	case "overloaded_error":
		return 529
	}
	return 0
}

// classify turns the error of a request that never started streaming into
// the error the user can act on.
func (p *Provider) classify(ctx context.Context, err error, model string) error {
	conv := p.convert(err)
	var api *llm.APIError
	if !errors.As(conv, &api) {
		return conv
	}
	switch {
	case api.Status == http.StatusUnauthorized || api.Type == "authentication_error":
		return &llm.AuthError{Provider: "anthropic", EnvVar: p.o.APIKeyEnv, Err: api}
	case api.Status == http.StatusNotFound || api.Type == "not_found_error":
		return llm.ModelNotFound(ctx, "anthropic", model, api, p.ListModels)
	case api.Status == http.StatusRequestEntityTooLarge || api.Type == "request_too_large":
		e, _ := llm.ContextOverflow("anthropic", model, api)
		return e
	case api.Status == http.StatusBadRequest:
		if e, ok := llm.ContextOverflow("anthropic", model, api); ok {
			return e
		}
	}
	return api
}

// stream adapts the SDK's event stream to llm.Stream: message_start
// carries the input usage, content_block_delta the text, message_delta the
// stop reason and output usage, message_stop the end of the answer.
type stream struct {
	p         *Provider
	st        *ssestream.Stream[sdk.MessageStreamEventUnion]
	model     string
	maxTokens int
	cur       string
	stop      string
	stopped   bool
	usage     llm.Usage
	err       error
	done      bool
}

// Next advances to the next piece of text.
func (s *stream) Next() bool {
	if s.done {
		return false
	}
	for s.st.Next() {
		ev := s.st.Current()
		switch ev.Type {
		case "message_start":
			u := ev.Message.Usage
			s.usage.InputTokens = int(u.InputTokens + u.CacheCreationInputTokens + u.CacheReadInputTokens)
			s.usage.OutputTokens = int(u.OutputTokens)
		case "content_block_delta":
			if ev.Delta.Type == "text_delta" && ev.Delta.Text != "" {
				s.cur = ev.Delta.Text
				return true
			}
		case "message_delta":
			if ev.Delta.StopReason != "" {
				s.stop = string(ev.Delta.StopReason)
			}
			u := ev.Usage
			if in := int(u.InputTokens + u.CacheCreationInputTokens + u.CacheReadInputTokens); in > s.usage.InputTokens {
				s.usage.InputTokens = in
			}
			if int(u.OutputTokens) > s.usage.OutputTokens {
				s.usage.OutputTokens = int(u.OutputTokens)
			}
		case "message_stop":
			s.stopped = true
		}
	}
	s.done, s.cur = true, ""
	s.err = s.end(s.st.Err())
	return false
}

func (s *stream) end(err error) error {
	if err != nil {
		return s.p.convert(err)
	}
	if !s.stopped {
		return fmt.Errorf("anthropic: %w: the stream ended without message_stop", llm.ErrTruncated)
	}
	switch s.stop {
	case "max_tokens":
		return fmt.Errorf("anthropic: %w: the model reached the output limit (max_tokens %d); raise max_tokens in the config", llm.ErrTruncated, s.maxTokens)
	case "model_context_window_exceeded":
		return fmt.Errorf("anthropic: %w: %w", llm.ErrTruncated, &llm.ContextTooLongError{Provider: "anthropic", Model: s.model})
	case "refusal":
		return fmt.Errorf("anthropic: %w: the model declined to answer", llm.ErrTruncated)
	}
	return nil
}

// Current returns the current piece of text.
func (s *stream) Current() string { return s.cur }

// Err returns why the stream ended early, nil after a complete answer.
func (s *stream) Err() error { return s.err }

// Usage returns the token counts of message_start and message_delta.
func (s *stream) Usage() llm.Usage { return s.usage }

// Close releases the connection.
func (s *stream) Close() error {
	s.done = true
	return s.st.Close()
}
