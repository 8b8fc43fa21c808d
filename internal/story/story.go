// Package story holds the input model of groundplan: a user story (actor,
// goal, benefit, acceptance criteria) or a free-form component spec, and the
// parsers that read them from Markdown, YAML, JSON and command-line flags.
package story

import (
	"fmt"
	"strings"
)

// Kind tells a user story from a free-form component spec.
type Kind string

// The kinds of input.
const (
	KindStory Kind = "story"
	KindSpec  Kind = "spec"
)

// Story is one planning input. For a user story Actor, Goal and Criteria are
// set; for a component spec Spec holds the whole document and the other
// fields are filled where the document makes them obvious.
type Story struct {
	Kind     Kind        `json:"kind"`
	Source   string      `json:"source,omitempty"` // file path, or "flags"
	Title    string      `json:"title,omitempty"`
	Actor    string      `json:"actor,omitempty"`
	Goal     string      `json:"goal,omitempty"`
	Benefit  string      `json:"benefit,omitempty"`
	Criteria []Criterion `json:"criteria,omitempty"`
	Notes    string      `json:"notes,omitempty"` // any other prose of the story
	Spec     string      `json:"spec,omitempty"`  // the whole spec document (KindSpec)
}

// Criterion is one acceptance criterion with a stable ID (AC1, AC2, …).
type Criterion struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Given string `json:"given,omitempty"`
	When  string `json:"when,omitempty"`
	Then  string `json:"then,omitempty"`
	Line  int    `json:"line,omitempty"` // 1-based line in the source file, 0 if unknown
}

// Error is a parse or validation error that names the file, the line and the
// fix.
type Error struct {
	File string
	Line int // 0 when the problem concerns the whole file
	Msg  string
	Fix  string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Fix != "" {
		b.WriteString(" (fix: ")
		b.WriteString(e.Fix)
		b.WriteString(")")
	}
	return b.String()
}

// QueryText returns the prose of the input for ranking, its parts apart:
// the title on the first line, then the story sentence, each criterion,
// the notes and the spec, separated by blank lines, so that a ranking can
// match each part on its own as well as the whole.
func (s *Story) QueryText() string {
	parts := []string{s.Title, strings.Join(nonEmpty(s.Actor, s.Goal, s.Benefit), " ")}
	for _, c := range s.Criteria {
		parts = append(parts, c.Text)
	}
	parts = append(parts, s.Notes, s.Spec)
	return strings.Join(nonEmpty(parts...), "\n\n")
}

// nonEmpty returns the trimmed strings that are not empty.
func nonEmpty(in ...string) []string {
	var out []string
	for _, p := range in {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Text returns all the prose of the input in one string, for ranking.
func (s *Story) Text() string {
	parts := []string{s.Title, s.Actor, s.Goal, s.Benefit}
	for _, c := range s.Criteria {
		parts = append(parts, c.Text)
	}
	parts = append(parts, s.Notes, s.Spec)
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n")
}

// CriteriaMarkdown renders the criteria as a Markdown list with their IDs,
// one per line: "- **AC1**: text".
func (s *Story) CriteriaMarkdown() string {
	var b strings.Builder
	for _, c := range s.Criteria {
		fmt.Fprintf(&b, "- **%s**: %s\n", c.ID, c.Text)
	}
	return strings.TrimRight(b.String(), "\n")
}
