// Package offline is the provider used when no model is configured. It
// writes a deterministic draft plan from the ranked files, the acceptance
// criteria and the repository's layering, so that groundplan works on a
// fresh machine with no key and no network, and so that every model-written
// plan has a baseline to beat.
package offline

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/llm"
	"github.com/groundplan/groundplan/internal/plan"
	"github.com/groundplan/groundplan/internal/rank"
	"github.com/groundplan/groundplan/internal/story"
	"github.com/groundplan/groundplan/internal/workspace"
)

// Input is everything the draft is derived from.
type Input struct {
	Story    *story.Story
	Index    *index.Index
	Ranked   []rank.Result
	Facts    *workspace.Facts
	Sections []string // the template's required section titles, in order
	Template string   // template name, recorded in the plan
}

// Provider writes draft plans. It ignores the prompt: the draft is computed
// from Input, which is what the prompt was rendered from.
type Provider struct {
	in Input
}

// New returns an offline provider for one planning input.
func New(in Input) *Provider { return &Provider{in: in} }

// Name returns "offline".
func (p *Provider) Name() string { return "offline" }

// Stream returns the draft plan's Markdown as a stream.
func (p *Provider) Stream(ctx context.Context, req llm.Request) (llm.Stream, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	md := Draft(p.in).Markdown()
	return llm.NewTextStream(md, 512, llm.Usage{}), nil
}

// topSources is how many ranked source files the draft considers.
const topSources = 14

// Draft computes the draft plan.
func Draft(in Input) *plan.Plan {
	a := analyse(in)
	a.buildSteps()
	a.buildTests()
	p := &plan.Plan{
		Schema:    plan.Schema,
		Title:     draftTitle(in.Story),
		Template:  in.Template,
		Draft:     true,
		Provider:  "offline",
		Summary:   a.summary(),
		Decisions: a.decisions(),
		Steps:     a.steps,
		Tests:     a.tests,
		Risks:     a.risks(),
		Files:     a.fileChanges(),
	}
	p.Estimate = a.estimate(p)
	p.Sections = a.sections(p)
	return p
}

func draftTitle(s *story.Story) string {
	if s.Title != "" {
		return "Implementation plan: " + s.Title
	}
	if s.Goal != "" {
		g := s.Goal
		if len(g) > 80 {
			g = g[:80] + "…"
		}
		return "Implementation plan: " + g
	}
	return "Implementation plan"
}

// analysis holds what the draft found out about the change.
type analysis struct {
	in        Input
	byLayer   map[Layer][]*index.File // every non-test file per layer
	tests     []plan.Test
	testFiles map[string][]*index.File // source file → its test files, built on first use
	criteria  []story.Criterion        // the story's criteria, or a spec's rules as R1, R2…
	ranked    map[Layer][]rank.Result  // ranked source files per layer, best first
	entities  map[string]bool          // existing entity names, singular lower case
	newEntity string                   // singular lower case, "" when the story adds none
	anchor    string                   // existing entity the new one mirrors
	endpoints []string                 // "METHOD /path" named by the story
	steps     []plan.Step
	stepLayer []Layer
	changes   []plan.FileChange
	seen      map[string]int // path → index in changes

	mirroredFrom map[Layer]string // entity whose files the new entity's mirror, per layer
}

var (
	endpointRE  = regexp.MustCompile(`\b(GET|POST|PUT|PATCH|DELETE)\s+(/[A-Za-z0-9_{}:/.\-]*)`)
	nonWordRE   = regexp.MustCompile(`[^A-Za-z0-9\s-]`)
	lettersRE   = regexp.MustCompile(`[A-Za-z]+`)
	leadDigitRE = regexp.MustCompile(`^(\d+)`)
)

func analyse(in Input) *analysis {
	a := &analysis{in: in, byLayer: map[Layer][]*index.File{}, ranked: map[Layer][]rank.Result{}, entities: map[string]bool{}, seen: map[string]int{}, mirroredFrom: map[Layer]string{}}
	for _, f := range in.Index.Files() {
		if f.Doc || (!index.IsProgramming(f.Language) && !isAPIDoc(path.Base(f.Path)) && !strings.HasSuffix(f.Path, ".sql")) {
			continue
		}
		l := classify(f)
		a.byLayer[l] = append(a.byLayer[l], f)
	}
	n := 0
	for _, r := range in.Ranked {
		f, ok := in.Index.File(r.Path)
		if !ok || f.Test || f.Doc {
			continue
		}
		if n >= topSources {
			break
		}
		n++
		l := classify(f)
		a.ranked[l] = append(a.ranked[l], r)
	}
	for _, f := range a.byLayer[LayerModel] {
		stem := strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path))
		a.entities[singular(strings.ToLower(stem))] = true
		for _, s := range f.AllSymbols() {
			if (s.Kind == index.KindType) && s.Exported {
				a.entities[singular(strings.ToLower(s.Name))] = true
			}
		}
	}
	text := in.Story.Goal + "\n" + in.Story.Title + "\n" + in.Story.Spec
	for _, c := range in.Story.Criteria {
		text += "\n" + c.Text
	}
	for _, m := range endpointRE.FindAllStringSubmatch(text, -1) {
		e := m[1] + " " + strings.TrimRight(m[2], ".")
		if !contains(a.endpoints, e) {
			a.endpoints = append(a.endpoints, e)
		}
	}
	a.criteria = in.Story.Criteria
	if len(a.criteria) == 0 && in.Story.Spec != "" {
		for i, r := range rules(in.Story.Spec) {
			a.criteria = append(a.criteria, story.Criterion{ID: fmt.Sprintf("R%d", i+1), Text: r})
		}
	}
	a.newEntity = a.findNewEntity(text, in.Story.Title)
	a.anchor = a.findAnchor(text)
	return a
}

