package prompt

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a template or with rendering it.
type Problem struct {
	Source string // template file path, or "builtin:NAME"
	Line   int    // 1-based line in Source; 0 when the problem has no line
	Msg    string // what is wrong
	Fix    string // how to fix it; may be empty
}

// String formats the problem as "source:line: msg (fix: …)".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Source)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	b.WriteString(p.Msg)
	if p.Fix != "" {
		b.WriteString(" (fix: ")
		b.WriteString(p.Fix)
		b.WriteString(")")
	}
	return b.String()
}

// Error is every problem found while parsing or rendering a template.
type Error struct {
	Problems []Problem
}

// Error prints one problem per line.
func (e *Error) Error() string {
	if e == nil || len(e.Problems) == 0 {
		return "prompt: template error"
	}
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// problems collects Problems for one template source.
type problems struct {
	source string
	list   []Problem
}

func (ps *problems) add(line int, fix, format string, args ...any) {
	ps.list = append(ps.list, Problem{Source: ps.source, Line: line, Msg: fmt.Sprintf(format, args...), Fix: fix})
}

// err returns the collected problems as an *Error sorted by line, or nil.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	list := append([]Problem(nil), ps.list...)
	sort.SliceStable(list, func(i, j int) bool { return list[i].Line < list[j].Line })
	return &Error{Problems: list}
}
