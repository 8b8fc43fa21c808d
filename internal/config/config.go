// Package config loads groundplan's settings: the user's config file, the
// repository's .groundplan.yaml, then GROUNDPLAN_* environment variables,
// each overriding the one before. Command-line flags are applied on top by
// the front doors. Resolve picks the model provider from the result.
package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/groundplan/groundplan/internal/llm"
)

// Provider names as the user writes them.
const (
	ProviderOpenAI     = "openai"
	ProviderAnthropic  = "anthropic"
	ProviderGemini     = "gemini"
	ProviderOllama     = "ollama"
	ProviderCompatible = "openai-compatible"
	ProviderOffline    = "offline"
)

// Providers lists the provider names Config.Provider accepts.
var Providers = []string{ProviderOpenAI, ProviderAnthropic, ProviderGemini, ProviderOllama, ProviderCompatible, ProviderOffline}

// Config is everything groundplan can be told about which model to use and
// how. A zero field means "not set": the provider's or package llm's
// default applies.
type Config struct {
	// Provider is one of Providers; empty lets Resolve choose.
	Provider string `json:"provider,omitempty"`
	// Model is the provider's model name; empty takes the provider's default.
	Model string `json:"model,omitempty"`
	// BaseURL overrides the provider's endpoint (required for
	// openai-compatible, optional otherwise).
	BaseURL string `json:"base_url,omitempty"`
	// APIKeyEnv names the environment variable holding the API key, when it
	// is not the provider's usual one.
	APIKeyEnv string `json:"api_key_env,omitempty"`
	// MaxTokens limits the answer's length.
	MaxTokens int `json:"max_tokens,omitempty"`
	// Temperature is sent only when set.
	Temperature *float64 `json:"temperature,omitempty"`
	// Timeout is how long one attempt may wait for the model's first text
	// (and how long a started answer may pause).
	Timeout time.Duration `json:"timeout,omitempty"`
	// Deadline bounds a whole model call, retries included.
	Deadline time.Duration `json:"deadline,omitempty"`
	// MaxAttempts is how many times a failing request is sent at most;
	// 1 disables retries.
	MaxAttempts int `json:"max_attempts,omitempty"`
	// Budget is the token budget for the context packed into the prompt.
	Budget int `json:"budget,omitempty"`
	// NoCache bypasses the response cache.
	NoCache bool `json:"no_cache,omitempty"`
	// CacheDir is where responses are cached; default
	// llm.DefaultCacheDir().
	CacheDir string `json:"cache_dir,omitempty"`
	// Prices override or extend the built-in price table, keyed by model.
	Prices map[string]llm.Price `json:"prices,omitempty"`

	// BaseURLFromRepo is true when BaseURL came from the repository's
	// .groundplan.yaml. Providers then send no API key unless APIKeyEnv was
	// set by the user (a repository must not be able to send the user's
	// key to a server of its choosing). A front door that sets BaseURL
	// from a flag must set this back to false.
	BaseURLFromRepo bool `json:"-"`
}

// UserConfigFile is the file name under the user config directory.
const UserConfigFile = "groundplan/config.yaml"

// RepoConfigFile is the file name at the repository root.
const RepoConfigFile = ".groundplan.yaml"

// LoadOptions says where LoadFrom looks; Load fills it from the system.
type LoadOptions struct {
	// UserConfigDir is the directory holding groundplan/config.yaml
	// (os.UserConfigDir() for Load); empty skips the user file.
	UserConfigDir string
	// RepoRoot is the directory holding .groundplan.yaml; empty skips it.
	RepoRoot string
	// Getenv reads the environment; nil reads none.
	Getenv func(string) string
}

// Load merges the user's config file, the repository's .groundplan.yaml and
// the GROUNDPLAN_* environment variables, in that order, and returns the
// result with the list of sources that contributed (file paths, then
// "env GROUNDPLAN_…" entries). Files that do not exist are skipped; a file
// with an error is reported with its path and line.
func Load(ctx context.Context, repoRoot string) (Config, []string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = "" // no home: nothing to read there
	}
	return LoadFrom(ctx, LoadOptions{UserConfigDir: dir, RepoRoot: repoRoot, Getenv: os.Getenv})
}