// findNewEntity returns the thing the story asks to create when the code
// has nothing of that name yet: a head noun after a creation verb ("leave a
// review", "add a star rating") or in the title, the one the text mentions
// most winning.
func (a *analysis) findNewEntity(text, titleText string) string {
	toks := strings.Fields(strings.ToLower(nonWordRE.ReplaceAllString(text, " ")))
	counts := map[string]int{}
	for _, t := range toks {
		counts[singular(t)]++
	}
	cands := map[string]int{}
	consider := func(w string) {
		if w == "" || len(w) < 3 || stop[w] || createVerbs[w] || strings.ContainsAny(w, "0123456789-") {
			return
		}
		s := singular(w)
		if !a.exists(s) && counts[s] >= 2 {
			cands[s] = counts[s]
		}
	}
	for i, t := range toks {
		if !createVerbs[t] {
			continue
		}
		head := ""
		for j := i + 1; j < len(toks) && j <= i+4; j++ {
			w := toks[j]
			if fillers[w] {
				continue
			}
			if stop[w] || createVerbs[w] {
				break
			}
			head = w
		}
		consider(head)
	}
	// A title names its subject: "Inventory reservations for carts".
	for _, w := range strings.Fields(strings.ToLower(nonWordRE.ReplaceAllString(titleText, " "))) {
		if w == "for" || w == "with" || w == "of" || w == "in" || w == "on" {
			break
		}
		if !(strings.HasSuffix(w, "s") && len(w) > 3) && !a.entities[singular(w)] {
			continue // title nouns in plural name collections of new things
		}
		consider(w)
	}
	if len(cands) == 0 {
		return ""
	}
	return sortedKeys(cands)[0]
}

// exists reports whether the code already has an entity, type or file of
// that (singular, lower-case) name.
func (a *analysis) exists(s string) bool {
	if a.entities[s] {
		return true
	}
	if len(a.in.Index.SymbolsFold(s)) > 0 || len(a.in.Index.SymbolsFold(plural(s))) > 0 {
		return true
	}
	for l, fs := range a.byLayer {
		if l == LayerMigration || l == LayerAPIDoc {
			continue
		}
		for _, f := range fs {
			stem := strings.ToLower(strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path)))
			if singular(stem) == s {
				return true
			}
		}
	}
	return false
}

