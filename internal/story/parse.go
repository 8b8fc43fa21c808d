package story

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// format is the syntax a story was written in; it shapes the fixes that
// errors suggest.
type format int

const (
	formatMarkdown format = iota
	formatYAML
	formatJSON
	formatFlags
)

// draft is a story as read, before defaults and validation.
type draft struct {
	story    Story
	format   format
	goalLine int      // the line of the goal, or where it should be written
	acLine   int      // the criteria heading or key, 0 if none
	acName   string   // that heading or key as written
	heading  string   // the document's first heading (titles specs)
	unknown  []string // keys nothing reads (YAML, JSON)
}

// merge fills d from front matter: the front matter's fields win, its
// criteria come first and its notes go before the body's.
func (d *draft) merge(fm *draft) {
	for _, p := range []struct{ dst, src *string }{
		{&d.story.Title, &fm.story.Title},
		{&d.story.Actor, &fm.story.Actor},
		{&d.story.Goal, &fm.story.Goal},
		{&d.story.Benefit, &fm.story.Benefit},
	} {
		if *p.src != "" {
			*p.dst = *p.src
		}
	}
	if fm.story.Goal != "" {
		d.goalLine = fm.goalLine
	}
	d.story.Criteria = append(fm.story.Criteria, d.story.Criteria...)
	if d.acLine == 0 {
		d.acLine, d.acName = fm.acLine, fm.acName
	}
	d.story.Notes = joinNotes(fm.story.Notes, d.story.Notes)
}

// ParseFile reads the story in the file at path; the file's extension
// picks the syntax, as for Parse.
func ParseFile(path string) (*Story, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("read story %s: %w", path, err)
	}
	return Parse(path, data)
}

// Parse reads a user story from data. name is the file the data came from:
// its extension picks the syntax (.yaml and .yml for YAML, .json for JSON,
// anything else — .md, .markdown, .txt — for Markdown, except that text
// under an unknown extension that opens with "{" is read as JSON), and it
// is the Source of the story and the File of every error.
//
// In Markdown, YAML front matter may give any field; where it does, it
// wins over the body, and its criteria come before the body's.
//
// A story needs a goal and at least one acceptance criterion; a missing
// actor is "user". Errors are *Error values naming the file, the line and
// the fix.
func Parse(name string, data []byte) (*Story, error) {
	text := strings.TrimSpace(normaliseText(data))
	if text == "" {
		return nil, &Error{File: name, Msg: "the file is empty",
			Fix: `write the story, e.g. "As a <actor>, I want <goal>, so that <benefit>", and an "## Acceptance Criteria" list`}
	}
	var (
		d   *draft
		err error
	)
	switch ext := strings.ToLower(filepath.Ext(name)); {
	case ext == ".yaml" || ext == ".yml":
		d, err = parseYAML(name, data)
	case ext == ".json":
		d, err = parseJSON(name, data)
	case ext != ".md" && ext != ".markdown" && ext != ".txt" && strings.HasPrefix(text, "{"):
		d, err = parseJSON(name, data)
	default:
		d, err = parseMarkdown(name, data, false)
	}
	if err != nil {
		return nil, err
	}
	return finish(name, d)
}

// ParseSpec reads a free-form component spec. The whole document becomes
// Spec; Title is its first heading (or front matter title, or the file's
// base name); a story sentence and an acceptance-criteria section are
// picked up when the spec has them, but neither is required. The only
// error is an empty spec, or criteria sharing an ID.
func ParseSpec(name string, data []byte) (*Story, error) {
	text := strings.TrimSpace(normaliseText(data))
	if text == "" {
		return nil, &Error{File: name, Msg: "the spec is empty", Fix: "describe the component to build: its purpose, inputs, outputs and rules"}
	}
	s := &Story{Kind: KindSpec, Source: name, Spec: strings.TrimSpace(strings.TrimPrefix(string(data), "\uFEFF"))}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json":
	default:
		d, err := parseMarkdown(name, data, true)
		if err != nil {
			return nil, err
		}
		s.Title = d.heading
		if s.Title == "" {
			s.Title = d.story.Title
		}
		if d.story.Goal != "" {
			s.Actor, s.Goal, s.Benefit = d.story.Actor, d.story.Goal, d.story.Benefit
		}
		for _, c := range d.story.Criteria {
			if c.Text != "" {
				s.Criteria = append(s.Criteria, c)
			}
		}
		if err := assignIDs(name, s.Criteria, lineNamer(s.Criteria), idFix); err != nil {
			return nil, err
		}
	}
	if s.Title == "" {
		base := filepath.Base(name)
		s.Title = strings.TrimSuffix(base, filepath.Ext(base))
	}
	return s, nil
}

