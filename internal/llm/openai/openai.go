// Package openai implements llm.Provider for OpenAI's chat completions API
// and for every server that speaks it: Ollama, vLLM, llama.cpp's server,
// LM Studio, OpenRouter, Azure OpenAI. It uses the official SDK,
// github.com/openai/openai-go, with its own retries turned off (llm.WithRetry
// retries once, for every provider).
package openai

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"

	oai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/packages/ssestream"

	"github.com/groundplan/groundplan/internal/llm"
)

// DefaultBaseURL is OpenAI's API.
const DefaultBaseURL = "https://api.openai.com/v1/"

// Options configures a Provider.
type Options struct {
	// Name is the provider's name in messages and cache keys: "openai",
	// "ollama", "openai-compatible". Default "openai".
	Name string
	// BaseURL is the API root, the part before /chat/completions
	// (e.g. http://localhost:11434/v1). Default DefaultBaseURL.
	BaseURL string
	// APIKey is sent as a bearer token (or in AuthHeader); empty sends none.
	APIKey string
	// APIKeyEnv names the variable the key came from, for error messages.
	APIKeyEnv string
	// AuthHeader, when set, carries the key instead of "Authorization:
	// Bearer" (Azure OpenAI wants "api-key").
	AuthHeader string
	// Model is used when a request names none. When both are empty the
	// server's model list is asked, and its only model used.
	Model string
	// MaxCompletionTokens sends the limit as max_completion_tokens, the
	// name OpenAI's current models require, instead of max_tokens, which
	// older compatible servers know.
	MaxCompletionTokens bool
	// HTTPClient sends the requests. Default: a client without timeouts
	// (llm.WithRetry bounds the time).
	HTTPClient *http.Client
}

// Provider talks to one chat-completions endpoint.
type Provider struct {
	o      Options
	chat   oai.ChatCompletionService
	models oai.ModelService
}

// New returns a Provider for o. It reads no environment variable: the key
// and base URL are exactly those given.
func New(o Options) *Provider {
	if o.Name == "" {
		o.Name = "openai"
	}
	if o.BaseURL == "" {
		o.BaseURL = DefaultBaseURL
	}
	if !strings.HasSuffix(o.BaseURL, "/") {
		o.BaseURL += "/"
	}
	if o.HTTPClient == nil {
		o.HTTPClient = llm.NewHTTPClient()
	}
	opts := []option.RequestOption{
		option.WithHTTPClient(o.HTTPClient),
		option.WithBaseURL(o.BaseURL),
		option.WithMaxRetries(0),
	}
	switch {
	case o.APIKey != "" && o.AuthHeader != "":
		opts = append(opts, option.WithHeader(o.AuthHeader, o.APIKey))
	case o.APIKey != "":
		opts = append(opts, option.WithAPIKey(o.APIKey))
	}
	return &Provider{
		o:      o,
		chat:   oai.NewChatCompletionService(opts...),
		models: oai.NewModelService(opts...),
	}
}

// Name returns the provider's name.
func (p *Provider) Name() string { return p.o.Name }

// Scope identifies the server and default model, for the response cache.
func (p *Provider) Scope() string { return p.o.Name + " " + p.o.BaseURL + " " + p.o.Model }

