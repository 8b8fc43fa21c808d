package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// PromptOptions are the prompt command's inputs and dependencies.
type PromptOptions struct {
	IO      *IOStreams
	Factory *Factory
	Input   inputFlags
	Args    []string
}

// NewCmdPrompt builds the prompt command; runF replaces the run (tests).
func NewCmdPrompt(f *Factory, runF func(context.Context, *PromptOptions) error) *cobra.Command {
	opts := &PromptOptions{IO: f.IO, Factory: f}
	c := &cobra.Command{
		Use:   "prompt [STORY]",
		Short: "Print the exact prompt that would be sent to a model",
		Long: `Print the exact prompt that 'groundplan plan' would send, for pasting into any
chat. The prompt's token count goes to stderr.`,
		Example: `  groundplan prompt examples/bookstore/stories/book-reviews.md --repo examples/bookstore | pbcopy
  groundplan prompt --template ../shared/seeds/000_story.txt story.md --repo .`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Args = args
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return promptRun(c.Context(), opts)
		},
	}
	opts.Input.register(c)
	return c
}

func promptRun(ctx context.Context, opts *PromptOptions) error {
	req, err := opts.Input.request(opts.Args)
	if err != nil {
		return err
	}
	warnNoRedact(opts.IO, req.NoRedact)
	prep, err := opts.Factory.Planner().Prepare(ctx, req, nil)
	if err != nil {
		return err
	}
	reportRedactions(opts.IO, prep.Redactions)
	fmt.Fprint(opts.IO.Out, prep.Prompt)
	if !strings.HasSuffix(prep.Prompt, "\n") {
		fmt.Fprintln(opts.IO.Out)
	}
	fmt.Fprintf(opts.IO.ErrOut, "prompt: %d tokens (template %s, context %d of %d budget tokens, %d files)\n",
		prep.PromptTokens, prep.Template.Name, prep.Context.Tokens, prep.Context.Budget, len(prep.Context.Files))
	return nil
}
