package providers

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/groundplan/groundplan/internal/config"
	"github.com/groundplan/groundplan/internal/llm"
	"github.com/groundplan/groundplan/internal/llm/llmtest"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

const openaiAnswer = `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"hello world"},"finish_reason":"stop"}]}`
const openaiUsage = `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9}}`

func openaiServer(t *testing.T) *llmtest.Server {
	return llmtest.NewServer(t, llmtest.SSE(openaiAnswer, openaiUsage, "data: [DONE]"))
}

func TestOpenOffline(t *testing.T) {
	for _, cfg := range []config.Config{{}, {Provider: "offline"}, {Model: "unknown-family"}} {
		if _, err := Open(context.Background(), cfg, envOf(nil)); !errors.Is(err, ErrOffline) {
			t.Errorf("Open(%+v) = %v, want ErrOffline", cfg, err)
		}
	}
}

func TestOpenMissingKey(t *testing.T) {
	cases := map[string]string{"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY", "gemini": "GEMINI_API_KEY"}
	for provider, env := range cases {
		_, err := Open(context.Background(), config.Config{Provider: provider}, envOf(nil))
		var ae *llm.AuthError
		if !errors.As(err, &ae) || !ae.Missing || ae.EnvVar != env || !strings.Contains(err.Error(), "set "+env) {
			t.Errorf("%s: error = %v", provider, err)
		}
	}
	_, err := Open(context.Background(), config.Config{Provider: "ollama", APIKeyEnv: "OLLAMA_KEY"}, envOf(nil))
	if err == nil || !strings.Contains(err.Error(), "OLLAMA_KEY") {
		t.Errorf("a key variable named explicitly but empty: %v", err)
	}
}

func TestOpenOpenAIWithCache(t *testing.T) {
	srv := openaiServer(t)
	cfg := config.Config{Provider: "openai", Model: "gpt-4.1", BaseURL: srv.URL + "/v1", CacheDir: t.TempDir()}
	p, err := Open(context.Background(), cfg, envOf(map[string]string{"OPENAI_API_KEY": "sk-1"}))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name() != "openai" {
		t.Errorf("Name = %q", p.Name())
	}
	req := llm.Request{Messages: []llm.Message{{Role: llm.RoleUser, Content: "plan"}}}
	for i := 0; i < 2; i++ {
		s, err := p.Stream(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		cached := llm.FromCache(s)
		text, u, err := llm.Collect(s)
		if err != nil || text != "hello world" || u.InputTokens != 7 {
			t.Fatalf("run %d: %q %+v %v", i, text, u, err)
		}
		if cached != (i == 1) {
			t.Errorf("run %d: cached = %v", i, cached)
		}
	}
	if srv.Count() != 1 {
		t.Errorf("requests = %d, want 1 (second run from cache)", srv.Count())
	}
	r := srv.Request(0)
	if r.Header.Get("Authorization") != "Bearer sk-1" || !strings.Contains(string(r.Body), `"model":"gpt-4.1"`) {
		t.Errorf("request = %v %s", r.Header, r.Body)
	}
}

func TestOpenNoCache(t *testing.T) {
	srv := openaiServer(t)
	cfg := config.Config{Provider: "openai", BaseURL: srv.URL + "/v1", NoCache: true}
	p, err := Open(context.Background(), cfg, envOf(map[string]string{"OPENAI_API_KEY": "k"}))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if _, _, err := llmtest.Read(context.Background(), p, llm.Request{}); err != nil {
			t.Fatal(err)
		}
	}
	if srv.Count() != 2 {
		t.Errorf("requests = %d, want 2", srv.Count())
	}
	if !strings.Contains(string(srv.Request(0).Body), `"model":"gpt-4.1"`) {
		t.Errorf("default model not used: %s", srv.Request(0).Body)
	}
}

func TestOpenOllamaFromHostVariable(t *testing.T) {
	srv := openaiServer(t)
	env := envOf(map[string]string{"OLLAMA_HOST": srv.URL, "OPENAI_API_KEY": "must-not-leak"})
	p, err := Open(context.Background(), config.Config{Provider: "ollama", NoCache: true}, env)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := llmtest.Read(context.Background(), p, llm.Request{}); err != nil {
		t.Fatal(err)
	}
	r := srv.Request(0)
	if r.Path != "/v1/chat/completions" || r.Header.Get("Authorization") != "" || !strings.Contains(string(r.Body), `"model":"qwen2.5-coder"`) {
		t.Errorf("request %s %v %s", r.Path, r.Header, r.Body)
	}
}

