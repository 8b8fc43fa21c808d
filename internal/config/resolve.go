package config

import (
	"fmt"
	"strings"
)

// DefaultModels is the model each provider uses when none is configured.
// openai-compatible has none: the server's only model is used, or the user
// must name one.
var DefaultModels = map[string]string{
	ProviderOpenAI:    "gpt-4.1",
	ProviderAnthropic: "claude-sonnet-4-5",
	ProviderGemini:    "gemini-2.5-flash",
	ProviderOllama:    "qwen2.5-coder",
}

// KeyEnvs lists, per provider, the environment variables its API key is
// read from, in order of preference.
var KeyEnvs = map[string][]string{
	ProviderOpenAI:    {"OPENAI_API_KEY"},
	ProviderAnthropic: {"ANTHROPIC_API_KEY"},
	ProviderGemini:    {"GEMINI_API_KEY", "GOOGLE_API_KEY"},
}

// HowToConfigure is the advice shown when no model is configured.
const HowToConfigure = "to use a model, set OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY, " +
	"or run a local model with --provider ollama (no key needed), " +
	"or any OpenAI-compatible server with --provider openai-compatible --base-url URL --model NAME; " +
	"--provider and --model can also go in .groundplan.yaml or the user config file (" + UserConfigFile + ")"

// Resolve decides which provider and model to use, and says why in reason,
// a sentence for stderr. An explicit provider or model wins (a model alone
// implies its provider when the name shows it: "claude-…", "gemini-…",
// "gpt-…"); a base URL alone means openai-compatible. Otherwise the first
// API key present in the environment picks its provider with that
// provider's default model: OPENAI_API_KEY, ANTHROPIC_API_KEY, then
// GEMINI_API_KEY or GOOGLE_API_KEY. With none of these, the name is
// "offline" and reason tells how to configure a model.
func Resolve(cfg Config, env func(string) string) (name, model, reason string) {
	if env == nil {
		env = func(string) string { return "" }
	}
	provider := NormalizeProvider(cfg.Provider)
	switch {
	case provider == ProviderOffline:
		return ProviderOffline, "", "using the offline draft planner as configured; " + HowToConfigure
	case provider != "":
		model = cfg.Model
		if model == "" {
			model = DefaultModels[provider]
		}
		return provider, model, fmt.Sprintf("using %s as configured", describe(provider, model))
	case cfg.Model != "":
		if p := ProviderForModel(cfg.Model); p != "" && cfg.BaseURL == "" {
			return p, cfg.Model, fmt.Sprintf("using %s (provider inferred from the model name)", describe(p, cfg.Model))
		}
		if cfg.BaseURL != "" {
			return ProviderCompatible, cfg.Model, fmt.Sprintf("using %s at %s", describe(ProviderCompatible, cfg.Model), cfg.BaseURL)
		}
		if p, envName := providerFromEnv(env); p != "" {
			return p, cfg.Model, fmt.Sprintf("using %s because %s is set", describe(p, cfg.Model), envName)
		}
		return ProviderOffline, "", fmt.Sprintf("model %q is configured but no provider is, and no API key is set; using the offline draft planner; %s", cfg.Model, HowToConfigure)
	case cfg.BaseURL != "":
		return ProviderCompatible, "", fmt.Sprintf("using the OpenAI-compatible server at %s", cfg.BaseURL)
	}
	if p, envName := providerFromEnv(env); p != "" {
		model = DefaultModels[p]
		return p, model, fmt.Sprintf("using %s because %s is set", describe(p, model), envName)
	}
	return ProviderOffline, "", "no model is configured, so this is an offline draft plan; " + HowToConfigure
}

func describe(provider, model string) string {
	if model == "" {
		return provider
	}
	return provider + " " + model
}

// providerFromEnv returns the first provider whose key variable is set.
func providerFromEnv(env func(string) string) (provider, envName string) {
	for _, p := range []string{ProviderOpenAI, ProviderAnthropic, ProviderGemini} {
		for _, name := range KeyEnvs[p] {
			if strings.TrimSpace(env(name)) != "" {
				return p, name
			}
		}
	}
	return "", ""
}

// ProviderForModel infers the provider from a model's name, "" when the
// name does not show it. A name with an Ollama tag ("llama3.1:8b") means
// ollama.
func ProviderForModel(model string) string {
	m := strings.ToLower(strings.TrimSpace(model))
	switch {
	case strings.Contains(m, ":") && !strings.Contains(m, "/"):
		return ProviderOllama // "gpt-oss:20b" is an Ollama tag too
	case strings.HasPrefix(m, "claude"):
		return ProviderAnthropic
	case strings.HasPrefix(m, "gemini"), strings.HasPrefix(m, "models/gemini"):
		return ProviderGemini
	case strings.HasPrefix(m, "gpt-"), strings.HasPrefix(m, "chatgpt-"),
		strings.HasPrefix(m, "o1"), strings.HasPrefix(m, "o3"), strings.HasPrefix(m, "o4"):
		return ProviderOpenAI
	}
	return ""
}
