package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/llm"
	"github.com/groundplan/groundplan/internal/planner"
	"github.com/groundplan/groundplan/internal/server/service"
	"github.com/groundplan/groundplan/internal/store"
)

func bookstore(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "examples", "bookstore"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

type setup struct {
	svc     service.Config
	opts    Options
	noStore bool
}

// start runs a server on loopback for one test.
func start(t testing.TB, su setup) (*Server, *httptest.Server) {
	t.Helper()
	cfg := su.svc
	if cfg.Repo == "" {
		cfg.Repo = bookstore(t)
	}
	cfg.IndexOptions = index.Options{NoCache: true}
	if !su.noStore {
		st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		cfg.Store = st
	}
	svc, err := service.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	opts := su.opts
	opts.Service = svc
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return srv, ts
}

const storyJSON = `{"story": {"actor": "customer", "goal": "leave a review on a book I bought", "benefit": "others can judge it",
  "criteria": ["Posting a review returns 201 with the review", "A rating outside 1 to 5 is rejected with 422"]}}`

type answer struct {
	status int
	header http.Header
	body   []byte
}

func do(t testing.TB, method, url, body string, header ...string) answer {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{resp.StatusCode, resp.Header, data}
}

// errorCode checks the answer is a JSON error body and returns its code.
func errorCode(t testing.TB, a answer) string {
	t.Helper()
	if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("error Content-Type %q, want JSON (body %s)", ct, a.body)
	}
	var eb ErrorBody
	if err := json.Unmarshal(a.body, &eb); err != nil || eb.Error.Code == "" || eb.Error.Message == "" {
		t.Errorf("error body %s: %v", a.body, err)
	}
	return eb.Error.Code
}

func TestPlanJSONAndHistory(t *testing.T) {
	_, ts := start(t, setup{})
	a := do(t, "POST", ts.URL+"/api/plans", storyJSON)
	if a.status != http.StatusCreated {
		t.Fatalf("status %d: %s", a.status, a.body)
	}
	var out service.Output
	if err := json.Unmarshal(a.body, &out); err != nil {
		t.Fatal(err)
	}
	if out.ID == 0 || out.Report == nil || out.Plan == nil || out.Context == nil || !strings.Contains(out.Markdown, "Implementation Steps") {
		t.Fatalf("plan answer: %s", a.body)
	}
	if loc := a.header.Get("Location"); loc != fmt.Sprintf("/api/plans/%d", out.ID) {
		t.Errorf("Location = %q", loc)
	}
	list := do(t, "GET", ts.URL+"/api/plans", "")
	var l struct{ Plans []store.Summary }
	if err := json.Unmarshal(list.body, &l); err != nil || len(l.Plans) != 1 || l.Plans[0].ID != out.ID || l.Plans[0].Door != "http" {
		t.Fatalf("list: %s (%v)", list.body, err)
	}
	got := do(t, "GET", fmt.Sprintf("%s/api/plans/%d", ts.URL, out.ID), "")
	var sp StoredPlan
	if err := json.Unmarshal(got.body, &sp); err != nil || sp.Markdown != out.Markdown || len(sp.Plan) == 0 || len(sp.Report) == 0 || len(sp.Story) == 0 {
		t.Fatalf("get: %s (%v)", got.body, err)
	}
	md := do(t, "GET", fmt.Sprintf("%s/api/plans/%d?format=md", ts.URL, out.ID), "")
	if md.status != 200 || string(md.body) != out.Markdown || !strings.HasPrefix(md.header.Get("Content-Type"), "text/markdown") {
		t.Errorf("markdown: %d %q", md.status, md.header.Get("Content-Type"))
	}
	// A second plan of the same story diffs against the first.
	b := do(t, "POST", ts.URL+"/api/plans", strings.Replace(storyJSON, `"story"`, `"budget": 3000, "story"`, 1))
	var out2 service.Output
	json.Unmarshal(b.body, &out2)
	d := do(t, "GET", fmt.Sprintf("%s/api/plans/%d/diff/%d", ts.URL, out.ID, out2.ID), "")
	var diff store.Diff
	if err := json.Unmarshal(d.body, &diff); err != nil || d.status != 200 || !diff.SameStory || len(diff.Sections) == 0 {
		t.Errorf("diff: %d %s", d.status, d.body)
	}
}

// sseEvent is one parsed server-sent event.
type sseEvent struct {
	name string
	data string
}

