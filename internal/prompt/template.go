package prompt

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// The kinds of input a template plans from.
const (
	InputStory = "story"
	InputSpec  = "spec"
)

// DefaultSpecTag is the tag that wraps an appended component spec.
const DefaultSpecTag = "component_spec"

// Variable is a variable declared in a template's front matter.
type Variable struct {
	Name        string
	Description string
	Required    bool   // rendering fails when the value is missing or blank
	Default     string // used when the variable is not given
	HasDefault  bool   // Default was declared (it may be "")
	Line        int    // line of the declaration in the template source
}

// Template is a parsed prompt template.
type Template struct {
	Name        string
	Description string
	// Input is what the template plans from: InputStory or InputSpec.
	Input string
	// SpecTag wraps the spec appended by Render when Input is InputSpec
	// and the body has no {{componentSpec}}.
	SpecTag   string
	Variables []Variable
	// Sections are the section titles the answer must contain.
	Sections []string
	// StripTags are reasoning tags whose blocks are removed from the answer.
	StripTags []string
	Body      string
	// BodyLine is the 1-based line of the body's first line in the source.
	BodyLine int
	// Source is the file path, or "builtin:NAME".
	Source string
	// FrontMatter reports whether the template started with front matter.
	FrontMatter bool

	inputLine int // source line that decided Input, for spec errors
}

var (
	identRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\-]*$`)
	tagRe   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.\-]*$`)
	yamlErr = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
)

// frontMatterKeys are the keys a front matter block may hold.
var frontMatterKeys = []string{"name", "description", "input", "spec_tag", "variables", "sections", "strip_tags"}

// Parse parses a template. source names it in errors ("path/to/file.md" or
// "builtin:NAME"). Every problem found is returned at once in an *Error.
func Parse(source string, data []byte) (*Template, error) {
	ps := &problems{source: source}
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		ps.add(0, "save the template as UTF-8 text", "template is not UTF-8 text")
		return nil, ps.err()
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	// Lines end at "\r\n", "\n" or a lone "\r", as they do for YAML, so
	// that line numbers agree.
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")

	t := &Template{Source: source, BodyLine: 1, Body: text}
	var fm *frontMatter
	if first, rest, ok := strings.Cut(text, "\n"); ok && strings.TrimRight(first, " \t") == "---" || !ok && strings.TrimRight(text, " \t") == "---" {
		yamlText, body, bodyLine, closed := splitFrontMatter(rest)
		if !closed {
			ps.add(1, `end the front matter with a line holding only "---" (or remove the first line if it is not front matter)`,
				`front matter starts with "---" but is never closed`)
			return nil, ps.err()
		}
		t.FrontMatter = true
		t.Body = body
		t.BodyLine = bodyLine
		fm = parseFrontMatter(yamlText, 2, ps)
	}
	if fm != nil {
		fm.apply(t)
	}
	if t.Name == "" {
		t.Name = nameFromSource(source)
	}
	t.infer(fm)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return t, nil
}

// splitFrontMatter finds the closing fence in the text after the opening
// "---" line. It returns the YAML, the body, the body's first line in the
// source and whether a closing fence was found.
func splitFrontMatter(rest string) (yamlText, body string, bodyLine int, closed bool) {
	off := 0
	for n := 2; off <= len(rest); n++ {
		end := strings.IndexByte(rest[off:], '\n')
		line := rest[off:]
		next := len(rest) + 1
		if end >= 0 {
			line = rest[off : off+end]
			next = off + end + 1
		}
		if l := strings.TrimRight(line, " \t"); l == "---" || l == "..." {
			body := ""
			if next <= len(rest) {
				body = rest[next:]
			}
			return rest[:off], body, n + 1, true
		}
		off = next
	}
	return "", "", 0, false
}

// frontMatter is the decoded front matter with the lines of its keys.
type frontMatter struct {
	name, description, input, specTag string
	variables                         []Variable
	sections, stripTags               []string
	hasSections, hasStripTags         bool
	inputLine                         int
}

