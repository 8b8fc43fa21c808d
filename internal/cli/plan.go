package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/groundplan/groundplan/internal/llm"
	"github.com/groundplan/groundplan/internal/output"
	"github.com/groundplan/groundplan/internal/plan"
	"github.com/groundplan/groundplan/internal/planner"
	"github.com/groundplan/groundplan/internal/redact"
	"github.com/groundplan/groundplan/internal/story"
)

// inputFlags are the flags every command that takes a story shares.
type inputFlags struct {
	Repo         string
	Spec         string
	Template     string
	Actor        string
	Goal         string
	Benefit      string
	AC           []string
	Vars         []string
	Budget       int
	NoRedact     bool
	NoGitHistory bool
	// IncludeVendored indexes vendored and generated files too.
	IncludeVendored bool
}

func (in *inputFlags) register(c *cobra.Command) {
	fl := c.Flags()
	fl.StringVar(&in.Repo, "repo", ".", "repository root to plan against")
	fl.StringVar(&in.Spec, "spec", "", "a component spec file (free-form Markdown) instead of a user story")
	fl.StringVarP(&in.Template, "template", "t", "", "built-in template name (story, backend) or a template file")
	fl.StringVar(&in.Actor, "actor", "", "story actor, when giving the story as flags")
	fl.StringVar(&in.Goal, "goal", "", "story goal, when giving the story as flags")
	fl.StringVar(&in.Benefit, "benefit", "", "story benefit, when giving the story as flags")
	fl.StringArrayVar(&in.AC, "ac", nil, "an acceptance criterion (repeat for each)")
	fl.StringArrayVar(&in.Vars, "var", nil, "extra template variable as name=value (repeatable)")
	fl.IntVar(&in.Budget, "budget", planner.DefaultBudget, "token budget for the codebase context")
	fl.BoolVar(&in.NoRedact, "no-redact", false, "send secret values found in the code and the story as they are (files that hold secrets stay refused)")
	fl.BoolVar(&in.IncludeVendored, "include-vendored", false, includeVendoredUsage)
	fl.BoolVar(&in.NoGitHistory, "no-git-history", false, "rank files without the repository's git history (past commits like the story)")
	_ = c.RegisterFlagCompletionFunc("template", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"story", "backend"}, cobra.ShellCompDirectiveDefault
	})
	_ = c.MarkFlagFilename("spec", "md", "markdown", "txt")
	_ = c.MarkFlagDirname("repo")
}

// request turns the flags and positional story file into a planner request.
func (in *inputFlags) request(args []string) (planner.Request, error) {
	req := planner.Request{Repo: in.Repo, SpecFile: in.Spec, Template: in.Template, Budget: in.Budget, NoRedact: in.NoRedact, NoGitHistory: in.NoGitHistory, IncludeVendored: in.IncludeVendored}
	if len(args) > 0 {
		req.StoryFile = args[0]
	}
	given := 0
	for _, b := range []bool{req.StoryFile != "", req.SpecFile != "", in.Goal != "" || len(in.AC) > 0} {
		if b {
			given++
		}
	}
	if given == 0 {
		return req, usagef("no story given: pass a story file, --spec FILE, or --goal with --ac")
	}
	if given > 1 {
		return req, usagef("give one input: a story file, --spec FILE, or the --goal/--ac flags")
	}
	if in.Goal != "" || len(in.AC) > 0 {
		s, err := story.FromFields(in.Actor, in.Goal, in.Benefit, in.AC)
		if err != nil {
			return req, &planner.InputError{Err: err}
		}
		req.Story = s
	}
	if len(in.Vars) > 0 {
		req.Vars = map[string]string{}
		for _, kv := range in.Vars {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || strings.TrimSpace(k) == "" {
				return req, usagef("--var %q: want name=value", kv)
			}
			req.Vars[strings.TrimSpace(k)] = v
		}
	}
	return req, nil
}

// PlanOptions are the plan command's inputs and dependencies.
type PlanOptions struct {
	IO        *IOStreams
	Factory   *Factory
	Planner   func() *planner.Planner
	Now       func() time.Time
	Input     inputFlags
	Model     modelFlags
	Args      []string
	Format    string
	Out       string
	DB        string
	NoHistory bool
}

