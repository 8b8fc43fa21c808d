package mcpserver

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/server"
	"github.com/groundplan/groundplan/internal/server/service"
	"github.com/groundplan/groundplan/internal/store"
)

func newService(t *testing.T) *service.Service {
	t.Helper()
	repo, err := filepath.Abs(filepath.Join("..", "..", "examples", "bookstore"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc, err := service.New(service.Config{Repo: repo, Store: st, IndexOptions: index.Options{NoCache: true}})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// inMemory connects an SDK client to the server over an in-memory pipe,
// as stdio would.
func inMemory(t *testing.T, svc *service.Service) *mcp.ClientSession {
	t.Helper()
	ctx := context.Background()
	st, ct := mcp.NewInMemoryTransports()
	ss, err := New(svc, Options{Version: "test"}).Connect(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test-client", Version: "1"}, nil).Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

// overHTTP connects an SDK client to /mcp on the HTTP server, with a token.
func overHTTP(t *testing.T, svc *service.Service) *mcp.ClientSession {
	t.Helper()
	srv, err := server.New(server.Options{Service: svc, Token: "tok", MCP: HTTPHandler(New(svc, Options{}))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	hc := &http.Client{Transport: bearer{"tok", http.DefaultTransport}}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test-client", Version: "1"}, nil).Connect(context.Background(),
		&mcp.StreamableClientTransport{Endpoint: ts.URL + "/mcp", HTTPClient: hc, DisableStandaloneSSE: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

type bearer struct {
	token string
	next  http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return b.next.RoundTrip(r)
}

var story = map[string]any{
	"actor":    "customer",
	"goal":     "leave a review on a book I bought",
	"criteria": []string{"Posting a review returns 201 with the review", "A rating outside 1 to 5 is rejected with 422"},
}

func call(t *testing.T, cs *mcp.ClientSession, name string, args any, out any) *mcp.CallToolResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if out != nil && !res.IsError {
		data, err := json.Marshal(res.StructuredContent)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s: structured content %s: %v", name, data, err)
		}
	}
	return res
}

func text(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

func TestTools(t *testing.T) {
	transports := []struct {
		name    string
		connect func(*testing.T, *service.Service) *mcp.ClientSession
	}{
		{"in-memory (stdio)", inMemory},
		{"streamable HTTP", overHTTP},
	}
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			svc := newService(t)
			cs := tr.connect(t, svc)
			ctx := context.Background()

			tools, err := cs.ListTools(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, tool := range tools.Tools {
				names = append(names, tool.Name)
				if tool.Description == "" || tool.InputSchema == nil {
					t.Errorf("tool %s lacks a description or schema", tool.Name)
				}
			}
			sort.Strings(names)
			if got := strings.Join(names, ","); got != "build_context,list_templates,plan_story,verify_plan" {
				t.Errorf("tools = %s", got)
			}

			var tpl Templates
			call(t, cs, "list_templates", map[string]any{}, &tpl)
			if len(tpl.Templates) < 2 {
				t.Errorf("templates = %+v", tpl)
			}

			var c ContextResult
			res := call(t, cs, "build_context", map[string]any{"story": story, "budget": 4000}, &c)
			if res.IsError || len(c.Files) == 0 || c.Budget != 4000 || c.Text == "" {
				t.Errorf("build_context: %+v %s", c, text(res))
			}

			var p PlanResult
			res = call(t, cs, "plan_story", map[string]any{"story": story}, &p)
			if res.IsError || p.ID == 0 || !p.Draft || !strings.Contains(p.Markdown, "Implementation Steps") || len(p.ContextFiles) == 0 {
				t.Fatalf("plan_story: %+v %s", p, text(res))
			}
			if !strings.Contains(text(res), "Verification: score") {
				t.Errorf("plan_story text lacks the verification: %s", text(res))
			}
			rec, err := svc.Store().Get(ctx, p.ID)
			if err != nil || rec.Door != "mcp" {
				t.Errorf("history record %+v, %v", rec, err)
			}

			var v Verification
			plan := "# Plan\n\n## Implementation Steps\n\n1. Edit `internal/ghost/missing.go`.\n\n## Time Estimate\n\n30 minutes\n"
			res = call(t, cs, "verify_plan", map[string]any{"markdown": plan}, &v)
			found := false
			for _, f := range v.Findings {
				found = found || (f.Rule == "file-missing" && f.Line == 5)
			}
			if res.IsError || v.OK || !found || v.RepairPrompt == "" {
				t.Errorf("verify_plan: %+v %s", v, text(res))
			}

			// Bad input is a tool error the agent can read, not a protocol error.
			res = call(t, cs, "plan_story", map[string]any{"story": map[string]any{"goal": "no criteria"}}, nil)
			if !res.IsError || !strings.Contains(text(res), "criteri") {
				t.Errorf("bad story: error=%v %s", res.IsError, text(res))
			}
			res = call(t, cs, "build_context", map[string]any{"story": story, "template": "../../etc/passwd"}, nil)
			if !res.IsError || !strings.Contains(text(res), "outside") {
				t.Errorf("template outside: error=%v %s", res.IsError, text(res))
			}
		})
	}
}

func TestHTTPNeedsToken(t *testing.T) {
	svc := newService(t)
	srv, err := server.New(server.Options{Service: svc, Token: "tok", MCP: HTTPHandler(New(svc, Options{}))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	_, err = mcp.NewClient(&mcp.Implementation{Name: "c", Version: "1"}, nil).Connect(context.Background(),
		&mcp.StreamableClientTransport{Endpoint: ts.URL + "/mcp", MaxRetries: -1, DisableStandaloneSSE: true}, nil)
	if err == nil {
		t.Fatal("connected without a token")
	}
}

func TestPlanBusy(t *testing.T) {
	// Every slot taken, as running plans (from any door) would take them.
	tl := &tools{svc: newService(t)}
	for i := 0; i < tl.svc.MaxPlans(); i++ {
		release, ok := tl.svc.AcquirePlan()
		if !ok {
			t.Fatal("no free plan slot")
		}
		defer release()
	}
	_, _, err := tl.planStory(context.Background(), nil, service.Request{Story: service.StoryInput{Goal: "g", Criteria: []string{"c"}}})
	if err == nil || !strings.Contains(err.Error(), "busy") {
		t.Errorf("planStory with no slot = %v", err)
	}
}
