package config

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/groundplan/groundplan/internal/llm"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadMergeOrder(t *testing.T) {
	user, repo := t.TempDir(), t.TempDir()
	write(t, filepath.Join(user, "groundplan", "config.yaml"), `
provider: anthropic
model: claude-sonnet-4-5
max_tokens: 4000
timeout: 90s
deadline: 10m
cache_dir: /tmp/user-cache
prices:
  claude-sonnet-4-5: {input: 2, output: 10}
  my-model: {input: 1, output: 1}
`)
	write(t, filepath.Join(repo, ".groundplan.yaml"), `
model: claude-haiku-4-5
temperature: 0.2
budget: 60000
prices:
  my-model: {input: 5, output: 5}
`)
	env := envOf(map[string]string{
		"GROUNDPLAN_MAX_TOKENS": "8000",
		"GROUNDPLAN_NO_CACHE":   "true",
		"GROUNDPLAN_TIMEOUT":    "120",
	})
	cfg, sources, err := LoadFrom(context.Background(), LoadOptions{UserConfigDir: user, RepoRoot: repo, Getenv: env})
	if err != nil {
		t.Fatal(err)
	}
	temp := 0.2
	want := Config{
		Provider:    "anthropic",
		Model:       "claude-haiku-4-5", // repo over user
		MaxTokens:   8000,               // env over user
		Temperature: &temp,
		Timeout:     120 * time.Second, // env over user
		Deadline:    10 * time.Minute,
		Budget:      60000,
		NoCache:     true,
		CacheDir:    "/tmp/user-cache",
		Prices: map[string]llm.Price{
			"claude-sonnet-4-5": {Input: 2, Output: 10},
			"my-model":          {Input: 5, Output: 5}, // repo over user, key by key
		},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("config =\n%+v\nwant\n%+v", cfg, want)
	}
	wantSources := []string{
		filepath.Join(user, "groundplan", "config.yaml"),
		filepath.Join(repo, ".groundplan.yaml"),
		"env GROUNDPLAN_MAX_TOKENS", "env GROUNDPLAN_TIMEOUT", "env GROUNDPLAN_NO_CACHE",
	}
	if !reflect.DeepEqual(sources, wantSources) {
		t.Errorf("sources = %q, want %q", sources, wantSources)
	}
}

func TestLoadNothing(t *testing.T) {
	cfg, sources, err := LoadFrom(context.Background(), LoadOptions{UserConfigDir: t.TempDir(), RepoRoot: t.TempDir()})
	if err != nil || !reflect.DeepEqual(cfg, Config{}) || len(sources) != 0 {
		t.Fatalf("%+v %v %v", cfg, sources, err)
	}
}

func TestLoadEmptyFileAndYml(t *testing.T) {
	repo := t.TempDir()
	write(t, filepath.Join(repo, ".groundplan.yml"), "# nothing yet\n")
	cfg, sources, err := LoadFrom(context.Background(), LoadOptions{RepoRoot: repo})
	if err != nil || !reflect.DeepEqual(cfg, Config{}) || len(sources) != 1 {
		t.Fatalf("%+v %v %v", cfg, sources, err)
	}
}

func TestEnvironmentOverridesEverything(t *testing.T) {
	repo := t.TempDir()
	write(t, filepath.Join(repo, ".groundplan.yaml"), "provider: openai\nmodel: gpt-4.1\nbase_url: https://proxy.example/v1\n")
	cfg, _, err := LoadFrom(context.Background(), LoadOptions{RepoRoot: repo, Getenv: envOf(map[string]string{
		"GROUNDPLAN_PROVIDER": "Claude", "GROUNDPLAN_MODEL": "claude-opus-4-1", "GROUNDPLAN_BASE_URL": "http://localhost:8080",
		"GROUNDPLAN_API_KEY_ENV": "MY_KEY", "GROUNDPLAN_TEMPERATURE": "0.5", "GROUNDPLAN_DEADLINE": "3m",
		"GROUNDPLAN_MAX_ATTEMPTS": "2", "GROUNDPLAN_BUDGET": "1000", "GROUNDPLAN_CACHE_DIR": "/c",
	})})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Provider != "anthropic" || cfg.Model != "claude-opus-4-1" || cfg.BaseURL != "http://localhost:8080" || cfg.BaseURLFromRepo ||
		cfg.APIKeyEnv != "MY_KEY" || *cfg.Temperature != 0.5 || cfg.Deadline != 3*time.Minute || cfg.MaxAttempts != 2 ||
		cfg.Budget != 1000 || cfg.CacheDir != "/c" {
		t.Errorf("config = %+v", cfg)
	}
}

