package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// NewCmdVersion builds the version command.
func NewCmdVersion(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print groundplan's version",
		Args:  cobra.NoArgs,
		Run: func(*cobra.Command, []string) {
			v := f.Version
			if v == "" || v == "dev" {
				if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
					v = bi.Main.Version
				} else {
					v = "dev"
				}
			}
			fmt.Fprintf(f.IO.Out, "groundplan %s (%s, %s/%s)\n", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		},
	}
}
