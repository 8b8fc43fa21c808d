// Package llmtest holds test helpers for the provider packages: a scripted
// HTTP server that speaks server-sent events and injects faults (error
// statuses, dropped connections, silence), a fake clock for llm.WithRetry,
// and RunFaults, the fault table every provider must pass. It is imported by
// tests only.
package llmtest

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Recorded is a request the server received.
type Recorded struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	Body     []byte
}

// Server answers the i-th request with the i-th handler of its script; the
// last handler answers every request after it. Requests to paths in Routes
// (e.g. the models endpoint) are answered there and not counted.
type Server struct {
	*httptest.Server
	mu       sync.Mutex
	script   []http.HandlerFunc
	routes   map[string]http.HandlerFunc
	requests []Recorded
	stop     chan struct{}
}

// NewServer starts a server running script; it is closed when the test ends.
func NewServer(t testing.TB, script ...http.HandlerFunc) *Server {
	s := &Server{script: script, routes: map[string]http.HandlerFunc{}, stop: make(chan struct{})}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() {
		close(s.stop)
		s.Server.CloseClientConnections()
		s.Server.Close()
	})
	return s
}

// Route answers requests whose path is path with h.
func (s *Server) Route(path string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[path] = h
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	if h, ok := s.routes[r.URL.Path]; ok {
		s.mu.Unlock()
		h(w, r)
		return
	}
	i := len(s.requests)
	s.requests = append(s.requests, Recorded{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: body})
	h := s.script[min(i, len(s.script)-1)]
	s.mu.Unlock()
	ctx := context.WithValue(r.Context(), stopKey{}, s.stop)
	h(w, r.WithContext(ctx))
}

type stopKey struct{}

// Count is how many scripted requests arrived.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// Request returns the i-th scripted request.
func (s *Server) Request(i int) Recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[i]
}

// writeEvents writes SSE blocks, each followed by a blank line, flushing
// after each so the client sees them one by one.
func writeEvents(w http.ResponseWriter, events []string) {
	f, _ := w.(http.Flusher)
	for _, e := range events {
		io.WriteString(w, strings.TrimRight(e, "\n")+"\n\n")
		if f != nil {
			f.Flush()
		}
	}
}

// SSE answers 200 with a text/event-stream made of events, each an SSE
// block such as "data: {...}" or "event: x\ndata: {...}".
func SSE(events ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		writeEvents(w, events)
	}
}

// Status answers code with a JSON body and the given headers.
func Status(code int, headers map[string]string, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for k, v := range headers {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
}

// JSON answers 200 with body.
func JSON(body string) http.HandlerFunc { return Status(http.StatusOK, nil, body) }

// ResetAfter streams events and then drops the connection abruptly (TCP
// reset), as a crashing server or a broken network would.
func ResetAfter(events ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if len(events) > 0 {
			w.Header().Set("Content-Type", "text/event-stream")
			w.WriteHeader(http.StatusOK)
			writeEvents(w, events)
		}
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		if tc, ok := conn.(*net.TCPConn); ok {
			tc.SetLinger(0)
		}
		conn.Close()
	}
}

// Hang accepts the request and never answers, until the client gives up or
// the test ends.
func Hang() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		stop, _ := r.Context().Value(stopKey{}).(chan struct{})
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}
}

// Clock is a fake clock for llm.RetryOptions: Sleep records the wait and
// returns at once.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

// NewClock starts a clock at a fixed date.
func NewClock() *Clock { return NewClockAt(time.Date(2025, 10, 1, 12, 0, 0, 0, time.UTC)) }

// NewClockAt starts a clock at start.
func NewClockAt(start time.Time) *Clock { return &Clock{now: start} }

// Now returns the fake time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep records d, advances the clock and returns ctx's error, if any.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

// Sleeps returns the waits recorded so far.
func (c *Clock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}
