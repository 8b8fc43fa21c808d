// Package rank finds the files and symbols of a repository most relevant to
// a story or spec, each with the reasons it was chosen. It combines a BM25
// score over path, symbol and content terms with the identifiers and paths
// the story mentions, personalized PageRank over the index's reference
// graph, and the link between tests and the sources they test.
package rank

import (
	"path"
	"sort"
	"strings"
	"unicode"

	"github.com/groundplan/groundplan/internal/index"
)

// Query is what the ranker looks for.
type Query struct {
	// Text is the prose of the story or spec.
	Text string
	// Identifiers are code names the text mentions (CamelCase, snake_case,
	// dotted or backticked); files declaring them rank higher.
	Identifiers []string
	// Paths are file or directory paths the text mentions.
	Paths []string
	// Scopes are the components the subject line is prefixed with, by the
	// convention of commit messages and change titles: "caddyhttp: …",
	// "fix(codemod): …", "feat(api, cli): …".
	Scopes []string
	// Snippet holds the identifiers found only in fenced code blocks: a
	// pasted reproduction or example names the API it calls, which is
	// less often what changes than the names the prose points at.
	Snippet map[string]bool
}

// NewQuery builds a Query from prose, extracting the identifiers and
// path-like tokens it mentions.
func NewQuery(text string) Query {
	q := Query{Text: text, Scopes: subjectScopes(text)}
	seenID, seenPath := map[string]bool{}, map[string]bool{}
	addID := func(s string) {
		s = strings.Trim(s, "()[]{}<>,;:!?\"'*")
		s = strings.TrimSuffix(s, "()")
		if len(s) < 3 || seenID[s] || !identLike(s) {
			return
		}
		seenID[s] = true
		q.Identifiers = append(q.Identifiers, s)
	}
	addPath := func(s string) {
		s = strings.Trim(s, "()[]{}<>,;:!?\"'*`")
		s = strings.TrimSuffix(s, ".")
		s = strings.TrimPrefix(s, "./")
		if s == "" || seenPath[s] || strings.Contains(s, "://") || strings.HasPrefix(s, "@") {
			return
		}
		seenPath[s] = true
		q.Paths = append(q.Paths, s)
	}
	// Backticked spans first: they are code by the author's own marking.
	// Fenced blocks are left out of this pass: their fences are backticks
	// too and would pair with inline ones, turning the prose between them
	// into "code"; their content is read like bare text below, where only
	// code-shaped names count (not every keyword of a snippet).
	prose, code := splitFences(text)
	rest := prose
	for {
		i := strings.IndexByte(rest, '`')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i+1:], '`')
		if j < 0 {
			break
		}
		span := rest[i+1 : i+1+j]
		rest = rest[i+1+j+1:]
		for _, f := range strings.Fields(span) {
			if looksLikePath(f) {
				addPath(f)
				for _, alt := range codeAlternatives(f) {
					addID(alt)
				}
				continue
			}
			for _, part := range splitCallish(f) {
				addID(part)
			}
		}
	}
	bare := func(text string) {
		for _, f := range strings.Fields(text) {
			f = strings.Trim(f, "`")
			switch {
			case strings.Contains(f, "://"):
				continue
			case looksLikePath(f):
				addPath(f)
				for _, alt := range codeAlternatives(f) {
					addID(alt)
				}
			default:
				parts := splitCallish(f)
				if len(parts) > 0 && isCodeName(parts[0]) {
					// A code name, and the parts of a dotted one.
					for _, part := range parts {
						addID(part)
					}
					continue
				}
				for _, part := range parts {
					if isCodeName(part) {
						addID(part)
					}
				}
			}
		}
	}
	bare(prose)
	n := len(q.Identifiers)
	bare(code)
	for _, id := range q.Identifiers[n:] {
		if q.Snippet == nil {
			q.Snippet = map[string]bool{}
		}
		q.Snippet[id] = true
	}
	return q
}

// subjectScopes returns the scopes of the text's first line: the names
// before its first ": " ("reverseproxy: …", "d/libn/nftables: …"), or
// within the parentheses of a conventional-commit type ("fix(codemod): …",
// whose type is not a scope). Prose before a colon ("Known issue: …") has
// spaces and is no scope.
func subjectScopes(text string) []string {
	line, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	head, _, ok := strings.Cut(line, ": ")
	if !ok {
		return nil
	}
	head = strings.TrimSuffix(head, "!")
	if i := strings.IndexByte(head, '('); i > 0 && strings.HasSuffix(head, ")") {
		head = head[i+1 : len(head)-1]
	}
	var out []string
	for _, sc := range strings.Split(head, ",") {
		sc = strings.TrimSpace(sc)
		if sc == "" {
			return nil
		}
		for _, r := range sc {
			if !(r == '_' || r == '-' || r == '.' || r == '/' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
				return nil // spaces and the like: prose
			}
		}
		out = append(out, sc)
	}
	if len(out) > 3 {
		return nil
	}
	return out
}

