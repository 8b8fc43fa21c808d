package verify

import (
	"fmt"
	gotoken "go/token"
	"go/types"
	"path"
	"regexp"
	"strings"
	"unicode"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/plan"
)

// This file decides which names in the plan are claims about the code
// and checks them against the index.
//
// A name is a claim when it is written as code: in a code span or on a
// labelled "Symbols:" line. Among those, a name is checked when its form
// says it is an identifier of this repository — CamelCase or mixedCase,
// snake_case in a repository that names symbols that way, a call or
// declaration ("Foo()", "func Foo"), a single capitalised word next to a
// word naming a code kind ("the Review type"), or Type.Member. Names are
// not checked when they belong to a language (keywords, predeclared
// identifiers, runtime classes), are ALL CAPS (constants of the
// environment, SQL, HTTP), are qualified by a package the repository does
// not define (context.Context, http.Handler), name a dependency or
// framework, or are vocabulary of the request and project documents.

// symGroup is one checked name with the lines that mention it.
type symGroup struct {
	key   string // the name as checked: "Name" or "Type.Member"
	pkg   string // the package that qualifies it, "" if none
	raw   string // as first written
	lines []int
}

// checkSymbols runs the symbol rule.
func (v *verifier) checkSymbols() {
	v.ranRule(RuleSymbolMissing)
	pkgs := v.packages()
	snake := v.snakeStyle()
	deps := v.dependencyNames()
	created := v.createdSymbols()

	var order []string
	groups := map[string]*symGroup{}
	for _, m := range v.sc.mentions {
		if m.kind != kindSymbol {
			continue
		}
		if m.anchor != "" {
			v.checkAnchored(m, created)
			continue
		}
		key, pkg, ok := v.claim(m, pkgs, snake, deps)
		if !ok {
			continue
		}
		id := pkg + "|" + key
		g, ok := groups[id]
		if !ok {
			g = &symGroup{key: key, pkg: pkg, raw: m.value}
			groups[id] = g
			order = append(order, id)
		}
		if len(g.lines) == 0 || g.lines[len(g.lines)-1] != m.line {
			g.lines = append(g.lines, m.line)
		}
	}
	var used map[string]bool
	for _, id := range order {
		g := groups[id]
		if v.symbolExists(g.key, g.pkg) || isCreated(created, g.key) {
			continue
		}
		if g.pkg == "" && !strings.Contains(g.key, ".") {
			if used == nil {
				used = v.usedIdentifiers()
			}
			if used[g.key] {
				continue // the code uses it without declaring it: it comes from a dependency
			}
		}
		v.add(v.missingSymbol(g))
	}
}

// usedIdentifiers returns the identifiers the repository's code uses.
func (v *verifier) usedIdentifiers() map[string]bool {
	out := map[string]bool{}
	for i, f := range v.ix.Files() {
		if !index.IsProgramming(f.Language) {
			continue
		}
		for _, id := range v.ix.Identifiers(i) {
			out[id] = true
		}
	}
	return out
}

// missingSymbol phrases the finding for a name that does not exist.
func (v *verifier) missingSymbol(g *symGroup) Finding {
	first, also := firstAndRest(g.lines)
	f := Finding{Rule: RuleSymbolMissing, Line: first, Also: also, Symbol: g.raw}
	parts := strings.Split(g.key, ".")
	switch {
	case g.pkg != "" && len(parts) == 1 && len(v.nonRoutes(g.key)) > 0:
		where := v.nonRoutes(g.key)[0]
		f.Message = fmt.Sprintf("`%s` does not exist: package %s declares no `%s`; it is declared in package %s (`%s`)", g.raw, g.pkg, g.key, v.pkgOf(where.Path), where.Path)
		f.Candidates = []string{v.pkgOf(where.Path) + "." + g.key}
	case len(parts) >= 2 && v.isType(parts[0], g.pkg):
		f.Message = fmt.Sprintf("`%s` does not exist: `%s` has no method or field `%s`", g.raw, parts[0], parts[1])
		f.Candidates = v.closeSymbols(g.key)
	case len(parts) >= 2:
		f.Message = fmt.Sprintf("`%s` does not exist: the repository declares no `%s`", g.raw, parts[0])
		f.Candidates = v.closeSymbols(g.key)
	default:
		f.Message = fmt.Sprintf("`%s` does not exist in the repository", g.raw)
		if g.pkg != "" {
			f.Message = fmt.Sprintf("`%s` does not exist: package %s declares no `%s`", g.raw, g.pkg, g.key)
		}
		f.Candidates = v.closeSymbols(g.key)
	}
	f.Suggestion = didYouMean(f.Candidates, "name an existing symbol, or say that the plan creates it (\"add the new `"+g.key+"` …\") in the step that does")
	return f
}