func TestBaseURLFromRepoIsMarked(t *testing.T) {
	user, repo := t.TempDir(), t.TempDir()
	write(t, filepath.Join(user, "groundplan", "config.yaml"), "base_url: http://mine:8000/v1\n")
	cfg, _, err := LoadFrom(context.Background(), LoadOptions{UserConfigDir: user, RepoRoot: repo})
	if err != nil || cfg.BaseURLFromRepo {
		t.Fatalf("user base_url marked as the repo's: %+v %v", cfg, err)
	}
	write(t, filepath.Join(repo, ".groundplan.yaml"), "base_url: http://theirs:8000/v1\n")
	cfg, _, err = LoadFrom(context.Background(), LoadOptions{UserConfigDir: user, RepoRoot: repo})
	if err != nil || !cfg.BaseURLFromRepo || cfg.BaseURL != "http://theirs:8000/v1" {
		t.Fatalf("repo base_url not marked: %+v %v", cfg, err)
	}
}

func TestFileErrorsNameFileAndLine(t *testing.T) {
	cases := []struct {
		name, content string
		repo          bool
		line          int
		want          string
	}{
		{"syntax", "provider: openai\nmodel: [gpt-4.1\n", false, 2, "did not find"},
		{"sequence in a mapping", "provider: openai\n- x\n", false, 2, "did not find expected key"},
		{"mapping value", "provider: openai\nmodel: a: b\n", false, 2, "mapping values"},
		{"duplicate key", "model: a\nmodel: b\n", false, 2, "already defined"},
		{"unknown key", "provider: openai\n\nmodle: gpt-4.1\n", false, 3, `unknown key "modle"`},
		{"wrong type", "provider: openai\nmax_tokens: lots\n", false, 2, "max_tokens: cannot unmarshal"},
		{"bad duration", "timeout: soon\n", false, 1, "want a duration"},
		{"unknown provider", "model: x\nprovider: openia\n", false, 2, `unknown provider "openia"`},
		{"negative", "budget: -5\n", false, 1, "budget: must not be negative"},
		{"temperature", "temperature: 3\n", false, 1, "between 0 and 2"},
		{"base url", "base_url: localhost:11434\n", false, 1, "http://"},
		{"key env in repo", "provider: openai\napi_key_env: AWS_SECRET_ACCESS_KEY\n", true, 2, "may not choose which secret"},
		{"price key", "prices:\n  m: {input: 1, outptu: 2}\n", false, 2, "outptu"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			o := LoadOptions{}
			var path string
			if c.repo {
				path = filepath.Join(dir, ".groundplan.yaml")
				o.RepoRoot = dir
			} else {
				path = filepath.Join(dir, "groundplan", "config.yaml")
				o.UserConfigDir = dir
			}
			write(t, path, c.content)
			_, _, err := LoadFrom(context.Background(), o)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error = %v (%T), want *config.Error", err, err)
			}
			if ce.File != path || ce.Line != c.line || !strings.Contains(ce.Msg, c.want) {
				t.Errorf("error = %q (line %d), want %s:%d and %q", err, ce.Line, path, c.line, c.want)
			}
			if !strings.HasPrefix(err.Error(), path+":") {
				t.Errorf("message %q does not start with the path", err)
			}
		})
	}
}

func TestEnvironmentErrors(t *testing.T) {
	cases := map[string]string{
		"GROUNDPLAN_MAX_TOKENS":  "many",
		"GROUNDPLAN_TIMEOUT":     "later",
		"GROUNDPLAN_TEMPERATURE": "hot",
		"GROUNDPLAN_NO_CACHE":    "perhaps",
		"GROUNDPLAN_PROVIDER":    "skynet",
		"GROUNDPLAN_BASE_URL":    "ftp://x",
	}
	for name, value := range cases {
		_, _, err := LoadFrom(context.Background(), LoadOptions{Getenv: envOf(map[string]string{name: value})})
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s=%s: error = %v", name, value, err)
		}
	}
}

func TestLoadHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := LoadFrom(ctx, LoadOptions{RepoRoot: t.TempDir()}); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v", err)
	}
}

func TestLoadReadsUserConfigDir(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("HOME", home)
	dir, err := os.UserConfigDir()
	if err != nil {
		t.Skip(err)
	}
	write(t, filepath.Join(dir, "groundplan", "config.yaml"), "model: gpt-4.1-mini\n")
	t.Setenv("GROUNDPLAN_PROVIDER", "openai")
	cfg, sources, err := Load(context.Background(), t.TempDir())
	if err != nil || cfg.Model != "gpt-4.1-mini" || cfg.Provider != "openai" || len(sources) != 2 {
		t.Fatalf("%+v %v %v", cfg, sources, err)
	}
}
