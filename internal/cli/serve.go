package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/groundplan/groundplan/internal/config"
	"github.com/groundplan/groundplan/internal/mcpserver"
	"github.com/groundplan/groundplan/internal/planner"
	"github.com/groundplan/groundplan/internal/server"
	"github.com/groundplan/groundplan/internal/server/service"
	"github.com/groundplan/groundplan/internal/store"
)

// TokenEnv is the environment variable serve reads the bearer token from
// when --token is not given (a flag shows in the process list).
const TokenEnv = "GROUNDPLAN_TOKEN"

// doorFlags are the flags serve and mcp share.
type doorFlags struct {
	Repo      string
	DB        string
	NoHistory bool
	MaxPlans  int // 0: the service's default
}

func (d *doorFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&d.Repo, "repo", ".", "repository root every request is planned against")
	c.Flags().StringVar(&d.DB, "db", "", "plan history database (default: the user data directory's groundplan/history.db)")
	c.Flags().BoolVar(&d.NoHistory, "no-history", false, "keep no history of the plans written")
	_ = c.MarkFlagDirname("repo")
}

// openService opens the history (unless disabled) and builds the service
// the HTTP and MCP doors share. close closes the history.
func (d *doorFlags) openService(ctx context.Context, f *Factory) (svc *service.Service, close func(), err error) {
	var st *store.Store
	close = func() {}
	if !d.NoHistory {
		path := d.DB
		if path == "" {
			if path, err = store.DefaultPath(f.Getenv); err != nil {
				return nil, nil, err
			}
		}
		if st, err = store.Open(ctx, path); err != nil {
			return nil, nil, err
		}
		close = func() { st.Close() }
	}
	pl := &pipelines{ctx: ctx, f: f, repo: d.Repo, choices: map[string]*modelChoice{}}
	svc, err = service.New(service.Config{Repo: d.Repo, Store: st, Planner: pl.planner, Defaults: pl.defaults, Providers: pl.offered(), MaxPlans: d.MaxPlans})
	if err != nil {
		close()
		return nil, nil, &planner.InputError{Err: err}
	}
	return svc, close, nil
}

// pipelines opens the model provider a request names ("" or "default" for
// the one the configuration and environment choose, as 'plan' does), once
// per name.
type pipelines struct {
	ctx  context.Context
	f    *Factory
	repo string

	mu      sync.Mutex
	choices map[string]*modelChoice
}