// ListModels returns the IDs the server's /models endpoint reports, sorted.
func (p *Provider) ListModels(ctx context.Context) ([]string, error) {
	page, err := p.models.List(ctx)
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

// Stream sends req as a streamed chat completion. HTTP errors come back as
// *llm.APIError, or as the typed errors of package llm when the user can act
// on them.
func (p *Provider) Stream(ctx context.Context, req llm.Request) (llm.Stream, error) {
	model := req.Model
	if model == "" {
		model = p.o.Model
	}
	if model == "" {
		var err error
		if model, err = p.soleModel(ctx); err != nil {
			return nil, err
		}
	}
	params := oai.ChatCompletionNewParams{
		Model:         model,
		StreamOptions: oai.ChatCompletionStreamOptionsParam{IncludeUsage: oai.Bool(true)},
	}
	if req.System != "" {
		params.Messages = append(params.Messages, oai.SystemMessage(req.System))
	}
	for _, m := range req.Messages {
		switch m.Role {
		case llm.RoleAssistant:
			params.Messages = append(params.Messages, oai.AssistantMessage(m.Content))
		default:
			params.Messages = append(params.Messages, oai.UserMessage(m.Content))
		}
	}
	if req.MaxTokens > 0 {
		if p.o.MaxCompletionTokens {
			params.MaxCompletionTokens = oai.Int(int64(req.MaxTokens))
		} else {
			params.MaxTokens = oai.Int(int64(req.MaxTokens))
		}
	}
	if req.Temperature != nil {
		params.Temperature = oai.Float(*req.Temperature)
	}
	st := p.chat.NewStreaming(ctx, params)
	if err := st.Err(); err != nil {
		st.Close()
		return nil, p.classify(ctx, err, model)
	}
	return &stream{p: p, st: st, maxTokens: req.MaxTokens}, nil
}

// soleModel picks the model of a server that serves exactly one, as vLLM
// and llama.cpp's server usually do.
func (p *Provider) soleModel(ctx context.Context) (string, error) {
	models, err := p.ListModels(ctx)
	if err != nil {
		return "", fmt.Errorf("%s: no model configured (set --model), and listing the server's models failed: %w", p.o.Name, err)
	}
	switch len(models) {
	case 1:
		return models[0], nil
	case 0:
		return "", fmt.Errorf("%s: no model configured (set --model), and the server lists none", p.o.Name)
	}
	return "", fmt.Errorf("%s: no model configured and the server offers %d: %s; choose one with --model",
		p.o.Name, len(models), strings.Join(models, ", "))
}

// convert turns an SDK error into an *llm.APIError when it is an HTTP error
// answer, and adds the provider's name otherwise.
func (p *Provider) convert(err error) error {
	var ae *oai.Error
	if errors.As(err, &ae) {
		api := &llm.APIError{
			Provider: p.o.Name,
			Status:   ae.StatusCode,
			Type:     cmp.Or(ae.Code, ae.Type),
			Message:  ae.Message,
			Err:      err,
		}
		if ae.Response != nil {
			api.RetryAfter, api.RetryAt = llm.RetryHint(ae.Response.Header)
			if api.Message == "" && ae.Response.Body != nil {
				body, _ := io.ReadAll(io.LimitReader(ae.Response.Body, 4096))
				api.Message = plainMessage(body)
			}
		}
		return api
	}
	var se *ssestream.StreamError
	if errors.As(err, &se) {
		return p.streamError(se.Event.Data, err)
	}
	return llm.WrapSDKError(p.o.Name, "chunk", err)
}

// streamError converts an error event sent inside a stream:
// data: {"error": {"message": …, "type": …, "code": …}}.
func (p *Provider) streamError(data []byte, err error) error {
	var body struct {
		Error struct {
			Message string          `json:"message"`
			Type    string          `json:"type"`
			Code    json.RawMessage `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(data, &body)
	code := strings.Trim(string(body.Error.Code), `"`)
	if code == "null" {
		code = ""
	}
	typ := cmp.Or(code, body.Error.Type)
	return &llm.APIError{
		Provider: p.o.Name,
		Status:   statusForType(typ),
		Type:     typ,
		Message:  cmp.Or(body.Error.Message, strings.TrimSpace(string(data))),
		Err:      err,
	}
}

// statusForType gives an error sent inside a stream the status its type
// stands for, so the retry wrapper can judge it.
func statusForType(t string) int {
	t = strings.ToLower(t)
	switch {
	case strings.Contains(t, "rate_limit"):
		return http.StatusTooManyRequests
	case strings.Contains(t, "overloaded"), strings.Contains(t, "unavailable"):
		return http.StatusServiceUnavailable
	case strings.Contains(t, "server_error"), t == "api_error", strings.Contains(t, "internal"):
		return http.StatusInternalServerError
	}
	return 0
}

var modelMissing = regexp.MustCompile(`(?i)model.*(does not exist|not found|not a valid|invalid model|unknown model|no such model)|(does not exist|not found).*model`)

// classify turns the error of a request that never started streaming into
// the error the user can act on.
func (p *Provider) classify(ctx context.Context, err error, model string) error {
	conv := p.convert(err)
	var api *llm.APIError
	if !errors.As(conv, &api) {
		return conv
	}
	switch {
	case api.Status == http.StatusUnauthorized || api.Type == "invalid_api_key" ||
		(api.Status == http.StatusForbidden && strings.Contains(strings.ToLower(api.Message), "api key")):
		env := p.o.APIKeyEnv
		return &llm.AuthError{Provider: p.o.Name, EnvVar: env, Err: api}
	case api.Type == "context_length_exceeded" || api.Status == http.StatusRequestEntityTooLarge:
		e, _ := llm.ContextOverflow(p.o.Name, model, api)
		return e
	case api.Status == http.StatusBadRequest:
		if e, ok := llm.ContextOverflow(p.o.Name, model, api); ok {
			return e
		}
		if api.Type == "model_not_found" || modelMissing.MatchString(api.Message) {
			return p.modelNotFound(ctx, model, api)
		}
	case api.Status == http.StatusNotFound:
		return p.modelNotFound(ctx, model, api)
	}
	return api
}

// modelNotFound asks the server which models it has, briefly.
func (p *Provider) modelNotFound(ctx context.Context, model string, api *llm.APIError) error {
	e := llm.ModelNotFound(ctx, p.o.Name, model, api, p.ListModels)
	switch {
	case p.o.Name == "ollama":
		e.Hint = fmt.Sprintf("fetch it with `ollama pull %s`", model)
	case e.ListErr != nil && p.o.BaseURL != DefaultBaseURL:
		e.Hint = fmt.Sprintf("check the base URL %s (OpenAI-compatible servers usually serve under /v1)", p.o.BaseURL)
	}
	return e
}

// plainMessage extracts a message from an error body that was not in
// OpenAI's {"error": {...}} shape.
func plainMessage(body []byte) string {
	var v struct {
		Error   any    `json:"error"`
		Message string `json:"message"`
		Detail  string `json:"detail"`
	}
	if json.Unmarshal(body, &v) == nil {
		if s, ok := v.Error.(string); ok && s != "" {
			return s
		}
		if m := cmp.Or(v.Message, v.Detail); m != "" {
			return m
		}
	}
	return strings.TrimSpace(string(body))
}

// stream adapts the SDK's chunk stream to llm.Stream.
type stream struct {
	p         *Provider
	st        *ssestream.Stream[oai.ChatCompletionChunk]
	maxTokens int
	cur       string
	finish    string
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
		chunk := s.st.Current()
		if u := chunk.Usage; u.PromptTokens > 0 || u.CompletionTokens > 0 {
			s.usage = llm.Usage{InputTokens: int(u.PromptTokens), OutputTokens: int(u.CompletionTokens)}
		}
		var text strings.Builder
		for _, c := range chunk.Choices {
			if c.Index != 0 {
				continue
			}
			text.WriteString(c.Delta.Content)
			if c.FinishReason != "" {
				s.finish = c.FinishReason
			}
		}
		if text.Len() > 0 {
			s.cur = text.String()
			return true
		}
	}
	s.done, s.cur = true, ""
	s.err = s.end(s.st.Err())
	return false
}

// end decides how the stream ended: a finish reason is the model's own end
// of answer; without one the answer was cut.
func (s *stream) end(err error) error {
	name := s.p.o.Name
	if err != nil {
		var se *ssestream.StreamError
		if s.finish == "stop" && !errors.As(err, &se) {
			// The answer was complete; only the usage chunk or [DONE] was lost.
			return nil
		}
		return s.p.convert(err)
	}
	switch s.finish {
	case "stop", "tool_calls", "function_call":
		return nil
	case "":
		return fmt.Errorf("%s: %w: the stream ended without a finish_reason", name, llm.ErrTruncated)
	case "length":
		return fmt.Errorf("%s: %w: the model reached the output limit (max_tokens %d); raise max_tokens in the config", name, llm.ErrTruncated, s.maxTokens)
	case "content_filter":
		return fmt.Errorf("%s: %w: the answer was stopped by the content filter", name, llm.ErrTruncated)
	default:
		return fmt.Errorf("%s: %w: finish_reason %q", name, llm.ErrTruncated, s.finish)
	}
}

// Current returns the current piece of text.
func (s *stream) Current() string { return s.cur }

// Err returns why the stream ended early, nil after a complete answer.
func (s *stream) Err() error { return s.err }

// Usage returns the token counts of the final chunk.
func (s *stream) Usage() llm.Usage { return s.usage }

// Close releases the connection.
func (s *stream) Close() error {
	s.done = true
	return s.st.Close()
}
