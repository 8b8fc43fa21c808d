package verify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"sort"
	"strings"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/plan"
	"github.com/groundplan/groundplan/internal/story"
)

// DiffSchema names the JSON schema version of DiffReport.
const DiffSchema = "groundplan.verify-diff/v1"

// DiffFile is one file a change touched.
type DiffFile struct {
	Path   string `json:"path"`
	Status string `json:"status"` // added, modified, deleted
}

// PlannedFile is a file the plan names that the change did not touch as
// planned.
type PlannedFile struct {
	Path   string      `json:"path"`
	Action plan.Action `json:"action"`
	// Status is what the change did to it instead ("" when untouched).
	Status string `json:"status,omitempty"`
}

// MissingTests is an acceptance criterion whose planned tests the change
// did not add.
type MissingTests struct {
	Criterion string   `json:"criterion"`
	Text      string   `json:"text"`
	Tests     []string `json:"tests"` // the planned tests not found; empty when none was planned
}

// DiffReport compares a plan with what a change really touched.
type DiffReport struct {
	Schema  string     `json:"schema"`
	Range   string     `json:"range"`
	Touched []DiffFile `json:"touched"`
	// NotTouched are planned files the change left alone, or touched
	// otherwise than planned (a planned new file that was modified).
	NotTouched []PlannedFile `json:"planned_not_touched"`
	// NotPlanned are files the change touched that the plan does not name.
	NotPlanned []DiffFile `json:"touched_not_planned"`
	// MissingTests are criteria whose planned tests were not added.
	MissingTests []MissingTests `json:"missing_tests"`
	// OK is true when every planned file was touched as planned and every
	// criterion's planned tests were added. Files touched but not planned
	// do not make a change fail.
	OK bool `json:"ok"`
}

// ErrBadRange is returned (wrapped) when a range is not BASE..HEAD.
var ErrBadRange = errors.New("want a range BASE..HEAD")

var rangeRe = regexp.MustCompile(`^[^\s.][^\s]*?\.\.\.?[^\s.][^\s]*$|^[^\s.][^\s]*$`)

// CompareDiff runs `git diff --name-status BASE..HEAD` in repoRoot (paths
// relative to it, like the plan's) and compares the change with the plan:
// files planned but not touched, touched but not planned, and acceptance
// criteria whose planned tests were not added. A range without ".." means
// rangeSpec..HEAD. s may be nil; the plan's tests are then checked without
// criteria.
func CompareDiff(ctx context.Context, repoRoot, rangeSpec string, p *plan.Plan, s *story.Story) (*DiffReport, error) {
	if p == nil {
		return nil, errors.New("verify: compare diff: no plan")
	}
	rangeSpec = strings.TrimSpace(rangeSpec)
	if rangeSpec == "" || strings.HasPrefix(rangeSpec, "-") || !rangeRe.MatchString(rangeSpec) {
		return nil, fmt.Errorf("verify: compare diff %q: %w", rangeSpec, ErrBadRange)
	}
	if !strings.Contains(rangeSpec, "..") {
		rangeSpec += "..HEAD"
	}
	status, err := git(ctx, repoRoot, "diff", "--no-color", "--no-renames", "--relative", "--name-status", "-z", rangeSpec, "--")
	if err != nil {
		return nil, fmt.Errorf("verify: compare diff %s: %w", rangeSpec, err)
	}
	patch, err := git(ctx, repoRoot, "diff", "--no-color", "--no-renames", "--relative", "--unified=0", rangeSpec, "--")
	if err != nil {
		return nil, fmt.Errorf("verify: compare diff %s: %w", rangeSpec, err)
	}
	d := &DiffReport{Schema: DiffSchema, Range: rangeSpec, Touched: parseNameStatus(status),
		NotTouched: []PlannedFile{}, NotPlanned: []DiffFile{}, MissingTests: []MissingTests{}}
	added := addedLines(patch)

	touched := map[string]string{}
	for _, f := range d.Touched {
		touched[f.Path] = f.Status
	}
	planned := map[string]bool{}
	for _, fc := range p.Files {
		path := index.Clean(fc.Path)
		planned[path] = true
		st, ok := touched[path]
		switch {
		case !ok:
			d.NotTouched = append(d.NotTouched, PlannedFile{Path: path, Action: fc.Action})
		case fc.Action == plan.ActionNew && st != "added",
			fc.Action == plan.ActionDelete && st != "deleted",
			fc.Action == plan.ActionModify && st == "deleted":
			d.NotTouched = append(d.NotTouched, PlannedFile{Path: path, Action: fc.Action, Status: st})
		}
	}
	for _, t := range p.Tests {
		if t.File != "" {
			planned[index.Clean(t.File)] = true
		}
	}
	for _, st := range p.Steps {
		for _, f := range st.Files {
			planned[index.Clean(f)] = true
		}
	}
	for _, f := range d.Touched {
		if !planned[f.Path] {
			d.NotPlanned = append(d.NotPlanned, f)
		}
	}
	d.MissingTests = missingTests(p, s, added, touched)
	d.OK = len(d.NotTouched) == 0 && len(d.MissingTests) == 0
	return d, nil
}