// LoadFrom is Load with explicit places, for tests and embedders.
func LoadFrom(ctx context.Context, o LoadOptions) (Config, []string, error) {
	var (
		cfg     Config
		sources []string
	)
	type file struct {
		paths []string
		repo  bool
	}
	var files []file
	if o.UserConfigDir != "" {
		base := filepath.Join(o.UserConfigDir, "groundplan")
		files = append(files, file{paths: []string{filepath.Join(base, "config.yaml"), filepath.Join(base, "config.yml")}})
	}
	if o.RepoRoot != "" {
		files = append(files, file{paths: []string{filepath.Join(o.RepoRoot, RepoConfigFile), filepath.Join(o.RepoRoot, ".groundplan.yml")}, repo: true})
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return Config{}, nil, err
		}
		for _, path := range f.paths {
			data, err := os.ReadFile(path)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return Config{}, nil, fmt.Errorf("reading config: %w", err)
			}
			fc, err := parseFile(path, data, f.repo)
			if err != nil {
				return Config{}, nil, err
			}
			fc.apply(&cfg, f.repo)
			sources = append(sources, path)
			break
		}
	}
	if o.Getenv != nil {
		envSources, err := applyEnv(&cfg, o.Getenv)
		if err != nil {
			return Config{}, nil, err
		}
		sources = append(sources, envSources...)
	}
	return cfg, sources, nil
}

// Error is a problem in a config file, at a line when known.
type Error struct {
	File string
	Line int
	Msg  string
}

// Error formats as file:line: message.
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// fileConfig is one file's content; nil fields were not set.
type fileConfig struct {
	Provider    *string              `yaml:"provider"`
	Model       *string              `yaml:"model"`
	BaseURL     *string              `yaml:"base_url"`
	APIKeyEnv   *string              `yaml:"api_key_env"`
	MaxTokens   *int                 `yaml:"max_tokens"`
	Temperature *float64             `yaml:"temperature"`
	Timeout     *duration            `yaml:"timeout"`
	Deadline    *duration            `yaml:"deadline"`
	MaxAttempts *int                 `yaml:"max_attempts"`
	Budget      *int                 `yaml:"budget"`
	NoCache     *bool                `yaml:"no_cache"`
	CacheDir    *string              `yaml:"cache_dir"`
	Prices      map[string]llm.Price `yaml:"prices"`
}

func (f *fileConfig) apply(cfg *Config, repo bool) {
	if f.Provider != nil {
		cfg.Provider = NormalizeProvider(*f.Provider)
	}
	if f.Model != nil {
		cfg.Model = *f.Model
	}
	if f.BaseURL != nil {
		cfg.BaseURL = *f.BaseURL
		cfg.BaseURLFromRepo = repo
	}
	if f.APIKeyEnv != nil {
		cfg.APIKeyEnv = *f.APIKeyEnv
	}
	if f.MaxTokens != nil {
		cfg.MaxTokens = *f.MaxTokens
	}
	if f.Temperature != nil {
		t := *f.Temperature
		cfg.Temperature = &t
	}
	if f.Timeout != nil {
		cfg.Timeout = time.Duration(*f.Timeout)
	}
	if f.Deadline != nil {
		cfg.Deadline = time.Duration(*f.Deadline)
	}
	if f.MaxAttempts != nil {
		cfg.MaxAttempts = *f.MaxAttempts
	}
	if f.Budget != nil {
		cfg.Budget = *f.Budget
	}
	if f.NoCache != nil {
		cfg.NoCache = *f.NoCache
	}
	if f.CacheDir != nil {
		cfg.CacheDir = *f.CacheDir
	}
	if len(f.Prices) > 0 {
		if cfg.Prices == nil {
			cfg.Prices = make(map[string]llm.Price, len(f.Prices))
		}
		for k, v := range f.Prices {
			cfg.Prices[k] = v
		}
	}
}

// duration reads "90s", "5m" or a plain number of seconds.
type duration time.Duration

// UnmarshalYAML parses the scalar at n.
func (d *duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := parseDuration(n.Value)
	if err != nil || n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: want a duration such as 90s or 5m, got %q", n.Line, n.Value)}}
	}
	*d = duration(v)
	return nil
}

