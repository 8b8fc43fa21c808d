package prompt

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/textdist"
)

// Reader reads a file of the repository by its path relative to the root.
// *index.Index implements it: reads are confined to the root (a path or a
// symlink leading outside returns index.ErrOutsideRoot) and a file larger
// than maxSize returns index.ErrTooLarge. A missing file returns an error
// wrapping fs.ErrNotExist.
type Reader interface {
	Read(rel string, maxSize int64) ([]byte, error)
}

// DefaultMaxIncludeBytes is the default size limit of one included file.
const DefaultMaxIncludeBytes int64 = 256 << 10

// binarySniff is how much of an included file is checked for binary content.
const binarySniff = 8 << 10

// NotPresentNote replaces an optional include whose file does not exist.
const NotPresentNote = "(not present in this repository)"

// RenderOptions tune Render.
type RenderOptions struct {
	// MaxIncludeBytes limits the size of one included file; 0 or less
	// means DefaultMaxIncludeBytes.
	MaxIncludeBytes int64
	// Refuse, when set, is asked about every include path (cleaned,
	// relative to the repository root) before it is read; it returns a
	// reason when the file must not be sent to a model, such as a secrets
	// file.
	Refuse func(path string) (reason string, refused bool)
	// Filter, when set, rewrites every included file's content before it is
	// inserted (the planner redacts secrets with it); path is the cleaned
	// include path.
	Filter func(path, content string) string
}

// Render fills the template with vars and the files its @includes name,
// read through r. When the template plans from a spec and its body has no
// {{componentSpec}}, the spec is appended wrapped in SpecTag tags. Every
// problem is reported at once in an *Error.
func (t *Template) Render(vars map[string]string, r Reader, opts RenderOptions) (string, error) {
	if t == nil {
		return "", &Error{Problems: []Problem{{Msg: "no template", Fix: "load a template before rendering"}}}
	}
	ps := &problems{source: t.Source}
	segs := scan(t.Body)
	values := t.resolveVars(segs, vars, ps)
	limit := opts.MaxIncludeBytes
	if limit <= 0 {
		limit = DefaultMaxIncludeBytes
	}

	type included struct {
		content string
		prob    *Problem
	}
	cache := map[string]included{}
	var b strings.Builder
	hasSpecVar := false
	for _, s := range segs {
		switch s.kind {
		case segText:
			b.WriteString(s.text)
		case segVar:
			if s.text == VarComponentSpec {
				hasSpecVar = true
			}
			b.WriteString(values[s.text])
		case segInclude:
			key := s.text
			if s.optional {
				key = "?" + key
			}
			inc, ok := cache[key]
			if !ok {
				content, msg, fix := readInclude(s.text, s.optional, r, limit, opts.Refuse)
				if msg == "" && opts.Filter != nil && content != NotPresentNote {
					content = opts.Filter(index.Clean(s.text), content)
				}
				inc.content = content
				if msg != "" {
					inc.prob = &Problem{Msg: msg, Fix: fix}
				}
				cache[key] = inc
			}
			if inc.prob != nil {
				ps.add(t.srcLine(s.line), inc.prob.Fix, "%s", inc.prob.Msg)
				continue
			}
			b.WriteString(inc.content)
		}
	}
	out := b.String()
	if t.Input == InputSpec {
		spec, given := vars[VarComponentSpec]
		decl, declared := t.Variable(VarComponentSpec)
		if !given && declared && decl.HasDefault {
			spec = decl.Default
		}
		// resolveVars has already reported a placeholder without a value
		// and a required variable left empty.
		reported := hasSpecVar && (!given && !decl.HasDefault) || declared && decl.Required
		if strings.TrimSpace(spec) == "" && !reported {
			ps.add(t.inputLine, "pass the component spec (the componentSpec variable)",
				"template plans from a spec but no spec was given")
		}
		if !hasSpecVar && strings.TrimSpace(spec) != "" {
			tag := t.SpecTag
			if tag == "" {
				tag = DefaultSpecTag
			}
			out = strings.TrimRight(out, "\n") + "\n\n<" + tag + ">\n" + strings.TrimRight(spec, "\n") + "\n</" + tag + ">\n"
		}
	}
	if err := ps.err(); err != nil {
		return "", err
	}
	return out, nil
}

// resolveVars decides the value of every placeholder and reports unknown
// and unfilled variables, each once, at the line it is first used (or
// declared, for a required variable the body does not use).
func (t *Template) resolveVars(segs []segment, vars map[string]string, ps *problems) map[string]string {
	values := map[string]string{}
	lines := map[string][]int{}
	var order []string
	for _, s := range segs {
		if s.kind != segVar {
			continue
		}
		if _, ok := lines[s.text]; !ok {
			order = append(order, s.text)
		}
		lines[s.text] = append(lines[s.text], t.srcLine(s.line))
	}
	for _, name := range order {
		decl, declared := t.Variable(name)
		val, given := vars[name]
		where := lines[name][0]
		switch {
		case t.FrontMatter && !declared && !IsStandardVariable(name):
			ps.add(where, t.unknownFix(name, true), "unknown variable %q: it is not declared in the front matter%s", name, alsoOn(lines[name]))
			continue
		case !given && declared && decl.HasDefault:
			val = decl.Default
		case !given && declared && decl.Required:
			ps.add(where, fmt.Sprintf("give %s a non-empty value", name), "required variable %q was not given%s", name, alsoOn(lines[name]))
			continue
		case !given && declared:
			ps.add(where, fmt.Sprintf("supply a value for %s, or give it a default in the front matter", name), "variable %q has no value%s", name, alsoOn(lines[name]))
			continue
		case !given:
			ps.add(where, t.unknownFix(name, false), "unknown variable %q: no value was given%s", name, alsoOn(lines[name]))
			continue
		}
		if declared && decl.Required && strings.TrimSpace(val) == "" {
			ps.add(where, fmt.Sprintf("give %s a non-empty value", name), "required variable %q is empty", name)
			continue
		}
		values[name] = val
	}
	// Required variables the body does not use must still be given.
	for _, v := range t.Variables {
		if _, used := lines[v.Name]; used || !v.Required {
			continue
		}
		if val, given := vars[v.Name]; !given {
			ps.add(v.Line, fmt.Sprintf("give %s a non-empty value", v.Name), "required variable %q was not given", v.Name)
		} else if strings.TrimSpace(val) == "" {
			ps.add(v.Line, fmt.Sprintf("give %s a non-empty value", v.Name), "required variable %q is empty", v.Name)
		}
	}
	return values
}