// git runs git in dir and returns its standard output.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		msg := strings.TrimSpace(errb.String())
		if msg == "" {
			return nil, fmt.Errorf("git %s: %w", args[0], err)
		}
		return nil, fmt.Errorf("git %s: %s: %w", args[0], firstLine(msg), err)
	}
	return out.Bytes(), nil
}

func firstLine(s string) string {
	if k := strings.IndexByte(s, '\n'); k >= 0 {
		return s[:k]
	}
	return s
}

// parseNameStatus reads `git diff --name-status -z` output.
func parseNameStatus(out []byte) []DiffFile {
	fields := strings.Split(strings.TrimRight(string(out), "\x00"), "\x00")
	var files []DiffFile
	for i := 0; i+1 < len(fields); i += 2 {
		if fields[i] == "" || fields[i+1] == "" {
			continue
		}
		st := ""
		switch strings.ToUpper(fields[i])[:1] {
		case "A":
			st = "added"
		case "D":
			st = "deleted"
		default:
			st = "modified"
		}
		if p := index.Clean(fields[i+1]); p != "" && p != "." {
			files = append(files, DiffFile{Path: p, Status: st})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files
}

// addedLines returns, per file, the lines a unified diff adds.
func addedLines(patch []byte) map[string][]string {
	out := map[string][]string{}
	file := ""
	for _, l := range strings.Split(string(patch), "\n") {
		switch {
		case strings.HasPrefix(l, "+++ "):
			file = strings.TrimPrefix(strings.TrimPrefix(l, "+++ "), "b/")
			if file == "/dev/null" {
				file = ""
			}
		case strings.HasPrefix(l, "+") && file != "":
			out[file] = append(out[file], l[1:])
		}
	}
	return out
}

// missingTests lists the criteria whose planned tests the change did not
// add. A named test counts as added when an added line names it; a test
// known only by its file counts when that file was touched. Without a
// story, each planned test the change did not add is listed under "".
func missingTests(p *plan.Plan, s *story.Story, added map[string][]string, touched map[string]string) []MissingTests {
	found := func(t plan.Test) bool {
		if t.Name != "" && identLike(t.Name) {
			re := regexp.MustCompile(`\b` + regexp.QuoteMeta(t.Name) + `\b`)
			for _, ls := range added {
				for _, l := range ls {
					if re.MatchString(l) {
						return true
					}
				}
			}
			return false
		}
		if t.File != "" {
			_, ok := touched[index.Clean(t.File)]
			return ok
		}
		return false
	}
	out := []MissingTests{}
	if s == nil || len(s.Criteria) == 0 {
		var names []string
		for _, t := range p.Tests {
			if !found(t) {
				names = append(names, t.Name)
			}
		}
		if len(names) > 0 {
			out = append(out, MissingTests{Tests: names})
		}
		return out
	}
	v := &verifier{p: p, opts: Options{Story: s}}
	for _, row := range v.coverage() {
		if len(row.Tests) == 0 {
			out = append(out, MissingTests{Criterion: row.Criterion, Text: row.Text, Tests: []string{}})
			continue
		}
		var missing []string
		addedOne := false
		for _, name := range row.Tests {
			for _, t := range p.Tests {
				if t.Name != name {
					continue
				}
				if found(t) {
					addedOne = true
				} else {
					missing = appendUniqueStr(missing, name)
				}
			}
		}
		if !addedOne {
			out = append(out, MissingTests{Criterion: row.Criterion, Text: row.Text, Tests: missing})
		}
	}
	return out
}

var identLikeRe = regexp.MustCompile(`^[A-Za-z_]\w*(?:[./]\w+)*$`)

func identLike(s string) bool { return identLikeRe.MatchString(s) }

// Text renders the comparison for people.
func (d *DiffReport) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Change %s: %d file(s) touched\n", d.Range, len(d.Touched))
	if len(d.NotTouched) > 0 {
		b.WriteString("  planned but not touched as planned:\n")
		for _, f := range d.NotTouched {
			if f.Status != "" {
				fmt.Fprintf(&b, "    %s (planned %s, was %s)\n", f.Path, f.Action, f.Status)
			} else {
				fmt.Fprintf(&b, "    %s (planned %s)\n", f.Path, f.Action)
			}
		}
	}
	if len(d.NotPlanned) > 0 {
		b.WriteString("  touched but not planned:\n")
		for _, f := range d.NotPlanned {
			fmt.Fprintf(&b, "    %s (%s)\n", f.Path, f.Status)
		}
	}
	if len(d.MissingTests) > 0 {
		b.WriteString("  planned tests not added:\n")
		for _, m := range d.MissingTests {
			label := m.Criterion
			if label == "" {
				label = "tests"
			}
			if len(m.Tests) == 0 {
				fmt.Fprintf(&b, "    %s: the plan has no test for it\n", label)
			} else {
				fmt.Fprintf(&b, "    %s: %s\n", label, strings.Join(m.Tests, ", "))
			}
		}
	}
	if d.OK {
		b.WriteString("  the change follows the plan\n")
	}
	return b.String()
}
