package verify

import (
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/groundplan/groundplan/internal/plan"
)

// This file reads the plan's Markdown line by line and records what it
// mentions — file paths, code symbols, endpoints and tables — with the
// line, the section, and whether the words around the mention say it is
// created by the plan or refers to something that already exists.

// intent is what the words before a mention say about it.
type intent int

const (
	intentNone   intent = iota // no verb in the sentence says
	intentCreate               // "add", "create", "new", "define", "declare", "introduce"…
	intentRef                  // "modify", "call", "use", "existing", "in", "to"…
)

// kind is what a mention names.
type kind int

const (
	kindPath kind = iota
	kindSymbol
	kindEndpoint
	kindTable
)

// mention is one thing the plan names.
type mention struct {
	kind   kind
	value  string // the cleaned path, the symbol, "METHOD /path", the table
	anchor string // a "path#Symbol" form: the path for the symbol, the symbol for the path
	line   int
	sec    int // index in the plan's sections, -1 before the first
	step   int // index in the plan's steps, -1 outside the steps
	intent intent
	// strong: written as a call or a declaration ("Foo()", "func Foo");
	// explicit: on a labelled "Symbols:" line or a path#Symbol; kindWord:
	// next to a word naming a code kind ("the Review type").
	strong, explicit, kindWord bool
}

// docLine is one line of the plan text.
type docLine struct {
	no    int
	text  string
	code  bool   // inside a fenced code block
	fence bool   // a fence line
	lang  string // the info string of the code block holding the line
	sec   int
}

// scan is what scanPlan found.
type scan struct {
	lines    []docLine
	mentions []mention
	// declared holds the symbols declared in the plan's code blocks
	// ("func (s *X) Y", "type Z struct"), with struct fields as "Z.F".
	declared map[string]bool
	// routes holds "METHOD /path" registrations in the plan's code blocks.
	routes []string
	// newTables holds tables a CREATE TABLE in the plan creates.
	newTables map[string]bool
	// acRefs are the acceptance-criterion IDs the plan names, with the
	// first line of each.
	acRefs map[string]int
}

// The verbs and markers that decide a mention's intent. They are English
// words a plan uses to say that it creates something, or that it works on
// something that already exists; a preposition after a mention ("… to
// `X`", "… in `Y`") turns to the thing worked in.
var (
	createWords = wordSet("add adds added adding create creates created creating new newly define defines defined " +
		"defining declare declares declared declaring introduce introduces introduced introducing implement implements " +
		"implementing write writes writing register registers registering expose exposes exposing called named " +
		"gain gains generate generates extract extracts")
	refWords = wordSet("modify modifies modified modifying update updates updated updating change changes changed " +
		"changing edit edits edited editing extend extends extended extending call calls calling use uses used using " +
		"reuse reuses reused reusing existing around mirror mirrors mirroring like following follow follows via " +
		"invoke invokes invoked wrap wraps remove removes delete deletes replace replaces rename renames read reads " +
		"check checks query queries load loads")
	containerWords = wordSet("to into in inside within on onto for from beside of")
	codeKindWords  = wordSet("type types struct structs interface interfaces class classes function functions func " +
		"method methods constructor constructors field fields enum enums constant constants const variable var model " +
		"models handler handlers service services repository repositories middleware helper helpers error errors " +
		"sentinel receiver property properties attribute member members hook decorator component")
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

var (
	httpMethods  = wordSet("GET POST PUT PATCH DELETE HEAD OPTIONS")
	symLabelRe   = regexp.MustCompile(`(?i)^\s*(?:[-*+]\s+|\d+[.)]\s+)?[*_]{0,2}(?:symbols?|functions?|methods?|types?|identifiers?)[*_]{0,2}\s*:`)
	listStartRe  = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)])\s+`)
	headingRe    = regexp.MustCompile(`^\s{0,3}#{1,6}(?:\s|$)`)
	newMarkRe    = regexp.MustCompile(`(?i)^\s*(?:[(\[]\s*(?:new|created?|added)\b|[,—–-]\s*(?:(?:a|an|the)\s+)?new\b)`)
	oldMarkRe    = regexp.MustCompile(`(?i)^\s*[(\[]\s*(?:existing|modified|unchanged)\b`)
	endpointRe   = regexp.MustCompile(`^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(/\S*)$`)
	identChainRe = regexp.MustCompile(`^[A-Za-z_$][\w$]*(?:(?:\.|::|#|->)[A-Za-z_$][\w$]*)*$`)
	lineRefRe    = regexp.MustCompile(`^L?\d+(?:[-:,–]L?\d+)*$`)
)

