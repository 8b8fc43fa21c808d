package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/groundplan/groundplan/internal/plan"
	"github.com/groundplan/groundplan/internal/planner"
	"github.com/groundplan/groundplan/internal/prompt"
	"github.com/groundplan/groundplan/internal/story"
	"github.com/groundplan/groundplan/internal/verify"
	"github.com/groundplan/groundplan/internal/workspace"
)

// maxPlanBytes limits the size of a plan file the verify command reads.
const maxPlanBytes = 4 << 20

// VerifyOptions are the verify command's inputs and dependencies.
type VerifyOptions struct {
	IO      *IOStreams
	Planner func() *planner.Planner // gives the index options
	// PlanFile is the plan to check; "-" reads standard input.
	PlanFile string
	Repo     string
	Story    string // a user story file, for the acceptance-criterion rules
	Spec     string // a component spec file, instead of a story
	Template string // built-in name, template file or "none"; "" picks by input or plan
	Format   string // text or json
	Diff     string // BASE..HEAD to compare the plan with, "" for none
	// IncludeVendored indexes vendored and generated files too, so that
	// names the plan takes from dependencies are found.
	IncludeVendored bool
}

// NewCmdVerify builds the verify command; runF replaces the run (tests).
func NewCmdVerify(f *Factory, runF func(context.Context, *VerifyOptions) error) *cobra.Command {
	opts := &VerifyOptions{IO: f.IO, Planner: f.Planner}
	c := &cobra.Command{
		Use:   "verify PLAN.md",
		Short: "Check a plan against the repository: files, symbols, criteria, sections, estimate",
		Long: `Check a Markdown implementation plan — groundplan's, a model's, a person's or
another tool's — against the repository given with --repo, before anyone
trusts it. Every finding names its rule, its severity, the plan line, what is
wrong and how to fix it:

  - files the plan modifies exist; files it creates do not, and fit the layout;
  - functions, methods, types and fields it names exist or are created by it;
  - every acceptance criterion of --story is covered by a step and a test;
  - the template's sections are present and not empty (--template none skips
    this for plans that follow another format);
  - the time estimate is present, in minutes and plausible;
  - endpoints and tables it names are in the API documents, routes, migrations
    or database documents, or are added by the plan.

With --diff BASE..HEAD the plan is also compared with what a change touched.

With --include-vendored the symbols of vendored and generated files
(vendor/, node_modules/, generated code) are indexed too, so that types and
functions the plan takes from dependencies are found.

Exit status: 0 when the plan holds, 1 when it has errors (or the change does
not follow it), 2 on bad input. The JSON report is documented in
docs/verify-report.md.`,
		Example: `  groundplan verify plan.md --repo . --story stories/reviews.md
  groundplan verify plan.md --repo . --spec specs/reservations.md --template backend --format json
  groundplan verify plan.md --repo . --story story.md --diff main..HEAD`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("verify takes one plan file (or - for standard input), got %d arguments\nRun '%s --help' for usage.", len(args), c.CommandPath())
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			opts.PlanFile = args[0]
			if opts.Format != "text" && opts.Format != "json" {
				return usagef("--format %q: want text or json", opts.Format)
			}
			if opts.Story != "" && opts.Spec != "" {
				return usagef("give --story or --spec, not both")
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return verifyRun(c.Context(), opts)
		},
	}
	fl := c.Flags()
	fl.StringVar(&opts.Repo, "repo", ".", "repository root the plan is about")
	fl.StringVar(&opts.Story, "story", "", "the user story the plan implements (Markdown, YAML or JSON), for criterion coverage")
	fl.StringVar(&opts.Spec, "spec", "", "the component spec the plan implements, instead of a story")
	fl.StringVarP(&opts.Template, "template", "t", "", "template whose sections the plan must have: story, backend, a file, or none (default: by input, else by the plan's sections)")
	fl.StringVarP(&opts.Format, "format", "f", "text", "output format: text or json")
	fl.StringVar(&opts.Diff, "diff", "", "also compare the plan with a change: BASE..HEAD (a bare BASE means BASE..HEAD)")
	fl.BoolVar(&opts.IncludeVendored, "include-vendored", false, includeVendoredUsage+": the plan may name them")
	_ = c.RegisterFlagCompletionFunc("format", fixedCompletions("text", "json"))
	_ = c.RegisterFlagCompletionFunc("template", fixedCompletions("story", "backend", "none"))
	_ = c.MarkFlagFilename("story", "md", "markdown", "yaml", "yml", "json")
	_ = c.MarkFlagFilename("spec", "md", "markdown", "txt")
	_ = c.MarkFlagDirname("repo")
	return c
}

