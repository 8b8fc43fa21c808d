package config

import (
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	cases := []struct {
		name      string
		cfg       Config
		env       map[string]string
		provider  string
		model     string
		reasonHas []string
	}{
		{"nothing configured", Config{}, nil, "offline", "",
			[]string{"offline draft", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "--provider ollama", ".groundplan.yaml"}},
		{"OpenAI key", Config{}, map[string]string{"OPENAI_API_KEY": "k"}, "openai", "gpt-4.1", []string{"OPENAI_API_KEY is set"}},
		{"Anthropic key", Config{}, map[string]string{"ANTHROPIC_API_KEY": "k"}, "anthropic", "claude-sonnet-4-5", []string{"ANTHROPIC_API_KEY"}},
		{"Gemini key", Config{}, map[string]string{"GEMINI_API_KEY": "k"}, "gemini", "gemini-2.5-flash", []string{"GEMINI_API_KEY"}},
		{"Google key", Config{}, map[string]string{"GOOGLE_API_KEY": "k"}, "gemini", "gemini-2.5-flash", []string{"GOOGLE_API_KEY"}},
		{"OpenAI first when several keys", Config{}, map[string]string{"GEMINI_API_KEY": "k", "ANTHROPIC_API_KEY": "k", "OPENAI_API_KEY": "k"}, "openai", "gpt-4.1", nil},
		{"blank key ignored", Config{}, map[string]string{"OPENAI_API_KEY": "  ", "ANTHROPIC_API_KEY": "k"}, "anthropic", "claude-sonnet-4-5", nil},
		{"explicit provider wins over keys", Config{Provider: "gemini"}, map[string]string{"OPENAI_API_KEY": "k"}, "gemini", "gemini-2.5-flash", []string{"as configured"}},
		{"explicit provider and model", Config{Provider: "anthropic", Model: "claude-opus-4-1"}, nil, "anthropic", "claude-opus-4-1", nil},
		{"alias", Config{Provider: "Google"}, nil, "gemini", "gemini-2.5-flash", nil},
		{"ollama needs no key", Config{Provider: "ollama"}, nil, "ollama", "qwen2.5-coder", nil},
		{"compatible keeps empty model", Config{Provider: "openai-compatible", BaseURL: "http://h/v1"}, nil, "openai-compatible", "", nil},
		{"explicit offline", Config{Provider: "offline"}, map[string]string{"OPENAI_API_KEY": "k"}, "offline", "", []string{"as configured"}},
		{"model implies provider", Config{Model: "claude-haiku-4-5"}, map[string]string{"OPENAI_API_KEY": "k"}, "anthropic", "claude-haiku-4-5", []string{"inferred"}},
		{"ollama tag implies ollama", Config{Model: "gpt-oss:20b"}, nil, "ollama", "gpt-oss:20b", nil},
		{"model with base URL", Config{Model: "llama", BaseURL: "http://h/v1"}, nil, "openai-compatible", "llama", []string{"http://h/v1"}},
		{"unknown model uses the key's provider", Config{Model: "my-finetune"}, map[string]string{"OPENAI_API_KEY": "k"}, "openai", "my-finetune", nil},
		{"unknown model without provider", Config{Model: "my-finetune"}, nil, "offline", "", []string{`"my-finetune"`, "no provider"}},
		{"base URL alone", Config{BaseURL: "http://localhost:8000/v1"}, nil, "openai-compatible", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, m, reason := Resolve(c.cfg, envOf(c.env))
			if p != c.provider || m != c.model {
				t.Errorf("Resolve = %q, %q; want %q, %q", p, m, c.provider, c.model)
			}
			if reason == "" {
				t.Error("empty reason")
			}
			for _, w := range c.reasonHas {
				if !strings.Contains(reason, w) {
					t.Errorf("reason %q lacks %q", reason, w)
				}
			}
		})
	}
	if p, _, _ := Resolve(Config{}, nil); p != "offline" {
		t.Errorf("nil env: %q", p)
	}
}

func TestProviderForModel(t *testing.T) {
	cases := map[string]string{
		"gpt-4.1": "openai", "o3-mini": "openai", "o4-mini": "openai", "chatgpt-4o-latest": "openai",
		"claude-3-5-haiku": "anthropic", "gemini-2.5-pro": "gemini", "models/gemini-2.5-pro": "gemini",
		"llama3.1:8b": "ollama", "qwen/qwen-2.5:free": "", "mistral": "",
	}
	for model, want := range cases {
		if got := ProviderForModel(model); got != want {
			t.Errorf("ProviderForModel(%q) = %q, want %q", model, got, want)
		}
	}
}
