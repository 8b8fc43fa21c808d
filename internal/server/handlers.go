package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/groundplan/groundplan/internal/planner"
	"github.com/groundplan/groundplan/internal/server/service"
	"github.com/groundplan/groundplan/internal/store"
)

// ErrorBody is the JSON body of every error answer.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the error: a stable code and a message for people.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		data, _ = json.Marshal(ErrorBody{ErrorDetail{"internal", "encode the answer: " + err.Error()}})
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(data, '\n'))
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, ErrorBody{ErrorDetail{Code: code, Message: msg}})
}

// classify maps an error to its HTTP status and code.
func classify(err error) (status int, code string) {
	var (
		mbe *http.MaxBytesError
		le  *service.LimitError
		ie  *planner.InputError
	)
	switch {
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge, "body_too_large"
	case errors.As(err, &le):
		return http.StatusRequestEntityTooLarge, "story_too_large"
	case errors.As(err, &ie):
		return http.StatusUnprocessableEntity, "invalid_input"
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, "not_found"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout, "deadline_exceeded"
	case errors.Is(err, context.Canceled):
		return 499, "canceled" // the client went away; nobody reads this
	}
	return http.StatusInternalServerError, "internal"
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, code := classify(err)
	if status >= 500 && status != 499 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeError(w, status, code, err.Error())
}

// badRequest is a body that is not the JSON the endpoint takes.
type badRequest struct{ err error }

func (e *badRequest) Error() string { return e.err.Error() }

// bodyReadTimeout bounds the reading of a request body.
const bodyReadTimeout = 30 * time.Second

// decode reads a JSON body into v: the body must be JSON, within the size
// limit, one value, with no unknown fields.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			writeError(w, http.StatusUnsupportedMediaType, "unsupported_media_type", fmt.Sprintf("send the body as application/json, not %q", ct))
			return false
		}
	}
	// A slow body may not hold the connection: give its reading a
	// deadline, lifted once it is read (ignored where unsupported).
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(bodyReadTimeout))
	defer rc.SetReadDeadline(time.Time{})
	body := http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = errors.New("the body holds more than one JSON value")
		}
	}
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge, "body_too_large", fmt.Sprintf("the request body is larger than %d bytes", mbe.Limit))
			return false
		}
		if errors.Is(err, io.EOF) {
			err = errors.New("the body is empty")
		}
		writeError(w, http.StatusBadRequest, "bad_request", "read the JSON body: "+err.Error())
		return false
	}
	return true
}

// acquire takes a slot of sem, or answers 429.
func acquire(w http.ResponseWriter, sem chan struct{}, what string) (release func(), ok bool) {
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, true
	default:
		busy(w, cap(sem), what)
		return nil, false
	}
}

// busy answers 429 with a Retry-After.
func busy(w http.ResponseWriter, n int, what string) {
	w.Header().Set("Retry-After", "2")
	writeError(w, http.StatusTooManyRequests, "too_many_requests",
		fmt.Sprintf("%d %s already running; try again in a few seconds", n, what))
}

// Info describes the server to the web page.
type Info struct {
	Repo      string                 `json:"repo"`
	Version   string                 `json:"version,omitempty"`
	Providers []string               `json:"providers"`
	Templates []service.TemplateInfo `json:"templates"`
	History   bool                   `json:"history"`
	MCP       bool                   `json:"mcp"`
}

func (s *Server) info(w http.ResponseWriter, r *http.Request) {
	providers := s.svc.Providers()
	if len(providers) == 0 {
		providers = []string{"offline"}
	}
	writeJSON(w, http.StatusOK, Info{Repo: filepath.Base(s.svc.Root()), Version: s.opts.Version, Providers: providers,
		Templates: s.svc.Templates(), History: s.svc.Store() != nil, MCP: s.opts.MCP != nil})
}

func (s *Server) templates(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"templates": s.svc.Templates()})
}

func (s *Server) context(w http.ResponseWriter, r *http.Request) {
	var in service.Request
	if !s.decode(w, r, &in) {
		return
	}
	release, ok := acquire(w, s.busy, "requests are")
	if !ok {
		return
	}
	defer release()
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.RequestTimeout)
	defer cancel()
	c, err := s.svc.BuildContext(ctx, &in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) verify(w http.ResponseWriter, r *http.Request) {
	var in service.VerifyRequest
	if !s.decode(w, r, &in) {
		return
	}
	release, ok := acquire(w, s.busy, "requests are")
	if !ok {
		return
	}
	defer release()
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.RequestTimeout)
	defer cancel()
	out, err := s.svc.Verify(ctx, &in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// wantsStream reports whether the client asked for server-sent events.
func wantsStream(r *http.Request) bool {
	if v := r.URL.Query().Get("stream"); v == "1" || v == "true" {
		return true
	}
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		if mt, _, err := mime.ParseMediaType(strings.TrimSpace(part)); err == nil && mt == "text/event-stream" {
			return true
		}
	}
	return false
}

