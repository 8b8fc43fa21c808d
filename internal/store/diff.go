package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/groundplan/groundplan/internal/plan"
)

// The states of a section in a diff.
const (
	SectionSame    = "same"
	SectionChanged = "changed"
	SectionAdded   = "added"   // only in the second plan
	SectionRemoved = "removed" // only in the first plan
)

// Diff compares two plans section by section.
type Diff struct {
	A Summary `json:"a"`
	B Summary `json:"b"`
	// SameStory says both plans were written for the same story; plans of
	// different stories are compared all the same.
	SameStory bool          `json:"same_story"`
	Sections  []SectionDiff `json:"sections"`
	// Changed counts the sections that are not the same.
	Changed int `json:"changed"`
}

// SectionDiff is one section's difference.
type SectionDiff struct {
	Key    string     `json:"key,omitempty"`
	Title  string     `json:"title"`
	Status string     `json:"status"`
	Lines  []DiffLine `json:"lines,omitempty"` // for changed sections
}

// DiffLine is one line of a section diff: Op is "=" (in both), "-" (only
// in the first plan) or "+" (only in the second).
type DiffLine struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// Diff compares the plans with IDs a and b.
func (s *Store) Diff(ctx context.Context, a, b int64) (*Diff, error) {
	ra, err := s.Get(ctx, a)
	if err != nil {
		return nil, err
	}
	rb, err := s.Get(ctx, b)
	if err != nil {
		return nil, err
	}
	return DiffRecords(ra, rb)
}

// DiffRecords compares two stored plans section by section: sections are
// matched by their canonical key (or title when they have none), in the
// first plan's order, then the second plan's new sections.
func DiffRecords(a, b *Record) (*Diff, error) {
	pa, err := plan.ParseMarkdown(a.Markdown)
	if err != nil {
		return nil, fmt.Errorf("history: plan %d: %w", a.ID, err)
	}
	pb, err := plan.ParseMarkdown(b.Markdown)
	if err != nil {
		return nil, fmt.Errorf("history: plan %d: %w", b.ID, err)
	}
	d := &Diff{A: a.Summary(), B: b.Summary(), SameStory: a.StoryKey != "" && a.StoryKey == b.StoryKey}
	id := func(sec plan.Section) string {
		if sec.Key != "" {
			return "k:" + sec.Key
		}
		return "t:" + strings.ToLower(strings.TrimSpace(sec.Title))
	}
	inB := map[string]plan.Section{}
	for _, sec := range pb.Sections {
		if _, dup := inB[id(sec)]; !dup {
			inB[id(sec)] = sec
		}
	}
	seen := map[string]bool{}
	for _, sa := range pa.Sections {
		k := id(sa)
		if seen[k] {
			continue
		}
		seen[k] = true
		sb, ok := inB[k]
		if !ok {
			d.Sections = append(d.Sections, SectionDiff{Key: sa.Key, Title: sa.Title, Status: SectionRemoved, Lines: allLines("-", sa.Body)})
			continue
		}
		if normBody(sa.Body) == normBody(sb.Body) {
			d.Sections = append(d.Sections, SectionDiff{Key: sa.Key, Title: sb.Title, Status: SectionSame})
			continue
		}
		d.Sections = append(d.Sections, SectionDiff{Key: sa.Key, Title: sb.Title, Status: SectionChanged, Lines: diffLines(splitBody(sa.Body), splitBody(sb.Body))})
	}
	for _, sb := range pb.Sections {
		k := id(sb)
		if seen[k] {
			continue
		}
		seen[k] = true
		d.Sections = append(d.Sections, SectionDiff{Key: sb.Key, Title: sb.Title, Status: SectionAdded, Lines: allLines("+", sb.Body)})
	}
	for _, s := range d.Sections {
		if s.Status != SectionSame {
			d.Changed++
		}
	}
	return d, nil
}