func TestOpenCompatible(t *testing.T) {
	_, err := Open(context.Background(), config.Config{Provider: "openai-compatible"}, envOf(nil))
	if err == nil || !strings.Contains(err.Error(), "--base-url") {
		t.Fatalf("error = %v", err)
	}
	srv := openaiServer(t)
	cfg := config.Config{Provider: "openai-compatible", BaseURL: srv.URL + "/v1", Model: "local", APIKeyEnv: "VLLM_KEY", NoCache: true}
	p, err := Open(context.Background(), cfg, envOf(map[string]string{"VLLM_KEY": "v-1"}))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := llmtest.Read(context.Background(), p, llm.Request{}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Request(0).Header.Get("Authorization"); got != "Bearer v-1" {
		t.Errorf("Authorization = %q", got)
	}
}

func TestRepoChosenServerGetsNoKey(t *testing.T) {
	srv := openaiServer(t)
	env := envOf(map[string]string{"OPENAI_API_KEY": "secret"})
	cfg := config.Config{Provider: "openai", BaseURL: srv.URL + "/v1", BaseURLFromRepo: true, NoCache: true}
	_, err := Open(context.Background(), cfg, env)
	if err == nil || !strings.Contains(err.Error(), "repository") || !strings.Contains(err.Error(), "OPENAI_API_KEY") {
		t.Fatalf("error = %v", err)
	}

	// With the user's own api_key_env the key is sent.
	cfg.APIKeyEnv = "OPENAI_API_KEY"
	p, err := Open(context.Background(), cfg, env)
	if err != nil {
		t.Fatal(err)
	}
	llmtest.Read(context.Background(), p, llm.Request{})
	if got := srv.Request(0).Header.Get("Authorization"); got != "Bearer secret" {
		t.Errorf("Authorization = %q", got)
	}

	// An OpenRouter URL from the repository does not get OPENROUTER_API_KEY.
	key, _, err := apiKey("openai-compatible", "https://openrouter.ai/api/v1",
		config.Config{BaseURL: "https://openrouter.ai/api/v1", BaseURLFromRepo: true}, envOf(map[string]string{"OPENROUTER_API_KEY": "or"}))
	if err != nil || key != "" {
		t.Errorf("key %q err %v", key, err)
	}
}

func TestOpenAnthropicAndGemini(t *testing.T) {
	ant := llmtest.NewServer(t, llmtest.SSE(
		"event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"x\",\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}",
		"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hello world\"}}",
		"event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2}}",
		"event: message_stop\ndata: {\"type\":\"message_stop\"}",
	))
	p, err := Open(context.Background(), config.Config{Provider: "anthropic", BaseURL: ant.URL, Model: "claude-haiku-4-5", NoCache: true},
		envOf(map[string]string{"ANTHROPIC_API_KEY": "a-1"}))
	if err != nil {
		t.Fatal(err)
	}
	if text, _, err := llmtest.Read(context.Background(), p, llm.Request{}); err != nil || text != "hello world" {
		t.Fatalf("anthropic: %q %v", text, err)
	}
	if !strings.Contains(string(ant.Request(0).Body), `"model":"claude-haiku-4-5"`) || ant.Request(0).Header.Get("X-Api-Key") != "a-1" {
		t.Errorf("anthropic request %v %s", ant.Request(0).Header, ant.Request(0).Body)
	}

	gem := llmtest.NewServer(t, llmtest.SSE(`data: {"candidates":[{"content":{"parts":[{"text":"hello world"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":2}}`))
	p, err = Open(context.Background(), config.Config{Provider: "gemini", BaseURL: gem.URL, NoCache: true},
		envOf(map[string]string{"GOOGLE_API_KEY": "g-1"}))
	if err != nil {
		t.Fatal(err)
	}
	if text, _, err := llmtest.Read(context.Background(), p, llm.Request{}); err != nil || text != "hello world" {
		t.Fatalf("gemini: %q %v", text, err)
	}
	if r := gem.Request(0); r.Path != "/v1beta/models/gemini-2.5-flash:streamGenerateContent" || r.Header.Get("X-Goog-Api-Key") != "g-1" {
		t.Errorf("gemini request %s %v", r.Path, r.Header)
	}
}

func TestOpenWiresRetry(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Status(500, nil, `{"error":{"message":"boom","type":"server_error"}}`))
	clock := llmtest.NewClock()
	var events []llm.RetryEvent
	cfg := config.Config{Provider: "openai", BaseURL: srv.URL + "/v1", MaxAttempts: 2, NoCache: true}
	p, err := OpenWith(context.Background(), cfg, envOf(map[string]string{"OPENAI_API_KEY": "k"}), Extras{
		Now: clock.Now, Sleep: clock.Sleep, OnRetry: func(e llm.RetryEvent) { events = append(events, e) },
	})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = llmtest.Read(context.Background(), p, llm.Request{})
	var ae *llm.APIError
	if !errors.As(err, &ae) || ae.Status != 500 || srv.Count() != 2 || len(events) != 1 {
		t.Fatalf("err %v, %d requests, %d events", err, srv.Count(), len(events))
	}
}

func TestOpenTimeout(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Hang())
	cfg := config.Config{Provider: "openai", BaseURL: srv.URL + "/v1", Timeout: 50 * time.Millisecond, MaxAttempts: 1, NoCache: true}
	p, err := Open(context.Background(), cfg, envOf(map[string]string{"OPENAI_API_KEY": "k"}))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = llmtest.Read(context.Background(), p, llm.Request{})
	var te *llm.TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("error = %v", err)
	}
}

func TestOllamaURL(t *testing.T) {
	cases := map[string]string{
		"":                        "http://localhost:11434/v1",
		"0.0.0.0":                 "http://localhost:11434/v1",
		"127.0.0.1:9999":          "http://127.0.0.1:9999/v1",
		"http://gpu-box:11434":    "http://gpu-box:11434/v1",
		"https://ollama.example/": "https://ollama.example:11434/v1",
		"http://[::1]:11434":      "http://[::1]:11434/v1",
	}
	for in, want := range cases {
		if got := ollamaURL(in); got != want {
			t.Errorf("ollamaURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAzureAndOpenRouterKeys(t *testing.T) {
	if !isAzure("https://my-res.openai.azure.com/openai/v1/") || isAzure("https://api.openai.com/v1") {
		t.Error("isAzure")
	}
	if got := keyEnvsFor("openai-compatible", "https://my-res.openai.azure.com/openai/v1/"); len(got) != 1 || got[0] != "AZURE_OPENAI_API_KEY" {
		t.Errorf("azure key envs = %v", got)
	}
	key, env, err := apiKey("openai-compatible", "https://openrouter.ai/api/v1", config.Config{}, envOf(map[string]string{"OPENROUTER_API_KEY": "or-1"}))
	if key != "or-1" || env != "OPENROUTER_API_KEY" || err != nil {
		t.Errorf("openrouter key %q %q %v", key, env, err)
	}
}
