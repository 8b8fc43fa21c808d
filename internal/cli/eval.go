package cli

import (
	"fmt"
	"sort"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/groundplan/groundplan/internal/eval"
)

// NewCmdEval builds the eval command: benchmarks of localization quality and
// index speed.
func NewCmdEval(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "eval",
		Short: "Benchmarks: localization quality on real history, index and context speed",
	}
	c.AddCommand(newCmdEvalLocalize(f), newCmdEvalIndex(f))
	return c
}

func newCmdEvalLocalize(f *Factory) *cobra.Command {
	var cases, repos, repo, format string
	var limit int
	var verbose, noHistory bool
	c := &cobra.Command{
		Use:   "localize",
		Short: "Score file ranking on real commits, beside a BM25 baseline computed in the same run",
		Long: `Score how well groundplan finds the files a change request touches, on cases
mined from real history (see shared/bench/README.md for the format): recall at
1, 5 and 10, MRR, all gold files in the top 10, and gold files in the packed
context at 8k/16k/32k tokens, overall and per repository, beside a plain BM25
baseline computed in the same run. Each case is ranked with the git history
of its base commit, never anything after it, as a user's clone has it;
--no-git-history ranks without.`,
		Example: `  groundplan eval localize --cases ../shared/bench/dev.jsonl --repos /work/benchrepos
  groundplan eval localize --cases dev.jsonl --repos DIR --repo gin-gonic/gin --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cases == "" || repos == "" {
				return usagef("--cases and --repos are required")
			}
			if format != "text" && format != "json" {
				return usagef("--format %q: want text or json", format)
			}
			opts := eval.LocalizeOptions{Repo: repo, Limit: limit, NoHistory: noHistory}
			if verbose {
				opts.Progress = f.IO.ErrOut
			}
			rep, err := eval.Localize(cmd.Context(), cases, repos, opts)
			if err != nil {
				return err
			}
			if format == "json" {
				return writeJSONTo(f.IO, rep)
			}
			printLocalize(f.IO, rep)
			return nil
		},
	}
	c.Flags().StringVar(&cases, "cases", "", "cases file (JSON lines)")
	c.Flags().StringVar(&repos, "repos", "", "folder holding the repositories as OWNER+NAME (bare or normal clones)")
	c.Flags().StringVar(&repo, "repo", "", "only the cases of this OWNER/NAME")
	c.Flags().IntVar(&limit, "limit", 0, "only the first N cases")
	c.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	c.Flags().BoolVarP(&verbose, "verbose", "v", false, "one line per case on stderr")
	c.Flags().BoolVar(&noHistory, "no-git-history", false, "rank without the history of each case's base commit")
	return c
}

func printLocalize(io *IOStreams, rep *eval.LocalizeReport) {
	tw := tabwriter.NewWriter(io.Out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "ranker\trepo\tn\tR@1\tR@5\tR@10\tMRR\tall@10\tctx@8k\tctx@16k\tctx@32k\t")
	row := func(name, repo string, m *eval.Metrics) {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t\n", name, repo, m.Cases, m.R1, m.R5, m.R10, m.MRR, m.All10, m.Context8, m.Context16, m.Context32)
	}
	for _, r := range []struct {
		name string
		m    *eval.Metrics
	}{{"groundplan", &rep.Groundplan}, {"bm25", &rep.BM25}} {
		var repos []string
		for k := range r.m.PerRepo {
			repos = append(repos, k)
		}
		sort.Strings(repos)
		for _, k := range repos {
			row(r.name, k, r.m.PerRepo[k])
		}
		row(r.name, "all", r.m)
	}
	tw.Flush()
	fmt.Fprintf(io.Out, "MRR %+.3f over BM25, %.0fs\n", rep.Groundplan.MRR-rep.BM25.MRR, rep.Seconds)
}

func newCmdEvalIndex(f *Factory) *cobra.Command {
	var repo, story, format string
	var vendored, noScaling bool
	c := &cobra.Command{
		Use:     "index",
		Short:   "Time cold and warm index builds and one context request, with peak memory",
		Example: `  groundplan eval index --repo /work/benchrepos/moby+moby-tree --include-vendored`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" {
				return usagef("--format %q: want text or json", format)
			}
			rep, err := eval.IndexBenchWith(cmd.Context(), repo, eval.IndexBenchOptions{Story: story, IncludeVendored: vendored, NoScaling: noScaling})
			if err != nil {
				return err
			}
			if format == "json" {
				return writeJSONTo(f.IO, rep)
			}
			out := f.IO.Out
			fmt.Fprintf(out, "%s: %d files, %d symbols, %.1f MB, %d tokens, %d workers\n", rep.Repo, rep.Files, rep.Symbols, float64(rep.Bytes)/1e6, rep.Tokens, rep.Workers)
			fmt.Fprintf(out, "cold index  %.2fs (cpu %.2fs)\nsymbol map  %.2fs (cpu %.2fs), %d symbols, %d tokens\nwarm index  %.2fs (cpu %.2fs)\ncontext     %.2fs (cpu %.2fs)\npeak RSS    %.0f MB\n",
				rep.Cold.Seconds, rep.Cold.CPUSeconds, rep.Map.Seconds, rep.Map.CPUSeconds, rep.MapSymbols, rep.MapTokens, rep.Warm.Seconds, rep.Warm.CPUSeconds, rep.Context.Seconds, rep.Context.CPUSeconds, rep.PeakRSSMB)
			for _, p := range rep.Scaling {
				fmt.Fprintf(out, "scaling: %6d files %7.1f MB  %.2fs (cpu %.2fs)\n", p.Files, float64(p.Bytes)/1e6, p.Seconds, p.CPUSeconds)
			}
			return nil
		},
	}
	c.Flags().StringVar(&repo, "repo", ".", "repository root")
	c.Flags().StringVar(&story, "story", "", "story text of the context timing")
	c.Flags().BoolVar(&vendored, "include-vendored", false, "index vendored and generated files too")
	c.Flags().BoolVar(&noScaling, "no-scaling", false, "skip the timings at a quarter and half of the files")
	c.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	return c
}