// parseFrontMatter decodes the YAML of a front matter block whose first line
// is source line first.
func parseFrontMatter(text string, first int, ps *problems) (fm *frontMatter) {
	line := func(n *yaml.Node) int { return n.Line + first - 1 }
	defer func() {
		// yaml.v3 has panicked on hostile input in the past; treat that as
		// bad YAML rather than crashing the caller.
		if r := recover(); r != nil {
			ps.add(first-1, "fix the YAML syntax", "front matter is not valid YAML: %v", r)
			fm = nil
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		msg, ln, fix := err.Error(), first, "fix the YAML syntax"
		if m := yamlErr.FindStringSubmatch(msg); m != nil {
			if n, convErr := strconv.Atoi(m[1]); convErr == nil {
				ln = n + first - 1
			}
			msg = m[2]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
			// The YAML scanner names no line for some errors, such as a tab
			// used for indentation; point at the first tab instead.
			for i, l := range strings.Split(text, "\n") {
				if strings.Contains(l, "\t") {
					ln, fix = first+i, "indent YAML with spaces, not tabs"
					break
				}
			}
		}
		// YAML also breaks lines at a lone "\r" and may name the line after
		// the last one; keep the line inside the front matter.
		ln = min(max(ln, first), first+strings.Count(text, "\n"))
		ps.add(ln, fix, "front matter is not valid YAML: %s", msg)
		return nil
	}
	fm = &frontMatter{}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return fm // empty front matter
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return fm
	}
	if root.Kind != yaml.MappingNode {
		ps.add(line(root), "write the front matter as key: value lines", "front matter must be a mapping of keys to values")
		return nil
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			ps.add(line(k), "known keys are "+strings.Join(frontMatterKeys, ", "), "front matter keys must be plain names")
			continue
		}
		key := k.Value
		if seen[key] {
			ps.add(line(k), "keep one of them", "front matter key %q appears twice", key)
			continue
		}
		seen[key] = true
		switch key {
		case "name":
			fm.name = scalar(v, key, line, ps)
			if fm.name != "" && !identRe.MatchString(fm.name) {
				ps.add(line(v), "use letters, digits, '_', '.' and '-'", "template name %q is not a valid name", fm.name)
			}
		case "description":
			fm.description = scalar(v, key, line, ps)
		case "input":
			fm.input = scalar(v, key, line, ps)
			fm.inputLine = line(v)
			if fm.input != InputStory && fm.input != InputSpec && fm.input != "" {
				ps.add(line(v), `use "story" or "spec"`, "input %q is not a kind of input", fm.input)
			}
		case "spec_tag":
			fm.specTag = strings.Trim(scalar(v, key, line, ps), "<>")
			if fm.specTag != "" && !tagRe.MatchString(fm.specTag) {
				ps.add(line(v), "use a tag name such as component_spec", "spec_tag %q is not a valid tag name", fm.specTag)
			}
		case "sections":
			fm.hasSections = true
			fm.sections = stringList(v, key, line, ps)
		case "strip_tags":
			fm.hasStripTags = true
			for _, tag := range stringList(v, key, line, ps) {
				tag = strings.Trim(tag, "<>/")
				if !tagRe.MatchString(tag) {
					ps.add(line(v), "use tag names such as implementation_breakdown", "strip_tags entry %q is not a valid tag name", tag)
					continue
				}
				fm.stripTags = append(fm.stripTags, tag)
			}
		case "variables":
			fm.variables = variables(v, line, ps)
		default:
			ps.add(line(k), "known keys are "+strings.Join(frontMatterKeys, ", "), "unknown front matter key %q", key)
		}
	}
	return fm
}

// scalar decodes a string value.
func scalar(v *yaml.Node, key string, line func(*yaml.Node) int, ps *problems) string {
	if v.Kind != yaml.ScalarNode {
		ps.add(line(v), "write a single value", "front matter %q must be a string", key)
		return ""
	}
	if v.Tag == "!!null" {
		return ""
	}
	return strings.TrimSpace(v.Value)
}

