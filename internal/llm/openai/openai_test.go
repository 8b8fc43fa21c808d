package openai_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/llm"
	"github.com/groundplan/groundplan/internal/llm/llmtest"
	"github.com/groundplan/groundplan/internal/llm/openai"
)

func chunk(delta string, finish string) string {
	fin := "null"
	if finish != "" {
		fin = fmt.Sprintf("%q", finish)
	}
	d := "{}"
	if delta != "" {
		b, _ := json.Marshal(map[string]string{"content": delta})
		d = string(b)
	}
	return fmt.Sprintf(`data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1760000000,"model":"test-model","choices":[{"index":0,"delta":%s,"logprobs":null,"finish_reason":%s}]}`, d, fin)
}

const (
	roleChunk  = `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1760000000,"model":"test-model","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}`
	usageChunk = `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1760000000,"model":"test-model","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14}}`
	done       = `data: [DONE]`
)

var answer = []string{roleChunk, chunk("hello ", ""), chunk("world", ""), chunk("", "stop"), usageChunk, done}

func errorBody(status int) string {
	types := map[int][2]string{
		401: {"invalid_request_error", "invalid_api_key"},
		404: {"invalid_request_error", "model_not_found"},
		429: {"requests", "rate_limit_exceeded"},
		500: {"server_error", ""},
		503: {"server_error", ""},
	}
	t := types[status]
	code := "null"
	if t[1] != "" {
		code = fmt.Sprintf("%q", t[1])
	}
	return fmt.Sprintf(`{"error":{"message":%q,"type":%q,"param":null,"code":%s}}`, http.StatusText(status), t[0], code)
}

func newProvider(t *testing.T, base string, mod ...func(*openai.Options)) *openai.Provider {
	o := openai.Options{BaseURL: base + "/v1", APIKey: "sk-test", APIKeyEnv: "OPENAI_API_KEY", MaxCompletionTokens: true}
	for _, m := range mod {
		m(&o)
	}
	return openai.New(o)
}

func TestFaults(t *testing.T) {
	llmtest.RunFaults(t, llmtest.Wire{
		Open:      func(t *testing.T, base string) llm.Provider { return newProvider(t, base) },
		Answer:    answer,
		Partial:   []string{roleChunk, chunk("hello ", "")},
		NoFinish:  []string{roleChunk, chunk("hello ", ""), chunk("world", ""), done},
		Malformed: []string{`data: {"id":"chatcmpl-1","choices":[{"index":0,"delta":{"content":"hel`, done},
		ErrorBody: errorBody,
	})
}

func TestStreamRequestAndAnswer(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.SSE(answer...))
	temp := 0.2
	req := llmtest.Request
	req.MaxTokens = 500
	req.Temperature = &temp
	req.Messages = append(req.Messages, llm.Message{Role: llm.RoleAssistant, Content: "Which page?"}, llm.Message{Role: llm.RoleUser, Content: "Login."})
	text, usage, err := llmtest.Read(context.Background(), newProvider(t, srv.URL), req)
	if err != nil {
		t.Fatal(err)
	}
	if text != "hello world" {
		t.Errorf("text = %q", text)
	}
	if usage != (llm.Usage{InputTokens: 12, OutputTokens: 2}) {
		t.Errorf("usage = %+v", usage)
	}
	r := srv.Request(0)
	if r.Method != http.MethodPost || r.Path != "/v1/chat/completions" {
		t.Errorf("request %s %s", r.Method, r.Path)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer sk-test" {
		t.Errorf("Authorization = %q", got)
	}
	var body struct {
		Model         string  `json:"model"`
		Stream        bool    `json:"stream"`
		MaxCompletion int     `json:"max_completion_tokens"`
		MaxTokens     int     `json:"max_tokens"`
		Temperature   float64 `json:"temperature"`
		StreamOptions struct {
			IncludeUsage bool `json:"include_usage"`
		} `json:"stream_options"`
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatalf("body %s: %v", r.Body, err)
	}
	if body.Model != "test-model" || !body.Stream || !body.StreamOptions.IncludeUsage || body.MaxCompletion != 500 || body.MaxTokens != 0 || body.Temperature != 0.2 {
		t.Errorf("body = %s", r.Body)
	}
	wantRoles := []string{"system", "user", "assistant", "user"}
	if len(body.Messages) != len(wantRoles) {
		t.Fatalf("messages = %+v", body.Messages)
	}
	for i, m := range body.Messages {
		if m.Role != wantRoles[i] {
			t.Errorf("message %d role %q, want %q", i, m.Role, wantRoles[i])
		}
	}
	if body.Messages[0].Content != "You write plans." || body.Messages[1].Content != "Plan the login page." {
		t.Errorf("messages = %+v", body.Messages)
	}
}