func verifyRun(ctx context.Context, opts *VerifyOptions) error {
	text, err := readPlan(opts.PlanFile, opts.IO.In)
	if err != nil {
		return &planner.InputError{Err: err}
	}
	p, err := plan.ParseMarkdown(text)
	if err != nil {
		return &planner.InputError{Err: fmt.Errorf("%s: %w", opts.PlanFile, err)}
	}
	var s *story.Story
	if opts.Story != "" || opts.Spec != "" {
		if s, err = planner.LoadStory(planner.Request{StoryFile: opts.Story, SpecFile: opts.Spec}); err != nil {
			return err
		}
	}
	tpl, err := verifyTemplate(opts.Template, s, p)
	if err != nil {
		return err
	}
	pl := &planner.Planner{}
	if opts.Planner != nil {
		if p := opts.Planner(); p != nil {
			pl = p
		}
	}
	ix, err := pl.BuildIndex(ctx, planner.Request{Repo: opts.Repo, IncludeVendored: opts.IncludeVendored})
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		return &planner.InputError{Err: fmt.Errorf("--repo: %w", err)}
	}
	facts, err := workspace.Detect(ctx, ix)
	if err != nil {
		return fmt.Errorf("workspace %s: %w", opts.Repo, err)
	}
	var secs []string
	if tpl != nil {
		secs = tpl.Sections
	}
	rep, err := verify.Verify(ctx, ix, p, verify.Options{Story: s, Sections: secs, Facts: facts, PlanText: text})
	if err != nil {
		return err
	}
	if opts.Diff != "" {
		d, err := verify.CompareDiff(ctx, opts.Repo, opts.Diff, p, s)
		if err != nil {
			if ctx.Err() != nil {
				return err
			}
			return &planner.InputError{Err: fmt.Errorf("--diff: %w", err)}
		}
		rep.Diff = d
	}
	if opts.Format == "json" {
		data, err := rep.JSON()
		if err != nil {
			return err
		}
		opts.IO.Out.Write(append(data, '\n'))
	} else {
		with := "without a template"
		if tpl != nil {
			with = "with the " + tpl.Name + " template"
		}
		fmt.Fprintf(opts.IO.Out, "%s, checked against %s %s\n\n", opts.PlanFile, opts.Repo, with)
		fmt.Fprint(opts.IO.Out, rep.Text())
	}
	if !rep.OK || (rep.Diff != nil && !rep.Diff.OK) {
		return &exitCodeError{code: ExitFailure}
	}
	return nil
}

// readPlan reads the plan file, or standard input for "-".
func readPlan(name string, stdin io.Reader) (string, error) {
	var r io.Reader
	if name == "-" {
		r = stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return "", fmt.Errorf("read the plan: %w", err)
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxPlanBytes+1))
	if err != nil {
		return "", fmt.Errorf("read the plan %s: %w", name, err)
	}
	if len(data) > maxPlanBytes {
		return "", fmt.Errorf("read the plan %s: more than %d bytes", name, maxPlanBytes)
	}
	return string(data), nil
}

// verifyTemplate loads the template whose sections the plan must have:
// the one named, else the one the input calls for, else the one whose
// sections the plan has (backend sections mean the backend template). It
// returns nil for "none": plans of other tools need not follow ours.
func verifyTemplate(name string, s *story.Story, p *plan.Plan) (*prompt.Template, error) {
	if name == "none" {
		return nil, nil
	}
	if name == "" && s == nil {
		name = "story"
		backend := map[string]bool{}
		for _, k := range plan.BackendKeys() {
			backend[k] = true
		}
		for _, sec := range p.Sections {
			if backend[sec.Key] && sec.Key != plan.KeyTesting {
				name = "backend"
				break
			}
		}
	}
	t, err := planner.SelectTemplate(planner.Request{Template: name}, s)
	if err != nil {
		var ie *planner.InputError
		if errors.As(err, &ie) {
			return nil, err
		}
		return nil, &planner.InputError{Err: err}
	}
	return t, nil
}
