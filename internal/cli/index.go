package cli

import (
	"bufio"
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/groundplan/groundplan/internal/planner"
)

// IndexOptions are the index command's inputs and dependencies.
type IndexOptions struct {
	IO      *IOStreams
	Planner func() *planner.Planner
	Repo    string
	Format  string
	Map     bool
	// NoRedact leaves secret values in the map's signatures.
	NoRedact bool
	// IncludeVendored indexes vendored and generated files too.
	IncludeVendored bool
	Now             func() time.Time
}

// NewCmdIndex builds the index command; runF replaces the run (tests).
func NewCmdIndex(f *Factory, runF func(context.Context, *IndexOptions) error) *cobra.Command {
	opts := &IndexOptions{IO: f.IO, Planner: f.Planner, Now: time.Now}
	c := &cobra.Command{
		Use:   "index",
		Short: "Build or refresh the persistent index of a repository",
		Long: `Build or refresh the index of a repository: files, languages, symbols and
references. The index is cached under the user cache directory, keyed by
repository and content hash; later commands re-read only files that changed.

With --map it prints the symbol map of the whole repository instead: every
indexed file with its language and tokens, and each declared symbol with its
lines and signature (secret values redacted, secret files left out). The
summary then goes to stderr.

Vendored and generated files (vendor/, node_modules/, generated code) are
left out unless --include-vendored: then their symbols are indexed too (never
their words or references), in a cache of their own.`,
		Example: `  groundplan index --repo .
  groundplan index --repo . --map > repo-map.txt
  groundplan index --repo . --include-vendored`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if opts.Format != "text" && opts.Format != "json" {
				return usagef("--format %q: want text or json", opts.Format)
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return indexRun(c.Context(), opts)
		},
	}
	c.Flags().StringVar(&opts.Repo, "repo", ".", "repository root")
	c.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text or json")
	c.Flags().BoolVar(&opts.Map, "map", false, "print the symbol map of the whole repository")
	c.Flags().BoolVar(&opts.NoRedact, "no-redact", false, "with --map: keep secret values in signatures")
	c.Flags().BoolVar(&opts.IncludeVendored, "include-vendored", false, includeVendoredUsage)
	return c
}

// includeVendoredUsage is the help of --include-vendored.
const includeVendoredUsage = "also index vendored and generated files (vendor/, node_modules/, generated code) for their symbols; they are never ranked"

func indexRun(ctx context.Context, opts *IndexOptions) error {
	start := opts.Now()
	if opts.Map {
		return indexMapRun(ctx, opts, start)
	}
	ix, err := opts.Planner().BuildIndex(ctx, planner.Request{Repo: opts.Repo, IncludeVendored: opts.IncludeVendored})
	if err != nil {
		return err
	}
	took := opts.Now().Sub(start)
	st := ix.Stats
	langs := ix.Languages()
	vendored, vendoredSyms := 0, 0
	for _, f := range ix.Files() {
		if f.Vendored {
			vendored++
			vendoredSyms += f.NumSymbols()
		}
	}
	if opts.Format == "json" {
		out := map[string]any{"root": ix.Root(), "stats": st, "languages": langs, "seconds": took.Seconds()}
		if opts.IncludeVendored {
			out["vendored"] = map[string]int{"files": vendored, "symbols": vendoredSyms}
		}
		return writeJSONTo(opts.IO, out)
	}
	out := opts.IO.Out
	fmt.Fprintf(out, "%s: %d files, %d symbols, %d tokens, %.1f MB in %.2fs\n", ix.Root(), st.Files, st.Symbols, st.Tokens, float64(st.Bytes)/1e6, took.Seconds())
	if opts.IncludeVendored {
		fmt.Fprintf(out, "parsed %d, from cache %d, skipped %d (binary or large); vendored or generated: %d files, %d symbols\n", st.Parsed, st.Cached, st.Skipped, vendored, vendoredSyms)
	} else {
		fmt.Fprintf(out, "parsed %d, from cache %d, skipped %d (vendored, generated, binary or large)\n", st.Parsed, st.Cached, st.Skipped)
	}
	for i, l := range langs {
		if i == 8 {
			fmt.Fprintf(out, "  … and %d more languages\n", len(langs)-i)
			break
		}
		fmt.Fprintf(out, "  %-14s %6d files\n", l.Language, l.Files)
	}
	if st.CachePath != "" {
		fmt.Fprintf(out, "cache: %s\n", st.CachePath)
	}
	return nil
}

// indexMapRun prints the symbol map to stdout and a one-line summary to
// stderr (or, with --format json, the map's figures beside the index's).
func indexMapRun(ctx context.Context, opts *IndexOptions, start time.Time) error {
	if opts.NoRedact {
		fmt.Fprintln(opts.IO.ErrOut, "warning: --no-redact: secret values in signatures are printed as they are")
	}
	w := bufio.NewWriterSize(opts.IO.Out, 1<<16)
	ix, st, err := opts.Planner().SymbolMap(ctx, planner.Request{Repo: opts.Repo, NoRedact: opts.NoRedact, IncludeVendored: opts.IncludeVendored}, w)
	if err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("symbol map: %w", err)
	}
	took := opts.Now().Sub(start)
	if opts.Format == "json" {
		return writeJSONTo(&IOStreams{Out: opts.IO.ErrOut}, map[string]any{"root": ix.Root(), "stats": ix.Stats, "map": st, "seconds": took.Seconds()})
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s: map of %d files, %d symbols, %d tokens (index %d files, %.1f MB) in %.2fs\n", ix.Root(), st.Files, st.Symbols, st.Tokens, ix.Stats.Files, float64(ix.Stats.Bytes)/1e6, took.Seconds())
	return nil
}