func TestCompatibleServerWithoutKey(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.SSE(answer...))
	p := newProvider(t, srv.URL, func(o *openai.Options) {
		o.Name, o.APIKey, o.MaxCompletionTokens = "ollama", "", false
	})
	req := llmtest.Request
	req.MaxTokens = 300
	if _, _, err := llmtest.Read(context.Background(), p, req); err != nil {
		t.Fatal(err)
	}
	r := srv.Request(0)
	if h := r.Header.Get("Authorization"); h != "" {
		t.Errorf("Authorization sent without a key: %q", h)
	}
	if !strings.Contains(string(r.Body), `"max_tokens":300`) || strings.Contains(string(r.Body), "max_completion_tokens") {
		t.Errorf("body = %s", r.Body)
	}
	if p.Name() != "ollama" {
		t.Errorf("Name = %q", p.Name())
	}
}

func TestAzureKeyHeader(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.SSE(answer...))
	p := newProvider(t, srv.URL, func(o *openai.Options) { o.AuthHeader = "api-key"; o.APIKey = "az-key" })
	if _, _, err := llmtest.Read(context.Background(), p, llmtest.Request); err != nil {
		t.Fatal(err)
	}
	r := srv.Request(0)
	if r.Header.Get("api-key") != "az-key" || r.Header.Get("Authorization") != "" {
		t.Errorf("headers = %v", r.Header)
	}
}

func TestBadKeyNamesVariable(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Status(401, nil, `{"error":{"message":"Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`))
	_, _, err := llmtest.Read(context.Background(), newProvider(t, srv.URL), llmtest.Request)
	var ae *llm.AuthError
	if !errors.As(err, &ae) || ae.EnvVar != "OPENAI_API_KEY" {
		t.Fatalf("error = %v, want an AuthError", err)
	}
	if !strings.Contains(err.Error(), "set OPENAI_API_KEY") {
		t.Errorf("message %q does not say which variable to set", err)
	}
}

func TestUnknownModelListsModels(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Status(404, nil, `{"error":{"message":"The model `+"`gpt-9`"+` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}`))
	srv.Route("/v1/models", llmtest.JSON(`{"object":"list","data":[{"id":"gpt-4.1","object":"model","created":1,"owned_by":"openai"},{"id":"gpt-4.1-mini","object":"model","created":1,"owned_by":"openai"}]}`))
	req := llmtest.Request
	req.Model = "gpt-9"
	_, _, err := llmtest.Read(context.Background(), newProvider(t, srv.URL), req)
	var me *llm.ModelNotFoundError
	if !errors.As(err, &me) {
		t.Fatalf("error = %v, want ModelNotFoundError", err)
	}
	if me.Model != "gpt-9" || strings.Join(me.Available, ",") != "gpt-4.1,gpt-4.1-mini" {
		t.Errorf("error = %+v", me)
	}
	if !strings.Contains(err.Error(), "gpt-4.1, gpt-4.1-mini") {
		t.Errorf("message %q does not list the models", err)
	}
}

func TestOllamaUnknownModelSuggestsPull(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Status(404, nil, `{"error":{"message":"model \"llama9\" not found, try pulling it first","type":"api_error","param":null,"code":null}}`))
	srv.Route("/v1/models", llmtest.JSON(`{"object":"list","data":[{"id":"qwen2.5-coder:latest","object":"model","created":1,"owned_by":"library"}]}`))
	p := newProvider(t, srv.URL, func(o *openai.Options) { o.Name, o.APIKey = "ollama", "" })
	req := llmtest.Request
	req.Model = "llama9"
	_, _, err := llmtest.Read(context.Background(), p, req)
	if err == nil || !strings.Contains(err.Error(), "qwen2.5-coder:latest") || !strings.Contains(err.Error(), "ollama pull llama9") {
		t.Fatalf("error = %v", err)
	}
}