// scanPlan reads the plan text. Reasoning blocks are blanked first, so
// that line numbers still point into text.
func scanPlan(text string, p *plan.Plan, exts map[string]bool) *scan {
	text = blankReasoning(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"))
	sc := &scan{declared: map[string]bool{}, newTables: map[string]bool{}, acRefs: map[string]int{}}
	secLines := make([]int, len(p.Sections))
	for i, s := range p.Sections {
		secLines[i] = s.Line
	}
	sc.lines = splitDoc(text, secLines)
	steps := stepRanges(p, sc.lines)

	carry := intentNone
	prevText := ""
	var structName string // the Go struct or interface a code block is declaring
	for _, l := range sc.lines {
		if l.fence {
			structName = ""
			carry, prevText = intentNone, ""
			continue
		}
		if l.code {
			structName = sc.codeLine(l, structName)
			continue
		}
		for _, id := range plan.CriteriaIn(l.text) {
			if _, ok := sc.acRefs[id]; !ok {
				sc.acRefs[id] = l.no
			}
		}
		if !continues(prevText, l.text) {
			carry = intentNone
		}
		carry = sc.proseLine(l, carry, steps, exts)
		prevText = l.text
	}
	return sc
}

// continues reports whether line cur continues the sentence of line prev
// (a wrapped paragraph or list item), so the intent carries over.
func continues(prev, cur string) bool {
	p := strings.TrimSpace(prev)
	c := strings.TrimSpace(cur)
	if p == "" || c == "" || listStartRe.MatchString(cur) || headingRe.MatchString(cur) || strings.HasPrefix(c, "|") || strings.HasPrefix(p, "|") {
		return false
	}
	return !strings.HasSuffix(p, ".") && !strings.HasSuffix(p, ":") && !strings.HasSuffix(p, ";")
}

// blankReasoning blanks <think>…</think>-style blocks (plan.ReasoningTags)
// but keeps their line breaks. A tag right after a backtick is text.
func blankReasoning(text string) string {
	low := strings.ToLower(text)
	var b strings.Builder
	i := 0
	for i < len(text) {
		open, tag := -1, ""
		for _, t := range plan.ReasoningTags() {
			k := strings.Index(low[i:], "<"+t+">")
			for k >= 0 && i+k > 0 && text[i+k-1] == '`' {
				n := strings.Index(low[i+k+1:], "<"+t+">")
				if n < 0 {
					k = -1
					break
				}
				k += n + 1
			}
			if k >= 0 && (open < 0 || i+k < open) {
				open, tag = i+k, t
			}
		}
		if open < 0 {
			b.WriteString(text[i:])
			break
		}
		b.WriteString(text[i:open])
		end := len(text)
		if k := strings.Index(low[open:], "</"+tag+">"); k >= 0 {
			end = open + k + len("</"+tag+">")
		}
		b.WriteString(strings.Repeat("\n", strings.Count(text[open:end], "\n")))
		i = end
	}
	return b.String()
}

// splitDoc splits the text into lines, marking fenced code. A fence whose
// info string is "markdown" or "md" wraps plan text, not code: its lines
// are read as prose.
func splitDoc(text string, secLines []int) []docLine {
	raw := strings.Split(text, "\n")
	out := make([]docLine, 0, len(raw))
	var (
		inCode    bool
		fenceCh   byte
		fenceN    int
		lang      string
		wrapper   bool // inside a ```markdown wrapper
		wrapCh    byte
		wrapN     int
		secIdx    = -1
		sortedSec = append([]int(nil), secLines...)
	)
	order := make([]int, len(secLines))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return secLines[order[a]] < secLines[order[b]] })
	sort.Ints(sortedSec)
	next := 0
	for i, t := range raw {
		no := i + 1
		for next < len(order) && secLines[order[next]] <= no {
			secIdx = order[next]
			next++
		}
		l := docLine{no: no, text: t, sec: secIdx}
		ch, n, info := plan.FenceRun(t)
		switch {
		case inCode:
			if n >= fenceN && ch == fenceCh && strings.TrimSpace(info) == "" {
				inCode = false
				l.fence = true
			} else {
				l.code = true
				l.lang = lang
			}
		case n > 0 && !wrapper && (strings.EqualFold(strings.TrimSpace(info), "markdown") || strings.EqualFold(strings.TrimSpace(info), "md")):
			wrapper, wrapCh, wrapN = true, ch, n
			l.fence = true
		case n > 0 && wrapper && ch == wrapCh && n >= wrapN && strings.TrimSpace(info) == "":
			wrapper = false
			l.fence = true
		case n > 0:
			inCode, fenceCh, fenceN, lang = true, ch, n, strings.ToLower(strings.Fields(info + " x")[0])
			if strings.TrimSpace(info) == "" {
				lang = ""
			}
			l.fence = true
		}
		out = append(out, l)
	}
	return out
}