func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if secs, err := strconv.ParseFloat(s, 64); err == nil {
		if secs < 0 {
			return 0, errors.New("negative")
		}
		return time.Duration(secs * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err == nil && d < 0 {
		return 0, errors.New("negative")
	}
	return d, err
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// parserProblems are the messages of yaml.v3's parser (as opposed to its
// scanner). The library reports their line counting from 0, so one is
// added to show the line a user sees in an editor.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}
var unknownField = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)

// parseFile decodes and checks one config file.
func parseFile(path string, data []byte, repo bool) (*fileConfig, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(path, &doc, err)
	}
	var fc fileConfig
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&fc); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(path, &doc, err)
	}
	if err := fc.validate(path, &doc, repo); err != nil {
		return nil, err
	}
	return &fc, nil
}

// yamlError turns the YAML library's error into one naming file and line
// (the first, when there are several) and the key at fault.
func yamlError(path string, doc *yaml.Node, err error) error {
	msgs := []string{err.Error()}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	first := &Error{File: path}
	var rest []string
	for i, m := range msgs {
		m = strings.TrimSpace(m)
		line, text := 0, m
		if g := yamlLine.FindStringSubmatch(m); g != nil {
			line, _ = strconv.Atoi(g[1])
			text = g[2]
			if parserProblems[text] {
				line++
			}
		}
		if g := unknownField.FindStringSubmatch(text); g != nil && g[2] == "llm.Price" {
			text = fmt.Sprintf("prices: unknown key %q (a price has input and output, in USD per million tokens)", g[1])
		} else if g != nil {
			text = fmt.Sprintf("unknown key %q (known keys: %s)", g[1], strings.Join(knownKeys(), ", "))
		} else if key := keyAtLine(doc, line); key != "" {
			text = key + ": " + text
		}
		if i == 0 {
			first.Line, first.Msg = line, text
			continue
		}
		rest = append(rest, fmt.Sprintf("line %d: %s", line, text))
	}
	if len(rest) > 0 {
		first.Msg += "; also " + strings.Join(rest, "; ")
	}
	return first
}

func knownKeys() []string {
	return []string{"provider", "model", "base_url", "api_key_env", "max_tokens", "temperature", "timeout", "deadline", "max_attempts", "budget", "no_cache", "cache_dir", "prices"}
}

// keyAtLine finds the top-level key whose value sits on line.
func keyAtLine(doc *yaml.Node, line int) string {
	m := topMapping(doc)
	if m == nil || line == 0 {
		return ""
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Line == line || v.Line == line {
			return k.Value
		}
	}
	return ""
}

// lineOf is the line of a top-level key, 0 when absent.
func lineOf(doc *yaml.Node, key string) int {
	m := topMapping(doc)
	if m == nil {
		return 0
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return 0
}

func topMapping(doc *yaml.Node) *yaml.Node {
	if doc == nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	if m := doc.Content[0]; m.Kind == yaml.MappingNode {
		return m
	}
	return nil
}

func (f *fileConfig) validate(path string, doc *yaml.Node, repo bool) error {
	bad := func(key, format string, args ...any) error {
		return &Error{File: path, Line: lineOf(doc, key), Msg: key + ": " + fmt.Sprintf(format, args...)}
	}
	if f.Provider != nil {
		if err := checkProvider(*f.Provider); err != nil {
			return bad("provider", "%v", err)
		}
	}
	if repo && f.APIKeyEnv != nil {
		return bad("api_key_env", "a repository's config may not choose which secret is sent; set api_key_env in your user config (%s) or GROUNDPLAN_API_KEY_ENV", UserConfigFile)
	}
	if f.BaseURL != nil {
		if err := checkURL(*f.BaseURL); err != nil {
			return bad("base_url", "%v", err)
		}
	}
	for _, n := range []struct {
		key string
		v   *int
	}{{"max_tokens", f.MaxTokens}, {"max_attempts", f.MaxAttempts}, {"budget", f.Budget}} {
		if n.v != nil && *n.v < 0 {
			return bad(n.key, "must not be negative, got %d", *n.v)
		}
	}
	if f.Temperature != nil && (*f.Temperature < 0 || *f.Temperature > 2) {
		return bad("temperature", "must be between 0 and 2, got %v", *f.Temperature)
	}
	for model, p := range f.Prices {
		if p.Input < 0 || p.Output < 0 {
			return bad("prices", "%s: prices must not be negative", model)
		}
	}
	return nil
}

// NormalizeProvider lower-cases a provider name and maps the aliases users
// write ("google", "claude", "compatible", "azure") to the canonical names.
func NormalizeProvider(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	switch n {
	case "google", "google-gemini":
		return ProviderGemini
	case "claude":
		return ProviderAnthropic
	case "compatible", "openai_compatible", "openaicompatible", "azure", "azure-openai", "vllm", "llamacpp", "llama.cpp", "lmstudio", "lm-studio", "openrouter":
		return ProviderCompatible
	case "none", "draft":
		return ProviderOffline
	}
	return n
}

func checkProvider(name string) error {
	n := NormalizeProvider(name)
	for _, p := range Providers {
		if n == p {
			return nil
		}
	}
	return fmt.Errorf("unknown provider %q (known: %s)", name, strings.Join(Providers, ", "))
}

func checkURL(u string) error {
	if u == "" {
		return nil
	}
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return fmt.Errorf("want an http:// or https:// URL, got %q", u)
	}
	return nil
}

