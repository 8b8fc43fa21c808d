package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/groundplan/groundplan/internal/planner"
	"github.com/groundplan/groundplan/internal/server/service"
	"github.com/groundplan/groundplan/internal/store"
	"github.com/groundplan/groundplan/internal/verify"
)

// HistoryOptions are the history commands' inputs and dependencies.
type HistoryOptions struct {
	IO     *IOStreams
	Getenv func(string) string
	Now    func() time.Time
	DB     string
	JSON   bool

	// list
	Limit int
	Story string
	// show, diff
	IDs []int64
}

// NewCmdHistory builds the history command with list, show and diff;
// runF replaces the run of every subcommand (tests): it is called with
// the subcommand's name.
func NewCmdHistory(f *Factory, runF func(ctx context.Context, sub string, opts *HistoryOptions) error) *cobra.Command {
	opts := &HistoryOptions{IO: f.IO, Getenv: f.Getenv, Now: time.Now}
	run := func(sub string, fn func(context.Context, *HistoryOptions) error) func(*cobra.Command, []string) error {
		return func(c *cobra.Command, args []string) error {
			opts.IDs = nil
			for _, a := range args {
				id, err := strconv.ParseInt(strings.TrimPrefix(a, "#"), 10, 64)
				if err != nil || id <= 0 {
					return usagef("%q is not a plan ID (see 'groundplan history list')", a)
				}
				opts.IDs = append(opts.IDs, id)
			}
			if runF != nil {
				return runF(c.Context(), sub, opts)
			}
			return fn(c.Context(), opts)
		}
	}
	c := &cobra.Command{
		Use:   "history",
		Short: "Browse the plans written so far",
		Long: `Every plan written by 'plan', 'serve' or 'mcp' is kept in a SQLite history with
its story, template, provider, model, tokens, cost, verification and the
repository commit. List them, show one, or diff two plans section by section.`,
	}
	c.PersistentFlags().StringVar(&opts.DB, "db", "", "plan history database (default: the user data directory's groundplan/history.db)")
	c.PersistentFlags().BoolVar(&opts.JSON, "json", false, "print JSON")

	list := &cobra.Command{
		Use:   "list",
		Short: "List plans, newest first",
		Args:  cobra.NoArgs,
		RunE:  run("list", historyList),
	}
	list.Flags().IntVarP(&opts.Limit, "limit", "n", 20, "how many plans to list")
	list.Flags().StringVar(&opts.Story, "story", "", "only the plans of the story with this key")
	c.AddCommand(list)
	c.AddCommand(&cobra.Command{
		Use:   "show ID",
		Short: "Print a plan from the history (details on stderr)",
		Args:  cobra.ExactArgs(1),
		RunE:  run("show", historyShow),
	})
	c.AddCommand(&cobra.Command{
		Use:     "diff ID1 ID2",
		Short:   "Compare two plans section by section",
		Example: "  groundplan history diff 3 7",
		Args:    cobra.ExactArgs(2),
		RunE:    run("diff", historyDiff),
	})
	return c
}

func (o *HistoryOptions) open(ctx context.Context) (*store.Store, error) {
	path := o.DB
	if path == "" {
		var err error
		if path, err = store.DefaultPath(o.Getenv); err != nil {
			return nil, err
		}
	}
	return store.Open(ctx, path)
}

// notFound turns a missing plan into an input error (exit code 2).
func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return &planner.InputError{Err: fmt.Errorf("%w (see 'groundplan history list')", err)}
	}
	return err
}

