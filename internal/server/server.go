// Package server is groundplan's HTTP door: a JSON API over the planner
// (plans streamed as server-sent events, history, verification, context,
// templates), its OpenAPI description at /openapi.yaml, a web page embedded
// in the binary, and the MCP endpoint at /mcp when one is given.
//
// It binds to loopback unless a bearer token is set, bounds request bodies
// and stories, gives every request a deadline, limits the plans running at
// once (429 beyond), and never reads outside the repository root: requests
// carry story text, not paths, and templates are built-ins or files inside
// the repository (see package service).
package server

import (
	"context"
	"crypto/subtle"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/groundplan/groundplan/internal/server/service"
)

//go:embed openapi.yaml web
var assets embed.FS

// Defaults of Options.
const (
	DefaultAddr           = "127.0.0.1:7070"
	DefaultMaxBodyBytes   = 1 << 20
	DefaultRequestTimeout = time.Minute
	DefaultPlanTimeout    = 10 * time.Minute
	DefaultMaxRequests    = 32
)

// Options configure a Server.
type Options struct {
	// Service runs the operations; required.
	Service *service.Service
	// Token, when set, is the bearer token every /api and /mcp request must
	// carry. It is required when the server binds to a non-loopback
	// address.
	Token string
	// MCP, when set, is served at /mcp (behind the token).
	MCP http.Handler
	// MaxBodyBytes bounds a request body; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// RequestTimeout is the deadline of a request that does not plan; 0
	// means DefaultRequestTimeout.
	RequestTimeout time.Duration
	// PlanTimeout is the deadline of a plan request; 0 means
	// DefaultPlanTimeout.
	PlanTimeout time.Duration
	// MaxRequests bounds the context and verify requests running at once;
	// 0 means DefaultMaxRequests. Beyond it they are answered 429.
	MaxRequests int
	// Version is reported by /api/info.
	Version string
	// Logger logs failures; nil logs nothing.
	Logger *slog.Logger
}

// Server is the HTTP door.
type Server struct {
	opts    Options
	svc     *service.Service
	busy    chan struct{} // a slot per context or verify request running
	handler http.Handler
	log     *slog.Logger
}

// New builds a Server.
func New(opts Options) (*Server, error) {
	if opts.Service == nil {
		return nil, errors.New("server: no service")
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = DefaultRequestTimeout
	}
	if opts.PlanTimeout <= 0 {
		opts.PlanTimeout = DefaultPlanTimeout
	}
	if opts.MaxRequests <= 0 {
		opts.MaxRequests = DefaultMaxRequests
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{opts: opts, svc: opts.Service, busy: make(chan struct{}, opts.MaxRequests), log: log}
	s.handler = s.routes()
	return s, nil
}

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes() http.Handler {
	web, err := fs.Sub(assets, "web")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	static := http.StripPrefix("/static/", http.FileServerFS(web))

	mux := http.NewServeMux()
	api := func(pattern string, m methods) { mux.Handle(pattern, s.auth(m)) }
	api("/api/info", methods{http.MethodGet: s.info})
	api("/api/templates", methods{http.MethodGet: s.templates})
	api("/api/plans", methods{http.MethodGet: s.listPlans, http.MethodPost: s.createPlan})
	api("/api/plans/{id}", methods{http.MethodGet: s.getPlan})
	api("/api/plans/{id}/diff/{other}", methods{http.MethodGet: s.diffPlans})
	api("/api/context", methods{http.MethodPost: s.context})
	api("/api/verify", methods{http.MethodPost: s.verify})
	mux.Handle("/api/", s.auth(http.HandlerFunc(notFound)))
	if s.opts.MCP != nil {
		mcp := http.MaxBytesHandler(s.opts.MCP, s.opts.MaxBodyBytes)
		mux.Handle("/mcp", s.auth(mcp))
		mux.Handle("/mcp/", s.auth(mcp))
	}
	mux.Handle("/openapi.yaml", methods{http.MethodGet: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
		http.ServeFileFS(w, r, assets, "openapi.yaml")
	}})
	mux.Handle("/static/", methods{http.MethodGet: static.ServeHTTP})
	mux.Handle("/{$}", methods{http.MethodGet: func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, web, "index.html")
	}})
	mux.HandleFunc("/", notFound)

	var h http.Handler = mux
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusForbidden, "cross_origin", "cross-origin requests are not allowed")
	}))
	h = cop.Handler(h)
	h = s.guard(h)
	return h
}

// guard sets the security headers, refuses Host headers that do not name
// this machine when no token protects the server (DNS rebinding), and turns
// a panic into a 500 with a JSON body.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "value", v)
				writeError(w, http.StatusInternalServerError, "internal", "internal error")
			}
		}()
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
		if s.opts.Token == "" && !localHost(r.Host) {
			writeError(w, http.StatusForbidden, "forbidden_host", fmt.Sprintf("host %q is not this machine; with no --token the server only answers requests to localhost", r.Host))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// localHost reports whether a Host header names the loopback interface.
func localHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// auth requires the bearer token when one is set.
func (s *Server) auth(next http.Handler) http.Handler {
	if s.opts.Token == "" {
		return next
	}
	want := []byte("Bearer " + s.opts.Token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := []byte(r.Header.Get("Authorization"))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="groundplan"`)
			code, msg := "unauthorized", "this server needs a bearer token: send Authorization: Bearer <token>"
			if len(got) > 0 {
				msg = "the bearer token is wrong"
			}
			writeError(w, http.StatusUnauthorized, code, msg)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// methods dispatches on the request method and answers 405 with a JSON
// body and an Allow header otherwise.
type methods map[string]http.HandlerFunc

func (m methods) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, ok := m[r.Method]
	if !ok && r.Method == http.MethodHead {
		h, ok = m[http.MethodGet]
	}
	if !ok {
		var allow []string
		for _, k := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
			if _, ok := m[k]; ok {
				allow = append(allow, k)
			}
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", fmt.Sprintf("%s is not allowed here; use %s", r.Method, strings.Join(allow, " or ")))
		return
	}
	h(w, r)
}

func notFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("no such endpoint: %s (see /openapi.yaml)", r.URL.Path))
}

// LoopbackError is returned when the server would bind to a non-loopback
// address without a token.
type LoopbackError struct{ Addr string }

func (e *LoopbackError) Error() string {
	return fmt.Sprintf("refusing to serve on %s without a token: anyone who can reach it could plan against your repository; "+
		"pass --token T (clients send Authorization: Bearer T), or bind to 127.0.0.1", e.Addr)
}

// IsLoopback reports whether addr (host:port) binds only to the loopback
// interface. An empty host, 0.0.0.0, :: and names other than localhost are
// not loopback.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// Listen opens addr, refusing a non-loopback address when token is empty.
func Listen(ctx context.Context, addr, token string) (net.Listener, error) {
	if addr == "" {
		addr = DefaultAddr
	}
	if token == "" && !IsLoopback(addr) {
		return nil, &LoopbackError{Addr: addr}
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && token == "" && !tcp.IP.IsLoopback() {
		ln.Close()
		return nil, &LoopbackError{Addr: ln.Addr().String()}
	}
	return ln, nil
}

// Serve answers requests on ln until ctx is done, then shuts down, giving
// running requests a few seconds to finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler: s.handler,
		// No ReadTimeout: it would also cut the long answers (a streamed
		// plan) once it expires. Bodies get their own read deadline in
		// decode.
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
