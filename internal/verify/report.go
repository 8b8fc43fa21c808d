package verify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// JSON encodes the report, indented, in the documented schema
// (docs/verify-report.md).
func (r *Report) JSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return nil, fmt.Errorf("verify: encode the report: %w", err)
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// Text renders the report for people: the findings in plan order, the
// acceptance-criterion matrix, and a one-line verdict.
func (r *Report) Text() string {
	var b strings.Builder
	if len(r.Findings) == 0 {
		b.WriteString("No findings.\n")
	}
	for _, f := range r.Findings {
		where := "plan"
		if f.Line > 0 {
			where = "line " + strconv.Itoa(f.Line)
		}
		fmt.Fprintf(&b, "%s: %s [%s] %s\n", where, f.Severity, f.Rule, f.Message)
		if len(f.Also) > 0 {
			fmt.Fprintf(&b, "    also on lines %s\n", joinInts(f.Also))
		}
		if f.Suggestion != "" {
			fmt.Fprintf(&b, "    fix: %s\n", f.Suggestion)
		}
	}
	if len(r.Coverage) > 0 {
		b.WriteString("\nAcceptance criteria → steps → tests\n")
		for _, c := range r.Coverage {
			steps := "none"
			if len(c.Steps) > 0 {
				steps = joinInts(c.Steps)
			}
			tests := "none"
			if len(c.Tests) > 0 {
				tests = strings.Join(c.Tests, ", ")
			}
			fmt.Fprintf(&b, "  %-5s %s\n        steps: %s\n        tests: %s\n", c.Criterion, shorten(c.Text, 70), steps, tests)
		}
	}
	if r.Diff != nil {
		b.WriteString("\n")
		b.WriteString(r.Diff.Text())
	}
	verdict := "OK"
	if !r.OK {
		verdict = "FAILED"
	}
	fmt.Fprintf(&b, "\n%s: score %.2f, %d error(s), %d warning(s), %d note(s)\n", verdict, r.Score, r.Errors, r.Warnings, r.Infos)
	return b.String()
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ", ")
}

// SummaryTitle is the heading of the section SummaryMarkdown writes, and
// SummaryLead the words its body starts with. Verify skips a section whose
// body starts with SummaryLead, so that a delivered plan carrying its
// summary verifies like the plan itself.
const (
	SummaryTitle = "Verification"
	SummaryLead  = "Checked against the repository by groundplan"
)

// SummaryMarkdown renders the report as the body of a plan section titled
// SummaryTitle: the score and counts, after how many repair rounds (rounds
// is the number of model answers, 1 without repair), the rules that passed
// and the errors and warnings still open.
func (r *Report) SummaryMarkdown(rounds int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: score %.2f, %d error(s), %d warning(s)", SummaryLead, r.Score, r.Errors, r.Warnings)
	if rounds > 1 {
		fmt.Fprintf(&b, ", after %d repair round(s)", rounds-1)
	}
	b.WriteString(".\n")
	if len(r.Passed) > 0 {
		fmt.Fprintf(&b, "\n- Passed: %s\n", strings.Join(r.Passed, ", "))
	}
	if len(r.Failed) > 0 {
		fmt.Fprintf(&b, "- Failed: %s\n", strings.Join(r.Failed, ", "))
	}
	for _, f := range r.Findings {
		if f.Severity == SeverityInfo {
			continue
		}
		where := ""
		if f.Line > 0 {
			where = fmt.Sprintf(" (line %d)", f.Line)
		}
		fmt.Fprintf(&b, "- Still open, %s%s [%s]: %s\n", f.Severity, where, f.Rule, sentence(f.Message))
	}
	return strings.TrimRight(b.String(), "\n")
}

// RepairPrompt returns the message to send back to the model that wrote
// planMarkdown: the errors and warnings, one a line with the plan line it
// concerns, what that line says, and the suggested fix; then the
// instruction to return the whole corrected plan in the same format. It
// returns "" when there is nothing to repair.
func (r *Report) RepairPrompt(planMarkdown string) string {
	lines := strings.Split(strings.ReplaceAll(planMarkdown, "\r\n", "\n"), "\n")
	var fs []Finding
	for _, f := range r.Findings {
		if f.Severity == SeverityError || f.Severity == SeverityWarning {
			fs = append(fs, f)
		}
	}
	if len(fs) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Your plan was checked against the repository and has %d error(s) and %d warning(s). "+
		"Each line below gives the plan line, the problem and how to fix it.\n\n", r.Errors, r.Warnings)
	for _, f := range fs {
		where := "whole plan"
		if f.Line > 0 {
			where = "line " + strconv.Itoa(f.Line)
			if f.Line <= len(lines) {
				if quote := shorten(strings.TrimSpace(lines[f.Line-1]), 80); quote != "" {
					where += fmt.Sprintf(" (%q)", quote)
				}
			}
		}
		if len(f.Also) > 0 {
			where += ", also lines " + joinInts(f.Also)
		}
		fmt.Fprintf(&b, "- %s — %s [%s]: %s", where, f.Severity, f.Rule, sentence(f.Message))
		if f.Suggestion != "" {
			fmt.Fprintf(&b, " Fix: %s", f.Suggestion)
		}
		b.WriteString("\n")
	}
	b.WriteString("\nRules for the correction:\n" +
		"- Name only files, functions, types, endpoints and tables that exist in the repository, or say plainly that a step creates them.\n" +
		"- Keep every acceptance criterion covered by at least one step and one test, cited by its ID.\n" +
		"- Keep everything that was right; change only what the findings require.\n\n" +
		"Return the whole corrected plan in the same Markdown format, with the same sections and headings, " +
		"and nothing before or after it.\n")
	return b.String()
}