// alsoOn mentions the other lines a variable is used on.
func alsoOn(lines []int) string {
	if len(lines) < 2 {
		return ""
	}
	rest := make([]string, 0, len(lines)-1)
	for _, l := range lines[1:] {
		rest = append(rest, fmt.Sprint(l))
	}
	return " (also used on line " + strings.Join(rest, ", ") + ")"
}

// unknownFix suggests how to fix an unknown variable, naming a close match
// when there is one.
func (t *Template) unknownFix(name string, undeclared bool) string {
	candidates := StandardVariables()
	for _, v := range t.Variables {
		candidates = append(candidates, v.Name)
	}
	best, bestD := "", 3
	for _, c := range candidates {
		if c == name {
			continue
		}
		d := textdist.Levenshtein(strings.ToLower(name), strings.ToLower(c))
		if d < bestD {
			best, bestD = c, d
		}
	}
	var hint string
	if best != "" {
		hint = fmt.Sprintf("did you mean %q? otherwise ", best)
	}
	if undeclared {
		return hint + fmt.Sprintf("declare %s under variables: in the front matter", name)
	}
	return hint + fmt.Sprintf("supply a value for %s, or declare it in the front matter with a default", name)
}

// readInclude reads one include. On failure it returns a message and a fix.
func readInclude(p string, optional bool, r Reader, limit int64, refuse func(string) (string, bool)) (content, msg, fix string) {
	tok := "@" + p
	if optional {
		tok = "@?" + p
	}
	if strings.HasPrefix(p, "/") {
		return "", fmt.Sprintf("include %s: absolute paths are not allowed", tok), "write the path relative to the repository root"
	}
	clean := path.Clean(p)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return "", fmt.Sprintf("include %s: the path leaves the repository", tok), "include only files inside the repository, by a path relative to its root"
	}
	if clean == "." {
		return "", fmt.Sprintf("include %s: not a file", tok), "name a file"
	}
	if refuse != nil {
		if reason, refused := refuse(clean); refused {
			if reason == "" {
				reason = "refused"
			}
			return "", fmt.Sprintf("include %s refused: %s", tok, reason), "remove the include; such files are never sent to a model"
		}
	}
	if r == nil {
		if optional {
			return NotPresentNote, "", ""
		}
		return "", fmt.Sprintf("include %s: no repository to read it from", tok), "render the template against a repository"
	}
	tooLarge := func(size string) (string, string, string) {
		if optional {
			return fmt.Sprintf("(left out: %s is larger than the %d-byte include limit)", clean, limit), "", ""
		}
		return "", fmt.Sprintf("include %s: file is too large%s; the limit is %d bytes", tok, size, limit),
			"include a smaller file, or raise the include size limit"
	}
	data, err := r.Read(clean, limit)
	switch {
	case err == nil:
	case errors.Is(err, index.ErrOutsideRoot):
		return "", fmt.Sprintf("include %s: the path leads outside the repository", tok), "include only files inside the repository (symlinks leading out are refused)"
	case errors.Is(err, index.ErrTooLarge):
		return tooLarge("")
	case errors.Is(err, fs.ErrNotExist):
		if optional {
			return NotPresentNote, "", ""
		}
		return "", fmt.Sprintf("include %s: file not found", tok), "create the file, correct the path, or write @?" + p + " to make the include optional"
	default:
		return "", fmt.Sprintf("include %s: %v", tok, err), "check that the path names a readable file"
	}
	if int64(len(data)) > limit {
		return tooLarge(fmt.Sprintf(" (%d bytes)", len(data)))
	}
	if why := binaryReason(data); why != "" {
		return "", fmt.Sprintf("include %s: binary content (%s)", tok, why), "include text files only"
	}
	return strings.TrimRight(string(data), "\n"), "", ""
}

// binaryReason says why data looks binary: a NUL byte or invalid UTF-8 in
// its first 8 KiB. A multi-byte character cut by the 8 KiB boundary is fine.
func binaryReason(data []byte) string {
	head := data
	if len(head) > binarySniff {
		head = head[:binarySniff]
		// Drop a character cut in half at the end of the window.
		for k := 1; k <= utf8.UTFMax-1 && k <= len(head); k++ {
			if utf8.RuneStart(head[len(head)-k]) {
				if !utf8.FullRune(head[len(head)-k:]) {
					head = head[:len(head)-k]
				}
				break
			}
		}
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return "NUL byte"
	}
	if !utf8.Valid(head) {
		return "not valid UTF-8"
	}
	return ""
}
