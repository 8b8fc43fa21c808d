package gemini_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/llm"
	"github.com/groundplan/groundplan/internal/llm/gemini"
	"github.com/groundplan/groundplan/internal/llm/llmtest"
)

func chunk(text, finish string, prompt, out int) string {
	t, _ := json.Marshal(text)
	fin := ""
	if finish != "" {
		fin = fmt.Sprintf(`,"finishReason":%q`, finish)
	}
	usage := fmt.Sprintf(`{"promptTokenCount":%d,"totalTokenCount":%d}`, prompt, prompt)
	if out > 0 {
		usage = fmt.Sprintf(`{"promptTokenCount":%d,"candidatesTokenCount":%d,"thoughtsTokenCount":3,"totalTokenCount":%d}`, prompt, out, prompt+out+3)
	}
	return fmt.Sprintf(`data: {"candidates":[{"content":{"parts":[{"text":%s}],"role":"model"}%s,"index":0}],"usageMetadata":%s,"modelVersion":"test-model","responseId":"resp-1"}`, t, fin, usage)
}

var answer = []string{chunk("hello ", "", 12, 0), chunk("world", "STOP", 12, 2)}

func errorBody(status int) string {
	codes := map[int]string{400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}
	return fmt.Sprintf(`{"error":{"code":%d,"message":%q,"status":%q}}`, status, http.StatusText(status), codes[status])
}

