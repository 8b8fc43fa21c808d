package workspace

import (
	"strconv"
	"strings"
)

// parseGoMod reads the require directives of a go.mod file, both the block
// and the single-line forms, skipping requirements marked // indirect.
func parseGoMod(manifest string, data []byte) ([]Dependency, []string) {
	w := &warnings{path: manifest}
	var deps []Dependency
	block, blockLine := "", 0
	for i, raw := range splitLines(data) {
		line := i + 1
		toks, comment, err := goModTokens(raw)
		if err != nil {
			w.add(line, "%v", err)
			continue
		}
		if len(toks) == 0 {
			continue
		}
		if block != "" {
			if toks[0] == ")" {
				if len(toks) > 1 {
					w.add(line, "unexpected %q after )", toks[1])
				}
				block = ""
				continue
			}
			if block == "require" {
				if d, ok := goRequire(w, line, toks, comment); ok {
					d.Manifest = manifest
					deps = append(deps, d)
				}
			}
			continue
		}
		verb := toks[0]
		switch {
		case verb == ")":
			w.add(line, "unexpected ) outside a block")
		case len(toks) >= 2 && toks[1] == "(":
			if len(toks) > 2 {
				w.add(line, "unexpected %q after %s (", toks[2], verb)
			}
			block, blockLine = verb, line
		case verb == "require":
			if d, ok := goRequire(w, line, toks[1:], comment); ok {
				d.Manifest = manifest
				deps = append(deps, d)
			}
		}
	}
	if block != "" {
		w.add(blockLine, "%s block is never closed", block)
	}
	return deps, w.list
}

// goRequire turns the tokens "path version" into a dependency. It reports
// false for indirect requirements and, with a warning, malformed ones.
func goRequire(w *warnings, line int, toks []string, comment string) (Dependency, bool) {
	if len(toks) != 2 {
		w.add(line, "require wants a module path and a version, found %d fields", len(toks))
		return Dependency{}, false
	}
	mod, ver := toks[0], toks[1]
	if mod == "" || mod == "(" || mod == ")" || strings.ContainsAny(mod, " \t") {
		w.add(line, "invalid module path %q", mod)
		return Dependency{}, false
	}
	if !strings.HasPrefix(ver, "v") {
		w.add(line, "version %q of %s does not start with v", ver, mod)
		return Dependency{}, false
	}
	if isIndirect(comment) {
		return Dependency{}, false
	}
	return Dependency{Name: mod, Version: ver, Ecosystem: "go", Line: line}, true
}

// isIndirect reports whether a go.mod line comment marks the requirement as
// indirect ("// indirect" or "// indirect; reason").
func isIndirect(comment string) bool {
	c := strings.TrimSpace(comment)
	return c == "indirect" || strings.HasPrefix(c, "indirect;")
}

// goModTokens splits one go.mod line into tokens and its trailing comment.
// Parentheses are tokens of their own; quoted strings ("…" and `…`) are
// unquoted.
func goModTokens(line string) (toks []string, comment string, err error) {
	i := 0
	for i < len(line) {
		c := line[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '/' && i+1 < len(line) && line[i+1] == '/':
			return toks, line[i+2:], nil
		case c == '(' || c == ')':
			toks = append(toks, string(c))
			i++
		case c == '"':
			j := i + 1
			for j < len(line) && line[j] != '"' {
				if line[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(line) {
				return nil, "", errUnterminatedQuote
			}
			s, uerr := strconv.Unquote(line[i : j+1])
			if uerr != nil {
				return nil, "", errBadQuote
			}
			toks = append(toks, s)
			i = j + 1
		case c == '`':
			j := strings.IndexByte(line[i+1:], '`')
			if j < 0 {
				return nil, "", errUnterminatedQuote
			}
			toks = append(toks, line[i+1:i+1+j])
			i += j + 2
		default:
			j := i
			for j < len(line) && !strings.ContainsRune(" \t\r()\"`", rune(line[j])) && !(line[j] == '/' && j+1 < len(line) && line[j+1] == '/') {
				j++
			}
			toks = append(toks, line[i:j])
			i = j
		}
	}
	return toks, "", nil
}
