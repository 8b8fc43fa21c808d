package story

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// field is a story field that YAML and JSON keys map to.
type field string

const (
	fieldTitle    field = "title"
	fieldActor    field = "actor"
	fieldGoal     field = "goal"
	fieldBenefit  field = "benefit"
	fieldCriteria field = "acceptance_criteria"
	fieldNotes    field = "notes"
	fieldStory    field = "story"
)

// storyKeys maps the accepted keys, lower-cased with "-" and " " as "_",
// to the fields they fill.
var storyKeys = map[string]field{
	"title": fieldTitle, "name": fieldTitle, "summary": fieldTitle, "subject": fieldTitle,
	"actor": fieldActor, "as_a": fieldActor, "as_an": fieldActor, "role": fieldActor, "persona": fieldActor,
	"goal": fieldGoal, "i_want": fieldGoal, "want": fieldGoal, "i_want_to": fieldGoal,
	"benefit": fieldBenefit, "so_that": fieldBenefit, "value": fieldBenefit,
	"acceptance_criteria": fieldCriteria, "criteria": fieldCriteria, "ac": fieldCriteria, "acs": fieldCriteria,
	"acceptance_criterion": fieldCriteria, "acceptance_tests": fieldCriteria, "scenarios": fieldCriteria,
	"notes": fieldNotes, "description": fieldNotes, "details": fieldNotes, "context": fieldNotes,
	"story": fieldStory, "user_story": fieldStory,
}

// criterionKeys maps the keys of a criterion written as a mapping.
var criterionKeys = map[string]string{
	"id": "id", "key": "id",
	"text": "text", "criterion": "text", "description": "text", "title": "text",
	"name": "text", "scenario": "text", "summary": "text",
	"given": "given", "when": "when", "then": "then",
}

// normKey lower-cases a key and writes "-" and " " as "_".
func normKey(k string) string {
	return strings.NewReplacer("-", "_", " ", "_").Replace(strings.ToLower(strings.TrimSpace(k)))
}

var (
	// yamlLineRe finds the line in a yaml.v3 error message.
	yamlLineRe = regexp.MustCompile(`line (\d+)`)
	// yamlParserErrRe matches the messages of yaml.v3's parser (not its
	// scanner), which report the line counted from 0.
	yamlParserErrRe = regexp.MustCompile(`^(?:did not find expected|found undefined tag handle|found duplicate %|found incompatible YAML)`)
	// yamlAnchorRe finds the anchor an "unknown anchor" error names.
	yamlAnchorRe = regexp.MustCompile(`^unknown anchor '(.*)' referenced`)
)

// parseYAML reads a story written in YAML.
func parseYAML(name string, data []byte) (*draft, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(name, data, err, 0)
	}
	return storyFromNode(name, &doc, formatYAML, 0)
}

// yamlError turns a yaml.v3 syntax error into an *Error; off is added to
// the line (front matter starts below line 1).
func yamlError(name string, data []byte, err error, off int) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLineRe.FindStringSubmatchIndex(msg); m != nil && m[0] == 0 {
		line, _ = strconv.Atoi(msg[m[2]:m[3]])
		msg = strings.TrimSpace(strings.TrimPrefix(msg[m[1]:], ":"))
		if yamlParserErrRe.MatchString(msg) {
			line++
		}
	} else if m := yamlAnchorRe.FindStringSubmatch(msg); m != nil {
		if i := bytes.Index(data, []byte("*"+m[1])); i >= 0 {
			line = 1 + bytes.Count(data[:i], []byte("\n"))
		}
	}
	if line > 0 {
		line += off
	}
	return &Error{File: name, Line: line, Msg: "invalid YAML: " + msg, Fix: "fix the YAML syntax at this line (indentation, quoting, \": \" after keys)"}
}