// checkAnchored checks a "path#Symbol" mention: the symbol must be
// declared in that file.
func (v *verifier) checkAnchored(m mention, created map[string]bool) {
	rp, ok, _ := v.resolveFile(m.anchor)
	if !ok {
		return // the file rule reports the path; a new file declares what it says
	}
	name := normSep(m.value)
	f, _ := v.ix.File(rp)
	for _, s := range f.AllSymbols() {
		if s.Name == name || s.QualifiedName() == name {
			return
		}
	}
	if parts := strings.Split(name, "."); len(parts) >= 2 && v.memberIn(parts[0], parts[1], "", rp) {
		return
	}
	if isCreated(created, name) {
		return
	}
	fd := Finding{Rule: RuleSymbolMissing, Line: m.line, Path: m.anchor, Symbol: m.value}
	if syms := v.nonRoutes(name); len(syms) > 0 {
		fd.Message = fmt.Sprintf("`%s` is not declared in `%s`; it is declared in `%s`", name, rp, syms[0].Path)
		fd.Candidates = []string{syms[0].Path + "#" + name}
		fd.Suggestion = "Write `" + syms[0].Path + "#" + name + "`."
	} else {
		fd.Message = fmt.Sprintf("`%s` does not exist in `%s`", name, rp)
		var cs []candidate
		for _, s := range f.AllSymbols() {
			for _, n := range []string{s.Name, s.QualifiedName()} {
				if sc, ok := nameScore(name, n); ok {
					cs = append(cs, candidate{n, sc})
				}
			}
		}
		fd.Candidates = best(cs, 3)
		fd.Suggestion = didYouMean(fd.Candidates, "name a symbol the file declares, or say that the plan adds it")
	}
	v.add(fd)
}

// normSep writes the member separators of other languages ("::", "#",
// "->") as ".".
func normSep(s string) string {
	return strings.NewReplacer("::", ".", "->", ".", "#", ".").Replace(s)
}

// claim decides whether a mention is a claim about the repository's code,
// and returns the name to check and the package qualifying it.
func (v *verifier) claim(m mention, pkgs map[string]bool, snake bool, deps map[string]bool) (key, pkg string, ok bool) {
	name := normSep(m.value)
	parts := strings.Split(name, ".")
	switch parts[0] {
	case "this", "self", "super", "cls":
		return "", "", false
	}
	if len(parts) >= 2 {
		head := parts[0]
		if len(v.ix.Symbols(head+"."+parts[1])) > 0 {
			return head + "." + parts[1], "", true
		}
		if pkgs[head] && !v.isType(head, "") {
			rest := parts[1:]
			if len(rest) == 1 && (isBuiltin(rest[0]) || allCaps(rest[0])) {
				return "", "", false
			}
			return strings.Join(rest[:min(2, len(rest))], "."), head, true
		}
		if v.isType(head, "") {
			return head + "." + parts[1], "", true
		}
		if len(v.nonRoutes(head)) > 0 {
			return "", "", false // a function or variable of the repository: what follows is its value's
		}
		if !unicode.IsUpper(rune(head[0])) || allCaps(head) || isBuiltin(head) || v.vocab[head] || deps[strings.ToLower(head)] || testName(head) {
			return "", "", false // a variable, or a package the repository does not define
		}
		return head + "." + parts[1], "", true
	}
	if isBuiltin(name) || allCaps(name) || testName(name) || v.vocab[name] || deps[strings.ToLower(name)] {
		return "", "", false
	}
	strong := m.strong || m.explicit
	switch {
	case multiHump(name):
	case isSnake(name):
		if !snake && !strong {
			return "", "", false
		}
	case unicode.IsUpper(rune(name[0])):
		if !m.kindWord && !strong {
			return "", "", false
		}
	default:
		if !strong {
			return "", "", false
		}
	}
	return name, "", true
}

