package anthropic_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/llm"
	"github.com/groundplan/groundplan/internal/llm/anthropic"
	"github.com/groundplan/groundplan/internal/llm/llmtest"
)

func ev(name, data string) string { return "event: " + name + "\ndata: " + data }

func textDelta(s string) string {
	b, _ := json.Marshal(s)
	return ev("content_block_delta", fmt.Sprintf(`{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":%s}}`, b))
}

var (
	messageStart = ev("message_start", `{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","content":[],"model":"test-model","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":5,"output_tokens":1}}}`)
	blockStart   = ev("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`)
	ping         = ev("ping", `{"type":"ping"}`)
	blockStop    = ev("content_block_stop", `{"type":"content_block_stop","index":0}`)
	messageDelta = ev("message_delta", `{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}`)
	messageStop  = ev("message_stop", `{"type":"message_stop"}`)
)

var answer = []string{messageStart, blockStart, ping, textDelta("hello "), textDelta("world"), blockStop, messageDelta, messageStop}

func errorBody(status int) string {
	types := map[int]string{400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
		429: "rate_limit_error", 500: "api_error", 503: "overloaded_error", 529: "overloaded_error"}
	return fmt.Sprintf(`{"type":"error","error":{"type":%q,"message":%q}}`, types[status], http.StatusText(status))
}

func newProvider(base string) *anthropic.Provider {
	return anthropic.New(anthropic.Options{BaseURL: base, APIKey: "sk-ant-test", Model: "test-model"})
}

func TestFaults(t *testing.T) {
	llmtest.RunFaults(t, llmtest.Wire{
		Open:      func(t *testing.T, base string) llm.Provider { return newProvider(base) },
		Answer:    answer,
		Partial:   []string{messageStart, blockStart, textDelta("hello ")},
		NoFinish:  []string{messageStart, blockStart, textDelta("hello "), textDelta("world"), blockStop, messageDelta},
		Malformed: []string{ev("message_start", `{"type":"message_start","message":{"id":`)},
		ErrorBody: errorBody,
	})
}

func TestStreamRequestAndAnswer(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.SSE(answer...))
	req := llmtest.Request
	req.Model = ""
	req.Messages = append(req.Messages, llm.Message{Role: llm.RoleAssistant, Content: "Which?"}, llm.Message{Role: llm.RoleUser, Content: "Login."})
	text, usage, err := llmtest.Read(context.Background(), newProvider(srv.URL), req)
	if err != nil {
		t.Fatal(err)
	}
	if text != "hello world" {
		t.Errorf("text = %q", text)
	}
	if usage != (llm.Usage{InputTokens: 30, OutputTokens: 15}) {
		t.Errorf("usage = %+v (input counts cached tokens too)", usage)
	}
	r := srv.Request(0)
	if r.Method != http.MethodPost || r.Path != "/v1/messages" {
		t.Errorf("request %s %s", r.Method, r.Path)
	}
	if r.Header.Get("X-Api-Key") != "sk-ant-test" || r.Header.Get("Anthropic-Version") == "" {
		t.Errorf("headers = %v", r.Header)
	}
	var body struct {
		Model     string `json:"model"`
		MaxTokens int    `json:"max_tokens"`
		Stream    bool   `json:"stream"`
		System    []struct {
			Type, Text string
		} `json:"system"`
		Messages []struct {
			Role    string `json:"role"`
			Content []struct {
				Type, Text string
			} `json:"content"`
		} `json:"messages"`
		Temperature *float64 `json:"temperature"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatalf("body %s: %v", r.Body, err)
	}
	if body.Model != "test-model" || body.MaxTokens != anthropic.DefaultMaxTokens || !body.Stream || body.Temperature != nil {
		t.Errorf("body = %s", r.Body)
	}
	if len(body.System) != 1 || body.System[0].Text != "You write plans." {
		t.Errorf("system = %+v", body.System)
	}
	roles := []string{}
	for _, m := range body.Messages {
		roles = append(roles, m.Role)
	}
	if strings.Join(roles, ",") != "user,assistant,user" || body.Messages[0].Content[0].Text != "Plan the login page." {
		t.Errorf("messages = %s", r.Body)
	}
}

func TestMaxTokensAndTemperatureSent(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.SSE(answer...))
	temp := 0.3
	req := llmtest.Request
	req.MaxTokens, req.Temperature = 1000, &temp
	if _, _, err := llmtest.Read(context.Background(), newProvider(srv.URL), req); err != nil {
		t.Fatal(err)
	}
	b := string(srv.Request(0).Body)
	if !strings.Contains(b, `"max_tokens":1000`) || !strings.Contains(b, `"temperature":0.3`) {
		t.Errorf("body = %s", b)
	}
}

func TestThinkingIsNotText(t *testing.T) {
	thinking := ev("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"let me think"}}`)
	srv := llmtest.NewServer(t, llmtest.SSE(messageStart, thinking, textDelta("hello world"), messageDelta, messageStop))
	text, _, err := llmtest.Read(context.Background(), newProvider(srv.URL), llmtest.Request)
	if err != nil || text != "hello world" {
		t.Fatalf("%q %v", text, err)
	}
}