// parseJSON reads a story written in JSON. The JSON is turned into the
// same node tree as YAML, with the line of every value, so both share one
// reader and report lines the same way.
func parseJSON(name string, data []byte) (*draft, error) {
	root, err := jsonNode(data)
	if err != nil {
		var se *jsonSyntaxError
		if errors.As(err, &se) {
			return nil, &Error{File: name, Line: se.line, Msg: "invalid JSON: " + se.msg, Fix: "fix the JSON syntax at this line (commas, quotes, brackets)"}
		}
		return nil, &Error{File: name, Msg: "invalid JSON: " + err.Error(), Fix: "fix the JSON syntax"}
	}
	return storyFromNode(name, root, formatJSON, 0)
}

// jsonSyntaxError is a JSON syntax error at a line.
type jsonSyntaxError struct {
	line int
	msg  string
}

func (e *jsonSyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// maxJSONDepth bounds the nesting of a JSON story.
const maxJSONDepth = 64

// jsonNode decodes one JSON value into a yaml.Node tree whose nodes carry
// the line they start on.
func jsonNode(data []byte) (*yaml.Node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	lineAt := func(off int64) int {
		if off > int64(len(data)) {
			off = int64(len(data))
		}
		if off < 0 {
			off = 0
		}
		return 1 + bytes.Count(data[:off], []byte("\n"))
	}
	fail := func(err error) error {
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se):
			return &jsonSyntaxError{line: lineAt(se.Offset), msg: se.Error()}
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return &jsonSyntaxError{line: lineAt(int64(len(data))), msg: "unexpected end of input"}
		}
		return err
	}
	var value func(depth int) (*yaml.Node, error)
	value = func(depth int) (*yaml.Node, error) {
		if depth > maxJSONDepth {
			return nil, &jsonSyntaxError{line: lineAt(dec.InputOffset()), msg: "nested too deeply"}
		}
		tok, err := dec.Token()
		if err != nil {
			return nil, fail(err)
		}
		// The token ends at the offset; a token never spans lines.
		line := lineAt(dec.InputOffset() - 1)
		switch t := tok.(type) {
		case json.Delim:
			n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line}
			if t == '[' {
				n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
			}
			for dec.More() {
				if n.Kind == yaml.MappingNode {
					k, err := value(depth + 1)
					if err != nil {
						return nil, err
					}
					n.Content = append(n.Content, k)
				}
				v, err := value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, v)
			}
			if _, err := dec.Token(); err != nil { // the closing bracket
				return nil, fail(err)
			}
			return n, nil
		case string:
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: t, Line: line}, nil
		case json.Number:
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: t.String(), Line: line}, nil
		case bool:
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(t), Line: line}, nil
		default: // null
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: line}, nil
		}
	}
	root, err := value(0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &jsonSyntaxError{line: lineAt(dec.InputOffset()), msg: "unexpected content after the top-level value"}
	}
	return root, nil
}

// nodeReader turns a YAML or JSON node tree into a draft. off is added to
// every line (front matter starts below line 1).
type nodeReader struct {
	file   string
	format format
	off    int
	seen   map[field]int // field → line of the key that set it
	d      *draft
}

// storyFromNode reads a story from a YAML document node (or any node).
func storyFromNode(name string, root *yaml.Node, f format, off int) (*draft, error) {
	r := &nodeReader{file: name, format: f, off: off, seen: map[field]int{}, d: &draft{format: f}}
	n := resolve(root)
	if n.Kind == 0 || n.Kind == yaml.DocumentNode && len(n.Content) == 0 { // nothing but comments
		return nil, &Error{File: name, Msg: "the file is empty", Fix: goalFix(f)}
	}
	if n.Kind == yaml.DocumentNode {
		n = resolve(n.Content[0])
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, &Error{File: name, Line: r.line(n), Msg: "the file holds no story", Fix: goalFix(f)}
	}
	if err := r.mapping(n, 0); err != nil {
		return nil, err
	}
	sort.Strings(r.d.unknown)
	return r.d, nil
}

// resolve follows YAML aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 8; i++ {
		n = n.Alias
	}
	return n
}

func (r *nodeReader) line(n *yaml.Node) int {
	if n.Line == 0 {
		return 0
	}
	return n.Line + r.off
}

// kindName names a node's kind for messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return "a value"
}