// FromFields builds a story from command-line flags: --actor, --goal,
// --benefit and one --ac per criterion. A goal written as a whole story
// sentence ("As a …, I want …, so that …") is split into its parts.
func FromFields(actor, goal, benefit string, criteria []string) (*Story, error) {
	d := &draft{format: formatFlags}
	d.story.Actor = trimClause(actor)
	d.story.Benefit = trimClause(benefit)
	goal = strings.TrimSpace(goal)
	if st, ok, _ := parseSentence(goal); ok && storyStartRe.MatchString(stripEmphasis(goal)) {
		fill(&d.story.Actor, st.actor)
		fill(&d.story.Benefit, st.benefit)
		goal = st.goal
	}
	d.story.Goal = trimClause(goal)
	for _, c := range criteria {
		if strings.TrimSpace(c) == "" {
			continue
		}
		d.story.Criteria = append(d.story.Criteria, itemFromText(c, 0))
	}
	return finish("flags", d)
}

// idFix is the fix for criteria that share an ID.
const idFix = "give each criterion its own ID, or remove the IDs to have them numbered AC1, AC2, …"

// lineNamer names criteria by their line in error messages.
func lineNamer(cs []Criterion) func(int) string {
	return func(i int) string {
		if cs[i].Line > 0 {
			return fmt.Sprintf("the criterion on line %d", cs[i].Line)
		}
		return fmt.Sprintf("criterion %d", i+1)
	}
}

// finish applies the defaults and checks a story: it must have a goal, at
// least one criterion, criteria with text and no two criteria sharing an
// ID.
func finish(name string, d *draft) (*Story, error) {
	s := d.story
	s.Kind, s.Source = KindStory, name
	s.Title = collapse(s.Title)
	s.Actor, s.Goal, s.Benefit = collapse(s.Actor), collapse(s.Goal), collapse(s.Benefit)

	if s.Goal == "" {
		if d.goalLine == 0 && d.format != formatFlags {
			d.goalLine = 1
		}
		return nil, &Error{File: name, Line: d.goalLine, Msg: "the story has no goal", Fix: goalFix(d.format)}
	}
	if len(s.Criteria) == 0 {
		return nil, noCriteria(name, d)
	}
	for i, c := range s.Criteria {
		if c.Text == "" {
			fix := "write the criterion after its ID, or remove the line"
			if d.format == formatFlags {
				return nil, &Error{File: name, Msg: fmt.Sprintf("--ac value %d (%s) has no text", i+1, c.ID), Fix: fix}
			}
			return nil, &Error{File: name, Line: c.Line, Msg: fmt.Sprintf("criterion %s has no text", c.ID), Fix: fix}
		}
	}
	where := lineNamer(s.Criteria)
	fix := idFix
	if d.format == formatFlags {
		where = func(i int) string { return fmt.Sprintf("--ac value %d", i+1) }
		fix = "give each --ac its own ID, or drop the IDs"
	}
	if err := assignIDs(name, s.Criteria, where, fix); err != nil {
		return nil, err
	}
	if s.Actor == "" {
		s.Actor = "user"
	}
	return &s, nil
}

// goalFix words the fix for a missing goal.
func goalFix(f format) string {
	switch f {
	case formatYAML:
		return `add a line "goal: <what the actor wants>"`
	case formatJSON:
		return `add a "goal" field with what the actor wants, e.g. "goal": "to export my reports as CSV"`
	case formatFlags:
		return `add --goal "<what the actor wants>"`
	}
	return `add a line "I want <goal>", e.g. "As a <actor>, I want <goal>, so that <benefit>"`
}

// noCriteria is the error for a story without acceptance criteria.
func noCriteria(name string, d *draft) *Error {
	e := &Error{File: name, Msg: "the story has no acceptance criteria"}
	switch d.format {
	case formatFlags:
		e.Fix = `add --ac "<criterion>", once per acceptance criterion`
	case formatYAML:
		e.Fix = `add an "acceptance_criteria:" list with one item per criterion`
	case formatJSON:
		e.Fix = `add an "acceptance_criteria" array with one string per criterion`
	default:
		e.Fix = `add an "## Acceptance Criteria" section with one bullet per criterion`
	}
	if d.acLine > 0 {
		e.Line = d.acLine
		e.Msg = fmt.Sprintf("the %q section lists no criteria", d.acName)
		switch d.format {
		case formatMarkdown:
			e.Fix = fmt.Sprintf("add one bullet per criterion under %q, e.g. \"- The report downloads as CSV\"", d.acName)
		default:
			e.Msg = fmt.Sprintf("%q lists no criteria", d.acName)
		}
	}
	if len(d.unknown) > 0 {
		e.Msg += fmt.Sprintf(" (keys not read: %s)", strings.Join(d.unknown, ", "))
	}
	return e
}