// splitFences splits text into its prose and the content of its fenced
// code blocks (lines between ``` or ~~~ fences; an unclosed fence runs to
// the end).
func splitFences(text string) (prose, code string) {
	if !strings.Contains(text, "```") && !strings.Contains(text, "~~~") {
		return text, ""
	}
	var p, c strings.Builder
	fence := ""
	for _, line := range strings.SplitAfter(text, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case fence != "":
			if strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				fence = ""
			} else {
				c.WriteString(line)
			}
			p.WriteString("\n")
		case strings.HasPrefix(t, "```"), strings.HasPrefix(t, "~~~"):
			fence = t[:3]
			p.WriteString("\n")
		default:
			p.WriteString(line)
		}
	}
	return p.String(), c.String()
}

// codeAlternatives returns the names of a slash-joined token that lists
// code names rather than a path ("Delete/DeleteFunc", "Hijack/CloseNotify"):
// all its parts, when one of them reads as a code name and none has an
// extension.
func codeAlternatives(f string) []string {
	f = strings.Trim(f, "()[]{}<>,;:!?\"'*`.")
	parts := strings.Split(f, "/")
	if len(parts) < 2 || path.Ext(f) != "" {
		return nil
	}
	code := false
	for _, p := range parts {
		if p == "" || !identLike(p) || strings.Contains(p, ".") {
			return nil
		}
		code = code || isCodeName(p)
	}
	if !code {
		return nil
	}
	return parts
}

// splitCallish splits "pkg.Func(arg)" into "pkg.Func", "pkg", "Func".
func splitCallish(f string) []string {
	if i := strings.IndexAny(f, "(["); i >= 0 {
		f = f[:i]
	}
	f = strings.Trim(f, ".,;:!?\"'()*")
	if f == "" {
		return nil
	}
	out := []string{f}
	if strings.Contains(f, ".") || strings.Contains(f, "::") || strings.Contains(f, "->") {
		parts := strings.FieldsFunc(f, func(r rune) bool { return r == '.' || r == ':' || r == '-' || r == '>' })
		out = append(out, parts...)
	}
	return out
}

// identLike reports whether s is a (possibly dotted) identifier.
func identLike(s string) bool {
	for _, r := range s {
		if !(r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	r := rune(s[0])
	return r == '_' || unicode.IsLetter(r)
}

// isCodeName reports whether a bare word reads as a code name rather than
// prose: camelCase or PascalCase with an inner capital, snake_case, or a
// dotted name.
func isCodeName(w string) bool {
	if !identLike(w) {
		return false
	}
	if strings.Contains(w, "_") && strings.Trim(w, "_") != "" {
		return true
	}
	if strings.Contains(w, ".") {
		parts := strings.Split(w, ".")
		if len(parts) < 2 || parts[0] == "" || parts[len(parts)-1] == "" {
			return false
		}
		// "e.g" and version-ish tokens are not code.
		return len(parts[0]) > 1 && len(parts[len(parts)-1]) > 1 && !strings.EqualFold(w, "e.g") && !strings.EqualFold(w, "i.e")
	}
	inner := false
	lower := false
	for i, r := range w {
		if unicode.IsLower(r) {
			lower = true
		}
		if i > 0 && unicode.IsUpper(r) && lower {
			inner = true
		}
	}
	return inner
}

// sourceExts are extensions that make a token read as a file name.
var sourceExts = map[string]bool{
	".go": true, ".py": true, ".js": true, ".mjs": true, ".cjs": true, ".ts": true, ".tsx": true, ".jsx": true,
	".java": true, ".rs": true, ".rb": true, ".php": true, ".cs": true, ".c": true, ".h": true, ".cc": true,
	".cpp": true, ".hpp": true, ".kt": true, ".swift": true, ".scala": true, ".md": true, ".yaml": true,
	".yml": true, ".json": true, ".toml": true, ".sql": true, ".proto": true, ".html": true, ".css": true,
	".sh": true, ".mod": true,
}

func looksLikePath(f string) bool {
	f = strings.Trim(f, "()[]{}<>,;:!?\"'*`")
	f = strings.TrimSuffix(f, ".")
	if f == "" || strings.Contains(f, "://") {
		return false
	}
	if sourceExts[path.Ext(f)] && len(f) > len(path.Ext(f)) {
		return true
	}
	if strings.Count(f, "/") >= 1 && !strings.HasPrefix(f, "/") || strings.HasPrefix(f, "./") {
		// "and/or", "read/write" are prose; real paths are lower-case words
		// without spaces, usually with a known directory or extension.
		for _, seg := range strings.Split(strings.Trim(f, "/"), "/") {
			if seg == "" {
				return false
			}
			for _, r := range seg {
				if !(r == '_' || r == '-' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
					return false
				}
			}
		}
		return true
	}
	return false
}

// queryTerms returns the distinct lexical terms of the query text with the
// number of times each occurs, sorted for determinism.
func queryTerms(q Query) ([]string, map[string]int) {
	counts := map[string]int{}
	index.SplitTerms(q.Text, func(t string) { counts[t]++ })
	terms := make([]string, 0, len(counts))
	for t := range counts {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	return terms, counts
}