// mapping reads the top-level mapping of a story. depth counts nested
// "story:" mappings.
func (r *nodeReader) mapping(n *yaml.Node, depth int) error {
	if n.Kind != yaml.MappingNode {
		what := "text"
		if n.Kind == yaml.SequenceNode {
			what = "a list"
		}
		return &Error{File: r.file, Line: r.line(n), Msg: "expected the story's fields (title, actor, goal, benefit, acceptance_criteria), found " + what,
			Fix: "write the story as a mapping of keys to values, e.g. goal: <what the actor wants>"}
	}
	d := r.d
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		key := k.Value
		f, known := storyKeys[normKey(key)]
		if !known {
			if key != "" {
				d.unknown = append(d.unknown, key)
			}
			continue
		}
		if f == fieldStory && v.Kind == yaml.MappingNode && depth == 0 {
			if err := r.mapping(v, depth+1); err != nil {
				return err
			}
			continue
		}
		if f != fieldNotes {
			if prev, dup := r.seen[f]; dup {
				return &Error{File: r.file, Line: r.line(k), Msg: fmt.Sprintf("%q repeats the %s already given on line %d", key, f, prev),
					Fix: fmt.Sprintf("keep one %s key", f)}
			}
			r.seen[f] = r.line(k)
		}
		switch f {
		case fieldCriteria:
			d.acLine, d.acName = r.line(k), key
			cs, err := r.criteria(v)
			if err != nil {
				return err
			}
			d.story.Criteria = append(d.story.Criteria, cs...)
			continue
		case fieldNotes:
			text, err := r.text(k, v, true)
			if err != nil {
				return err
			}
			d.story.Notes = joinNotes(d.story.Notes, text)
			continue
		}
		text, err := r.text(k, v, false)
		if err != nil {
			return err
		}
		switch f {
		case fieldTitle:
			d.story.Title = collapse(text)
		case fieldActor:
			d.story.Actor = trimClause(text)
			if d.goalLine == 0 {
				d.goalLine = r.line(k)
			}
		case fieldGoal:
			d.story.Goal = trimClause(text)
			d.goalLine = r.line(k)
		case fieldBenefit:
			d.story.Benefit = trimClause(text)
		case fieldStory:
			st, ok, _ := parseSentence(text)
			if d.goalLine == 0 || ok {
				d.goalLine = r.line(k)
			}
			if !ok {
				d.story.Notes = joinNotes(d.story.Notes, text)
				continue
			}
			fill(&d.story.Actor, st.actor)
			fill(&d.story.Goal, st.goal)
			fill(&d.story.Benefit, st.benefit)
		}
	}
	return nil
}

// fill sets *dst to v unless *dst is already set.
func fill(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

// text reads a scalar value; a list of scalars is accepted where lines
// allows it (notes) and joined with newlines.
func (r *nodeReader) text(k, v *yaml.Node, lines bool) (string, error) {
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!null" {
			return "", nil
		}
		return strings.TrimSpace(v.Value), nil
	case yaml.SequenceNode:
		if lines {
			var out []string
			for _, item := range v.Content {
				item = resolve(item)
				if item.Kind != yaml.ScalarNode {
					return "", &Error{File: r.file, Line: r.line(item), Msg: fmt.Sprintf("each item of %q must be text, found %s", k.Value, kindName(item)), Fix: "write each item as a line of text"}
				}
				if s := strings.TrimSpace(item.Value); s != "" && item.Tag != "!!null" {
					out = append(out, s)
				}
			}
			return strings.Join(out, "\n"), nil
		}
	}
	return "", &Error{File: r.file, Line: r.line(v), Msg: fmt.Sprintf("%q must be text, found %s", k.Value, kindName(v)),
		Fix: fmt.Sprintf("write %s: followed by the text on the same line", k.Value)}
}

