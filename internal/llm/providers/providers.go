// Package providers builds the llm.Provider a configuration names, wrapped
// with retries and the response cache. It is the only place that knows
// every provider package.
package providers

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/groundplan/groundplan/internal/config"
	"github.com/groundplan/groundplan/internal/llm"
	"github.com/groundplan/groundplan/internal/llm/anthropic"
	"github.com/groundplan/groundplan/internal/llm/gemini"
	"github.com/groundplan/groundplan/internal/llm/openai"
)

// ErrOffline is returned by Open when the configuration resolves to the
// offline provider, which the planner builds itself.
var ErrOffline = errors.New("the offline provider is built by the planner, not by providers.Open")

// DefaultOllamaURL is where Ollama's OpenAI-compatible API listens unless
// OLLAMA_HOST or base_url says otherwise.
const DefaultOllamaURL = "http://localhost:11434/v1"

// Extras are optional hooks for Open; the zero value is fine.
type Extras struct {
	// OnRetry is told about every retry (e.g. to print "rate limited,
	// retrying in 4s" on stderr).
	OnRetry func(llm.RetryEvent)
	// HTTPClient sends the requests; default: one without timeouts.
	HTTPClient *http.Client
	// Now and Sleep replace the clock of the retry wrapper (tests).
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// Open builds the provider cfg resolves to (see config.Resolve), reading API
// keys through env, wrapped with llm.WithRetry and, unless cfg.NoCache,
// llm.WithCache. It returns ErrOffline for the offline provider, and an
// *llm.AuthError naming the variable to set when a key is missing. Open
// makes no network call.
func Open(ctx context.Context, cfg config.Config, env func(string) string) (llm.Provider, error) {
	return OpenWith(ctx, cfg, env, Extras{})
}

// OpenWith is Open with hooks.
func OpenWith(ctx context.Context, cfg config.Config, env func(string) string, x Extras) (llm.Provider, error) {
	if env == nil {
		env = func(string) string { return "" }
	}
	name, model, _ := config.Resolve(cfg, env)
	if name == config.ProviderOffline {
		return nil, ErrOffline
	}
	base, err := baseURL(name, cfg, env)
	if err != nil {
		return nil, err
	}
	key, keyEnv, err := apiKey(name, base, cfg, env)
	if err != nil {
		return nil, err
	}
	hc := x.HTTPClient
	if hc == nil {
		hc = llm.NewHTTPClient()
	}

	var p llm.Provider
	switch name {
	case config.ProviderOpenAI:
		p = openai.New(openai.Options{Name: name, BaseURL: base, APIKey: key, APIKeyEnv: keyEnv,
			Model: model, MaxCompletionTokens: true, HTTPClient: hc})
	case config.ProviderOllama, config.ProviderCompatible:
		o := openai.Options{Name: name, BaseURL: base, APIKey: key, APIKeyEnv: keyEnv, Model: model, HTTPClient: hc}
		if isAzure(base) {
			o.AuthHeader = "api-key"
			o.MaxCompletionTokens = true
		}
		p = openai.New(o)
	case config.ProviderAnthropic:
		p = anthropic.New(anthropic.Options{BaseURL: base, APIKey: key, APIKeyEnv: keyEnv, Model: model, HTTPClient: hc})
	case config.ProviderGemini:
		g, err := gemini.New(ctx, gemini.Options{BaseURL: base, APIKey: key, APIKeyEnv: keyEnv, Model: model, HTTPClient: hc})
		if err != nil {
			return nil, err
		}
		p = g
	default:
		return nil, fmt.Errorf("unknown provider %q (known: %s)", name, strings.Join(config.Providers, ", "))
	}

	idle := cfg.Timeout
	p = llm.WithRetry(p, llm.RetryOptions{
		MaxAttempts:    cfg.MaxAttempts,
		RequestTimeout: cfg.Timeout,
		IdleTimeout:    idle,
		Deadline:       cfg.Deadline,
		OnRetry:        x.OnRetry,
		Now:            x.Now,
		Sleep:          x.Sleep,
	})
	if !cfg.NoCache {
		dir := cfg.CacheDir
		if dir == "" {
			if dir, err = llm.DefaultCacheDir(); err != nil {
				return nil, fmt.Errorf("response cache: %w (set cache_dir, or use --no-cache)", err)
			}
		}
		p = llm.WithCache(p, dir)
	}
	return p, nil
}

// baseURL is the endpoint for provider name.
func baseURL(name string, cfg config.Config, env func(string) string) (string, error) {
	switch name {
	case config.ProviderCompatible:
		if cfg.BaseURL == "" {
			return "", errors.New("openai-compatible needs the server's address: --base-url http://host:port/v1 (or base_url in the config)")
		}
	case config.ProviderOllama:
		if cfg.BaseURL == "" {
			return ollamaURL(env("OLLAMA_HOST")), nil
		}
	}
	return cfg.BaseURL, nil
}

// ollamaURL turns OLLAMA_HOST ("0.0.0.0", "host:11434", "http://host:port")
// into the URL of Ollama's OpenAI-compatible API.
func ollamaURL(host string) string {
	host = strings.TrimSpace(host)
	if host == "" {
		return DefaultOllamaURL
	}
	if !strings.Contains(host, "://") {
		host = "http://" + host
	}
	u, err := url.Parse(host)
	if err != nil || u.Host == "" {
		return DefaultOllamaURL
	}
	h := u.Hostname()
	if h == "0.0.0.0" || h == "::" {
		h = "localhost"
	}
	port := u.Port()
	if port == "" {
		port = "11434"
	}
	u.Host = net.JoinHostPort(h, port)
	u.Path = strings.TrimSuffix(u.Path, "/") + "/v1"
	return u.String()
}

func isAzure(base string) bool {
	u, err := url.Parse(base)
	if err != nil {
		return false
	}
	h := strings.ToLower(u.Hostname())
	return strings.HasSuffix(h, ".openai.azure.com") || strings.HasSuffix(h, ".cognitiveservices.azure.com") ||
		strings.HasSuffix(h, ".services.ai.azure.com")
}

// keyEnvsFor lists where the key of provider name at base is looked for.
func keyEnvsFor(name, base string) []string {
	if envs := config.KeyEnvs[name]; len(envs) > 0 {
		return envs
	}
	if name == config.ProviderCompatible {
		switch {
		case isAzure(base):
			return []string{"AZURE_OPENAI_API_KEY"}
		case strings.Contains(strings.ToLower(base), "openrouter.ai"):
			return []string{"OPENROUTER_API_KEY"}
		}
	}
	return nil
}

// apiKey finds the key to send and the variable it came from.
func apiKey(name, base string, cfg config.Config, env func(string) string) (key, envName string, err error) {
	required := len(config.KeyEnvs[name]) > 0
	candidates := keyEnvsFor(name, base)
	if cfg.APIKeyEnv != "" {
		candidates = []string{cfg.APIKeyEnv}
	} else if cfg.BaseURLFromRepo && len(candidates) > 0 {
		// The repository chose the server: its config must not make us send
		// the user's usual key there.
		if !required {
			return "", "", nil
		}
		return "", "", fmt.Errorf("%s: the repository's %s sets base_url to %s; groundplan does not send %s to a server chosen by a repository: pass --base-url to confirm it, or set api_key_env in your user config (%s)",
			name, config.RepoConfigFile, cfg.BaseURL, candidates[0], config.UserConfigFile)
	}
	for _, c := range candidates {
		if v := strings.TrimSpace(env(c)); v != "" {
			return v, c, nil
		}
	}
	if len(candidates) == 0 {
		return "", "", nil
	}
	if required || cfg.APIKeyEnv != "" {
		return "", candidates[0], &llm.AuthError{Provider: name, EnvVar: candidates[0], Missing: true}
	}
	return "", candidates[0], nil
}
