// Package cli holds groundplan's commands. Each command parses its flags
// into an options struct and calls the planner; none of them runs a stage
// of the pipeline itself.
package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/groundplan/groundplan/internal/planner"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitFailure = 1 // the pipeline failed, or a verified plan has errors
	ExitInput   = 2 // bad input: flags, story, template
)

// Factory holds what commands depend on, so tests can replace it.
type Factory struct {
	IO      *IOStreams
	Version string
	Getenv  func(string) string
	// Planner returns the pipeline to run; tests may inject providers.
	Planner func() *planner.Planner
}

// NewFactory returns the factory for a real process.
func NewFactory(version string) *Factory {
	return &Factory{IO: System(), Version: version, Getenv: os.Getenv, Planner: func() *planner.Planner { return &planner.Planner{} }}
}

// NewRootCmd builds the command tree.
func NewRootCmd(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "groundplan",
		Short: "Turn a user story or component spec into an implementation plan grounded in your code",
		Long: `groundplan reads a user story or a component spec, finds the code it concerns,
and writes a technical implementation plan that names real files and functions.
With no model configured it writes an offline draft; see 'groundplan plan --help'.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	root.SetIn(f.IO.In)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &usageError{err: fmt.Errorf("%w\nRun '%s --help' for usage.", err, c.CommandPath())}
	})
	root.AddCommand(
		NewCmdPlan(f, nil),
		NewCmdPrompt(f, nil),
		NewCmdContext(f, nil),
		NewCmdIndex(f, nil),
		NewCmdVerify(f, nil),
		NewCmdEval(f),
		NewCmdTemplates(f),
		NewCmdServe(f, nil),
		NewCmdMCP(f, nil),
		NewCmdHistory(f, nil),
		NewCmdVersion(f),
	)
	return root
}

// usageError marks bad flags or arguments.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...)}
}

// exitCodeError carries an exit code without a message of its own (the
// command already printed what it had to say).
type exitCodeError struct{ code int }

func (e *exitCodeError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// Main runs the command line and returns the process's exit code.
func Main(ctx context.Context, f *Factory, args []string) int {
	root := NewRootCmd(f)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ec *exitCodeError
	if errors.As(err, &ec) {
		return ec.code
	}
	fmt.Fprintln(f.IO.ErrOut, "groundplan: "+err.Error())
	return ExitCode(err)
}

// ExitCode maps an error to the exit code: 2 for bad input, 1 otherwise.
func ExitCode(err error) int {
	var ue *usageError
	var ie *planner.InputError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue), errors.As(err, &ie):
		return ExitInput
	}
	return ExitFailure
}