// applyEnv overlays the GROUNDPLAN_* variables and returns one source entry
// per variable used.
func applyEnv(cfg *Config, getenv func(string) string) ([]string, error) {
	var sources []string
	str := func(name string, dst *string) error {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			*dst = v
			sources = append(sources, "env "+name)
		}
		return nil
	}
	num := func(name string, dst *int) error {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fmt.Errorf("%s=%q: want a whole number ≥ 0", name, v)
		}
		*dst = n
		sources = append(sources, "env "+name)
		return nil
	}
	dur := func(name string, dst *time.Duration) error {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return nil
		}
		d, err := parseDuration(v)
		if err != nil {
			return fmt.Errorf("%s=%q: want a duration such as 90s or 5m", name, v)
		}
		*dst = d
		sources = append(sources, "env "+name)
		return nil
	}
	var provider, baseURL string
	steps := []func() error{
		func() error { return str("GROUNDPLAN_PROVIDER", &provider) },
		func() error { return str("GROUNDPLAN_MODEL", &cfg.Model) },
		func() error { return str("GROUNDPLAN_BASE_URL", &baseURL) },
		func() error { return str("GROUNDPLAN_API_KEY_ENV", &cfg.APIKeyEnv) },
		func() error { return num("GROUNDPLAN_MAX_TOKENS", &cfg.MaxTokens) },
		func() error { return num("GROUNDPLAN_MAX_ATTEMPTS", &cfg.MaxAttempts) },
		func() error { return num("GROUNDPLAN_BUDGET", &cfg.Budget) },
		func() error { return dur("GROUNDPLAN_TIMEOUT", &cfg.Timeout) },
		func() error { return dur("GROUNDPLAN_DEADLINE", &cfg.Deadline) },
		func() error { return str("GROUNDPLAN_CACHE_DIR", &cfg.CacheDir) },
		func() error {
			v := strings.TrimSpace(getenv("GROUNDPLAN_TEMPERATURE"))
			if v == "" {
				return nil
			}
			t, err := strconv.ParseFloat(v, 64)
			if err != nil || t < 0 || t > 2 {
				return fmt.Errorf("GROUNDPLAN_TEMPERATURE=%q: want a number between 0 and 2", v)
			}
			cfg.Temperature = &t
			sources = append(sources, "env GROUNDPLAN_TEMPERATURE")
			return nil
		},
		func() error {
			v := strings.TrimSpace(getenv("GROUNDPLAN_NO_CACHE"))
			if v == "" {
				return nil
			}
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("GROUNDPLAN_NO_CACHE=%q: want true or false", v)
			}
			cfg.NoCache = b
			sources = append(sources, "env GROUNDPLAN_NO_CACHE")
			return nil
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("environment: %w", err)
		}
	}
	if provider != "" {
		if err := checkProvider(provider); err != nil {
			return nil, fmt.Errorf("environment: GROUNDPLAN_PROVIDER: %w", err)
		}
		cfg.Provider = NormalizeProvider(provider)
	}
	if baseURL != "" {
		if err := checkURL(baseURL); err != nil {
			return nil, fmt.Errorf("environment: GROUNDPLAN_BASE_URL: %w", err)
		}
		cfg.BaseURL, cfg.BaseURLFromRepo = baseURL, false
	}
	return sources, nil
}