// stepRange is the lines of one step.
type stepRange struct{ from, to int }

// stepRanges returns, per step of the plan, the lines it spans: from its
// line to the next step's, or to the end of its section.
func stepRanges(p *plan.Plan, lines []docLine) []stepRange {
	out := make([]stepRange, len(p.Steps))
	for i, st := range p.Steps {
		from := st.Line
		to := len(lines) + 1
		if i+1 < len(p.Steps) && p.Steps[i+1].Line > from {
			to = p.Steps[i+1].Line
		}
		for _, s := range p.Sections {
			if s.Line > from && s.Line < to {
				to = s.Line
			}
		}
		out[i] = stepRange{from, to}
	}
	return out
}

func stepAt(steps []stepRange, line int) int {
	for i, r := range steps {
		if r.from > 0 && line >= r.from && line < r.to {
			return i
		}
	}
	return -1
}

// lineSeps are the bytes that end a plain word of a line: white space and
// table pipes.
const lineSeps = " \t|"

// tokenize splits a line into code spans and plain words. Plain words end
// at white space, at table pipes and at the "](" of a link.
func tokenize(s string) []plan.Token { return plan.Tokens(s, lineSeps) }

// trimPunct strips the punctuation and emphasis prose puts around a word
// (plan.TrimPunct), and "__" around bold words, until none is left. "_"
// alone is no emphasis: "__init__.py" is a name.
func trimPunct(w string) string {
	for {
		old := w
		w = plan.TrimPunct(w, "*~")
		// __bold__ only when both ends carry it: "__init__.py" is a name
		if strings.HasPrefix(w, "__") && strings.HasSuffix(w, "__") && len(w) > 4 {
			w = w[2 : len(w)-2]
		}
		if w == old {
			return w
		}
	}
}

// unescapeMD removes Markdown backslash escapes ("\_") from plain text; a
// backslash before a letter or digit is a Windows separator and stays, and
// so does one before ".", "/" or ":".
func unescapeMD(s string) string { return plan.UnescapeMD(s, `\./:`) }

// sentenceEnd reports whether a plain word ends a sentence.
func sentenceEnd(w string) bool {
	t := strings.TrimRight(w, "*_)\"'")
	if t == "" {
		return false
	}
	switch strings.ToLower(t) {
	case "e.g.", "i.e.", "etc.", "vs.", "cf.":
		return false
	}
	c := t[len(t)-1]
	return c == '.' || c == ';' || c == '!' || c == '?'
}