// multiHump reports CamelCase or mixedCase with at least two words:
// ListBooks, parsePage, HTTPError.
func multiHump(s string) bool {
	lower := false
	for _, r := range s {
		if unicode.IsLower(r) {
			lower = true
		}
	}
	if !lower {
		return false
	}
	for i, r := range s {
		if i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

func isSnake(s string) bool {
	t := strings.Trim(s, "_")
	return strings.Contains(t, "_") && strings.ToLower(t) == t
}

func allCaps(s string) bool {
	letters := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters = true
		}
	}
	return letters
}

// testName reports the names of test functions by the conventions of
// common ecosystems. A test the plan names is a test it adds or runs.
var testNameRe = regexp.MustCompile(`^(?:Test|Benchmark|Fuzz|Example)(?:[A-Z0-9_]|$)|^test_|^test[A-Z]|^should[A-Z_]`)

func testName(s string) bool { return testNameRe.MatchString(s) }

// otherBuiltins are runtime names of languages other than Go that plans
// write in code spans.
var otherBuiltins = wordSet("undefined null this super Promise Array Object String Number Boolean Map Set Date Error " +
	"JSON Math Symbol BigInt RegExp console window document require module exports process None True False self cls " +
	"str int float bool dict list tuple bytes print len range object Exception Integer Long Optional void System")

// isBuiltin reports Go keywords and predeclared identifiers, and runtime
// names of other languages.
func isBuiltin(s string) bool {
	return gotoken.IsKeyword(s) || types.Universe.Lookup(s) != nil || otherBuiltins[s]
}

// packages returns the package names the repository defines: Go package
// clauses, and the folder names of code files in other languages.
func (v *verifier) packages() map[string]bool {
	out := map[string]bool{}
	for _, f := range v.ix.Files() {
		if !index.IsProgramming(f.Language) {
			continue
		}
		if f.Package != "" {
			out[f.Package] = true
		} else if d := path.Dir(f.Path); d != "." {
			out[path.Base(d)] = true
		}
	}
	return out
}

// pkgOf returns the package of a file: its package clause or its folder.
func (v *verifier) pkgOf(rel string) string {
	if f, ok := v.ix.File(rel); ok && f.Package != "" {
		return f.Package
	}
	return path.Base(path.Dir(rel))
}

// snakeStyle reports whether the repository names its functions in
// snake_case (Python, Ruby, Rust…): a fifth or more of its symbol names.
func (v *verifier) snakeStyle() bool {
	total, snake := 0, 0
	for _, f := range v.ix.Files() {
		if f.Test {
			continue
		}
		for _, s := range f.AllSymbols() {
			if s.Kind == index.KindRoute {
				continue
			}
			total++
			if isSnake(s.Name) {
				snake++
			}
		}
	}
	return total > 0 && snake*5 >= total
}

// dependencyNames returns the lower-case names of the repository's
// dependencies, frameworks and languages: "chi" for github.com/go-chi/chi/v5.
func (v *verifier) dependencyNames() map[string]bool {
	out := map[string]bool{}
	addName := func(n string) {
		n = strings.ToLower(strings.TrimSpace(n))
		if n == "" {
			return
		}
		out[n] = true
		parts := strings.Split(n, "/")
		last := parts[len(parts)-1]
		if len(parts) > 1 && len(last) >= 2 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
			last = parts[len(parts)-2]
		}
		out[last] = true
		if k := strings.LastIndexAny(last, ":@"); k >= 0 {
			out[last[k+1:]] = true
		}
	}
	for _, d := range v.facts.Dependencies {
		addName(d.Name)
	}
	for _, f := range v.facts.Frameworks {
		addName(f)
	}
	for _, l := range v.facts.Languages {
		addName(l.Name)
	}
	return out
}

