package cli

import (
	"fmt"

	"github.com/groundplan/groundplan/internal/output"
	"github.com/groundplan/groundplan/internal/planner"
)

// progress shows the pipeline's stages on stderr when it is a terminal,
// and while the model writes reasoning that is not shown, how much.
type progress struct {
	io     *IOStreams
	line   bool
	hidden int // bytes of reasoning so far
}

func newProgress(io *IOStreams) *progress { return &progress{io: io} }

func (p *progress) event(e planner.Event) {
	if !p.io.IsStderrTTY() {
		return
	}
	switch e.Kind {
	case planner.EventStage, planner.EventRetry:
		p.show(e.Text + "…")
	case planner.EventHidden:
		p.hidden += len(e.Text)
		p.show(fmt.Sprintf("analysing… (~%d tokens of reasoning so far)", p.hidden/4))
	}
}

func (p *progress) show(s string) {
	fmt.Fprintf(p.io.ErrOut, "\r\033[K%s", s)
	p.line = true
}

// clear removes the progress line before other output.
func (p *progress) clear() {
	if p.line {
		fmt.Fprint(p.io.ErrOut, "\r\033[K")
		p.line = false
	}
}

func (p *progress) done() { p.clear() }

// renderTerminal renders Markdown for a terminal.
func renderTerminal(md string) string {
	return output.RenderTerminal(md, output.TerminalWidth)
}