// findAnchor picks the existing entity the story talks about most; a new
// entity's files mirror that entity's files.
func (a *analysis) findAnchor(text string) string {
	counts := map[string]int{}
	for _, w := range words(text) {
		s := singular(w)
		if a.entities[s] && s != a.newEntity {
			counts[s]++
		}
	}
	if len(counts) > 0 {
		return sortedKeys(counts)[0]
	}
	for _, r := range a.ranked[LayerModel] {
		stem := strings.ToLower(strings.TrimSuffix(path.Base(r.Path), path.Ext(r.Path)))
		return singular(stem)
	}
	return ""
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// mirrorPath returns the path a new entity's file takes in a layer, named
// after an existing entity's file there ("book_service.go" →
// "review_service.go"): the anchor entity's when the layer has one, else
// another entity's. tests selects test files instead of sources. It also
// returns the file mirrored and the entity it belongs to.
func (a *analysis) mirrorPath(l Layer, tests bool) (newPath, template, entity string) {
	if a.newEntity == "" {
		return "", "", ""
	}
	files := a.byLayer[l]
	if tests {
		files = a.testsFor(l)
	}
	for _, ent := range a.mirrorOrder() {
		for _, f := range files {
			base := path.Base(f.Path)
			nb, ok := replaceEntity(base, ent, a.newEntity)
			if !ok {
				continue
			}
			np := path.Join(path.Dir(f.Path), nb)
			if _, exists := a.in.Index.File(np); exists {
				continue
			}
			return np, f.Path, ent
		}
	}
	return "", "", ""
}

// mirrorOrder lists the entities whose files a new entity may mirror: the
// anchor first, then the others by name.
func (a *analysis) mirrorOrder() []string {
	out := []string{}
	if a.anchor != "" {
		out = append(out, a.anchor)
	}
	var rest []string
	for e := range a.entities {
		if e != a.anchor {
			rest = append(rest, e)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// testsFor returns the test files of a layer's files, wherever the repo
// keeps them (beside the source, or in a parallel tests tree), in path
// order.
func (a *analysis) testsFor(l Layer) []*index.File {
	var out []*index.File
	for _, f := range a.byLayer[l] {
		out = append(out, a.testsOf()[f.Path]...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// existingTestOf returns the test file of a source file, if the repo has one.
func (a *analysis) existingTestOf(src string) string {
	if ts := a.testsOf()[src]; len(ts) > 0 {
		return ts[0].Path
	}
	return ""
}

// testsOf maps each source file to its test files, in path order; it is
// computed once per draft.
func (a *analysis) testsOf() map[string][]*index.File {
	if a.testFiles == nil {
		a.testFiles = map[string][]*index.File{}
		for _, f := range a.in.Index.Files() {
			if !f.Test {
				continue
			}
			for _, src := range rank.SourcesOf(a.in.Index, f.Path) {
				a.testFiles[src] = append(a.testFiles[src], f)
			}
		}
	}
	return a.testFiles
}

// replaceEntity swaps the anchor entity's name in a file name for the new
// one's, keeping plural and case.
func replaceEntity(base, anchor, repl string) (string, bool) {
	parts := lettersRE.FindAllStringIndex(base, -1)
	for i := len(parts) - 1; i >= 0; i-- {
		p := parts[i]
		w := base[p[0]:p[1]]
		lw := strings.ToLower(w)
		var out string
		switch lw {
		case anchor:
			out = repl
		case plural(anchor):
			out = plural(repl)
		default:
			continue
		}
		if w[0] >= 'A' && w[0] <= 'Z' {
			out = title(out)
		}
		return base[:p[0]] + out + base[p[1]:], true
	}
	return "", false
}

// nextMigration names the migration that creates the new entity's table,
// numbered after the highest existing one.
func (a *analysis) nextMigration() string {
	var best *index.File
	bestN := -1
	width := 0
	for _, f := range a.byLayer[LayerMigration] {
		m := leadDigitRE.FindString(path.Base(f.Path))
		if m == "" {
			continue
		}
		n, err := strconv.Atoi(m)
		if err == nil && n > bestN {
			bestN, best, width = n, f, len(m)
		}
	}
	if best == nil {
		return ""
	}
	base := path.Base(best.Path)
	ext := base[strings.Index(base, "."):]
	sep := "_"
	if len(base) > width && base[width] == '-' {
		sep = "-"
	}
	name := fmt.Sprintf("%0*d%screate%s%s%s", width, bestN+1, sep, sep, plural(a.newEntity), ext)
	return path.Join(path.Dir(best.Path), name)
}

// mirrorSymbols names the new entity's counterparts of the template file's
// exported types, constructors and errors named after its entity
// (BookService → ReviewService, NewBookService → NewReviewService,
// ErrBookNotFound → ErrReviewNotFound).
func (a *analysis) mirrorSymbols(template, entity string) []string {
	f, ok := a.in.Index.File(template)
	if !ok {
		return nil
	}
	from, to := title(entity), title(a.newEntity)
	fromPl, toPl := title(plural(entity)), title(plural(a.newEntity))
	var out []string
	for _, s := range f.AllSymbols() {
		if !s.Exported || s.Kind == index.KindRoute || s.Kind == index.KindMethod {
			continue
		}
		var n string
		for _, prefix := range []string{"", "New", "Err"} {
			switch {
			case strings.HasPrefix(s.Name, prefix+fromPl):
				n = prefix + toPl + strings.TrimPrefix(s.Name, prefix+fromPl)
			case strings.HasPrefix(s.Name, prefix+from):
				n = prefix + to + strings.TrimPrefix(s.Name, prefix+from)
			}
			if n != "" {
				break
			}
		}
		if n != "" && !contains(out, n) {
			out = append(out, n)
		}
		if len(out) == 4 {
			break
		}
	}
	return out
}

func (a *analysis) addChange(p string, act plan.Action, reason string) {
	if i, ok := a.seen[p]; ok {
		if a.changes[i].Reason == "" {
			a.changes[i].Reason = reason
		}
		return
	}
	a.seen[p] = len(a.changes)
	a.changes = append(a.changes, plan.FileChange{Path: p, Action: act, Reason: reason})
}

// fileChanges lists the files modified first, then the new ones, each in
// step order.
func (a *analysis) fileChanges() []plan.FileChange {
	out := append([]plan.FileChange(nil), a.changes...)
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Action == plan.ActionModify && out[j].Action != plan.ActionModify
	})
	return out
}

// summary says what the draft was grounded in.
func (a *analysis) summary() string {
	n := 0
	for _, rs := range a.ranked {
		n += len(rs)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Grounded in the %d source files ranked most relevant to this %s", n, a.kind())
	switch {
	case a.newEntity != "" && a.anchor != "":
		fmt.Fprintf(&b, "; it introduces a new entity, %s, built like %s", title(a.newEntity), title(a.anchor))
	case a.anchor != "":
		fmt.Fprintf(&b, "; it changes how %s behaves", title(a.anchor))
	}
	fmt.Fprintf(&b, ". %d acceptance criteria, each with a step and a test.", len(a.criteria))
	return b.String()
}

func (a *analysis) kind() string {
	if a.in.Story.Spec != "" {
		return "spec"
	}
	return "story"
}