// criteria reads the value of an acceptance_criteria key: a list of
// strings or mappings, a mapping of ID to criterion, or a block of text
// holding a Markdown list.
func (r *nodeReader) criteria(v *yaml.Node) ([]Criterion, error) {
	switch v.Kind {
	case yaml.SequenceNode:
		var out []Criterion
		for _, item := range v.Content {
			c, ok, err := r.criterion("", resolve(item))
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, c)
			}
		}
		return out, nil
	case yaml.MappingNode:
		if isCriterionMapping(v) {
			c, ok, err := r.criterion("", v)
			if err != nil || !ok {
				return nil, err
			}
			return []Criterion{c}, nil
		}
		var out []Criterion
		for i := 0; i+1 < len(v.Content); i += 2 {
			k := resolve(v.Content[i])
			c, ok, err := r.criterion(normaliseID(k.Value), resolve(v.Content[i+1]))
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, c)
			}
		}
		return out, nil
	default:
		if v.Tag == "!!null" || strings.TrimSpace(v.Value) == "" {
			return nil, nil
		}
		// A block of text: read it as the body of a Markdown criteria
		// section. Literal and folded blocks start on the line after the key.
		first := r.line(v)
		if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			first++
		}
		ls := splitLines(v.Value, first)
		var out []Criterion
		for _, it := range parseItems(ls) {
			c, ok := it.criterion()
			if ok {
				out = append(out, c)
			}
		}
		return out, nil
	}
}

// isCriterionMapping tells a mapping that is one criterion (it has text,
// given, when or then keys) from a mapping of IDs to criteria.
func isCriterionMapping(n *yaml.Node) bool {
	for i := 0; i < len(n.Content); i += 2 {
		switch criterionKeys[normKey(n.Content[i].Value)] {
		case "text", "given", "when", "then":
			return true
		}
	}
	return false
}

// criterion reads one criterion: a string, or a mapping with id, text,
// given, when and then. id is the ID given by the enclosing mapping key.
// ok is false for an empty item, which is skipped.
func (r *nodeReader) criterion(id string, n *yaml.Node) (Criterion, bool, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
			if id != "" {
				return Criterion{}, false, &Error{File: r.file, Line: r.line(n), Msg: fmt.Sprintf("criterion %s has no text", id), Fix: "write the criterion after its ID, or remove the ID"}
			}
			return Criterion{}, false, nil
		}
		c := itemFromText(n.Value, r.line(n))
		if id != "" {
			c.ID = id
		}
		return c, true, nil
	case yaml.MappingNode:
		if len(n.Content) == 2 && criterionKeys[normKey(n.Content[0].Value)] == "" && resolve(n.Content[1]).Kind == yaml.ScalarNode {
			// "- AC2: text" reads as a one-pair mapping; so does any item
			// with ": " in it.
			k, v := resolve(n.Content[0]), resolve(n.Content[1])
			if kid, ok := asID(k.Value); ok && id == "" {
				return r.criterion(kid, v)
			}
			return r.criterion(id, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k.Value + ": " + v.Value, Line: n.Line})
		}
		c := Criterion{ID: id, Line: r.line(n)}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
			key, known := criterionKeys[normKey(k.Value)]
			if !known {
				continue
			}
			text, err := r.text(k, v, key == "given" || key == "when" || key == "then")
			if err != nil {
				return Criterion{}, false, err
			}
			switch key {
			case "id":
				if text != "" {
					c.ID = normaliseID(text)
				}
			case "text":
				c.Text = collapse(text)
			case "given":
				c.Given = joinSteps(text)
			case "when":
				c.When = joinSteps(text)
			case "then":
				c.Then = joinSteps(text)
			}
		}
		if c.Given == "" && c.When == "" && c.Then == "" {
			c.Given, c.When, c.Then = splitInlineGWT(c.Text)
		}
		if c.Text == "" {
			c.Text = composeGWT(c.Given, c.When, c.Then)
		}
		if c.Text == "" {
			return Criterion{}, false, &Error{File: r.file, Line: r.line(n), Msg: "the criterion has no text", Fix: "add text: (or given:, when:, then:) to the criterion"}
		}
		return c, true, nil
	}
	return Criterion{}, false, &Error{File: r.file, Line: r.line(n), Msg: "a criterion must be text or a mapping, found " + kindName(n),
		Fix: "write each criterion as text, or as a mapping with id, text, given, when, then"}
}

// joinSteps joins the lines of a Given/When/Then value given as a list.
func joinSteps(s string) string {
	var parts []string
	for _, l := range strings.Split(s, "\n") {
		if l = trimClause(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " and ")
}
