package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"

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
}

func (d *doorFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&d.Repo, "repo", ".", "repository root every request is planned against")
	c.Flags().StringVar(&d.DB, "db", "", "plan history database (default: the user data directory's groundplan/history.db)")
	c.Flags().BoolVar(&d.NoHistory, "no-history", false, "keep no history of the plans written")
	_ = c.MarkFlagDirname("repo")
}

// openService opens the history (unless disabled) and builds the service
// the HTTP and MCP doors share. close closes the history.
func (d *doorFlags) openService(ctx context.Context, getenv func(string) string, newPlanner func() *planner.Planner) (svc *service.Service, close func(), err error) {
	var st *store.Store
	close = func() {}
	if !d.NoHistory {
		path := d.DB
		if path == "" {
			if path, err = store.DefaultPath(getenv); err != nil {
				return nil, nil, err
			}
		}
		if st, err = store.Open(ctx, path); err != nil {
			return nil, nil, err
		}
		close = func() { st.Close() }
	}
	svc, err = service.New(service.Config{Repo: d.Repo, Store: st, Planner: plannerFor(newPlanner), Providers: []string{"offline"}})
	if err != nil {
		close()
		return nil, nil, &planner.InputError{Err: err}
	}
	return svc, close, nil
}

// plannerFor picks the pipeline for a provider a request names: "" is the
// configured default, "offline" the offline draft. Other names are refused
// until the factory can build a planner for a named provider.
func plannerFor(newPlanner func() *planner.Planner) func(string) (*planner.Planner, error) {
	return func(provider string) (*planner.Planner, error) {
		switch strings.ToLower(provider) {
		case "", "default":
			if newPlanner == nil {
				return &planner.Planner{}, nil
			}
			return newPlanner(), nil
		case "offline":
			return &planner.Planner{}, nil
		}
		return nil, fmt.Errorf("not available on this server: use the server's default provider, or offline")
	}
}

// ServeOptions are the serve command's inputs and dependencies.
type ServeOptions struct {
	IO      *IOStreams
	Planner func() *planner.Planner
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
	opts := &ServeOptions{IO: f.IO, Planner: f.Planner, Getenv: f.Getenv, Version: f.Version}
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
	c.Flags().IntVar(&opts.MaxPlans, "max-plans", server.DefaultMaxPlans, "plans written at once; more are answered 429")
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
	svc, closeStore, err := opts.Door.openService(ctx, opts.Getenv, opts.Planner)
	if err != nil {
		return err
	}
	defer closeStore()
	log := slog.New(slog.NewTextHandler(opts.IO.ErrOut, &slog.HandlerOptions{Level: slog.LevelWarn}))
	mcpSrv := mcpserver.New(svc, mcpserver.Options{Version: opts.Version, MaxPlans: opts.MaxPlans})
	srv, err := server.New(server.Options{Service: svc, Token: opts.Token, MCP: mcpserver.HTTPHandler(mcpSrv),
		MaxPlans: opts.MaxPlans, Version: opts.Version, Logger: log})
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
