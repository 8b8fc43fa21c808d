package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/groundplan/groundplan/internal/mcpserver"
)

// MCPOptions are the mcp command's inputs and dependencies.
type MCPOptions struct {
	IO *IOStreams
	// Factory builds the pipelines (providers from flags' defaults, the
	// configuration and the environment, as for 'plan').
	Factory *Factory
	Getenv  func(string) string
	Version string
	Door    doorFlags
}

// NewCmdMCP builds the mcp command; runF replaces the run (tests).
func NewCmdMCP(f *Factory, runF func(context.Context, *MCPOptions) error) *cobra.Command {
	opts := &MCPOptions{IO: f.IO, Factory: f, Getenv: f.Getenv, Version: f.Version}
	c := &cobra.Command{
		Use:   "mcp",
		Short: "Run the MCP server over stdio, for an editor's agent",
		Long: `Run groundplan as a Model Context Protocol server on stdin and stdout, for the
repository given with --repo. Tools: plan_story, build_context, verify_plan,
list_templates. Plans written through it are kept in the history.

Configure your editor to start "groundplan mcp --repo /path/to/repo". For MCP
over HTTP, use 'groundplan serve' (endpoint /mcp).`,
		Example: `  groundplan mcp --repo .
  # e.g. in an MCP client configuration:
  #   {"command": "groundplan", "args": ["mcp", "--repo", "/path/to/repo"]}`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return mcpRun(c.Context(), opts)
		},
	}
	opts.Door.register(c)
	return c
}

func mcpRun(ctx context.Context, opts *MCPOptions) error {
	svc, closeStore, err := opts.Door.openService(ctx, opts.Factory)
	if err != nil {
		return err
	}
	defer closeStore()
	// stdout carries the protocol: everything for people goes to stderr.
	fmt.Fprintf(opts.IO.ErrOut, "groundplan: MCP server for %s on stdio\n", svc.Root())
	return mcpserver.ServeStdio(ctx, mcpserver.New(svc, mcpserver.Options{Version: opts.Version}), opts.IO.In, opts.IO.Out)
}