func newProvider(t *testing.T, base string) *gemini.Provider {
	t.Helper()
	p, err := gemini.New(context.Background(), gemini.Options{BaseURL: base, APIKey: "gm-test", Model: "test-model"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFaults(t *testing.T) {
	llmtest.RunFaults(t, llmtest.Wire{
		Open:      func(t *testing.T, base string) llm.Provider { return newProvider(t, base) },
		Answer:    answer,
		Partial:   []string{chunk("hello ", "", 12, 0)},
		NoFinish:  []string{chunk("hello ", "", 12, 0), chunk("world", "", 12, 2)},
		Malformed: []string{`data: {"candidates":[{"content":{"parts":[{"text":"hel`},
		ErrorBody: errorBody,
	})
}

func TestStreamRequestAndAnswer(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.SSE(answer...))
	temp := 0.4
	req := llmtest.Request
	req.MaxTokens, req.Temperature = 2048, &temp
	req.Messages = append(req.Messages, llm.Message{Role: llm.RoleAssistant, Content: "Which?"}, llm.Message{Role: llm.RoleUser, Content: "Login."})
	text, usage, err := llmtest.Read(context.Background(), newProvider(t, srv.URL), req)
	if err != nil {
		t.Fatal(err)
	}
	if text != "hello world" {
		t.Errorf("text = %q", text)
	}
	if usage != (llm.Usage{InputTokens: 12, OutputTokens: 5}) {
		t.Errorf("usage = %+v (output counts thinking tokens)", usage)
	}
	r := srv.Request(0)
	if r.Method != http.MethodPost || r.Path != "/v1beta/models/test-model:streamGenerateContent" || r.RawQuery != "alt=sse" {
		t.Errorf("request %s %s?%s", r.Method, r.Path, r.RawQuery)
	}
	if r.Header.Get("X-Goog-Api-Key") != "gm-test" {
		t.Errorf("headers = %v", r.Header)
	}
	var body struct {
		Contents []struct {
			Role  string `json:"role"`
			Parts []struct {
				Text string `json:"text"`
			} `json:"parts"`
		} `json:"contents"`
		SystemInstruction struct {
			Parts []struct {
				Text string `json:"text"`
			} `json:"parts"`
		} `json:"systemInstruction"`
		GenerationConfig struct {
			MaxOutputTokens int     `json:"maxOutputTokens"`
			Temperature     float64 `json:"temperature"`
		} `json:"generationConfig"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatalf("body %s: %v", r.Body, err)
	}
	var roles []string
	for _, c := range body.Contents {
		roles = append(roles, c.Role)
	}
	if strings.Join(roles, ",") != "user,model,user" || body.Contents[0].Parts[0].Text != "Plan the login page." {
		t.Errorf("contents = %s", r.Body)
	}
	if len(body.SystemInstruction.Parts) != 1 || body.SystemInstruction.Parts[0].Text != "You write plans." {
		t.Errorf("systemInstruction = %s", r.Body)
	}
	if body.GenerationConfig.MaxOutputTokens != 2048 || fmt.Sprintf("%.1f", body.GenerationConfig.Temperature) != "0.4" {
		t.Errorf("generationConfig = %s", r.Body)
	}
}

func TestThoughtPartsAreNotText(t *testing.T) {
	thought := `data: {"candidates":[{"content":{"parts":[{"text":"thinking...","thought":true}],"role":"model"},"index":0}]}`
	srv := llmtest.NewServer(t, llmtest.SSE(thought, chunk("hello world", "STOP", 1, 1)))
	text, _, err := llmtest.Read(context.Background(), newProvider(t, srv.URL), llmtest.Request)
	if err != nil || text != "hello world" {
		t.Fatalf("%q %v", text, err)
	}
}

func TestBadKeyNamesVariable(t *testing.T) {
	body := `{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}`
	srv := llmtest.NewServer(t, llmtest.Status(400, nil, body))
	_, _, err := llmtest.Read(context.Background(), newProvider(t, srv.URL), llmtest.Request)
	var ae *llm.AuthError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "set GEMINI_API_KEY") {
		t.Fatalf("error = %v", err)
	}
}

func TestMissingKey(t *testing.T) {
	t.Setenv("GEMINI_API_KEY", "from-env-must-not-be-used")
	_, err := gemini.New(context.Background(), gemini.Options{Model: "m"})
	var ae *llm.AuthError
	if !errors.As(err, &ae) || !ae.Missing || !strings.Contains(err.Error(), "GEMINI_API_KEY") {
		t.Fatalf("error = %v", err)
	}
}

func TestUnknownModelListsModels(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Status(404, nil, `{"error":{"code":404,"message":"models/gemini-9 is not found for API version v1beta, or is not supported for generateContent.","status":"NOT_FOUND"}}`))
	srv.Route("/v1beta/models", llmtest.JSON(`{"models":[{"name":"models/gemini-2.5-flash","supportedGenerationMethods":["generateContent","countTokens"]},{"name":"models/text-embedding-004","supportedGenerationMethods":["embedContent"]},{"name":"models/gemini-2.5-pro","supportedGenerationMethods":["generateContent"]}]}`))
	req := llmtest.Request
	req.Model = "gemini-9"
	_, _, err := llmtest.Read(context.Background(), newProvider(t, srv.URL), req)
	var me *llm.ModelNotFoundError
	if !errors.As(err, &me) || strings.Join(me.Available, ",") != "gemini-2.5-flash,gemini-2.5-pro" {
		t.Fatalf("error = %v", err)
	}
}

func TestContextTooLong(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Status(400, nil, `{"error":{"code":400,"message":"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).","status":"INVALID_ARGUMENT"}}`))
	_, _, err := llmtest.Read(context.Background(), newProvider(t, srv.URL), llmtest.Request)
	var ce *llm.ContextTooLongError
	if !errors.As(err, &ce) || ce.Over() != 1200000-1048576 {
		t.Fatalf("error = %v", err)
	}
}

func TestRetryInfoDetail(t *testing.T) {
	body := `{"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"}]}}`
	srv := llmtest.NewServer(t, llmtest.Status(429, nil, body), llmtest.SSE(answer...))
	clock := llmtest.NewClock()
	p := llm.WithRetry(newProvider(t, srv.URL), llm.RetryOptions{Now: clock.Now, Sleep: clock.Sleep})
	if _, _, err := llmtest.Read(context.Background(), p, llmtest.Request); err != nil {
		t.Fatal(err)
	}
	if got := clock.Sleeps(); len(got) != 1 || got[0].Seconds() != 37 {
		t.Errorf("waits = %v, want [37s]", got)
	}
}

func TestMaxTokensFinishIsTruncation(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.SSE(chunk("hello", "MAX_TOKENS", 3, 1)))
	_, _, err := llmtest.Read(context.Background(), newProvider(t, srv.URL), llmtest.Request)
	if !errors.Is(err, llm.ErrTruncated) || !strings.Contains(err.Error(), "output limit") {
		t.Fatalf("error = %v", err)
	}
}

func TestBlockedPrompt(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.SSE(`data: {"promptFeedback":{"blockReason":"SAFETY"},"usageMetadata":{"promptTokenCount":5}}`))
	_, _, err := llmtest.Read(context.Background(), newProvider(t, srv.URL), llmtest.Request)
	if err == nil || !strings.Contains(err.Error(), "blocked") {
		t.Fatalf("error = %v", err)
	}
}