// stringList decodes a list of non-empty strings; a single string is a list
// of one.
func stringList(v *yaml.Node, key string, line func(*yaml.Node) int, ps *problems) []string {
	if v.Kind == yaml.ScalarNode {
		if v.Tag == "!!null" {
			return nil
		}
		if s := strings.TrimSpace(v.Value); s != "" {
			return []string{s}
		}
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		ps.add(line(v), "write a YAML list, one \"- item\" per line", "front matter %q must be a list of strings", key)
		return nil
	}
	var out []string
	for _, it := range v.Content {
		if it.Kind != yaml.ScalarNode || strings.TrimSpace(it.Value) == "" || it.Tag == "!!null" {
			ps.add(line(it), "write a non-empty string", "front matter %q entries must be non-empty strings", key)
			continue
		}
		out = append(out, strings.TrimSpace(it.Value))
	}
	return out
}

// variables decodes the variables list.
func variables(v *yaml.Node, line func(*yaml.Node) int, ps *problems) []Variable {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		ps.add(line(v), `write a list: "- name: myVar"`, "front matter \"variables\" must be a list")
		return nil
	}
	var out []Variable
	seen := map[string]bool{}
	for _, it := range v.Content {
		vr := Variable{Line: line(it)}
		switch it.Kind {
		case yaml.ScalarNode:
			vr.Name = strings.TrimSpace(it.Value)
			if it.Tag == "!!null" {
				vr.Name = ""
			}
		case yaml.MappingNode:
			decodeVariable(it, &vr, line, ps)
		default:
			ps.add(line(it), `write "- name: myVar" or "- myVar"`, "variable must be a name or a mapping with a name")
			continue
		}
		switch {
		case vr.Name == "":
			ps.add(vr.Line, `add "name: myVar"`, "variable has no name")
			continue
		case !identRe.MatchString(vr.Name):
			ps.add(vr.Line, "use letters, digits, '_', '.' and '-', starting with a letter or '_'", "variable name %q is not a valid name", vr.Name)
			continue
		case seen[vr.Name]:
			ps.add(vr.Line, "declare each variable once", "variable %q is declared twice", vr.Name)
			continue
		}
		if vr.Required && vr.HasDefault {
			ps.add(vr.Line, "drop either required or default", "variable %q is required and also has a default", vr.Name)
		}
		seen[vr.Name] = true
		out = append(out, vr)
	}
	return out
}

func decodeVariable(m *yaml.Node, vr *Variable, line func(*yaml.Node) int, ps *problems) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		switch k.Value {
		case "name":
			vr.Name = scalar(v, "name", line, ps)
		case "description":
			vr.Description = scalar(v, "description", line, ps)
		case "default":
			if v.Kind != yaml.ScalarNode {
				ps.add(line(v), "write a single value", "default of a variable must be a string")
				continue
			}
			vr.HasDefault = true
			if v.Tag != "!!null" {
				vr.Default = v.Value
			}
		case "required":
			var b bool
			if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
				ps.add(line(v), "write true or false", "required of a variable must be true or false")
				continue
			}
			vr.Required = b
		default:
			ps.add(line(k), "variable keys are name, description, required, default", "unknown variable key %q", k.Value)
		}
	}
}

// apply copies the front matter into t.
func (fm *frontMatter) apply(t *Template) {
	t.Name = fm.name
	t.Description = fm.description
	t.Input = fm.input
	t.inputLine = fm.inputLine
	t.SpecTag = fm.specTag
	t.Variables = fm.variables
	t.Sections = fm.sections
	t.StripTags = fm.stripTags
}

// nameFromSource derives a template name from its file name.
func nameFromSource(source string) string {
	if name, ok := strings.CutPrefix(source, "builtin:"); ok {
		return name
	}
	base := filepath.Base(source)
	if base == "." || base == string(filepath.Separator) {
		return ""
	}
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// Variable returns the declaration of name, if any.
func (t *Template) Variable(name string) (Variable, bool) {
	for _, v := range t.Variables {
		if v.Name == name {
			return v, true
		}
	}
	return Variable{}, false
}

// String names the template for logs.
func (t *Template) String() string { return fmt.Sprintf("%s (%s)", t.Name, t.Source) }
