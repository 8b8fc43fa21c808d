package cli

import (
	"fmt"

	"github.com/charmbracelet/glamour"

	"github.com/groundplan/groundplan/internal/planner"
)

// progress shows the pipeline's stages on stderr when it is a terminal.
type progress struct {
	io   *IOStreams
	line bool
}

func newProgress(io *IOStreams) *progress { return &progress{io: io} }

func (p *progress) event(e planner.Event) {
	if e.Kind != planner.EventStage || !p.io.IsStderrTTY() {
		return
	}
	fmt.Fprintf(p.io.ErrOut, "\r\033[K%s…", e.Text)
	p.line = true
}

func (p *progress) done() {
	if p.line {
		fmt.Fprint(p.io.ErrOut, "\r\033[K")
		p.line = false
	}
}

// renderTerminal renders Markdown for a terminal, falling back to the plain
// text if the renderer fails.
func renderTerminal(md string) string {
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle("dark"), glamour.WithWordWrap(100))
	if err != nil {
		return md
	}
	out, err := r.Render(md)
	if err != nil {
		return md
	}
	return out
}