// proseLine records the mentions of one line outside code blocks and
// returns the intent in force at its end.
func (sc *scan) proseLine(l docLine, carry intent, steps []stepRange, exts map[string]bool) intent {
	toks := tokenize(l.text)
	explicit := symLabelRe.MatchString(l.text)
	step := stepAt(steps, l.no)
	rowIntent := intentNone
	if strings.HasPrefix(strings.TrimSpace(l.text), "|") {
		rowIntent = tableRowIntent(toks)
	}
	state, since := carry, false
	verb := carry                   // the intent of the last verb, which "and" restores after a preposition
	var fresh []string              // names this sentence creates so far
	container := false              // a preposition came after the last created name
	created := false                // a creation verb came in this sentence
	var subjects []string           // names before the sentence's first creation verb
	at := make([]intent, len(toks)) // intent in force at each token
	add := func(m mention) {
		m.line, m.sec, m.step = l.no, l.sec, step
		if rowIntent != intentNone {
			m.intent = rowIntent
		}
		sc.mentions = append(sc.mentions, m)
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		at[i] = state
		if t.Code {
			mi := state
			rest := l.text[t.End:]
			if newMarkRe.MatchString(rest) {
				mi = intentCreate
			} else if oldMarkRe.MatchString(rest) {
				mi = intentRef
			}
			kw := codeKindWords[plainWord(toks, i-1)] || codeKindWords[plainWord(toks, i+1)]
			// "POST `/books`": the method is the word before
			if strings.HasPrefix(t.Text, "/") && i > 0 && !toks[i-1].Code && httpMethods[trimPunct(toks[i-1].Text)] {
				add(mention{kind: kindEndpoint, value: trimPunct(toks[i-1].Text) + " " + t.Text, intent: mi})
				since = true
				continue
			}
			before := len(sc.mentions)
			sc.codeSpan(t.Text, mi, explicit, kw, exts, add)
			for _, m := range sc.mentions[before:] {
				if m.kind != kindSymbol || m.anchor != "" {
					continue
				}
				switch {
				case m.intent == intentCreate:
					fresh = append(fresh, m.value)
					// "`AuthorService` gains the new `SetRate`": AuthorService.SetRate is new
					for _, subj := range subjects {
						sc.declared[normSep(subj)+"."+m.value] = true
					}
				case !created:
					subjects = append(subjects, m.value)
				case container && len(fresh) > 0:
					// "add a `Reviews` field to `Store`": Store.Reviews is new
					for _, f := range fresh {
						sc.declared[normSep(m.value)+"."+f] = true
					}
				}
			}
			since = true
			continue
		}
		w := trimPunct(unescapeMD(t.Text))
		// POST /books, or a method in one table cell and the path in the next
		if httpMethods[w] && i+1 < len(toks) && strings.HasPrefix(toks[i+1].Text, "/") {
			nt := toks[i+1]
			pathText := nt.Text
			if !nt.Code {
				pathText = trimPunct(pathText)
			}
			add(mention{kind: kindEndpoint, value: w + " " + pathText, intent: state})
			since = true
			i++
			at[i] = state
			continue
		}
		if p, sym, ok := pathOf(t.Text, true, exts); ok {
			add(mention{kind: kindPath, value: p, anchor: sym, intent: state})
			if sym != "" {
				add(mention{kind: kindSymbol, value: sym, anchor: p, intent: state, explicit: true})
			}
			since = true
		} else if explicit && identChainRe.MatchString(strings.TrimSuffix(w, "()")) {
			name := strings.TrimSuffix(w, "()")
			if !labelWord(name) && looksLikeCode(w) {
				add(mention{kind: kindSymbol, value: name, intent: state, explicit: true})
				since = true
			}
		}
		lw := strings.ToLower(w)
		switch {
		case createWords[lw]:
			state, verb, since = intentCreate, intentCreate, false
			created = true
		case refWords[lw]:
			state, verb, since = intentRef, intentRef, false
		case lw == "with" && since:
			state, since = intentCreate, false
		case containerWords[lw]:
			state, since = intentRef, false
			container = len(fresh) > 0
		case lw == "and" || lw == "plus" || lw == "also":
			state = verb
		}
		if sentenceEnd(t.Text) {
			state, verb, since = intentNone, intentNone, false
			fresh, container, created, subjects = nil, false, false, nil
		} else if strings.HasSuffix(strings.TrimRight(t.Text, "*_"), ":") {
			state = verb // "a new X in file.go: `Y` …" elaborates what the verb acts on
		}
	}
	sc.tablesIn(l, toks, at, rowIntent, step)
	return state
}

