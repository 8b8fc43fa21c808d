package workspace

import (
	"fmt"
	"path"
	"regexp"
	"strings"
)

// parseRequirement reads one PEP 508 requirement such as
// "fastapi[all] >= 0.110, < 1.0 ; python_version >= '3.9'" into the
// package name and its version specifier with spaces removed. A direct
// reference ("name @ https://…") has no version.
func parseRequirement(s string) (name, version string, err error) {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, ';'); i >= 0 {
		s = strings.TrimSpace(s[:i]) // environment markers
	}
	i := 0
	for i < len(s) && (isAlnum(s[i]) || s[i] == '.' || s[i] == '_' || s[i] == '-') {
		i++
	}
	name = s[:i]
	if name == "" {
		return "", "", fmt.Errorf("requirement %q does not start with a package name", s)
	}
	if !isAlnum(name[0]) || !isAlnum(name[len(name)-1]) {
		return "", "", fmt.Errorf("invalid package name %q", name)
	}
	rest := strings.TrimSpace(s[i:])
	if strings.HasPrefix(rest, "[") {
		j := strings.IndexByte(rest, ']')
		if j < 0 {
			return "", "", fmt.Errorf("extras of %s are never closed", name)
		}
		rest = strings.TrimSpace(rest[j+1:])
	}
	if strings.HasPrefix(rest, "@") {
		return name, "", nil
	}
	if strings.HasPrefix(rest, "(") {
		if !strings.HasSuffix(rest, ")") {
			return "", "", fmt.Errorf("version of %s opens ( without closing it", name)
		}
		rest = rest[1 : len(rest)-1]
	}
	rest = strings.Join(strings.Fields(rest), "")
	if rest == "" {
		return name, "", nil
	}
	for _, part := range strings.Split(rest, ",") {
		if !versionClause.MatchString(part) {
			return "", "", fmt.Errorf("invalid version specifier %q for %s", part, name)
		}
	}
	return name, rest, nil
}

// versionClause matches one PEP 440 clause: an operator and a version.
var versionClause = regexp.MustCompile(`^(===|~=|==|!=|<=|>=|<|>)[A-Za-z0-9.*+!_-]+$`)

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// normalizePyName folds a Python package name the PEP 503 way: lower case,
// runs of "-", "_" and "." as one "-".
func normalizePyName(name string) string {
	return pyNameSeparators.ReplaceAllString(strings.ToLower(name), "-")
}

var pyNameSeparators = regexp.MustCompile(`[-_.]+`)

// devWords name requirement files, dependency groups and bundler groups
// that only serve development.
var devWords = map[string]bool{
	"dev": true, "develop": true, "development": true, "test": true, "tests": true,
	"testing": true, "lint": true, "linting": true, "docs": true, "doc": true,
	"ci": true, "typing": true, "types": true, "debug": true, "tools": true, "style": true,
}

// isDevName reports whether a name such as "requirements-dev" or
// "test_tools" contains a word of development.
func isDevName(name string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return r == '-' || r == '_' || r == '.' || r == ' '
	}) {
		if devWords[w] {
			return true
		}
	}
	return false
}