func TestContextTooLong(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Status(400, nil, `{"error":{"message":"This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}`))
	_, _, err := llmtest.Read(context.Background(), newProvider(t, srv.URL), llmtest.Request)
	var ce *llm.ContextTooLongError
	if !errors.As(err, &ce) {
		t.Fatalf("error = %v, want ContextTooLongError", err)
	}
	if ce.Tokens != 131072 || ce.Limit != 128000 || ce.Over() != 3072 {
		t.Errorf("error = %+v", ce)
	}
	if !strings.Contains(err.Error(), "3072 over") || !strings.Contains(err.Error(), "--budget") {
		t.Errorf("message = %q", err)
	}
}

func TestFinishReasonLengthIsTruncation(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.SSE(roleChunk, chunk("hello", ""), chunk("", "length"), usageChunk, done))
	req := llmtest.Request
	req.MaxTokens = 5
	text, _, err := llmtest.Read(context.Background(), newProvider(t, srv.URL), req)
	if !errors.Is(err, llm.ErrTruncated) || !strings.Contains(err.Error(), "max_tokens 5") {
		t.Fatalf("error = %v", err)
	}
	if text != "hello" {
		t.Errorf("text = %q", text)
	}
}

func TestErrorEventInStream(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.SSE(roleChunk, chunk("hello ", ""), `data: {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}`))
	text, _, err := llmtest.Read(context.Background(), newProvider(t, srv.URL), llmtest.Request)
	var ae *llm.APIError
	if !errors.As(err, &ae) || ae.Type != "server_error" || ae.Status != 500 || !strings.Contains(ae.Message, "server had an error") {
		t.Fatalf("error = %v", err)
	}
	if text != "hello " {
		t.Errorf("text = %q", text)
	}
}

func TestCompleteAnswerSurvivesLostDone(t *testing.T) {
	// finish_reason arrived; only the usage chunk and [DONE] were lost.
	srv := llmtest.NewServer(t, llmtest.ResetAfter(roleChunk, chunk("hello world", ""), chunk("", "stop")))
	text, _, err := llmtest.Read(context.Background(), newProvider(t, srv.URL), llmtest.Request)
	if err != nil || text != "hello world" {
		t.Fatalf("%q, %v", text, err)
	}
}

func TestSoleModelOfServer(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.SSE(answer...))
	srv.Route("/v1/models", llmtest.JSON(`{"object":"list","data":[{"id":"Qwen/Qwen2.5-Coder-7B-Instruct","object":"model","created":1,"owned_by":"vllm"}]}`))
	p := newProvider(t, srv.URL, func(o *openai.Options) { o.Name, o.APIKey = "openai-compatible", "" })
	req := llmtest.Request
	req.Model = ""
	if _, _, err := llmtest.Read(context.Background(), p, req); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(srv.Request(0).Body), `"model":"Qwen/Qwen2.5-Coder-7B-Instruct"`) {
		t.Errorf("body = %s", srv.Request(0).Body)
	}

	srv2 := llmtest.NewServer(t, llmtest.SSE(answer...))
	srv2.Route("/v1/models", llmtest.JSON(`{"object":"list","data":[{"id":"a","object":"model"},{"id":"b","object":"model"}]}`))
	p2 := newProvider(t, srv2.URL, func(o *openai.Options) { o.Name, o.APIKey = "openai-compatible", "" })
	_, _, err := llmtest.Read(context.Background(), p2, req)
	if err == nil || !strings.Contains(err.Error(), "a, b") || !strings.Contains(err.Error(), "--model") {
		t.Fatalf("error = %v", err)
	}
	if srv2.Count() != 0 {
		t.Errorf("a completion was requested without a model")
	}
}

func TestDefaultModelAndScope(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.SSE(answer...))
	p := newProvider(t, srv.URL, func(o *openai.Options) { o.Model = "gpt-4.1-mini" })
	req := llmtest.Request
	req.Model = ""
	if _, _, err := llmtest.Read(context.Background(), p, req); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(srv.Request(0).Body), `"model":"gpt-4.1-mini"`) {
		t.Errorf("body = %s", srv.Request(0).Body)
	}
	if !strings.Contains(p.Scope(), srv.URL) || !strings.Contains(p.Scope(), "gpt-4.1-mini") {
		t.Errorf("Scope = %q", p.Scope())
	}
}
