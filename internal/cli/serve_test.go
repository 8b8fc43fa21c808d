package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/groundplan/groundplan/internal/llm/llmtest"
	"github.com/groundplan/groundplan/internal/planner"
	"github.com/groundplan/groundplan/internal/server/service"
)

func TestServeFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr string
		check   func(t *testing.T, o *ServeOptions)
	}{
		{name: "defaults", check: func(t *testing.T, o *ServeOptions) {
			if o.Addr != "127.0.0.1:7070" || o.Door.Repo != "." || o.Token != "" || o.MaxPlans != 4 {
				t.Errorf("opts %+v", o)
			}
		}},
		{name: "all", args: []string{"--repo", "r", "--addr", "0.0.0.0:9000", "--token", "t", "--db", "h.db", "--max-plans", "2", "--no-history"}, check: func(t *testing.T, o *ServeOptions) {
			if o.Addr != "0.0.0.0:9000" || o.Door.Repo != "r" || o.Token != "t" || o.Door.DB != "h.db" || o.MaxPlans != 2 || !o.Door.NoHistory {
				t.Errorf("opts %+v", o)
			}
		}},
		{name: "token from env", env: map[string]string{TokenEnv: "envtok"}, check: func(t *testing.T, o *ServeOptions) {
			if o.Token != "envtok" {
				t.Errorf("token %q", o.Token)
			}
		}},
		{name: "args refused", args: []string{"extra"}, wantErr: "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := testFactory()
			f.Getenv = func(k string) string { return tt.env[k] }
			var got *ServeOptions
			c := NewCmdServe(f, func(_ context.Context, o *ServeOptions) error { got = o; return nil })
			c.SetArgs(tt.args)
			c.SetOut(io.Discard)
			c.SetErr(io.Discard)
			err := c.Execute()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, got)
		})
	}
}

func TestServeRefusesPublicAddressWithoutToken(t *testing.T) {
	f, _, _ := testFactory()
	c := NewCmdServe(f, nil)
	c.SetArgs([]string{"--addr", "0.0.0.0:0", "--no-history", "--repo", filepath.Join("..", "..", "examples", "bookstore")})
	c.SetOut(io.Discard)
	c.SetErr(io.Discard)
	err := c.Execute()
	if err == nil || !strings.Contains(err.Error(), "without a token") || ExitCode(err) != ExitInput {
		t.Fatalf("err = %v (exit %d)", err, ExitCode(err))
	}
}

func TestServeAnswersAndStops(t *testing.T) {
	f, _, errOut := testFactory()
	ready := make(chan string, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := NewCmdServe(f, func(ctx context.Context, o *ServeOptions) error {
		o.Ready = func(addr string) { ready <- addr }
		return serveRun(ctx, o)
	})
	db := filepath.Join(t.TempDir(), "h.db")
	c.SetArgs([]string{"--addr", "127.0.0.1:0", "--db", db, "--repo", filepath.Join("..", "..", "examples", "bookstore")})
	c.SetOut(io.Discard)
	c.SetErr(io.Discard)
	done := make(chan error, 1)
	go func() { done <- c.ExecuteContext(ctx) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve ended: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	body := `{"story": {"goal": "cancel a pending order", "criteria": ["cancelling returns 200"]}}`
	resp, err := http.Post("http://"+addr+"/api/plans", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var out struct{ ID int64 }
	json.NewDecoder(resp.Body).Decode(&out)
	resp.Body.Close()
	if resp.StatusCode != 201 || out.ID == 0 {
		t.Fatalf("plan: %d %+v", resp.StatusCode, out)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(errOut.String(), "serving") || !strings.Contains(errOut.String(), db) {
		t.Errorf("stderr: %s", errOut.String())
	}
	// The plan is in the history the history command reads.
	hf, hout, _ := testFactory()
	h := NewCmdHistory(hf, nil)
	h.SetArgs([]string{"list", "--db", db, "--json"})
	h.SetOut(io.Discard)
	if err := h.Execute(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(hout.Bytes(), []byte(`"door": "http"`)) {
		t.Errorf("history: %s", hout.String())
	}
}

// TestServeNamedProviders plans through a provider a request names, opened
// from the configuration like 'plan' does: an OpenAI-compatible server on
// loopback, and a provider whose key is missing.
func TestServeNamedProviders(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	answer := "# Plan: cancel orders\n\n## Implementation Steps\n\n1. Change `internal/handlers/orders.go` for AC1.\n\n## Time Estimate\n\n30 minutes\n"
	chunk, _ := json.Marshal(map[string]any{"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "local-model",
		"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": answer}, "finish_reason": "stop"}}})
	model := llmtest.NewServer(t, llmtest.SSE("data: "+string(chunk),
		`data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"local-model","choices":[],"usage":{"prompt_tokens":1200,"completion_tokens":40,"total_tokens":1240}}`,
		"data: [DONE]"))
	t.Setenv("GROUNDPLAN_BASE_URL", model.URL+"/v1")
	t.Setenv("GROUNDPLAN_MODEL", "local-model")
	t.Setenv("GROUNDPLAN_MAX_ATTEMPTS", "1")

	f, _, _ := testFactory()
	svc, closeStore, err := (&doorFlags{Repo: filepath.Join("..", "..", "examples", "bookstore"), NoHistory: true}).openService(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	defer closeStore()
	story := service.StoryInput{Goal: "cancel a pending order", Criteria: []string{"cancelling returns 200"}}
	out, err := svc.Plan(context.Background(), &service.Request{Provider: "openai-compatible", Story: story}, "http", nil)
	if err != nil {
		t.Fatal(err)
	}
	if out.Provider != "openai-compatible" || out.Model != "local-model" || out.Tokens.InputTokens < 1200 || !strings.Contains(out.Markdown, "orders.go") {
		t.Errorf("plan = %+v", out)
	}
	_, err = svc.Plan(context.Background(), &service.Request{Provider: "anthropic", Story: story}, "http", nil)
	var ie *planner.InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "ANTHROPIC_API_KEY") {
		t.Errorf("anthropic without a key: %v", err)
	}
}
