package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/groundplan/groundplan/internal/pack"
	"github.com/groundplan/groundplan/internal/planner"
)

// ContextOptions are the context command's inputs and dependencies.
type ContextOptions struct {
	IO      *IOStreams
	Planner func() *planner.Planner
	Input   inputFlags
	Args    []string
	Format  string
}

// NewCmdContext builds the context command; runF replaces the run (tests).
func NewCmdContext(f *Factory, runF func(context.Context, *ContextOptions) error) *cobra.Command {
	opts := &ContextOptions{IO: f.IO, Planner: f.Planner}
	c := &cobra.Command{
		Use:   "context [STORY]",
		Short: "Show the codebase context chosen for a story: ranked files, reasons, excerpts, tokens",
		Long: `Show what would be sent to a model for this story: a repository map (ranked
files with their key symbols) and excerpts, with the tokens of each file, what
was left out for the budget, and why each file was chosen.`,
		Example: `  groundplan context examples/bookstore/stories/book-reviews.md --repo examples/bookstore
  groundplan context --goal "rate limit the login endpoint" --ac "429 after 5 tries" --budget 8000 --format json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Args = args
			if opts.Format != "md" && opts.Format != "json" {
				return usagef("--format %q: want md or json", opts.Format)
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return contextRun(c.Context(), opts)
		},
	}
	opts.Input.register(c)
	c.Flags().StringVarP(&opts.Format, "format", "f", "md", "output format: md or json")
	return c
}

func contextRun(ctx context.Context, opts *ContextOptions) error {
	req, err := opts.Input.request(opts.Args)
	if err != nil {
		return err
	}
	warnNoRedact(opts.IO, req.NoRedact)
	prep, err := opts.Planner().Context(ctx, req, nil)
	if err != nil {
		return err
	}
	reportRedactions(opts.IO, prep.Redactions)
	c := prep.Context
	if opts.Format == "json" {
		type ranked struct {
			Path    string   `json:"path"`
			Score   float64  `json:"score"`
			Reasons []string `json:"reasons"`
			Symbols []string `json:"symbols,omitempty"`
		}
		out := struct {
			*pack.Context
			Ranked []ranked `json:"ranked"`
		}{Context: c}
		for _, r := range prep.Ranked {
			rr := ranked{Path: r.Path, Score: r.Score, Reasons: r.Reasons}
			for _, s := range r.Symbols {
				rr.Symbols = append(rr.Symbols, s.QualifiedName())
			}
			out.Ranked = append(out.Ranked, rr)
		}
		return writeJSONTo(opts.IO, out)
	}
	fmt.Fprint(opts.IO.Out, c.Text)
	if !strings.HasSuffix(c.Text, "\n") {
		fmt.Fprintln(opts.IO.Out)
	}
	w := opts.IO.ErrOut
	fmt.Fprintf(w, "context: %d of %d tokens, %d files\n", c.Tokens, c.Budget, len(c.Files))
	for _, f := range c.Files {
		kind := "whole"
		if f.Excerpt {
			kind = "excerpt"
		}
		fmt.Fprintf(w, "  %6d  %-7s %s — %s\n", f.Tokens, kind, f.Path, strings.Join(f.Reasons, "; "))
	}
	for _, o := range c.Omitted {
		fmt.Fprintf(w, "  left out: %s (%s)\n", o.Path, o.Reason)
	}
	return nil
}
