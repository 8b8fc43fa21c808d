package plan

import (
	"fmt"
	"strings"
)

// Markdown renders the plan in groundplan's canonical Markdown:
//
//	# Title
//
//	> **Draft plan** — … (DraftBanner, only when Draft)
//
//	Summary
//
//	## Section title
//
//	Body
//
// Sections are written in order with their Body. A section whose Body is
// empty is written from the structured fields of its Key (only the first
// such section of a key, and only when no section of that key has a Body):
//
//   - decisions: "- decision" bullets;
//   - steps: "1. **Title** — detail" with sub-bullets "Files: `a`, `b`",
//     "Symbols: `X`" and "Covers: AC1, AC2";
//   - files: "### Modified", "### New", "### Deleted" lists of
//     "- `path` — reason";
//   - testing: "- **Name** (kind) — description" with sub-bullets
//     "File: `path`" and "Covers: AC1";
//   - risks: "- **area**: text" with a sub-bullet "Mitigation: …";
//   - estimate: "**Total: N minutes**" and "- Label: N minutes" bullets.
//
// Structured fields whose key has no section at all get a section with the
// title TitleFor(key), after the others. The result ends in one newline,
// or is empty for an empty plan.
//
// ParseMarkdown(p.Markdown()) gives back the structured fields of a plan
// built from them (ignoring Line and with Files grouped modify, new,
// delete), provided the text of a step or test mentions no path, symbol or
// AC ID its lists lack and risks without an area do not name one.
func (p *Plan) Markdown() string {
	var parts []string
	add := func(s string) {
		if s = trimBlankLines(s); s != "" {
			parts = append(parts, s)
		}
	}
	if t := oneLine(p.Title); t != "" {
		add("# " + t)
	}
	if p.Draft {
		add(DraftBanner)
	}
	add(p.Summary)

	hasBody := map[string]bool{}
	present := map[string]bool{}
	for _, s := range p.Sections {
		present[s.Key] = true
		if trimBlankLines(s.Body) != "" {
			hasBody[s.Key] = true
		}
	}
	rendered := map[string]bool{}
	for _, s := range p.Sections {
		title := oneLine(s.Title)
		if title == "" {
			title = TitleFor(s.Key)
		}
		add(strings.TrimRight("## "+title, " "))
		body := trimBlankLines(s.Body)
		if body == "" && s.Key != "" && !hasBody[s.Key] && !rendered[s.Key] {
			body = p.renderKey(s.Key)
			rendered[s.Key] = true
		}
		add(body)
	}
	for _, key := range []string{KeyDecisions, KeySteps, KeyTesting, KeyRisks, KeyFiles, KeyEstimate} {
		if present[key] {
			continue
		}
		if body := p.renderKey(key); body != "" {
			add("## " + TitleFor(key))
			add(body)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "\n\n") + "\n"
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// indentRest indents every line of s after the first by n spaces (blank
// lines stay empty).
func indentRest(s string, n int) string {
	ls := strings.Split(trimBlankLines(s), "\n")
	pad := strings.Repeat(" ", n)
	for i := 1; i < len(ls); i++ {
		if !isBlank(ls[i]) {
			ls[i] = pad + ls[i]
		} else {
			ls[i] = ""
		}
	}
	return strings.Join(ls, "\n")
}

func codeList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = "`" + s + "`"
	}
	return strings.Join(q, ", ")
}

// renderKey writes the structured fields of one key as a section body.
func (p *Plan) renderKey(key string) string {
	var b strings.Builder
	switch key {
	case KeyDecisions:
		for _, d := range p.Decisions {
			b.WriteString("- " + indentRest(d, 2) + "\n")
		}
	case KeySteps:
		for i, s := range p.Steps {
			if i > 0 {
				b.WriteString("\n")
			}
			mark := fmt.Sprintf("%d. ", i+1)
			pad := strings.Repeat(" ", len(mark))
			line := mark + "**" + oneLine(s.Title) + "**"
			if d := trimBlankLines(s.Detail); d != "" {
				line += " — " + indentRest(d, len(mark))
			}
			b.WriteString(line + "\n")
			if len(s.Files) > 0 {
				b.WriteString(pad + "- Files: " + codeList(s.Files) + "\n")
			}
			if len(s.Symbols) > 0 {
				b.WriteString(pad + "- Symbols: " + codeList(s.Symbols) + "\n")
			}
			if len(s.Criteria) > 0 {
				b.WriteString(pad + "- Covers: " + strings.Join(s.Criteria, ", ") + "\n")
			}
		}
	case KeyFiles:
		for _, g := range []struct {
			action Action
			title  string
		}{{ActionModify, "Modified"}, {ActionNew, "New"}, {ActionDelete, "Deleted"}} {
			files := p.FilesByAction(g.action)
			if g.action == ActionModify {
				for _, f := range p.Files {
					if f.Action != ActionNew && f.Action != ActionDelete && f.Action != ActionModify {
						files = append(files, f)
					}
				}
			}
			if len(files) == 0 {
				continue
			}
			if b.Len() > 0 {
				b.WriteString("\n")
			}
			b.WriteString("### " + g.title + "\n\n")
			for _, f := range files {
				line := "- `" + f.Path + "`"
				if r := oneLine(f.Reason); r != "" {
					line += " — " + r
				}
				b.WriteString(line + "\n")
			}
		}
	case KeyTesting:
		for _, t := range p.Tests {
			line := "- **" + oneLine(t.Name) + "**"
			if t.Kind != "" {
				line += " (" + t.Kind + ")"
			}
			if d := trimBlankLines(t.Description); d != "" {
				line += " — " + indentRest(d, 2)
			}
			b.WriteString(line + "\n")
			if t.File != "" {
				b.WriteString("  - File: `" + t.File + "`\n")
			}
			if len(t.Criteria) > 0 {
				b.WriteString("  - Covers: " + strings.Join(t.Criteria, ", ") + "\n")
			}
		}
	case KeyRisks:
		for _, r := range p.Risks {
			line := "- "
			if a := oneLine(r.Area); a != "" {
				line += "**" + a + "**: "
			}
			b.WriteString(line + indentRest(r.Text, 2) + "\n")
			if m := trimBlankLines(r.Mitigation); m != "" {
				b.WriteString("  - Mitigation: " + indentRest(m, 4) + "\n")
			}
		}
	case KeyEstimate:
		if p.Estimate == nil {
			return ""
		}
		fmt.Fprintf(&b, "**Total: %d minutes**\n", p.Estimate.Minutes)
		if len(p.Estimate.Breakdown) > 0 {
			b.WriteString("\n")
		}
		for _, part := range p.Estimate.Breakdown {
			fmt.Fprintf(&b, "- %s: %d minutes\n", oneLine(part.Label), part.Minutes)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// Section returns the first section with the key.
func (p *Plan) Section(key string) (*Section, bool) {
	for i := range p.Sections {
		if p.Sections[i].Key == key {
			return &p.Sections[i], true
		}
	}
	return nil, false
}

// FilesByAction returns the file changes with the action, in plan order.
func (p *Plan) FilesByAction(a Action) []FileChange {
	var out []FileChange
	for _, f := range p.Files {
		if f.Action == a {
			out = append(out, f)
		}
	}
	return out
}