// createdSymbols collects the names the plan creates: names a sentence
// says are new, names declared in the plan's code blocks, the tests it
// adds, and names a step that creates a file mentions without saying they
// exist.
func (v *verifier) createdSymbols() map[string]bool {
	c := map[string]bool{}
	add := func(name string) {
		name = normSep(name)
		parts := strings.Split(name, ".")
		for i := range parts {
			c[strings.Join(parts[i:], ".")] = true
		}
	}
	for d := range v.sc.declared {
		add(d)
	}
	for _, t := range v.p.Tests {
		add(t.Name)
	}
	stepRef := map[int]map[string]bool{}
	for _, m := range v.sc.mentions {
		if m.kind != kindSymbol {
			continue
		}
		switch m.intent {
		case intentCreate:
			add(m.value)
		case intentRef:
			if stepRef[m.step] == nil {
				stepRef[m.step] = map[string]bool{}
			}
			stepRef[m.step][normSep(m.value)] = true
		}
	}
	creates := v.stepsCreatingFiles()
	for _, m := range v.sc.mentions {
		if m.kind == kindSymbol && m.intent == intentNone && m.step >= 0 && creates[m.step] && !stepRef[m.step][normSep(m.value)] {
			add(m.value)
		}
		if m.kind == kindPath && m.anchor != "" && v.newFiles[index.Clean(m.value)] {
			add(m.anchor)
		}
	}
	return c
}

// stepsCreatingFiles returns the indexes of the steps that name a file the
// plan creates.
func (v *verifier) stepsCreatingFiles() map[int]bool {
	out := map[int]bool{}
	for _, m := range v.sc.mentions {
		if m.kind == kindPath && m.step >= 0 && v.isNewPath(m.value) {
			out[m.step] = true
		}
	}
	for i, st := range v.p.Steps {
		for _, f := range st.Files {
			if v.isNewPath(f) {
				out[i] = true
			}
		}
	}
	return out
}

// isNewPath reports whether the plan creates the file at p.
func (v *verifier) isNewPath(p string) bool {
	p = index.Clean(p)
	if v.newFiles[p] {
		return true
	}
	if pi := v.paths[p]; pi != nil && pi.action == plan.ActionNew {
		return true
	}
	return false
}

// isCreated reports whether the plan creates a name: the name itself, or
// its type (members of a new type are new).
func isCreated(c map[string]bool, key string) bool {
	if c[key] {
		return true
	}
	parts := strings.Split(key, ".")
	if len(parts) >= 2 && c[parts[0]] {
		return true
	}
	// the constructor of a new type, by the New<Type> convention
	if t, ok := strings.CutPrefix(key, "New"); ok && t != "" && c[t] {
		return true
	}
	return false
}

// nonRoutes returns the symbols named name, less route registrations.
func (v *verifier) nonRoutes(name string) []index.Symbol {
	var out []index.Symbol
	for _, s := range v.ix.Symbols(name) {
		if s.Kind != index.KindRoute {
			out = append(out, s)
		}
	}
	return out
}

// isType reports whether the repository declares a type called name (in
// package pkg, when given).
func (v *verifier) isType(name, pkg string) bool {
	for _, s := range v.ix.Symbols(name) {
		if (s.Kind == index.KindType || s.Kind == index.KindInterface) && s.Receiver == "" && (pkg == "" || v.pkgOf(s.Path) == pkg) {
			return true
		}
	}
	return false
}

// symbolExists reports whether the repository declares key: a name (in
// package pkg, when given) or Type.Member, where a member is a method or
// a field, or an interface method, found in the type's declaration.
func (v *verifier) symbolExists(key, pkg string) bool {
	parts := strings.Split(key, ".")
	if len(parts) == 1 {
		for _, s := range v.nonRoutes(key) {
			if pkg == "" || v.pkgOf(s.Path) == pkg {
				return true
			}
		}
		return false
	}
	t, m := parts[0], parts[1]
	for _, s := range v.ix.Symbols(t + "." + m) {
		if pkg == "" || v.pkgOf(s.Path) == pkg {
			return true
		}
	}
	return v.memberIn(t, m, pkg, "")
}

