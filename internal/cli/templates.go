package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/groundplan/groundplan/internal/planner"
	"github.com/groundplan/groundplan/internal/prompt"
)

// NewCmdTemplates builds the templates command and its list and show
// subcommands.
func NewCmdTemplates(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "templates",
		Short: "List and show prompt templates",
	}
	c.AddCommand(&cobra.Command{
		Use:   "list",
		Short: "List the built-in templates",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			tw := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tINPUT\tDESCRIPTION")
			for _, t := range prompt.Builtins() {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", t.Name, t.Input, t.Description)
			}
			return tw.Flush()
		},
	})
	c.AddCommand(&cobra.Command{
		Use:   "show NAME|PATH",
		Short: "Print a template: a built-in's source, or a file's parsed front matter and body",
		Args:  cobra.ExactArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			var names []string
			for _, t := range prompt.Builtins() {
				names = append(names, t.Name)
			}
			return names, cobra.ShellCompDirectiveDefault
		},
		RunE: func(c *cobra.Command, args []string) error {
			t, err := prompt.Load(args[0])
			if err != nil {
				return &planner.InputError{Err: err}
			}
			out := f.IO.ErrOut
			fmt.Fprintf(out, "template %s (%s): input %s", t.Name, t.Source, t.Input)
			if len(t.Sections) > 0 {
				fmt.Fprintf(out, "; sections: %s", strings.Join(t.Sections, ", "))
			}
			if len(t.StripTags) > 0 {
				fmt.Fprintf(out, "; strips: %s", strings.Join(t.StripTags, ", "))
			}
			fmt.Fprintln(out)
			fmt.Fprint(f.IO.Out, t.Body)
			if !strings.HasSuffix(t.Body, "\n") {
				fmt.Fprintln(f.IO.Out)
			}
			return nil
		},
	})
	return c
}
