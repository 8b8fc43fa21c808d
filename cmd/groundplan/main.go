// Command groundplan turns a user story or a component spec into a
// technical implementation plan grounded in the code of a repository.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/groundplan/groundplan/internal/cli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, cli.NewFactory(version), os.Args[1:])
	stop()
	os.Exit(code)
}
