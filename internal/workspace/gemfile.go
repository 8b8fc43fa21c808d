package workspace

import (
	"regexp"
	"strings"
)

// parseGemfile reads the gem lines of a Bundler Gemfile. A gem inside a
// group block, or with a group:/groups: option, whose groups are all
// development ones (:development, :test …) is a development dependency.
// Blocks are followed through their do … end pairs; an end without a block
// or a block never closed is reported.
func parseGemfile(manifest string, data []byte) ([]Dependency, []string) {
	w := &warnings{path: manifest}
	type block struct {
		line   int
		groups []string // nil for blocks other than group
	}
	var (
		deps  []Dependency
		stack []block
	)
	for i, raw := range splitLines(data) {
		line := i + 1
		code, err := stripRubyComment(raw)
		if err != nil {
			w.add(line, "%v", err)
			continue
		}
		code = strings.TrimSpace(code)
		if code == "" {
			continue
		}
		if rubyEnd.MatchString(code) {
			if len(stack) == 0 {
				w.add(line, "end without a block to close")
				continue
			}
			stack = stack[:len(stack)-1]
			continue
		}
		opensBlock := rubyDo.MatchString(code) || rubyOpener.MatchString(code)
		if m := rubyGroup.FindStringSubmatch(code); m != nil && opensBlock {
			stack = append(stack, block{line: line, groups: rubySymbols(m[1])})
			continue
		}
		if opensBlock {
			stack = append(stack, block{line: line})
		}
		if !rubyGemCall.MatchString(code) {
			continue
		}
		args, err := rubyArgs(strings.TrimSpace(strings.TrimPrefix(code, "gem")))
		if err != nil {
			w.add(line, "%v", err)
			continue
		}
		if len(args) == 0 || !args[0].str {
			w.add(line, "gem without a quoted name")
			continue
		}
		if strings.TrimSpace(args[0].text) == "" {
			w.add(line, "gem with an empty name")
			continue
		}
		var versions, groups []string
		for _, b := range stack {
			groups = append(groups, b.groups...)
		}
		for _, a := range args[1:] {
			switch {
			case a.str && a.key == "":
				versions = append(versions, a.text)
			case a.key == "group" || a.key == "groups":
				groups = append(groups, rubySymbols(a.text)...)
			}
		}
		deps = append(deps, Dependency{
			Name:      args[0].text,
			Version:   strings.Join(versions, ", "),
			Manifest:  manifest,
			Ecosystem: "rubygems",
			Dev:       len(groups) > 0 && allDevGroups(groups),
			Line:      line,
		})
	}
	for _, b := range stack {
		w.add(b.line, "block opened here is never closed with end")
	}
	return deps, w.list
}

var (
	rubyEnd     = regexp.MustCompile(`^end\b`)
	rubyDo      = regexp.MustCompile(`\bdo(\s*\|[^|]*\|)?$`)
	rubyGroup   = regexp.MustCompile(`^group\b\s*\(?(.*?)\)?\s*do\b`)
	rubyGemCall = regexp.MustCompile(`^gem(\s|\(|$)`)
	rubyOpener  = regexp.MustCompile(`^(if|unless|case|begin|while|until|def|class|module)\b`)
	rubySymbol  = regexp.MustCompile(`:["']?([A-Za-z_][A-Za-z0-9_]*)|%i\[([^\]]*)\]|["']([A-Za-z_][A-Za-z0-9_]*)["']`)
)

// rubySymbols lists the group names in text such as ":development, :test",
// "[:test]", "%i[ development test ]" or "'test'".
func rubySymbols(text string) []string {
	var out []string
	for _, m := range rubySymbol.FindAllStringSubmatch(text, -1) {
		switch {
		case m[1] != "":
			out = append(out, m[1])
		case m[2] != "":
			out = append(out, strings.Fields(m[2])...)
		case m[3] != "":
			out = append(out, m[3])
		}
	}
	return out
}

// allDevGroups reports whether every group only serves development.
func allDevGroups(groups []string) bool {
	for _, g := range groups {
		if !isDevName(g) {
			return false
		}
	}
	return true
}

// rubyArg is one argument of a gem call: a string literal, or an option
// "key: value" / ":key => value" whose value is kept as text.
type rubyArg struct {
	key  string
	text string
	str  bool // a plain string literal
}

// rubyArgs splits the arguments of a gem call at top-level commas.
func rubyArgs(s string) ([]rubyArg, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "(") {
		s = strings.TrimSpace(strings.TrimSuffix(s[1:], ")"))
	}
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\'':
			j := closingQuote(s, i)
			if j < 0 {
				return nil, errUnterminatedQuote
			}
			i = j
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	if strings.TrimSpace(s[start:]) != "" {
		parts = append(parts, s[start:])
	}
	var out []rubyArg
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if m := rubyOption.FindStringSubmatch(p); m != nil {
			key := m[1]
			if key == "" {
				key = m[2]
			}
			out = append(out, rubyArg{key: key, text: strings.TrimSpace(p[len(m[0]):])})
			continue
		}
		if len(p) >= 2 && (p[0] == '"' || p[0] == '\'') && closingQuote(p, 0) == len(p)-1 {
			out = append(out, rubyArg{text: p[1 : len(p)-1], str: true})
			continue
		}
		out = append(out, rubyArg{text: p})
	}
	return out, nil
}

var rubyOption = regexp.MustCompile(`^(?:([A-Za-z_][A-Za-z0-9_]*):\s|:([A-Za-z_][A-Za-z0-9_]*)\s*=>)`)

// closingQuote returns the index of the quote closing the string that opens
// at s[i], or -1.
func closingQuote(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case q:
			return j
		}
	}
	return -1
}

// stripRubyComment drops a # comment outside string literals.
func stripRubyComment(line string) (string, error) {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '"', '\'':
			j := closingQuote(line, i)
			if j < 0 {
				return "", errUnterminatedQuote
			}
			i = j
		case '#':
			return line[:i], nil
		}
	}
	return line, nil
}