func historyList(ctx context.Context, o *HistoryOptions) error {
	st, err := o.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := st.List(ctx, store.ListOptions{Limit: o.Limit, StoryKey: o.Story})
	if err != nil {
		return err
	}
	if o.JSON {
		return writeJSONTo(o.IO, list)
	}
	if len(list) == 0 {
		fmt.Fprintf(o.IO.ErrOut, "no plans in %s yet: run 'groundplan plan', 'serve' or 'mcp'\n", st.Path())
		return nil
	}
	tw := tabwriter.NewWriter(o.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCREATED\tDOOR\tSTORY\tTEMPLATE\tMODEL\tTOKENS\tCOST\tSCORE\tERRORS\tCOMMIT\tSTORY KEY")
	now := o.Now()
	for _, p := range list {
		model := p.Provider
		if p.Model != "" {
			model += " " + p.Model
		}
		score, errs := "-", "-"
		if p.Verified {
			score, errs = fmt.Sprintf("%.2f", p.Score), strconv.Itoa(p.Errors)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", p.ID, ago(now, p.CreatedAt), p.Door,
			clip(p.StoryTitle, 40), p.Template, model, p.PromptTokens+p.OutputTokens, money(p.CostUSD), score, errs, short(p.Commit), p.StoryKey)
	}
	return tw.Flush()
}

func historyShow(ctx context.Context, o *HistoryOptions) error {
	st, err := o.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := st.Get(ctx, o.IDs[0])
	if err != nil {
		return notFound(err)
	}
	if o.JSON {
		return writeJSONTo(o.IO, r)
	}
	e := o.IO.ErrOut
	fmt.Fprintf(e, "plan %d · %s · %s door · template %s · %s", r.ID, r.CreatedAt.Local().Format("2006-01-02 15:04"), r.Door, r.Template, r.Provider)
	if r.Model != "" {
		fmt.Fprintf(e, " %s", r.Model)
	}
	fmt.Fprintf(e, "\n  story %q (key %s)\n  repo %s", r.StoryTitle, r.StoryKey, r.Repo)
	if r.Commit != "" {
		fmt.Fprintf(e, " at %s", short(r.Commit))
	}
	fmt.Fprintf(e, "\n  tokens: prompt %d, in %d, out %d; cost %s\n", r.PromptTokens, r.InputTokens, r.OutputTokens, money(r.CostUSD))
	if r.Verified {
		fmt.Fprintf(e, "  verification: score %.2f, %d error(s), %d warning(s)\n", r.Score, r.Errors, r.Warnings)
	}
	if o.IO.IsStdoutTTY() {
		fmt.Fprint(o.IO.Out, renderTerminal(r.Markdown))
		return nil
	}
	fmt.Fprint(o.IO.Out, r.Markdown)
	if !strings.HasSuffix(r.Markdown, "\n") {
		fmt.Fprintln(o.IO.Out)
	}
	return nil
}

func historyDiff(ctx context.Context, o *HistoryOptions) error {
	st, err := o.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	d, err := st.Diff(ctx, o.IDs[0], o.IDs[1])
	if err != nil {
		return notFound(err)
	}
	if o.JSON {
		return writeJSONTo(o.IO, d)
	}
	fmt.Fprint(o.IO.Out, d.Text())
	return nil
}

func writeJSONTo(io *IOStreams, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	_, err = io.Out.Write(append(data, '\n'))
	return err
}

func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	case d < 30*24*time.Hour:
		return fmt.Sprintf("%dd ago", int(d.Hours()/24))
	}
	return t.Local().Format("2006-01-02")
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func short(commit string) string {
	if len(commit) > 8 {
		return commit[:8]
	}
	if commit == "" {
		return "-"
	}
	return commit
}

func money(usd *float64) string {
	if usd == nil {
		return "?"
	}
	if *usd == 0 {
		return "$0"
	}
	return fmt.Sprintf("$%.4f", *usd)
}

// recordHistory keeps a plan written by the CLI in the history at dbPath
// ("" for the default place) and returns its ID. rep is the plan's
// verification report, nil when it was not verified. The plan command
// calls it after writing a plan.
func recordHistory(ctx context.Context, dbPath string, getenv func(string) string, res *planner.Result, rep *verify.Report) (int64, error) {
	o := &HistoryOptions{DB: dbPath, Getenv: getenv}
	st, err := o.open(ctx)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	repo := ""
	if res.Prepared != nil && res.Index != nil {
		repo = res.Index.Root()
	}
	commit := ""
	if repo != "" {
		commit = store.HeadCommit(ctx, repo)
	}
	rec, err := service.NewRecord("cli", repo, commit, res, rep)
	if err != nil {
		return 0, err
	}
	return st.Save(ctx, rec)
}