// parseRequirements reads a pip requirements file. Options (-r, -c, -e,
// --index-url …), comments and bare URLs or paths are skipped; an editable
// or URL line that names its package with #egg= counts. Files named for
// development (requirements-dev.txt, requirements/test.txt) declare
// development dependencies.
func parseRequirements(manifest string, data []byte) ([]Dependency, []string) {
	w := &warnings{path: manifest}
	dev := isDevName(strings.TrimSuffix(path.Base(manifest), ".txt"))
	var deps []Dependency
	lines := splitLines(data)
	for i := 0; i < len(lines); i++ {
		start := i + 1
		line := lines[i]
		for strings.HasSuffix(line, `\`) {
			line = line[:len(line)-1]
			if i+1 >= len(lines) {
				break
			}
			i++
			line += " " + lines[i]
		}
		line = strings.TrimSpace(stripHashComment(line))
		if line == "" || strings.HasPrefix(line, "-") {
			continue
		}
		if j := strings.Index(line, " -"); j >= 0 {
			line = strings.TrimSpace(line[:j]) // per-requirement options such as --hash
		}
		if isURLOrPath(line) {
			if egg := eggName(line); egg != "" {
				deps = append(deps, Dependency{Name: egg, Manifest: manifest, Ecosystem: "pypi", Dev: dev, Line: start})
			}
			continue
		}
		name, ver, err := parseRequirement(line)
		if err != nil {
			w.add(start, "%v", err)
			continue
		}
		deps = append(deps, Dependency{Name: name, Version: ver, Manifest: manifest, Ecosystem: "pypi", Dev: dev, Line: start})
	}
	return deps, w.list
}

// stripHashComment drops a comment: "#" at the start of the line or after
// white space (a "#" inside a URL fragment stays).
func stripHashComment(line string) string {
	for i := 0; i < len(line); i++ {
		if line[i] == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
			return line[:i]
		}
	}
	return line
}

var urlScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)

func isURLOrPath(s string) bool {
	return urlScheme.MatchString(s) || strings.HasPrefix(s, ".") || strings.HasPrefix(s, "/") ||
		strings.HasPrefix(s, "~") || (len(s) > 2 && s[1] == ':' && (s[2] == '\\' || s[2] == '/'))
}

var eggFragment = regexp.MustCompile(`#egg=([A-Za-z0-9][A-Za-z0-9._-]*)`)

func eggName(s string) string {
	if m := eggFragment.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

// parsePyproject reads the dependencies of a pyproject.toml: PEP 621
// [project] dependencies and optional-dependencies, PEP 735
// [dependency-groups], Poetry's [tool.poetry.dependencies], dev-dependencies
// and groups, and uv's dev-dependencies.
func parsePyproject(manifest string, data []byte) ([]Dependency, []string) {
	w := &warnings{path: manifest}
	entries, errs := parseTOML(data)
	for _, e := range errs {
		w.add(e.Line, "%s", e.Msg)
	}
	var deps []Dependency
	addList := func(v tomlValue, what string, dev bool) {
		if v.Kind != tomlArray {
			w.add(v.Line, "%s should be an array of requirement strings", what)
			return
		}
		for _, it := range v.Items {
			if it.Kind != tomlString {
				if it.Kind != tomlTable { // {include-group = "…"} entries are fine
					w.add(it.Line, "%s holds a non-string entry", what)
				}
				continue
			}
			name, ver, err := parseRequirement(it.Str)
			if err != nil {
				w.add(it.Line, "%v", err)
				continue
			}
			deps = append(deps, Dependency{Name: name, Version: ver, Manifest: manifest, Ecosystem: "pypi", Dev: dev, Line: it.Line})
		}
	}
	if v, ok := tomlLookup(entries, "project", "dependencies"); ok {
		addList(v, "[project] dependencies", false)
	}
	for _, g := range tomlChildren(entries, []string{"project", "optional-dependencies"}) {
		addList(g.Value, "optional dependency group "+g.Key[0], isDevName(g.Key[0]))
	}
	for _, g := range tomlChildren(entries, []string{"dependency-groups"}) {
		addList(g.Value, "dependency group "+g.Key[0], true)
	}
	if v, ok := tomlLookup(entries, "tool", "uv", "dev-dependencies"); ok {
		addList(v, "[tool.uv] dev-dependencies", true)
	}
	addPoetry := func(prefix []string, dev bool) {
		for _, c := range tomlChildren(entries, prefix) {
			name := c.Key[0]
			if strings.EqualFold(name, "python") {
				continue
			}
			if strings.TrimSpace(name) == "" {
				w.add(c.Line, "dependency with an empty name")
				continue
			}
			ver, ok := poetryVersion(c.Value)
			if !ok {
				w.add(c.Line, "dependency %s has a value of an unexpected type", name)
				continue
			}
			deps = append(deps, Dependency{Name: name, Version: ver, Manifest: manifest, Ecosystem: "pypi", Dev: dev, Line: c.Line})
		}
	}
	addPoetry([]string{"tool", "poetry", "dependencies"}, false)
	addPoetry([]string{"tool", "poetry", "dev-dependencies"}, true)
	for _, g := range tomlChildren(entries, []string{"tool", "poetry", "group"}) {
		addPoetry([]string{"tool", "poetry", "group", g.Key[0], "dependencies"}, g.Key[0] != "main")
	}
	return deps, w.list
}

// poetryVersion reads a Poetry dependency value: "^1.2", {version = "^1.2",
// extras = […]}, {git = "…"} (no version) or a list of such tables for
// several Python versions (the first counts).
func poetryVersion(v tomlValue) (string, bool) {
	switch v.Kind {
	case tomlString:
		return v.Str, true
	case tomlTable:
		s, _ := v.stringField("version")
		return s, true
	case tomlArray:
		if len(v.Items) > 0 && v.Items[0].Kind == tomlTable {
			s, _ := v.Items[0].stringField("version")
			return s, true
		}
	}
	return "", false
}
