package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestContextCommand(t *testing.T) {
	isolate(t)
	story := filepath.Join(exampleRepo, "stories/order-cancellation.md")
	code, out, errOut := run(t, "context", story, "--repo", exampleRepo, "--budget", "6000", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var c struct {
		Tokens int `json:"tokens"`
		Budget int `json:"budget"`
		Files  []struct {
			Path    string   `json:"path"`
			Tokens  int      `json:"tokens"`
			Reasons []string `json:"reasons"`
		} `json:"files"`
		Omitted []struct{ Path, Reason string } `json:"omitted"`
		Ranked  []struct {
			Path    string   `json:"path"`
			Reasons []string `json:"reasons"`
		} `json:"ranked"`
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	if c.Budget != 6000 || c.Tokens > c.Budget || len(c.Files) == 0 || len(c.Omitted) == 0 || len(c.Ranked) == 0 {
		t.Fatalf("context %+v", c)
	}
	for _, f := range c.Files {
		if f.Tokens <= 0 || len(f.Reasons) == 0 {
			t.Errorf("file %s: %d tokens, reasons %v", f.Path, f.Tokens, f.Reasons)
		}
	}
	code, out, errOut = run(t, "context", story, "--repo", exampleRepo, "--budget", "6000")
	if code != 0 || !strings.Contains(out, "Repository map") || !strings.Contains(errOut, "tokens") || !strings.Contains(errOut, "left out:") {
		t.Fatalf("md: exit %d, stderr %s", code, errOut)
	}
}

func TestIndexCommandReusesTheCache(t *testing.T) {
	isolate(t)
	// 55 of the example's 56 files: its go.sum, a lock file, counts as
	// generated.
	for i, want := range []string{"parsed 55, from cache 0", "parsed 0, from cache 55"} {
		code, out, errOut := run(t, "index", "--repo", exampleRepo)
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("run %d: exit %d, want %q in:\n%s%s", i, code, want, out, errOut)
		}
	}
	code, out, _ := run(t, "index", "--repo", exampleRepo, "--format", "json")
	var r struct {
		Stats struct{ Files, Symbols int } `json:"stats"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &r) != nil || r.Stats.Files != 55 || r.Stats.Symbols == 0 {
		t.Fatalf("json: %d %s", code, out)
	}
}

func TestIndexMap(t *testing.T) {
	isolate(t)
	repo := t.TempDir()
	for name, body := range map[string]string{
		"main.go":               "package main\n\n// Hello greets.\nfunc Hello(name string) string { return name }\n\nfunc main() {}\n",
		"config/credentials.py": "def load_keys():\n    return {}\n",
		".groundplanignore":     "config/credentials.py\n",
		"deploy/id_rsa":         "not a real key\n",
		"store/orders.py":       "class OrderStore:\n    def cancel(self, order_id):\n        pass\n",
	} {
		p := filepath.Join(repo, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := run(t, "index", "--repo", repo, "--map")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"main.go (Go, ", "  L4-4 func Hello(name string) string\n", "store/orders.py (Python, ", "OrderStore"} {
		if !strings.Contains(out, want) {
			t.Errorf("map lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "credentials") || strings.Contains(out, "load_keys") || strings.Contains(out, "id_rsa") {
		t.Errorf("a secret file is in the map:\n%s", out)
	}
	if !strings.Contains(errOut, "map of ") || !strings.Contains(errOut, "(index ") {
		t.Errorf("stderr summary: %s", errOut)
	}
	code, out, errOut = run(t, "index", "--repo", repo, "--map", "-f", "json")
	var r struct {
		Map   struct{ Files, Symbols, Tokens int } `json:"map"`
		Stats struct{ Files int }                  `json:"stats"`
	}
	if code != 0 || json.Unmarshal([]byte(errOut), &r) != nil || r.Map.Files != r.Stats.Files-1 || r.Map.Tokens == 0 || !strings.Contains(out, "main.go") {
		t.Fatalf("json: exit %d, stderr %s", code, errOut)
	}
}

// TestEvalFlags checks the bad-input errors of eval, index and context.
func TestEvalFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"eval", "localize"}, "--cases and --repos are required"},
		{[]string{"eval", "localize", "--cases", "x", "--repos", "y", "-f", "xml"}, `--format "xml"`},
		{[]string{"eval", "localize", "--cases", filepath.Join(t.TempDir(), "none.jsonl"), "--repos", t.TempDir()}, "none.jsonl"},
		{[]string{"eval", "index", "-f", "csv"}, `--format "csv": want text or json`},
		{[]string{"index", "--repo", exampleRepo, "-f", "csv"}, `--format "csv": want text or json`},
		{[]string{"index", "--repo", filepath.Join(t.TempDir(), "missing")}, "missing"},
		{[]string{"context", filepath.Join(exampleRepo, "stories/book-reviews.md"), "--repo", exampleRepo, "-f", "xml"}, `--format "xml": want md or json`},
	} {
		code, _, errOut := run(t, tt.args...)
		if code == 0 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q", tt.args, code, errOut)
		}
	}
}