func readSSE(t testing.TB, r io.Reader) []sseEvent {
	t.Helper()
	var (
		out []sseEvent
		cur sseEvent
	)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 8<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if cur.name != "" {
				out = append(out, cur)
			}
			cur = sseEvent{}
		case strings.HasPrefix(line, "event: "):
			cur.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			cur.data += strings.TrimPrefix(line, "data: ")
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPlanStreamsEvents(t *testing.T) {
	_, ts := start(t, setup{})
	req, _ := http.NewRequest("POST", ts.URL+"/api/plans", strings.NewReader(storyJSON))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("status %d, %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	events := readSSE(t, resp.Body)
	var names []string
	var text strings.Builder
	for _, e := range events {
		if len(names) == 0 || names[len(names)-1] != e.name {
			names = append(names, e.name)
		}
		if e.name == "text" {
			var tx service.Text
			json.Unmarshal([]byte(e.data), &tx)
			text.WriteString(tx.Text)
		}
	}
	got := strings.Join(names, " ")
	for _, want := range []string{"stage", "text", "context", "tokens", "plan", "verification", "saved", "done"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s event: %s", want, got)
		}
	}
	if !strings.HasSuffix(got, "saved done") {
		t.Errorf("events end %q", got)
	}
	if !strings.Contains(text.String(), "Implementation Steps") {
		t.Errorf("streamed text lacks the plan: %q", text.String())
	}
}

func TestContextVerifyTemplatesInfo(t *testing.T) {
	_, ts := start(t, setup{})
	c := do(t, "POST", ts.URL+"/api/context", storyJSON)
	var ctxOut service.Context
	if err := json.Unmarshal(c.body, &ctxOut); err != nil || c.status != 200 || len(ctxOut.Files) == 0 || len(ctxOut.Files[0].Reasons) == 0 {
		t.Errorf("context: %d %s", c.status, c.body)
	}
	plan := "# Plan\n\n## Implementation Steps\n\n1. Edit `internal/ghost/missing.go`.\n\n## Time Estimate\n\n30 minutes\n"
	body, _ := json.Marshal(service.VerifyRequest{Markdown: plan})
	v := do(t, "POST", ts.URL+"/api/verify", string(body))
	if v.status != 200 || !strings.Contains(string(v.body), `"file-missing"`) {
		t.Errorf("verify: %d %s", v.status, v.body)
	}
	tp := do(t, "GET", ts.URL+"/api/templates", "")
	if tp.status != 200 || !strings.Contains(string(tp.body), `"backend"`) {
		t.Errorf("templates: %d %s", tp.status, tp.body)
	}
	in := do(t, "GET", ts.URL+"/api/info", "")
	if in.status != 200 || !strings.Contains(string(in.body), `"repo":"bookstore"`) {
		t.Errorf("info: %d %s", in.status, in.body)
	}
}

func TestPagesAndOpenAPI(t *testing.T) {
	_, ts := start(t, setup{})
	page := do(t, "GET", ts.URL+"/", "")
	if page.status != 200 || !strings.Contains(string(page.body), "groundplan") || page.header.Get("Content-Security-Policy") == "" {
		t.Errorf("page: %d %s", page.status, page.header)
	}
	for _, p := range []string{"/static/app.js", "/static/app.css"} {
		if a := do(t, "GET", ts.URL+p, ""); a.status != 200 {
			t.Errorf("%s: %d", p, a.status)
		}
	}
	a := do(t, "GET", ts.URL+"/openapi.yaml", "")
	if a.status != 200 {
		t.Fatalf("openapi: %d", a.status)
	}
	var doc struct {
		OpenAPI string                    `yaml:"openapi"`
		Paths   map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(a.body, &doc); err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi version %q", doc.OpenAPI)
	}
	for path, method := range map[string]string{
		"/api/info": "get", "/api/templates": "get", "/api/plans": "post", "/api/plans/{id}": "get",
		"/api/plans/{id}/diff/{other}": "get", "/api/context": "post", "/api/verify": "post", "/mcp": "post",
	} {
		if _, ok := doc.Paths[path][method]; !ok {
			t.Errorf("openapi.yaml lacks %s %s", method, path)
		}
	}
}

// TestErrorStatuses reaches every error status the API answers, and checks
// each has the JSON error body with the expected code.
func TestErrorStatuses(t *testing.T) {
	failing := func(string) (*planner.Planner, error) {
		return &planner.Planner{Provider: func(context.Context, planner.Request) (llm.Provider, error) {
			return nil, errors.New("the model endpoint is down")
		}}, nil
	}
	blocking := func(string) (*planner.Planner, error) {
		return &planner.Planner{Provider: func(ctx context.Context, _ planner.Request) (llm.Provider, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		}}, nil
	}
	srv, ts := start(t, setup{})
	_, tsToken := start(t, setup{opts: Options{Token: "s3cret"}})
	_, tsFail := start(t, setup{svc: service.Config{Planner: failing}})
	_, tsSlow := start(t, setup{svc: service.Config{Planner: blocking}, opts: Options{PlanTimeout: 200 * time.Millisecond}})
	_, tsSmall := start(t, setup{opts: Options{MaxBodyBytes: 512}})
	_, tsNoHistory := start(t, setup{noStore: true})

	big := `{"story": {"spec": "` + strings.Repeat("x", service.DefaultMaxStoryBytes+10) + `"}}`
	tests := []struct {
		name         string
		url          string
		method, body string
		header       []string
		status       int
		code         string
	}{
		{"bad json", ts.URL + "/api/plans", "POST", `{"story": `, nil, 400, "bad_request"},
		{"unknown field", ts.URL + "/api/context", "POST", `{"storey": {}}`, nil, 400, "bad_request"},
		{"two values", ts.URL + "/api/verify", "POST", `{"markdown": "x"} {}`, nil, 400, "bad_request"},
		{"bad limit", ts.URL + "/api/plans?limit=x", "GET", "", nil, 400, "bad_request"},
		{"bad format", ts.URL + "/api/plans/1?format=pdf", "GET", "", nil, 400, "bad_request"},
		{"no token", tsToken.URL + "/api/plans", "GET", "", nil, 401, "unauthorized"},
		{"wrong token", tsToken.URL + "/api/templates", "GET", "", []string{"Authorization", "Bearer nope"}, 401, "unauthorized"},
		{"context needs token", tsToken.URL + "/api/context", "POST", storyJSON, nil, 401, "unauthorized"},
		{"foreign host", ts.URL + "/api/info", "GET", "", []string{"Host", "evil.example:7070"}, 403, "forbidden_host"},
		{"cross origin", ts.URL + "/api/plans", "POST", storyJSON, []string{"Sec-Fetch-Site", "cross-site"}, 403, "cross_origin"},
		{"unknown path", ts.URL + "/api/nothing", "GET", "", nil, 404, "not_found"},
		{"unknown page", ts.URL + "/nothing.html", "GET", "", nil, 404, "not_found"},
		{"missing plan", ts.URL + "/api/plans/999", "GET", "", nil, 404, "not_found"},
		{"non-numeric id", ts.URL + "/api/plans/abc", "GET", "", nil, 404, "not_found"},
		{"diff missing", ts.URL + "/api/plans/1/diff/2", "GET", "", nil, 404, "not_found"},
		{"no history", tsNoHistory.URL + "/api/plans", "GET", "", nil, 404, "no_history"},
		{"wrong method", ts.URL + "/api/plans", "DELETE", "", nil, 405, "method_not_allowed"},
		{"get verify", ts.URL + "/api/verify", "GET", "", nil, 405, "method_not_allowed"},
		{"post page", ts.URL + "/openapi.yaml", "POST", "{}", nil, 405, "method_not_allowed"},
		{"body too large", tsSmall.URL + "/api/plans", "POST", `{"story": {"goal": "` + strings.Repeat("y", 1000) + `"}}`, nil, 413, "body_too_large"},
		{"story too large", ts.URL + "/api/context", "POST", big, nil, 413, "story_too_large"},
		{"not json", ts.URL + "/api/verify", "POST", "x", []string{"Content-Type", "text/plain"}, 415, "unsupported_media_type"},
		{"no story", ts.URL + "/api/plans", "POST", `{"story": {}}`, nil, 422, "invalid_input"},
		{"no criteria", ts.URL + "/api/context", "POST", `{"story": {"goal": "export orders"}}`, nil, 422, "invalid_input"},
		{"template outside", ts.URL + "/api/context", "POST", `{"template": "/etc/passwd", "story": {"goal": "g", "criteria": ["c"]}}`, nil, 422, "invalid_input"},
		{"template dotdot", ts.URL + "/api/plans", "POST", `{"template": "../../go.mod", "story": {"goal": "g", "criteria": ["c"]}}`, []string{"Accept", "text/event-stream"}, 422, "invalid_input"},
		{"unknown provider", ts.URL + "/api/plans", "POST", `{"provider": "openai", "story": {"goal": "g", "criteria": ["c"]}}`, nil, 422, "invalid_input"},
		{"empty plan", ts.URL + "/api/verify", "POST", `{"markdown": "  "}`, nil, 422, "invalid_input"},
		{"model down", tsFail.URL + "/api/plans", "POST", storyJSON, nil, 500, "internal"},
		{"deadline", tsSlow.URL + "/api/plans", "POST", storyJSON, nil, 504, "deadline_exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := do(t, tt.method, tt.url, tt.body, tt.header...)
			if a.status != tt.status {
				t.Fatalf("status %d, want %d: %s", a.status, tt.status, a.body)
			}
			if code := errorCode(t, a); code != tt.code {
				t.Errorf("code %q, want %q", code, tt.code)
			}
			if tt.status == 405 && a.header.Get("Allow") == "" {
				t.Error("405 without Allow")
			}
			if tt.status == 401 && a.header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}

	t.Run("429 when the plans are all running", func(t *testing.T) {
		var releases []func()
		for i := 0; i < srv.svc.MaxPlans(); i++ {
			release, ok := srv.svc.AcquirePlan()
			if !ok {
				t.Fatal("no free plan slot")
			}
			releases = append(releases, release)
		}
		defer func() {
			for _, release := range releases {
				release()
			}
		}()
		a := do(t, "POST", ts.URL+"/api/plans", storyJSON)
		if a.status != 429 || a.header.Get("Retry-After") == "" {
			t.Fatalf("status %d, Retry-After %q", a.status, a.header.Get("Retry-After"))
		}
		if code := errorCode(t, a); code != "too_many_requests" {
			t.Errorf("code %q", code)
		}
		// Context requests are not plans: they still run.
		if c := do(t, "POST", ts.URL+"/api/context", storyJSON); c.status != 200 {
			t.Errorf("context while plans are full: %d", c.status)
		}
	})

	t.Run("token accepted", func(t *testing.T) {
		a := do(t, "GET", tsToken.URL+"/api/templates", "", "Authorization", "Bearer s3cret", "Host", "example.com")
		if a.status != 200 {
			t.Errorf("status %d: %s", a.status, a.body)
		}
	})

	t.Run("stream error event", func(t *testing.T) {
		req, _ := http.NewRequest("POST", tsFail.URL+"/api/plans?stream=1", strings.NewReader(storyJSON))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		events := readSSE(t, resp.Body)
		last := events[len(events)-1]
		if last.name != "error" || !strings.Contains(last.data, `"status":500`) || !strings.Contains(last.data, "endpoint is down") {
			t.Errorf("last event %+v", last)
		}
	})
}

func TestListenRefusesPublicWithoutToken(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		addr, token string
		refused     bool
	}{
		{"0.0.0.0:0", "", true},
		{":0", "", true},
		{"[::]:0", "", true},
		{"example.com:0", "", true},
		{"127.0.0.1:0", "", false},
		{"localhost:0", "", false},
		{"0.0.0.0:0", "tok", false},
	}
	for _, tt := range tests {
		t.Run(tt.addr+"/"+tt.token, func(t *testing.T) {
			ln, err := Listen(ctx, tt.addr, tt.token)
			var le *LoopbackError
			if tt.refused {
				if !errors.As(err, &le) || !strings.Contains(err.Error(), "--token") {
					t.Errorf("Listen = %v, want a loopback refusal", err)
				}
				if ln != nil {
					ln.Close()
				}
				return
			}
			if err != nil {
				t.Skipf("cannot listen here: %v", err)
			}
			ln.Close()
		})
	}
}

func TestServeShutsDown(t *testing.T) {
	srv, _ := start(t, setup{})
	ctx, cancel := context.WithCancel(context.Background())
	ln, err := Listen(ctx, "127.0.0.1:0", "")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	a := do(t, "GET", "http://"+ln.Addr().String()+"/api/info", "")
	if a.status != 200 {
		t.Errorf("info: %d", a.status)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return")
	}
}