func (p *pipelines) choose(provider string) (*modelChoice, error) {
	if strings.EqualFold(provider, "default") {
		provider = ""
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if ch, ok := p.choices[provider]; ok {
		return ch, nil
	}
	m := modelFlags{Provider: provider}
	ch, err := m.choose(p.ctx, p.f, p.repo, nil)
	if err != nil {
		return nil, err
	}
	p.choices[provider] = ch
	return ch, nil
}

// planner is service.Config.Planner.
func (p *pipelines) planner(provider string) (*planner.Planner, error) {
	ch, err := p.choose(provider)
	if err != nil {
		return nil, err
	}
	pl := &planner.Planner{}
	if p.f.Planner != nil {
		pl = p.f.Planner()
	}
	ch.apply(pl, &planner.Request{})
	return pl, nil
}

// defaults is service.Config.Defaults: the configured model settings,
// unless the request names a model.
func (p *pipelines) defaults(provider string, req *planner.Request) {
	ch, err := p.choose(provider)
	if err != nil || ch.provider == nil {
		return // the planner call reports the error
	}
	model := req.Model
	ch.apply(&planner.Planner{}, req)
	if model != "" {
		req.Model = model
	}
}

// offered lists the providers a user may pick: offline, and those whose
// API key is in the environment.
func (p *pipelines) offered() []string {
	out := []string{config.ProviderOffline}
	if p.f.Getenv == nil {
		return out
	}
	for _, name := range config.Providers {
		for _, env := range config.KeyEnvs[name] {
			if p.f.Getenv(env) != "" {
				out = append(out, name)
				break
			}
		}
	}
	return out
}

// ServeOptions are the serve command's inputs and dependencies.
type ServeOptions struct {
	IO *IOStreams
	// Factory builds the pipelines (providers from flags' defaults, the
	// configuration and the environment, as for 'plan').
	Factory *Factory
	Getenv  func(string) string
	Version string
	Door    doorFlags
	Addr    string
	Token   string
	// MaxPlans bounds the plans running at once.
	MaxPlans int
	// Ready, when set, is told the address the server listens on (tests).
	Ready func(addr string)
}

// NewCmdServe builds the serve command; runF replaces the run (tests).
func NewCmdServe(f *Factory, runF func(context.Context, *ServeOptions) error) *cobra.Command {
	opts := &ServeOptions{IO: f.IO, Factory: f, Getenv: f.Getenv, Version: f.Version}
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the HTTP API, the web page and MCP over HTTP",
		Long: `Serve groundplan over HTTP for the repository given with --repo:

  /              a web page: write a story, watch the plan stream in, see the
                 verification beside the plan, browse the history
  /api/...       the JSON API (plans stream as server-sent events)
  /openapi.yaml  the API's description
  /mcp           the MCP server (streamable HTTP) for editors' agents

The server listens on 127.0.0.1 unless told otherwise. To listen on another
address it needs a bearer token (--token, or the GROUNDPLAN_TOKEN environment
variable); clients then send "Authorization: Bearer <token>".

Every plan is kept in the history (see 'groundplan history').`,
		Example: `  groundplan serve --repo examples/bookstore
  GROUNDPLAN_TOKEN=$(openssl rand -hex 16) groundplan serve --repo . --addr 0.0.0.0:7070`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if opts.Token == "" && opts.Getenv != nil {
				opts.Token = opts.Getenv(TokenEnv)
			}
			if opts.MaxPlans < 0 {
				return usagef("--max-plans %d: want 1 or more", opts.MaxPlans)
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return serveRun(c.Context(), opts)
		},
	}
	opts.Door.register(c)
	c.Flags().StringVar(&opts.Addr, "addr", server.DefaultAddr, "address to listen on (host:port)")
	c.Flags().StringVar(&opts.Token, "token", "", "bearer token required on /api and /mcp (required off loopback; default $"+TokenEnv+")")
	c.Flags().IntVar(&opts.MaxPlans, "max-plans", service.DefaultMaxPlans, "plans written at once (HTTP and MCP together); more are answered 429")
	return c
}

func serveRun(ctx context.Context, opts *ServeOptions) error {
	ln, err := server.Listen(ctx, opts.Addr, opts.Token)
	if err != nil {
		var le *server.LoopbackError
		if errors.As(err, &le) {
			return usagef("%v", err)
		}
		return err
	}
	defer ln.Close()
	opts.Door.MaxPlans = opts.MaxPlans
	svc, closeStore, err := opts.Door.openService(ctx, opts.Factory)
	if err != nil {
		return err
	}
	defer closeStore()
	log := slog.New(slog.NewTextHandler(opts.IO.ErrOut, &slog.HandlerOptions{Level: slog.LevelWarn}))
	mcpSrv := mcpserver.New(svc, mcpserver.Options{Version: opts.Version})
	srv, err := server.New(server.Options{Service: svc, Token: opts.Token, MCP: mcpserver.HTTPHandler(mcpSrv),
		Version: opts.Version, Logger: log})
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	fmt.Fprintf(opts.IO.ErrOut, "groundplan: serving %s on http://%s (API /api, MCP /mcp, OpenAPI /openapi.yaml)\n", svc.Root(), addr)
	if st := svc.Store(); st != nil {
		fmt.Fprintf(opts.IO.ErrOut, "groundplan: history in %s\n", st.Path())
	}
	if opts.Token != "" {
		fmt.Fprintln(opts.IO.ErrOut, "groundplan: /api and /mcp need Authorization: Bearer <token>")
	}
	if opts.Ready != nil {
		opts.Ready(addr)
	}
	return srv.Serve(ctx, ln)
}