func splitBody(s string) []string {
	s = strings.Trim(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	if s == "" {
		return nil
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return lines
}

func normBody(s string) string { return strings.Join(splitBody(s), "\n") }

func allLines(op, body string) []DiffLine {
	var out []DiffLine
	for _, l := range splitBody(body) {
		out = append(out, DiffLine{Op: op, Text: l})
	}
	return out
}

// maxDiffCells bounds the LCS table; larger sections are shown as a
// whole replacement.
const maxDiffCells = 4_000_000

// diffLines is a line diff by longest common subsequence.
func diffLines(a, b []string) []DiffLine {
	// Trim the common prefix and suffix first: most changes are local.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var out []DiffLine
	for _, l := range a[:pre] {
		out = append(out, DiffLine{"=", l})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(ma)*len(mb) > maxDiffCells {
		for _, l := range ma {
			out = append(out, DiffLine{"-", l})
		}
		for _, l := range mb {
			out = append(out, DiffLine{"+", l})
		}
	} else {
		out = append(out, lcsDiff(ma, mb)...)
	}
	for _, l := range a[len(a)-suf:] {
		out = append(out, DiffLine{"=", l})
	}
	return out
}

func lcsDiff(a, b []string) []DiffLine {
	n, m := len(a), len(b)
	// l[i][j] is the LCS length of a[i:] and b[j:].
	l := make([][]int32, n+1)
	for i := range l {
		l[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	var out []DiffLine
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, DiffLine{"=", a[i]})
			i++
			j++
		case l[i+1][j] >= l[i][j+1]:
			out = append(out, DiffLine{"-", a[i]})
			i++
		default:
			out = append(out, DiffLine{"+", b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, DiffLine{"-", a[i]})
	}
	for ; j < m; j++ {
		out = append(out, DiffLine{"+", b[j]})
	}
	return out
}

// diffContext is how many unchanged lines Text keeps around a change.
const diffContext = 2

// Text renders the diff for a terminal: a header, then each section that
// changed with its changed lines and a little context.
func (d *Diff) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "plan %d (%s, %s) → plan %d (%s, %s)\n", d.A.ID, describe(d.A), d.A.CreatedAt.Format("2006-01-02 15:04"),
		d.B.ID, describe(d.B), d.B.CreatedAt.Format("2006-01-02 15:04"))
	if !d.SameStory {
		b.WriteString("note: the two plans were written for different stories\n")
	}
	if d.A.Verified && d.B.Verified {
		fmt.Fprintf(&b, "verification: score %.2f → %.2f, errors %d → %d\n", d.A.Score, d.B.Score, d.A.Errors, d.B.Errors)
	}
	if d.Changed == 0 {
		b.WriteString("\nThe plans have the same sections with the same text.\n")
		return b.String()
	}
	for _, s := range d.Sections {
		if s.Status == SectionSame {
			continue
		}
		fmt.Fprintf(&b, "\n## %s (%s)\n", s.Title, s.Status)
		keep := make([]bool, len(s.Lines))
		for i, l := range s.Lines {
			if l.Op == "=" {
				continue
			}
			for k := max(0, i-diffContext); k <= min(len(s.Lines)-1, i+diffContext); k++ {
				keep[k] = true
			}
		}
		skipped := false
		for i, l := range s.Lines {
			if !keep[i] {
				if !skipped {
					b.WriteString("  …\n")
					skipped = true
				}
				continue
			}
			skipped = false
			op := l.Op
			if op == "=" {
				op = " "
			}
			fmt.Fprintf(&b, "%s %s\n", op, l.Text)
		}
	}
	var same []string
	for _, s := range d.Sections {
		if s.Status == SectionSame {
			same = append(same, s.Title)
		}
	}
	if len(same) > 0 {
		fmt.Fprintf(&b, "\nunchanged: %s\n", strings.Join(same, ", "))
	}
	return b.String()
}

func describe(s Summary) string {
	if s.Model != "" {
		return s.Provider + " " + s.Model
	}
	return s.Provider
}
