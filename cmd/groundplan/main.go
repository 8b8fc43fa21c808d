// Command groundplan turns a user story or a component spec into a
// technical implementation plan grounded in the code of a repository.
package main

import (
	"context"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/groundplan/groundplan/internal/cli"
	"github.com/groundplan/groundplan/internal/memlimit"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	// Libraries must not write to stderr behind the CLI's back (the Gemini
	// SDK logs broken streams through the standard logger); errors reach
	// the user through the commands.
	log.SetOutput(io.Discard)
	// Keep the heap near its live size (see memlimit) unless GOGC or
	// GOMEMLIMIT says otherwise.
	mem := memlimit.Govern(memlimit.DefaultFloor)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, cli.NewFactory(version), os.Args[1:])
	stop()
	mem.Stop()
	os.Exit(code)
}