// looksLikeCode reports whether a plain word reads as an identifier
// rather than an English word: it has a capital after the first letter, an
// underscore, a dot or call parentheses.
func looksLikeCode(w string) bool {
	if strings.ContainsAny(w, "_.") || strings.HasSuffix(w, "()") {
		return true
	}
	for i, r := range w {
		if i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// labelWord reports the words of a "Symbols:" label itself.
func labelWord(w string) bool {
	switch strings.ToLower(w) {
	case "symbols", "symbol", "functions", "function", "methods", "method", "types", "type", "identifiers", "identifier":
		return true
	}
	return false
}

// plainWord returns token i, lower-cased and trimmed, when it is a plain
// word, else "".
func plainWord(toks []plan.Token, i int) string {
	if i < 0 || i >= len(toks) || toks[i].Code {
		return ""
	}
	return strings.ToLower(trimPunct(toks[i].Text))
}

// tableRowIntent reads an action cell of a table row ("| `x.go` | new |").
func tableRowIntent(toks []plan.Token) intent {
	for _, t := range toks {
		if t.Code {
			continue
		}
		switch strings.ToLower(trimPunct(t.Text)) {
		case "new", "create", "created", "add", "added":
			return intentCreate
		case "modify", "modified", "existing", "update", "updated", "change", "changed", "edit", "edited":
			return intentRef
		}
	}
	return intentNone
}

// codeSpan records what one code span names.
func (sc *scan) codeSpan(text string, in intent, explicit, kw bool, exts map[string]bool, add func(mention)) {
	if m := endpointRe.FindStringSubmatch(text); m != nil {
		add(mention{kind: kindEndpoint, value: m[1] + " " + m[2], intent: in})
		return
	}
	if p, sym, ok := pathOf(text, false, exts); ok {
		add(mention{kind: kindPath, value: p, anchor: sym, intent: in})
		if sym != "" {
			add(mention{kind: kindSymbol, value: sym, anchor: p, intent: in, explicit: true})
		}
		return
	}
	if name, strong, ok := symbolIn(text); ok {
		add(mention{kind: kindSymbol, value: name, intent: in, strong: strong, explicit: explicit, kindWord: kw})
	}
	// a route registration written inline: r.Post("/books/{id}/reviews", h.Create)
	sc.routes = append(sc.routes, codeRoutes(text)...)
}

// The words a code span may start with that declare what follows.
var declKeywords = wordSet("func function def class type interface struct const let var new async public private " +
	"protected static export abstract override fn pub enum trait impl method final virtual")

var recvDeclRe = regexp.MustCompile(`^func\s*\(\s*(?:[A-Za-z_]\w*\s+)?\*?\s*([A-Za-z_]\w*)(?:\[[^\]]*\])?\s*\)\s*([A-Za-z_]\w*)`)

// symbolIn returns the identifier a code span names: "BookService.Create",
// "ListBooks()" → ListBooks, "func (s *X) Y(…)" → X.Y, "type Review
// struct" → Review. strong reports a call or declaration form.
func symbolIn(code string) (name string, strong, ok bool) {
	s := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(code), ";,"))
	if m := recvDeclRe.FindStringSubmatch(s); m != nil {
		return m[1] + "." + m[2], true, true
	}
	for {
		f := strings.Fields(s)
		if len(f) > 1 && declKeywords[f[0]] {
			s = strings.TrimSpace(s[len(f[0]):])
			strong = true
			continue
		}
		break
	}
	if f := strings.Fields(s); strong && len(f) > 1 {
		// "type Review struct", "class Foo extends Bar"
		s = f[0]
	}
	for _, p := range []string{"*", "&", "[]", "..."} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.TrimLeft(s, "*&")
	if k := strings.IndexByte(s, '('); k > 0 {
		s, strong = strings.TrimSpace(s[:k]), true
	}
	if k := strings.IndexByte(s, '['); k > 0 && strings.HasSuffix(s, "]") {
		s = s[:k]
	}
	if !identChainRe.MatchString(s) {
		return "", false, false
	}
	return s, strong, true
}