// memberIn reports whether the declaration of type t (in package pkg, in
// file only, when given) mentions member m.
func (v *verifier) memberIn(t, m, pkg, only string) bool {
	re, err := regexp.Compile(`\b` + regexp.QuoteMeta(m) + `\b`)
	if err != nil {
		return false
	}
	for _, s := range v.ix.Symbols(t) {
		if s.Kind != index.KindType && s.Kind != index.KindInterface {
			continue
		}
		if (pkg != "" && v.pkgOf(s.Path) != pkg) || (only != "" && s.Path != only) {
			continue
		}
		ls := v.lines(s.Path)
		from, to := s.Line, s.EndLine
		if from < 1 || to > len(ls) || to < from {
			continue
		}
		for _, l := range ls[from-1 : to] {
			if re.MatchString(l) {
				return true
			}
		}
	}
	return false
}

var memberLineRe = regexp.MustCompile(`^\s*([A-Za-z_]\w*)`)

// members returns the names that start the lines of a type's declaration
// after its first: fields, and the methods of an interface.
func (v *verifier) members(t string) []string {
	var out []string
	for _, s := range v.ix.Symbols(t) {
		if s.Kind != index.KindType && s.Kind != index.KindInterface {
			continue
		}
		ls := v.lines(s.Path)
		if s.Line < 1 || s.EndLine > len(ls) || s.EndLine <= s.Line {
			continue
		}
		for _, l := range ls[s.Line:s.EndLine] {
			if m := memberLineRe.FindStringSubmatch(l); m != nil && !isBuiltin(m[1]) {
				out = appendUniqueStr(out, m[1])
			}
		}
	}
	return out
}

// closeSymbols suggests existing names close to a missing one. For
// Type.Member with an existing type, the type's own members are weighed.
func (v *verifier) closeSymbols(key string) []string {
	parts := strings.Split(key, ".")
	var cs []candidate
	if len(parts) >= 2 && v.isType(parts[0], "") {
		prefix := parts[0] + "."
		nm := newNameMatcher(parts[1])
		for _, n := range v.ix.SymbolNames() {
			if strings.HasPrefix(n, prefix) {
				if sc, ok := nm.score(n[len(prefix):]); ok {
					cs = append(cs, candidate{n, sc})
				}
			}
		}
		for _, m := range v.members(parts[0]) {
			if sc, ok := nm.score(m); ok {
				cs = append(cs, candidate{prefix + m, sc})
			}
		}
		return best(cs, 3)
	}
	target, suffix := key, ""
	if len(parts) >= 2 {
		target, suffix = parts[0], "."+strings.Join(parts[1:], ".")
	}
	nm := newNameMatcher(target)
	for _, n := range v.ix.SymbolNames() {
		if strings.ContainsAny(n, " /.") {
			continue
		}
		if sc, ok := nm.score(n); ok {
			cs = append(cs, candidate{n + suffix, sc})
		}
	}
	return best(cs, 3)
}

// nameScore rates how close an existing name b is to a missing name a
// (lower is closer): a near miss of the whole name, a long shared prefix,
// or mostly the same words.
func nameScore(a, b string) (float64, bool) { return newNameMatcher(a).score(b) }

// nameMatcher rates existing names against one missing name; it keeps what
// it can of the missing name's analysis across many candidates.
type nameMatcher struct {
	a, la string
	words []string
}

func newNameMatcher(a string) *nameMatcher {
	return &nameMatcher{a: a, la: strings.ToLower(a), words: identWords(a)}
}

func (nm *nameMatcher) score(b string) (float64, bool) {
	la, lb := nm.la, strings.ToLower(b)
	if la == lb {
		return 0.05, true
	}
	longer := float64(max(len(la), len(lb), 1))
	if near(la, lb) {
		return float64(distance(la, lb)) / float64(max(len(la), 1)), true
	}
	if p := sharedPrefix(la, lb); p >= max(4, min(len(la), len(lb))*2/3) {
		return 0.6 + 1 - float64(p)/longer, true
	}
	if len(nm.words) < 2 {
		return 0, false
	}
	shares := false
	for _, w := range nm.words {
		if strings.Contains(lb, w) {
			shares = true
			break
		}
	}
	if !shares {
		return 0, false
	}
	wb := identWords(b)
	if wordOverlap(nm.words, wb) >= 0.66 && wordOverlap(wb, nm.words) >= 0.5 {
		return 0.9 + 1 - wordOverlap(nm.words, wb), true
	}
	return 0, false
}
