// Package testenv isolates a package's tests from the user running them:
// home, configuration, cache and data directories point into a temporary
// folder, and provider keys and groundplan's own variables are unset, so
// tests neither read a developer's settings nor write to their caches.
package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Main runs the tests of m in an isolated environment and exits with
// their status. Call it from a package's TestMain.
func Main(m *testing.M) {
	dir, err := os.MkdirTemp("", "groundplan-test-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "testenv: %v\n", err)
		os.Exit(2)
	}
	for _, k := range []string{"HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"} {
		os.Setenv(k, filepath.Join(dir, k))
	}
	for _, k := range []string{
		"OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY",
		"GROUNDPLAN_PROVIDER", "GROUNDPLAN_MODEL", "GROUNDPLAN_TOKEN", "OLLAMA_HOST",
	} {
		os.Unsetenv(k)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