// knownFileNames are file names without an extension that plans name.
var knownFileNames = wordSet("Makefile Dockerfile Containerfile Procfile Gemfile Rakefile Jenkinsfile Vagrantfile " +
	"Justfile Pipfile LICENSE README CHANGELOG CODEOWNERS go.mod go.sum go.work package.json Cargo.toml")

// commonExts are file extensions a plan may name even when the repository
// has no file with them yet.
var commonExts = wordSet("go py pyi js jsx mjs cjs ts tsx mts cts java kt kts scala groovy gradle cs fs vb php rs c h cc " +
	"cpp cxx hpp swift dart lua rb erb ex exs erl clj elm hs ml nim zig sol sql prisma graphql gql proto json yaml " +
	"yml toml xml ini cfg conf env lock mod sum md mdx rst txt csv html htm css scss sass less vue svelte astro sh " +
	"bash zsh ps1 bat tf hcl tmpl tpl snap feature http ipynb")

var pathCharsRe = regexp.MustCompile(`^[\p{L}\p{N}_.\-@+~/\[\]()$=]+$`)

// pathOf reports whether s names a file path. It cleans the path
// (backslashes become slashes, "./" goes, a ":12" or "#L10" suffix is cut)
// and returns the symbol a "path#Symbol" or "path:Symbol" suffix names.
// Plain words must hold a directory separator; a code span without one
// counts only with an extension of the repository's own code (exts).
func pathOf(s string, plain bool, exts map[string]bool) (p, sym string, ok bool) {
	if plain {
		s = trimPunct(unescapeMD(s))
	}
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 300 {
		return "", "", false
	}
	low := strings.ToLower(s)
	if strings.Contains(s, "://") || strings.HasPrefix(low, "www.") || strings.HasPrefix(low, "mailto:") {
		return "", "", false
	}
	s = strings.ReplaceAll(s, `\`, "/")
	if len(s) >= 3 && s[1] == ':' && s[2] == '/' && isLetter(s[0]) {
		s = s[2:] // a Windows drive
	}
	if k := strings.IndexByte(s, '#'); k >= 0 {
		frag := s[k+1:]
		s = s[:k]
		if identChainRe.MatchString(frag) && !lineRefRe.MatchString(frag) {
			sym = frag
		}
	}
	if k := strings.IndexByte(s, ':'); k >= 0 {
		suf := strings.TrimLeft(s[k+1:], ":")
		s = s[:k]
		if identChainRe.MatchString(suf) && !lineRefRe.MatchString(suf) {
			sym = suf
		}
	}
	for strings.HasPrefix(s, "./") {
		s = s[2:]
	}
	s = strings.TrimLeft(s, "/")
	if s == "" || strings.HasSuffix(s, "/") || !pathCharsRe.MatchString(s) {
		return "", "", false
	}
	s = path.Clean(s)
	if s == "." || s == ".." || strings.HasPrefix(s, "../") || strings.HasPrefix(s, "/") {
		return "", "", false
	}
	hasDir := strings.Contains(s, "/")
	if plain && !hasDir {
		return "", "", false
	}
	base := path.Base(s)
	if knownFileNames[base] {
		return s, sym, true
	}
	if hasDir && strings.HasPrefix(base, ".") && len(base) > 1 && base != ".." {
		return s, sym, true // a dotfile in a folder: config/.env.example
	}
	dot := strings.LastIndexByte(base, '.')
	if dot <= 0 || dot == len(base)-1 {
		return "", "", false
	}
	ext := strings.ToLower(base[dot+1:])
	if !isLetter(ext[0]) {
		return "", "", false
	}
	if !hasDir {
		if !exts[ext] {
			return "", "", false
		}
		return s, sym, true
	}
	if !exts[ext] && !commonExts[ext] {
		return "", "", false
	}
	return s, sym, true
}

func isLetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// Declarations in the plan's code blocks.
var (
	goFuncDeclRe   = regexp.MustCompile(`^\s*func\s+(?:\(\s*(?:[A-Za-z_]\w*\s+)?\*?\s*([A-Za-z_]\w*)(?:\[[^\]]*\])?\s*\)\s*)?([A-Za-z_]\w*)`)
	typeDeclRe     = regexp.MustCompile(`^\s*(?:export\s+)?(?:default\s+)?(?:public\s+|private\s+|abstract\s+|final\s+|static\s+)*(?:type|class|interface|enum|struct|trait|record)\s+([A-Za-z_]\w*)`)
	groupTypeRe    = regexp.MustCompile(`^\s*([A-Z]\w*)\s+(?:struct|interface)\s*\{`)
	funcDeclRe     = regexp.MustCompile(`^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function|def|fn|pub\s+fn)\s+([A-Za-z_]\w*)`)
	valueDeclRe    = regexp.MustCompile(`^\s*(?:const|var|let)\s+([A-Za-z_]\w*)`)
	groupValueRe   = regexp.MustCompile(`^\s+([A-Z]\w*)\s*(?:[A-Za-z_][\w.]*\s*)?=`)
	memberRe       = regexp.MustCompile(`^\s*([A-Za-z_]\w*)\s*(?:\(|[\w*\[\]{}.]+(?:\s|$|` + "`" + `))`)
	createTableRe  = regexp.MustCompile(`(?i)\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?[` + "`" + `"]?([A-Za-z_][\w.]*)`)
	codeRouteRe    = regexp.MustCompile(`\.(Get|Post|Put|Patch|Delete|Head|Options|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|HandleFunc|Handle)\(\s*"([^"]*/[^"]*)"`)
	routeCommentRe = regexp.MustCompile(`\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(/[^\s"'` + "`" + `,)]*)`)
)

// codeLine records the declarations of one line of a code block and
// returns the struct or interface being declared, if any.
func (sc *scan) codeLine(l docLine, structName string) string {
	t := l.text
	if structName != "" {
		if strings.TrimSpace(t) == "}" {
			return ""
		}
		if m := memberRe.FindStringSubmatch(t); m != nil {
			sc.declared[structName+"."+m[1]] = true
			sc.declared[m[1]] = true
		}
		return structName
	}
	if m := goFuncDeclRe.FindStringSubmatch(t); m != nil {
		if m[1] != "" {
			sc.declared[m[1]+"."+m[2]] = true
		}
		sc.declared[m[2]] = true
	}
	if m := funcDeclRe.FindStringSubmatch(t); m != nil {
		sc.declared[m[1]] = true
	}
	if m := valueDeclRe.FindStringSubmatch(t); m != nil {
		sc.declared[m[1]] = true
	}
	if m := groupValueRe.FindStringSubmatch(t); m != nil {
		sc.declared[m[1]] = true
	}
	if m := typeDeclRe.FindStringSubmatch(t); m != nil {
		sc.declared[m[1]] = true
		if strings.HasSuffix(strings.TrimSpace(t), "{") {
			structName = m[1]
		}
	} else if m := groupTypeRe.FindStringSubmatch(t); m != nil {
		sc.declared[m[1]] = true
		structName = m[1]
	}
	for _, m := range createTableRe.FindAllStringSubmatch(t, -1) {
		sc.newTables[normTable(m[1])] = true
	}
	sc.routes = append(sc.routes, codeRoutes(t)...)
	if l.lang == "" || l.lang == "http" || l.lang == "text" {
		for _, m := range routeCommentRe.FindAllStringSubmatch(t, -1) {
			sc.routes = append(sc.routes, m[1]+" "+m[2])
		}
	}
	if isSQL(l.lang) {
		sc.sqlTables(l)
	}
	return structName
}

// codeRoutes returns the routes code registers: `r.Get("/books", h)` is
// "GET /books", `mux.HandleFunc("POST /x", h)` is "POST /x".
func codeRoutes(code string) []string {
	var out []string
	for _, m := range codeRouteRe.FindAllStringSubmatch(code, -1) {
		method := strings.ToUpper(m[1])
		if method == "HANDLEFUNC" || method == "HANDLE" {
			if f := strings.Fields(m[2]); len(f) == 2 {
				out = append(out, f[0]+" "+f[1])
			} else {
				out = append(out, m[2])
			}
			continue
		}
		out = append(out, method+" "+m[2])
	}
	return out
}

func isSQL(lang string) bool {
	switch lang {
	case "sql", "postgresql", "postgres", "pgsql", "mysql", "sqlite", "plpgsql", "tsql":
		return true
	}
	return false
}

// Table mentions. SQL keywords must be upper case and table names lower
// case, so that English prose ("from the service") does not match.
var (
	tableSQLRe = []*regexp.Regexp{
		regexp.MustCompile(`\b(?:ALTER|DROP)\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?[` + "`" + `"]?([a-z_][a-z0-9_.]*)`),
		regexp.MustCompile(`\bINSERT\s+INTO\s+[` + "`" + `"]?([a-z_][a-z0-9_.]*)`),
		regexp.MustCompile(`\bUPDATE\s+[` + "`" + `"]?([a-z_][a-z0-9_.]*)[` + "`" + `"]?\s+SET\b`),
		regexp.MustCompile(`\b(?:FROM|JOIN)\s+[` + "`" + `"]?([a-z_][a-z0-9_.]*)`),
		regexp.MustCompile(`\bREFERENCES\s+[` + "`" + `"]?([a-z_][a-z0-9_.]*)`),
	}
	tableWordAfterRe  = regexp.MustCompile("((?:`[A-Za-z_][\\w.]*`(?:\\s*,\\s*|\\s+and\\s+|\\s*&\\s*)?)+)\\s*tables?\\b")
	tableWordBeforeRe = regexp.MustCompile("\\btables?\\s+((?:`[A-Za-z_][\\w.]*`(?:\\s*,\\s*|\\s+and\\s+|\\s*&\\s*)?)+)")
	backtickedRe      = regexp.MustCompile("`([A-Za-z_][\\w.]*)`")
)

// tablesIn records the tables one prose line names.
func (sc *scan) tablesIn(l docLine, toks []plan.Token, at []intent, rowIntent intent, step int) {
	intentAt := func(off int) intent {
		if rowIntent != intentNone {
			return rowIntent
		}
		in := intentNone
		for i, t := range toks {
			if t.Start > off {
				break
			}
			if i < len(at) {
				in = at[i]
			}
		}
		return in
	}
	seen := map[string]bool{}
	add := func(name string, in intent) {
		name = normTable(name)
		if name == "" || seen[name] {
			return
		}
		seen[name] = true
		sc.mentions = append(sc.mentions, mention{kind: kindTable, value: name, line: l.no, sec: l.sec, step: step, intent: in})
	}
	for _, m := range createTableRe.FindAllStringSubmatchIndex(l.text, -1) {
		name := normTable(l.text[m[2]:m[3]])
		sc.newTables[name] = true
		add(name, intentCreate)
	}
	for _, re := range tableSQLRe {
		for _, m := range re.FindAllStringSubmatchIndex(l.text, -1) {
			add(l.text[m[2]:m[3]], intentRef)
		}
	}
	for _, re := range []*regexp.Regexp{tableWordAfterRe, tableWordBeforeRe} {
		for _, m := range re.FindAllStringSubmatchIndex(l.text, -1) {
			for _, b := range backtickedRe.FindAllStringSubmatchIndex(l.text[m[2]:m[3]], -1) {
				off := m[2] + b[0]
				add(l.text[m[2]+b[2]:m[2]+b[3]], intentAt(off))
			}
		}
	}
}

// sqlTables records the tables a line of an SQL code block uses.
func (sc *scan) sqlTables(l docLine) {
	for _, re := range tableSQLRe {
		for _, m := range re.FindAllStringSubmatch(l.text, -1) {
			name := normTable(m[1])
			sc.mentions = append(sc.mentions, mention{kind: kindTable, value: name, line: l.no, sec: l.sec, step: -1, intent: intentRef})
		}
	}
}

// normTable lower-cases a table name and drops a schema ("public.books").
func normTable(s string) string {
	s = strings.ToLower(strings.Trim(s, "`\"'"))
	if k := strings.LastIndexByte(s, '.'); k >= 0 {
		s = s[k+1:]
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
			return ""
		}
	}
	return s
}
