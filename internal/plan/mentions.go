package plan

import (
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// This file finds what a piece of plan text mentions: file paths, code
// symbols and acceptance-criterion IDs.

// Token is a code span or a plain word of a line of inline Markdown.
type Token struct {
	// Text is the word as written, or the content of the code span
	// without its backticks and the spaces around it.
	Text string
	// Code reports a code span.
	Code bool
	// Start and End are the token's byte offsets in the line; a code
	// span's include its backticks.
	Start, End int
}

// wordSeps are the bytes that end a plain word of plan text.
const wordSeps = " \t\n,;"

// tokenize splits inline Markdown into code spans and plain words. Plain
// words are split at white space, commas, semicolons and "](" of links.
func tokenize(s string) []Token { return Tokens(s, wordSeps) }

// Tokens splits a line of inline Markdown into code spans and plain words,
// in order. A code span runs from a run of backticks to the next run of the
// same length; a run without one is plain text. Plain words end at any
// byte of seps and at the "](" between a link's text and its target, which
// belongs to neither word.
func Tokens(line, seps string) []Token {
	var out []Token
	isSep := func(i int) bool {
		switch c := line[i]; {
		case strings.IndexByte(seps, c) >= 0:
			return true
		case c == ']':
			return i+1 < len(line) && line[i+1] == '('
		case c == '(':
			return i > 0 && line[i-1] == ']'
		}
		return false
	}
	plain := func(a, b int) {
		i := a
		for i < b {
			for i < b && isSep(i) {
				i++
			}
			j := i
			for j < b && !isSep(j) {
				j++
			}
			if j > i {
				out = append(out, Token{Text: line[i:j], Start: i, End: j})
			}
			i = j
		}
	}
	i, from := 0, 0
	for i < len(line) {
		if line[i] != '`' {
			i++
			continue
		}
		n := runLen(line, i, '`')
		closeAt := -1
		for j := i + n; j < len(line); {
			if line[j] == '`' {
				m := runLen(line, j, '`')
				if m == n {
					closeAt = j
					break
				}
				j += m
				continue
			}
			j++
		}
		if closeAt < 0 {
			i += n
			continue
		}
		plain(from, i)
		out = append(out, Token{Text: strings.TrimSpace(line[i+n : closeAt]), Code: true, Start: i, End: closeAt + n})
		i = closeAt + n
		from = i
	}
	plain(from, len(line))
	return out
}

func runLen(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// trimPunct strips the punctuation prose puts around a word, "_" taken
// for emphasis.
func trimPunct(w string) string { return TrimPunct(w, "*_~") }

// TrimPunct strips the punctuation prose puts around a word: opening
// brackets, quotes and ">" before it; sentence punctuation, quotes and ">"
// after it; closing brackets the word does not open; and the emphasis
// marks in marks on both sides ("*_~", or "*~" to keep "__init__" whole).
func TrimPunct(w, marks string) string {
	for len(w) > 0 && (strings.IndexByte("([{<\"'>", w[0]) >= 0 || strings.IndexByte(marks, w[0]) >= 0) {
		w = w[1:]
	}
	for len(w) > 0 {
		c := w[len(w)-1]
		switch {
		case strings.IndexByte(".,;:!?\"'>", c) >= 0 || strings.IndexByte(marks, c) >= 0:
			w = w[:len(w)-1]
		case c == ')' && strings.Count(w, "(") < strings.Count(w, ")"),
			c == ']' && strings.Count(w, "[") < strings.Count(w, "]"),
			c == '}' && strings.Count(w, "{") < strings.Count(w, "}"):
			w = w[:len(w)-1]
		default:
			return w
		}
	}
	return w
}

// unescapeMD removes Markdown backslash escapes (\_ \* …) from plain text;
// "\." stays.
func unescapeMD(s string) string { return UnescapeMD(s, `\.`) }

// UnescapeMD removes Markdown backslash escapes ("\_", "\*") from plain
// text: a backslash before ASCII punctuation goes, unless that punctuation
// is in keep. A backslash before a letter or digit is kept: it is a
// Windows separator.
func UnescapeMD(s, keep string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) && strings.IndexByte(keep, s[i+1]) < 0 {
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isASCIIPunct(c byte) bool {
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~')
}

var (
	identChainRe = regexp.MustCompile(`^[A-Za-z_$][\w$]*(?:(?:\.|::|#|->)[A-Za-z_$][\w$]*)*$`)
	lineRefRe    = regexp.MustCompile(`^L?\d+(?:[-:,–]L?\d+)*$`)
	acIDRe       = regexp.MustCompile(`^AC[-_]?\d+$`)
)

// pathOf returns the normalised path a token names, and the symbol a
// "path#Symbol" or "path:Symbol" suffix names.
func pathOf(t Token) (p, sym string, ok bool) {
	raw := t.Text
	if !t.Code {
		raw = unescapeMD(trimPunct(raw))
	}
	return normPath(raw, !t.Code)
}

// normPath normalises a path-like string: backslashes become slashes, a
// leading "./" goes, a ":line", "#L10" or "#Symbol" suffix is cut off. It
// reports false when s does not look like a file path. Plain (not code)
// words must contain a directory separator to count.
func normPath(s string, plain bool) (p, sym string, ok bool) {
	if s == "" || len(s) > 300 {
		return "", "", false
	}
	low := strings.ToLower(s)
	if strings.Contains(s, "://") || strings.HasPrefix(low, "www.") || strings.HasPrefix(low, "mailto:") {
		return "", "", false
	}
	s = strings.ReplaceAll(s, `\`, "/")
	if strings.ContainsAny(s, " \t*?<>|\"{}") {
		return "", "", false
	}
	if k := strings.IndexByte(s, '#'); k >= 0 {
		frag := s[k+1:]
		s = s[:k]
		if identChainRe.MatchString(frag) && !lineRefRe.MatchString(frag) {
			sym = frag
		}
	}
	from := 0
	if len(s) >= 2 && s[1] == ':' && isASCIILetter(s[0]) {
		from = 2 // a Windows drive
	}
	if k := strings.IndexByte(s[from:], ':'); k >= 0 {
		k += from
		suf := strings.TrimLeft(s[k+1:], ":")
		s = s[:k]
		if identChainRe.MatchString(suf) && !lineRefRe.MatchString(suf) {
			sym = suf
		}
	}
	for strings.HasPrefix(s, "./") {
		s = s[2:]
	}
	if s == "" || strings.HasSuffix(s, "/") {
		return "", "", false
	}
	hadSlash := strings.Contains(s, "/")
	if plain && !hadSlash {
		return "", "", false
	}
	s = path.Clean(s)
	for _, seg := range strings.Split(s, "/") {
		if len(seg) > 2 && strings.Trim(seg, ".") == "" {
			return "", "", false
		}
	}
	if !looksLikeFile(path.Base(s), hadSlash) {
		return "", "", false
	}
	return s, sym, true
}

func isASCIILetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// looksLikeFile decides whether a path's last element names a file: a
// known file name, a known dotfile, or name.ext with a known extension.
// Without a directory, extensions that double as member names ("res.json",
// "process.env", "console.log") and framework names ("Node.js") do not
// count.
func looksLikeFile(base string, hadSlash bool) bool {
	lb := strings.ToLower(base)
	if knownFilename(lb) {
		return true
	}
	if strings.HasPrefix(base, ".") {
		name := base[1:]
		if name == "" || strings.HasPrefix(name, ".") || !validNameChars(name) {
			return false
		}
		return hadSlash || knownDotfile(lb)
	}
	dot := strings.LastIndexByte(base, '.')
	if dot <= 0 || dot == len(base)-1 {
		return false
	}
	name, ext := base[:dot], lb[dot+1:]
	if !knownExt(ext) || !validNameChars(name) {
		return false
	}
	if !hadSlash {
		if frameworkName(lb) {
			return false
		}
		if ambiguousExt(ext) && isLowerAlpha(name) {
			return false
		}
	}
	return true
}

func validNameChars(s string) bool {
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_.[]()$@+=~", r)) {
			return false
		}
	}
	return true
}

func isLowerAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

func knownFilename(lb string) bool {
	switch lb {
	case "makefile", "dockerfile", "containerfile", "procfile", "gemfile", "gemfile.lock", "rakefile",
		"jenkinsfile", "vagrantfile", "brewfile", "podfile", "justfile", "pipfile", "pipfile.lock",
		"go.mod", "go.sum", "go.work", "package.json", "package-lock.json", "tsconfig.json", "jsconfig.json",
		"composer.json", "composer.lock", "cargo.toml", "cargo.lock", "yarn.lock", "pnpm-lock.yaml",
		"poetry.lock", "pyproject.toml", "requirements.txt", "setup.py", "setup.cfg", "pom.xml",
		"build.gradle", "settings.gradle", "appsettings.json", "angular.json", "nest-cli.json",
		"license", "codeowners", "readme", "changelog":
		return true
	}
	return false
}

func knownDotfile(lb string) bool {
	switch lb {
	case ".env", ".env.example", ".env.local", ".env.test", ".env.development", ".env.production", ".env.sample",
		".gitignore", ".dockerignore", ".eslintrc", ".eslintrc.js", ".eslintrc.json", ".prettierrc",
		".editorconfig", ".npmrc", ".nvmrc", ".babelrc", ".gitattributes", ".golangci.yml", ".golangci.yaml":
		return true
	}
	return false
}

func knownExt(ext string) bool {
	switch ext {
	case "go", "ts", "tsx", "js", "jsx", "mjs", "cjs", "mts", "cts", "py", "pyi", "rb", "java", "kt", "kts",
		"scala", "groovy", "gradle", "cs", "fs", "vb", "csproj", "fsproj", "sln", "php", "rs", "c", "h", "cc",
		"cpp", "cxx", "hpp", "hh", "m", "mm", "swift", "dart", "lua", "r", "pl", "pm", "ex", "exs", "erl", "hrl",
		"clj", "cljs", "edn", "elm", "hs", "ml", "mli", "nim", "zig", "sol", "sql", "prisma", "graphql", "gql",
		"proto", "json", "jsonc", "json5", "jsonl", "yaml", "yml", "toml", "xml", "xsd", "ini", "cfg", "conf",
		"config", "properties", "env", "lock", "mod", "sum", "work", "md", "mdx", "rst", "adoc", "txt", "csv",
		"tsv", "html", "htm", "css", "scss", "sass", "less", "styl", "vue", "svelte", "astro", "erb", "ejs",
		"hbs", "pug", "twig", "liquid", "njk", "mustache", "tmpl", "tpl", "j2", "jinja", "cshtml", "razor",
		"xaml", "resx", "plist", "sh", "bash", "zsh", "ps1", "bat", "tf", "tfvars", "hcl", "dockerfile", "snap",
		"feature", "http", "ipynb", "svg", "png", "jpg", "jpeg", "gif", "ico", "dist", "example", "sample",
		"template", "log", "d":
		return true
	}
	return false
}

func ambiguousExt(ext string) bool {
	switch ext {
	case "json", "env", "lock", "mod", "sum", "log", "config", "properties", "conf", "cfg", "d", "c", "h",
		"m", "r", "work", "template", "sample", "example", "dist", "http", "snap", "feature", "md":
		return true
	}
	return false
}

func frameworkName(lb string) bool {
	switch lb {
	case "node.js", "next.js", "nuxt.js", "vue.js", "react.js", "express.js", "nest.js", "angular.js",
		"ember.js", "backbone.js", "alpine.js", "d3.js", "three.js", "chart.js", "knockout.js", "solid.js":
		return true
	}
	return false
}

// symbolOf returns the code symbol a code span names: `BookService.Create`,
// `ListBooks()` → ListBooks, `func Load(...)` → Load. Single lower-case
// words, all-caps words and built-in names are not symbols.
func symbolOf(code string) (string, bool) {
	s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(code), ";"))
	for {
		f := strings.Fields(s)
		if len(f) > 1 && symbolKeyword(f[0]) {
			s = strings.TrimSpace(s[len(f[0]):])
			continue
		}
		break
	}
	called := false
	if k := strings.IndexByte(s, '('); k > 0 && strings.HasSuffix(s, ")") {
		s, called = s[:k], true
	}
	if !identChainRe.MatchString(s) || acIDRe.MatchString(s) || builtinName(s) || frameworkName(strings.ToLower(s)) {
		return "", false
	}
	qualified := strings.ContainsAny(s, ".#") || strings.Contains(s, "::") || strings.Contains(s, "->")
	upper, lower := false, false
	for _, r := range s {
		if unicode.IsUpper(r) {
			upper = true
		} else if unicode.IsLower(r) {
			lower = true
		}
	}
	switch {
	case called || qualified:
		return s, true
	case strings.Contains(strings.Trim(s, "_"), "_"):
		return s, true
	case upper && lower:
		return s, true
	}
	return "", false
}

func symbolKeyword(w string) bool {
	switch w {
	case "func", "function", "def", "class", "type", "interface", "struct", "new", "fn", "async",
		"public", "private", "protected", "static", "export", "const", "let", "var", "method", "enum",
		"trait", "impl", "abstract", "override", "virtual", "final":
		return true
	}
	return false
}

func builtinName(s string) bool {
	switch s {
	case "None", "True", "False", "Null", "NaN", "Infinity", "String", "Number", "Boolean", "Object",
		"Array", "Date", "Map", "Set", "Promise", "Error", "JSON", "Math", "Symbol", "BigInt", "RegExp",
		"undefined", "null", "true", "false", "nil", "this", "self":
		return true
	}
	return false
}

var acRe = regexp.MustCompile(`\bAC[-_ #]?(\d{1,4})\b(?:\s*(?:-|–|—|to|through)\s*AC[-_ #]?(\d{1,4})\b|(?:-|–)(\d{1,4})\b)?`)

// CriteriaIn returns the acceptance-criterion IDs s mentions, normalised to
// "AC<n>", in order of first mention. "AC1-AC3" and "AC1–3" name a range.
func CriteriaIn(s string) []string {
	var out []string
	for _, m := range acRe.FindAllStringSubmatch(s, -1) {
		lo, _ := strconv.Atoi(m[1])
		hi := lo
		if m[2] != "" {
			hi, _ = strconv.Atoi(m[2])
		} else if m[3] != "" {
			hi, _ = strconv.Atoi(m[3])
		}
		if hi < lo || hi-lo > 20 {
			hi = lo
		}
		for n := lo; n <= hi; n++ {
			out = appendUnique(out, "AC"+strconv.Itoa(n))
		}
	}
	return out
}

// appendUnique appends the strings of s that list does not hold yet.
func appendUnique(list []string, s ...string) []string {
	if len(list)+len(s) > 16 {
		seen := make(map[string]bool, len(list)+len(s))
		for _, x := range list {
			seen[x] = true
		}
		for _, x := range s {
			if !seen[x] {
				seen[x] = true
				list = append(list, x)
			}
		}
		return list
	}
outer:
	for _, x := range s {
		for _, y := range list {
			if x == y {
				continue outer
			}
		}
		list = append(list, x)
	}
	return list
}

// refs collects what a step or test mentions, in order, without
// duplicates.
type refs struct {
	paths, symbols, criteria []string
	seen                     map[string]bool // "p:", "s:", "c:" + value
}

func (r *refs) add(list *[]string, kind, v string) {
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	if k := kind + v; !r.seen[k] {
		r.seen[k] = true
		*list = append(*list, v)
	}
}

// scan adds the paths, symbols and AC IDs mentioned in s.
func (r *refs) scan(s string) {
	for _, t := range tokenize(s) {
		if p, sym, ok := pathOf(t); ok {
			r.add(&r.paths, "p:", p)
			if sym != "" {
				r.add(&r.symbols, "s:", sym)
			}
			continue
		}
		if t.Code {
			if sym, ok := symbolOf(t.Text); ok {
				r.add(&r.symbols, "s:", sym)
			}
		}
	}
	for _, c := range CriteriaIn(s) {
		r.add(&r.criteria, "c:", c)
	}
}

// pathsIn returns the paths s mentions, in order.
func pathsIn(s string) []string {
	var r refs
	r.scan(s)
	return r.paths
}

// listedPaths reads an explicit list of paths ("Files: `a.go`, b/c.ts"):
// code spans count even when they do not look like files.
func listedPaths(s string) []string {
	var out []string
	for _, t := range tokenize(s) {
		if p, _, ok := pathOf(t); ok {
			out = appendUnique(out, p)
		} else if t.Code && t.Text != "" && !strings.ContainsAny(t.Text, " \t") {
			out = appendUnique(out, t.Text)
		}
	}
	return out
}

// listedSymbols reads an explicit list of symbols ("Symbols: `A`, `B.c`").
func listedSymbols(s string) []string {
	var out []string
	for _, t := range tokenize(s) {
		if t.Code {
			if sym, ok := symbolOf(t.Text); ok {
				out = appendUnique(out, sym)
			} else if t.Text != "" {
				out = appendUnique(out, t.Text)
			}
			continue
		}
		if w := trimPunct(t.Text); identChainRe.MatchString(strings.TrimSuffix(w, "()")) {
			out = appendUnique(out, strings.TrimSuffix(w, "()"))
		}
	}
	return out
}