func TestBadKeyNamesVariable(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Status(401, nil, `{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}`))
	_, _, err := llmtest.Read(context.Background(), newProvider(srv.URL), llmtest.Request)
	var ae *llm.AuthError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "set ANTHROPIC_API_KEY") || !strings.Contains(err.Error(), "invalid x-api-key") {
		t.Fatalf("error = %v", err)
	}
}

func TestUnknownModelListsModels(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Status(404, nil, `{"type":"error","error":{"type":"not_found_error","message":"model: claude-9"}}`))
	srv.Route("/v1/models", llmtest.JSON(`{"data":[{"type":"model","id":"claude-sonnet-4-5-20250929","display_name":"Claude Sonnet 4.5","created_at":"2025-09-29T00:00:00Z"},{"type":"model","id":"claude-haiku-4-5-20251001","display_name":"Claude Haiku 4.5","created_at":"2025-10-01T00:00:00Z"}],"has_more":false,"first_id":"a","last_id":"b"}`))
	req := llmtest.Request
	req.Model = "claude-9"
	_, _, err := llmtest.Read(context.Background(), newProvider(srv.URL), req)
	var me *llm.ModelNotFoundError
	if !errors.As(err, &me) || strings.Join(me.Available, ",") != "claude-haiku-4-5-20251001,claude-sonnet-4-5-20250929" {
		t.Fatalf("error = %v", err)
	}
}

func TestContextTooLong(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Status(400, nil, `{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 215000 tokens > 200000 maximum"}}`))
	_, _, err := llmtest.Read(context.Background(), newProvider(srv.URL), llmtest.Request)
	var ce *llm.ContextTooLongError
	if !errors.As(err, &ce) || ce.Over() != 15000 || !strings.Contains(err.Error(), "--budget") {
		t.Fatalf("error = %v", err)
	}
}

func TestOverloadedEventBeforeTextIsRetried(t *testing.T) {
	overloaded := ev("error", `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`)
	srv := llmtest.NewServer(t, llmtest.SSE(messageStart, overloaded), llmtest.SSE(answer...))
	clock := llmtest.NewClock()
	p := llm.WithRetry(newProvider(srv.URL), llm.RetryOptions{Now: clock.Now, Sleep: clock.Sleep})
	text, _, err := llmtest.Read(context.Background(), p, llmtest.Request)
	if err != nil || text != "hello world" || srv.Count() != 2 {
		t.Fatalf("%q %v after %d requests", text, err, srv.Count())
	}
}

func TestErrorEventMidStream(t *testing.T) {
	overloaded := ev("error", `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`)
	srv := llmtest.NewServer(t, llmtest.SSE(messageStart, textDelta("hello "), overloaded))
	p := llm.WithRetry(newProvider(srv.URL), llm.RetryOptions{})
	text, _, err := llmtest.Read(context.Background(), p, llmtest.Request)
	var ae *llm.APIError
	if !errors.Is(err, llm.ErrTruncated) || !errors.As(err, &ae) || ae.Type != "overloaded_error" || ae.Status != 529 {
		t.Fatalf("error = %v", err)
	}
	if text != "hello " || srv.Count() != 1 {
		t.Errorf("%q after %d requests", text, srv.Count())
	}
}

func TestStopReasonMaxTokens(t *testing.T) {
	delta := ev("message_delta", `{"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":5}}`)
	srv := llmtest.NewServer(t, llmtest.SSE(messageStart, textDelta("hello"), delta, messageStop))
	req := llmtest.Request
	req.MaxTokens = 5
	_, u, err := llmtest.Read(context.Background(), newProvider(srv.URL), req)
	if !errors.Is(err, llm.ErrTruncated) || !strings.Contains(err.Error(), "max_tokens 5") {
		t.Fatalf("error = %v", err)
	}
	if u.OutputTokens != 5 {
		t.Errorf("usage = %+v", u)
	}
}

func TestNoKeyInEnvironmentIsUsed(t *testing.T) {
	t.Setenv("ANTHROPIC_API_KEY", "from-env")
	t.Setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:1")
	srv := llmtest.NewServer(t, llmtest.SSE(answer...))
	p := anthropic.New(anthropic.Options{BaseURL: srv.URL, APIKey: "given", Model: "m"})
	if _, _, err := llmtest.Read(context.Background(), p, llmtest.Request); err != nil {
		t.Fatal(err)
	}
	if got := srv.Request(0).Header.Get("X-Api-Key"); got != "given" {
		t.Errorf("x-api-key = %q", got)
	}
}