func (s *Server) createPlan(w http.ResponseWriter, r *http.Request) {
	var in service.Request
	if !s.decode(w, r, &in) {
		return
	}
	release, ok := s.svc.AcquirePlan()
	if !ok {
		busy(w, s.svc.MaxPlans(), "plans are")
		return
	}
	defer release()
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.PlanTimeout)
	defer cancel()
	if !wantsStream(r) {
		out, err := s.svc.Plan(ctx, &in, "http", nil)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if out.ID != 0 {
			w.Header().Set("Location", fmt.Sprintf("/api/plans/%d", out.ID))
		}
		writeJSON(w, http.StatusCreated, out)
		return
	}
	// Bad input is answered with a plain status before the stream starts,
	// so a client can tell it from a failure mid-way.
	if _, err := s.svc.Story(&in.Story); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.svc.Template(in.Template); err != nil {
		s.fail(w, r, err)
		return
	}
	sse := newSSE(w)
	stop := sse.heartbeat(15 * time.Second)
	defer stop()
	out, err := s.svc.Plan(ctx, &in, "http", func(e service.Event) {
		data := e.Data
		if e.Kind == service.EventPlan {
			o := *e.Data.(*service.Output)
			o.Context, o.Report = nil, nil // sent in their own events
			data = &o
		}
		sse.send(e.Kind, data)
	})
	if err != nil {
		status, code := classify(err)
		if status >= 500 && status != 499 {
			s.log.Error("plan failed", "err", err)
		}
		sse.send("error", map[string]any{"status": status, "error": ErrorDetail{code, err.Error()}})
		return
	}
	sse.send("done", map[string]any{"id": out.ID})
}

// sseWriter writes server-sent events; heartbeats come from another
// goroutine, hence the lock.
type sseWriter struct {
	mu sync.Mutex
	w  http.ResponseWriter
	rc *http.ResponseController
}

func newSSE(w http.ResponseWriter) *sseWriter {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	s := &sseWriter{w: w, rc: http.NewResponseController(w)}
	s.rc.Flush()
	return s
}

func (s *sseWriter) send(event string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		data, _ = json.Marshal(map[string]any{"error": ErrorDetail{"internal", err.Error()}})
		event = "error"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(s.w, "event: %s\ndata: %s\n\n", event, data)
	s.rc.Flush()
}

// heartbeat sends a comment every d so proxies and clients keep a quiet
// stream open; stop ends it.
func (s *sseWriter) heartbeat(d time.Duration) (stop func()) {
	done := make(chan struct{})
	var once sync.Once
	go func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				s.mu.Lock()
				io.WriteString(s.w, ": keep-alive\n\n")
				s.rc.Flush()
				s.mu.Unlock()
			}
		}
	}()
	return func() { once.Do(func() { close(done) }) }
}

func (s *Server) history(w http.ResponseWriter) (*store.Store, bool) {
	st := s.svc.Store()
	if st == nil {
		writeError(w, http.StatusNotFound, "no_history", "this server keeps no history")
		return nil, false
	}
	return st, true
}

func pathID(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	v := r.PathValue(name)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("no plan %q: plan IDs are positive numbers", v))
		return 0, false
	}
	return id, true
}

func (s *Server) listPlans(w http.ResponseWriter, r *http.Request) {
	st, ok := s.history(w)
	if !ok {
		return
	}
	q := r.URL.Query()
	var o store.ListOptions
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"limit", nil}, {"before", &o.Before}} {
		v := q.Get(p.name)
		if v == "" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			writeError(w, http.StatusBadRequest, "bad_request", fmt.Sprintf("query parameter %s=%q: want a number", p.name, v))
			return
		}
		if p.dst != nil {
			*p.dst = n
		} else {
			o.Limit = int(min(n, 500))
		}
	}
	o.StoryKey = q.Get("story")
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.RequestTimeout)
	defer cancel()
	list, err := st.List(ctx, o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"plans": list})
}

// StoredPlan is a plan from the history as the API returns it: the record
// with its JSON fields decoded.
type StoredPlan struct {
	store.Summary
	Repo     string          `json:"repo"`
	Markdown string          `json:"markdown"`
	Story    json.RawMessage `json:"story,omitempty"`
	Plan     json.RawMessage `json:"plan,omitempty"`
	Report   json.RawMessage `json:"verification,omitempty"`
}

func raw(s string) json.RawMessage {
	if s == "" || !json.Valid([]byte(s)) {
		return nil
	}
	return json.RawMessage(s)
}

func (s *Server) getPlan(w http.ResponseWriter, r *http.Request) {
	st, ok := s.history(w)
	if !ok {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	f := r.URL.Query().Get("format")
	if f != "" && f != "json" && f != "md" && f != "markdown" {
		writeError(w, http.StatusBadRequest, "bad_request", fmt.Sprintf("format=%q: want json or md", f))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.RequestTimeout)
	defer cancel()
	rec, err := st.Get(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch f {
	case "md", "markdown":
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="plan-%d.md"`, id))
		io.WriteString(w, rec.Markdown)
	default:
		writeJSON(w, http.StatusOK, StoredPlan{Summary: rec.Summary(), Repo: rec.Repo, Markdown: rec.Markdown,
			Story: raw(rec.StoryJSON), Plan: raw(rec.PlanJSON), Report: raw(rec.ReportJSON)})
	}
}

func (s *Server) diffPlans(w http.ResponseWriter, r *http.Request) {
	st, ok := s.history(w)
	if !ok {
		return
	}
	a, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	b, ok := pathID(w, r, "other")
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.RequestTimeout)
	defer cancel()
	d, err := st.Diff(ctx, a, b)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}