// NewCmdPlan builds the plan command; runF replaces the run (tests).
func NewCmdPlan(f *Factory, runF func(context.Context, *PlanOptions) error) *cobra.Command {
	opts := &PlanOptions{IO: f.IO, Factory: f, Planner: f.Planner, Now: time.Now}
	c := &cobra.Command{
		Use:   "plan [STORY]",
		Short: "Write an implementation plan for a user story or component spec",
		Long: `Write an implementation plan for a user story (Markdown, YAML or JSON file, or
--actor/--goal/--benefit/--ac flags) or a component spec (--spec), grounded in
the repository given with --repo.

With no model configured, the offline provider writes a draft plan from the
ranked files, the acceptance criteria and the repository's layering.`,
		Example: `  groundplan plan examples/bookstore/stories/book-reviews.md --repo examples/bookstore
  groundplan plan --template backend --spec examples/bookstore/specs/inventory-reservations.md --repo examples/bookstore
  groundplan plan --goal "export orders as CSV" --ac "the file lists every order" --repo .
  groundplan plan story.md --format json --out plans/story.json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Args = args
			if opts.Format != "md" && opts.Format != "json" {
				return usagef("--format %q: want md or json", opts.Format)
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return planRun(c.Context(), opts)
		},
	}
	opts.Input.register(c)
	opts.Model.register(c)
	c.Flags().StringVarP(&opts.Format, "format", "f", "md", "output format: md or json")
	c.Flags().StringVarP(&opts.Out, "out", "o", "", "also write the plan to this file (written whole or not at all)")
	c.Flags().StringVar(&opts.DB, "db", "", "history database (default: the user data folder's groundplan/history.db)")
	c.Flags().BoolVar(&opts.NoHistory, "no-history", false, "do not keep this plan in the history")
	_ = c.RegisterFlagCompletionFunc("format", fixedCompletions("md", "json"))
	return c
}

func fixedCompletions(vals ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return vals, cobra.ShellCompDirectiveNoFileComp
	}
}

func planRun(ctx context.Context, opts *PlanOptions) error {
	req, err := opts.Input.request(opts.Args)
	if err != nil {
		return err
	}
	io := opts.IO
	ch, err := opts.Model.choose(ctx, opts.Factory, req.Repo, func(e llm.RetryEvent) {
		fmt.Fprintf(io.ErrOut, "%s: attempt %d failed (%v); retrying in %s\n", e.Provider, e.Attempt, e.Err, e.Wait.Round(time.Millisecond))
	})
	if err != nil {
		return err
	}
	p := opts.Planner()
	ch.apply(p, &req)
	req.Repair = opts.Model.Repair
	if req.Repair <= 0 {
		req.Repair = -1
	}
	warnNoRedact(io, req.NoRedact)
	if opts.Model.DryRun {
		return dryRun(ctx, opts, p, req, ch)
	}
	if ch.provider == nil {
		fmt.Fprintln(io.ErrOut, "note: "+ch.reason)
	}
	streaming := opts.Format == "md" && io.IsStdoutTTY() && ch.provider != nil
	progress := newProgress(io)
	start := opts.Now()
	res, err := p.Plan(ctx, req, func(e planner.Event) {
		progress.event(e)
		if !streaming {
			return
		}
		switch e.Kind {
		case planner.EventText:
			progress.clear()
			fmt.Fprint(io.Out, e.Text)
		case planner.EventRetry:
			progress.clear()
			fmt.Fprintf(io.Out, "\n\n---\n\n")
			fmt.Fprintf(io.ErrOut, "the plan failed verification; asking for a corrected one (%s)\n", e.Text)
		}
	})
	progress.done()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("cancelled: no plan was written")
		}
		return err
	}
	latency := opts.Now().Sub(start)
	reportRedactions(io, res.Redactions)
	historyID := int64(0)
	if !opts.NoHistory {
		if historyID, err = recordHistory(ctx, opts.DB, opts.Factory.Getenv, res, res.Report); err != nil {
			fmt.Fprintf(io.ErrOut, "warning: the plan was not kept in the history: %v\n", err)
		}
	}
	var out []byte
	if opts.Format == "json" {
		if out, err = res.Plan.JSON(); err != nil {
			return fmt.Errorf("encode the plan: %w", err)
		}
		out = append(out, '\n')
	} else {
		out = []byte(strings.TrimRight(res.Markdown, "\n") + "\n")
	}
	if opts.Out != "" {
		data := out
		if strings.HasSuffix(opts.Out, ".json") && opts.Format != "json" {
			if data, err = res.Plan.JSON(); err != nil {
				return fmt.Errorf("encode the plan: %w", err)
			}
		}
		if err := output.WriteFile(opts.Out, data, 0o644); err != nil {
			return err
		}
	}
	if opts.Model.KeepAnalysis != "" {
		if err := output.WriteFile(opts.Model.KeepAnalysis, []byte(res.Hidden), 0o644); err != nil {
			return err
		}
	}
	switch {
	case streaming:
		// The plan is already on screen; add what came after it.
		if v, ok := verificationSection(res); ok {
			fmt.Fprint(io.Out, "\n\n## "+plan.TitleFor(plan.KeyVerification)+"\n\n"+v+"\n")
		}
	case opts.Format == "md" && io.IsStdoutTTY():
		fmt.Fprint(io.Out, renderTerminal(res.Markdown))
	default:
		io.Out.Write(out)
	}
	if ch.provider != nil {
		cost := costLine(ch.model, res.Usage, ch.cfg.Prices)
		if res.Cached {
			cost = "cached, $0"
		}
		fmt.Fprintf(io.ErrOut, "%s %s: %d tokens in, %d out, %s, %.1fs", res.Provider, ch.model, res.Usage.InputTokens, res.Usage.OutputTokens, cost, latency.Seconds())
		if res.Rounds > 1 {
			fmt.Fprintf(io.ErrOut, ", %d repair round(s)", res.Rounds-1)
		}
		fmt.Fprintln(io.ErrOut)
	}
	if res.Report != nil && !res.Report.OK {
		fmt.Fprintf(io.ErrOut, "verification: %d error(s) remain; see the Verification Report section\n", res.Report.Errors)
	}
	if opts.Out != "" {
		fmt.Fprintf(io.ErrOut, "wrote %s\n", opts.Out)
	}
	if historyID > 0 {
		fmt.Fprintf(io.ErrOut, "kept in the history as plan %d (groundplan history show %d)\n", historyID, historyID)
	}
	if opts.Model.KeepAnalysis != "" {
		fmt.Fprintf(io.ErrOut, "wrote the model's analysis to %s (%d bytes)\n", opts.Model.KeepAnalysis, len(res.Hidden))
	}
	return nil
}

// verificationSection returns the body of the Verification section the
// planner appended.
func verificationSection(res *planner.Result) (string, bool) {
	for i := len(res.Plan.Sections) - 1; i >= 0; i-- {
		if res.Plan.Sections[i].Key == plan.KeyVerification {
			return res.Plan.Sections[i].Body, true
		}
	}
	return "", false
}

// dryRun prints the prompt's size and what it would cost, without calling
// the model.
func dryRun(ctx context.Context, opts *PlanOptions, p *planner.Planner, req planner.Request, ch *modelChoice) error {
	prep, err := p.Prepare(ctx, req, nil)
	if err != nil {
		return err
	}
	reportRedactions(opts.IO, prep.Redactions)
	if ch.name == "offline" {
		fmt.Fprintf(opts.IO.ErrOut, "dry run: prompt of %d tokens; no model is configured, so a plan would be an offline draft at no cost. %s\n", prep.PromptTokens, ch.reason)
		return nil
	}
	u := llm.Usage{InputTokens: prep.PromptTokens, OutputTokens: expectedOutputTokens}
	fmt.Fprintf(opts.IO.ErrOut, "dry run: %s %s, prompt of %d tokens; estimated %s for one call with ~%d output tokens (repair rounds, up to %d, cost more); the model was not called\n",
		ch.name, ch.model, prep.PromptTokens, costLine(ch.model, u, ch.cfg.Prices), expectedOutputTokens, max(opts.Model.Repair, 0))
	return nil
}

// warnNoRedact says loudly that secrets may leave the machine.
func warnNoRedact(io *IOStreams, noRedact bool) {
	if noRedact {
		fmt.Fprintln(io.ErrOut, "WARNING: --no-redact: secret values found in the repository or the story are sent as they are. Files that exist to hold secrets are still refused.")
	}
}

// reportRedactions lists on stderr what was redacted: where and which
// rule, never the value.
func reportRedactions(io *IOStreams, fs []redact.Finding) {
	if sum := redact.Summary(fs); sum != "" {
		fmt.Fprintln(io.ErrOut, sum)
	}
}
