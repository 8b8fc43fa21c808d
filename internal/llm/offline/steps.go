package offline

import (
	"fmt"
	"path"
	"strings"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/plan"
	"github.com/groundplan/groundplan/internal/rank"
)

// implementation layers, in the order the steps follow.
var stepOrder = []Layer{LayerMigration, LayerModel, LayerRepository, LayerService, LayerMiddleware, LayerHandler, LayerRoutes, LayerWiring, LayerAPIDoc}

// layerHints are words that tie an acceptance criterion to a layer when its
// files do not share words with the criterion.
var layerHints = map[Layer][]string{
	LayerMigration:  {"table", "column", "index", "schema", "migration", "persist", "stored"},
	LayerModel:      {"field", "valid", "validation", "invalid", "between", "range", "required", "length", "format"},
	LayerRepository: {"store", "stored", "save", "saved", "persist", "query", "list", "fetch", "load", "database", "sorted", "page"},
	LayerService:    {"only", "must", "cannot", "rule", "calculate", "total", "average", "restore", "restored", "stock", "status", "limit", "expire", "expires", "once", "already", "owner", "update", "updated"},
	LayerMiddleware: {"authenticated", "unauthenticated", "auth", "token", "login", "logged", "permission", "role", "admin"},
	LayerHandler:    httpWords,
	LayerRoutes:     {"endpoint", "route", "path", "url"},
}

// httpWords mark a criterion that is observed over HTTP.
var httpWords = []string{"http", "status", "request", "response", "respond", "responds", "endpoint", "returns", "json", "header", "api", "unauthorized", "forbidden", "conflict", "found", "created", "400", "401", "403", "404", "409", "422", "200", "201", "204"}

func (a *analysis) buildSteps() {
	for _, l := range stepOrder {
		var files, symbols []string
		var newSyms []string
		var created, modified []string
		if a.newEntity != "" {
			var np, tmpl, ent string
			if l == LayerMigration {
				np = a.nextMigration()
			} else if l != LayerRoutes && l != LayerAPIDoc && l != LayerMiddleware {
				np, tmpl, ent = a.mirrorPath(l, false)
			}
			if np != "" {
				created = append(created, np)
				if tmpl != "" {
					newSyms = a.mirrorSymbols(tmpl, ent)
					a.mirroredFrom[l] = ent
				}
			}
		}
		switch {
		case l == LayerWiring:
			if a.newEntity != "" && a.layerTouched(LayerService) {
				if root := a.compositionRoot(); root != "" {
					modified = append(modified, root)
				}
			}
		case l != LayerMiddleware || a.mentionsAny([]string{"role", "permission", "admin", "scope", "staff"}):
			modified, symbols = a.modifiedIn(l, len(created) > 0)
		}
		// Routes and the API description change whenever handlers do.
		if (l == LayerRoutes || l == LayerAPIDoc) && len(modified) == 0 && a.layerTouched(LayerHandler) {
			if fs := a.byLayer[l]; len(fs) > 0 {
				modified = append(modified, fs[0].Path)
			}
		}
		if len(created) == 0 && len(modified) == 0 {
			continue
		}
		files = append(files, created...)
		files = append(files, modified...)
		st := plan.Step{Number: len(a.steps) + 1, Files: files}
		st.Title, st.Detail = a.describe(l, created, modified, newSyms, symbols)
		st.Symbols = append(newSyms, symbols...)
		for _, p := range created {
			a.addChange(p, plan.ActionNew, st.Title)
		}
		for _, p := range modified {
			a.addChange(p, plan.ActionModify, st.Title)
		}
		a.steps = append(a.steps, st)
		a.stepLayer = append(a.stepLayer, l)
	}
	a.assignCriteria()
}

func (a *analysis) layerTouched(l Layer) bool {
	for _, x := range a.stepLayer {
		if x == l {
			return true
		}
	}
	return false
}

// mentionsAny reports whether the story uses any of the words (compared in
// singular form, whole words only).
func (a *analysis) mentionsAny(ws []string) bool {
	return overlap(words(a.in.Story.Text()), ws) > 0
}

// mentionsPrefix reports whether a word of the story starts with any of
// the prefixes ("authentic" matches authenticated and authentication); a
// prefix of two words matches the phrase.
func (a *analysis) mentionsPrefix(prefixes []string) bool {
	ws := words(a.in.Story.Text())
	joined := " " + strings.Join(ws, " ")
	for _, p := range prefixes {
		if strings.Contains(joined, " "+p) {
			return true
		}
	}
	return false
}

func topSymbols(r rank.Result, n int) []string {
	var out []string
	for _, s := range r.Symbols {
		if s.Kind == index.KindRoute || s.Kind == index.KindVar {
			continue
		}
		q := s.QualifiedName()
		if !contains(out, q) {
			out = append(out, q)
		}
		if len(out) == n {
			break
		}
	}
	return out
}

func code(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = "`" + x + "`"
	}
	return strings.Join(q, ", ")
}

// describe writes a step's title and detail for a layer.
func (a *analysis) describe(l Layer, created, modified, newSyms, symbols []string) (string, string) {
	ent := title(a.newEntity)
	var d []string
	if len(created) > 0 && a.newEntity != "" {
		switch l {
		case LayerMigration:
			d = append(d, fmt.Sprintf("Create %s adding the `%s` table with its columns, constraints and indexes", code(created), plural(a.newEntity)))
			if a.anchor != "" {
				d[len(d)-1] += fmt.Sprintf(", with a foreign key to `%s`", plural(a.anchor))
			}
			d[len(d)-1] += "; follow the numbering and style of the existing migrations."
		default:
			s := fmt.Sprintf("Create %s for the new %s %s", code(created), strings.ToLower(ent), l)
			if m := a.mirroredFrom[l]; m != "" {
				s += fmt.Sprintf(", mirroring the %s counterpart", title(m))
			}
			if len(newSyms) > 0 {
				s += fmt.Sprintf("; declare the new %s", code(newSyms))
			}
			d = append(d, s+".")
		}
	}
	if len(modified) > 0 {
		s := fmt.Sprintf("Modify %s", code(modified))
		if len(symbols) > 0 {
			s += fmt.Sprintf(" around %s", code(symbols))
		}
		switch l {
		case LayerRoutes:
			added, changed := a.splitEndpoints()
			switch {
			case len(added) > 0:
				s += fmt.Sprintf(" to register %s beside the existing routes", code(added))
			case len(changed) > 0:
				s += " so the changed endpoints keep their routes"
			default:
				s += " to register the new endpoints beside the existing ones"
			}
			if len(changed) > 0 {
				s += fmt.Sprintf("; the responses of %s change", code(changed))
			}
		case LayerAPIDoc:
			s += " to describe the new or changed endpoints, their schemas and error responses"
		case LayerModel:
			s += " to carry the fields and validation the criteria need"
		case LayerRepository:
			s += " to add the queries the service needs"
		case LayerService:
			s += " to enforce the business rules of the criteria"
		case LayerHandler:
			s += " to parse requests, call the service and map its errors to HTTP statuses"
		case LayerMiddleware:
			s += " so the new behaviour is only reachable by the right caller"
		case LayerWiring:
			s += fmt.Sprintf(" to construct the %s repository, service and handlers and pass them to the router", strings.ToLower(ent))
		}
		d = append(d, s+".")
	}
	titles := map[Layer]string{
		LayerMigration:  "Add the database migration",
		LayerModel:      "Update the domain model",
		LayerRepository: "Extend the data access layer",
		LayerService:    "Implement the business logic in the service layer",
		LayerMiddleware: "Enforce access rules in the middleware",
		LayerHandler:    "Expose the behaviour through the HTTP handlers",
		LayerRoutes:     "Register the routes",
		LayerWiring:     "Wire the new components",
		LayerAPIDoc:     "Document the API",
	}
	t := titles[l]
	if a.newEntity != "" && len(created) > 0 {
		switch l {
		case LayerModel:
			t = "Define the " + ent + " model"
		case LayerRepository:
			t = "Add the " + ent + " repository"
		case LayerService:
			t = "Add the " + ent + " service"
		case LayerHandler:
			t = "Add the " + ent + " HTTP handlers"
		}
	}
	return t, strings.Join(d, " ")
}

// assignCriteria ties every criterion to the steps whose files, symbols and
// layer share the most words with it; a criterion that matches nothing goes
// to the service step (or the first step).
func (a *analysis) assignCriteria() {
	if len(a.steps) == 0 {
		return
	}
	for _, c := range a.criteria {
		cw := contentWords(c.Text)
		best, scores := 0, make([]int, len(a.steps))
		for i, st := range a.steps {
			sw := words(strings.Join(st.Files, " ") + " " + strings.Join(st.Symbols, " "))
			sw = append(sw, layerHints[a.stepLayer[i]]...)
			scores[i] = overlap(cw, sw)
			if scores[i] > best {
				best = scores[i]
			}
		}
		assigned := false
		for i := range a.steps {
			// The best match, and the service layer whenever the criterion
			// touches it at all: business rules live there.
			if best > 0 && (scores[i] == best || (a.stepLayer[i] == LayerService && scores[i] > 0)) {
				a.steps[i].Criteria = append(a.steps[i].Criteria, c.ID)
				assigned = true
			}
		}
		if !assigned {
			i := 0
			for j, l := range a.stepLayer {
				if l == LayerService {
					i = j
				}
			}
			a.steps[i].Criteria = append(a.steps[i].Criteria, c.ID)
		}
	}
}

// buildTests writes one test per criterion, in the handler tests when the
// criterion is observed over HTTP and in the service tests otherwise, and a
// final step that adds them.
func (a *analysis) buildTests() {
	if len(a.criteria) == 0 {
		return
	}
	used := map[string]bool{}
	var files []string
	var ids []string
	for _, c := range a.criteria {
		kind, layer := "unit", LayerService
		if overlap(contentWords(c.Text), httpWords) > 0 && (a.layerTouched(LayerHandler) || len(a.byLayer[LayerHandler]) > 0) {
			kind, layer = "integration", LayerHandler
		}
		file, act := a.testFile(layer)
		if file == "" {
			file, act = a.testFile(LayerService)
		}
		name := a.testName(c.ID, c.Then, c.Text, file)
		for used[name] {
			name += "_" + strings.ToLower(c.ID)
		}
		used[name] = true
		a.tests = append(a.tests, plan.Test{Name: name, File: file, Kind: kind, Criteria: []string{c.ID}, Description: c.Text})
		if file != "" {
			a.addChange(file, act, "")
			if !contains(files, file) {
				files = append(files, file)
			}
		}
		ids = append(ids, c.ID)
	}
	for _, f := range files {
		var covered []string
		for _, t := range a.tests {
			if t.File == f {
				covered = append(covered, t.Criteria...)
			}
		}
		a.changes[a.seen[f]].Reason = "tests for " + strings.Join(covered, ", ")
	}
	detail := fmt.Sprintf("Add one test per acceptance criterion (%s) in %s, following the table-driven style of the existing tests; run the whole suite before review.", strings.Join(ids, ", "), code(files))
	a.steps = append(a.steps, plan.Step{Number: len(a.steps) + 1, Title: "Write the tests", Detail: detail, Files: files, Criteria: ids})
	a.stepLayer = append(a.stepLayer, LayerTest)
}

// testFile finds where a layer's tests go: the new entity's mirrored test
// file, the existing test beside the layer's first changed file, or a new
// test file named after that file.
func (a *analysis) testFile(l Layer) (string, plan.Action) {
	if a.newEntity != "" {
		if np, _, _ := a.mirrorPath(l, true); np != "" {
			return np, plan.ActionNew
		}
	}
	for i, st := range a.steps {
		if a.stepLayer[i] != l {
			continue
		}
		for _, f := range st.Files {
			if tp := a.existingTestOf(f); tp != "" {
				return tp, plan.ActionModify
			}
			if i, ok := a.seen[f]; ok && a.changes[i].Action == plan.ActionNew {
				if tp := testPathFor(f); tp != "" {
					return tp, plan.ActionNew
				}
			}
		}
		if len(st.Files) > 0 {
			if tp := testPathFor(st.Files[len(st.Files)-1]); tp != "" {
				return tp, plan.ActionNew
			}
		}
	}
	return "", ""
}

// testPathFor names the conventional test file of a source file.
func testPathFor(p string) string {
	dir, base := path.Split(p)
	ext := path.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	switch ext {
	case ".go":
		return dir + stem + "_test.go"
	case ".py":
		return dir + "test_" + stem + ".py"
	case ".js", ".ts", ".jsx", ".tsx", ".mjs":
		return dir + stem + ".test" + ext
	case ".rb":
		return dir + stem + "_spec.rb"
	case ".java", ".cs", ".kt", ".php":
		return dir + stem + "Test" + ext
	case ".rs":
		return ""
	}
	return ""
}

// testName builds a test name in the file's language from the criterion's
// When/Then words.
func (a *analysis) testName(id, whenThen, text, file string) string {
	ws := contentWords(whenThen)
	if len(ws) < 2 {
		ws = contentWords(text)
	}
	var keep []string
	for _, w := range ws {
		if len(keep) == 5 {
			break
		}
		if strings.EqualFold(w, id) || isNumber(w) {
			continue
		}
		keep = append(keep, w)
	}
	switch path.Ext(file) {
	case ".py", ".rb", ".rs":
		return "test_" + strings.Join(keep, "_")
	case ".js", ".ts", ".jsx", ".tsx", ".mjs":
		return strings.Join(keep, " ")
	}
	return "Test" + camel(keep)
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func (a *analysis) decisions() []string {
	var layers []string
	for _, l := range a.stepLayer {
		if l != LayerTest {
			layers = append(layers, l.String())
		}
	}
	var out []string
	if len(layers) > 0 {
		out = append(out, fmt.Sprintf("The change flows through the repository's existing layers: %s.", strings.Join(layers, " → ")))
	}
	if a.newEntity != "" && a.anchor != "" {
		out = append(out, fmt.Sprintf("Introduce %s as a new entity with its own files in each layer, mirroring how %s is built, rather than growing the %s files.", title(a.newEntity), title(a.anchor), title(a.anchor)))
	} else {
		out = append(out, "Extend the existing files named in the steps rather than adding new modules: the behaviour belongs to entities the code already has.")
	}
	if a.layerTouched(LayerService) && a.layerTouched(LayerHandler) {
		out = append(out, "Keep business rules in the service layer and keep handlers thin: they translate HTTP to service calls and service errors to HTTP statuses.")
	}
	deps := "the standard library"
	fw := ""
	if a.in.Facts != nil {
		fw = a.in.Facts.Framework()
		if len(a.in.Facts.Dependencies) > 0 {
			deps = "the dependencies already declared"
		}
	}
	if fw != "" && fw != "none detected" {
		out = append(out, fmt.Sprintf("No new dependencies: use %s and %s.", fw, deps))
	} else {
		out = append(out, fmt.Sprintf("No new dependencies: use %s.", deps))
	}
	return out
}

func (a *analysis) risks() []plan.Risk {
	var out []plan.Risk
	text := strings.ToLower(a.in.Story.Text())
	if a.layerTouched(LayerMiddleware) || a.mentionsPrefix([]string{"owner", "permission", "authori", "unauthori", "authentic", "admin", "role", "logged", "login", "forbidden", "api key", "token"}) {
		out = append(out, plan.Risk{Area: "security", Text: "The criteria restrict who may act; a missing ownership or authentication check would let one user act on another's data.", Mitigation: "Check the caller in the service, not only in the handler, and test the forbidden and unauthenticated cases."})
	}
	if a.layerTouched(LayerMigration) {
		out = append(out, plan.Risk{Area: "migration", Text: "The schema change must deploy before the code that uses it and must be reversible.", Mitigation: "Write the migration so it runs on a live table without long locks, and keep a down path."})
	}
	if a.layerTouched(LayerHandler) || a.layerTouched(LayerRoutes) {
		out = append(out, plan.Risk{Area: "compatibility", Text: "The public API changes; existing clients must keep working.", Mitigation: "Only add endpoints and optional fields; update the API description in the same change."})
	}
	if strings.Contains(text, "stock") || strings.Contains(text, "inventory") || strings.Contains(text, "balance") || strings.Contains(text, "quantity") || strings.Contains(text, "concurren") {
		out = append(out, plan.Risk{Area: "data integrity", Text: "Two requests at once can race on the same counters.", Mitigation: "Change counters in one transaction (or with a conditional update) and test concurrent requests."})
	}
	if strings.Contains(text, "average") || strings.Contains(text, "list") || strings.Contains(text, "search") || strings.Contains(text, "report") || strings.Contains(text, "all ") {
		out = append(out, plan.Risk{Area: "performance", Text: "Listing or aggregating grows with the data.", Mitigation: "Paginate lists, index the columns filtered on, and keep aggregates incremental or cached."})
	}
	out = append(out, plan.Risk{Area: "unknowns", Text: "This draft chose files by ranking, not by reading them; a step may name a file that needs no change or miss one.", Mitigation: "Read each named file before starting, or generate the plan with a model and verify it."})
	return out
}

// estimate sums per-file and per-test costs; the figures are a draft's
// rule of thumb, stated in the breakdown.
func (a *analysis) estimate(p *plan.Plan) *plan.Estimate {
	coding, testing := 0, 0
	for _, f := range p.Files {
		isTest := index.IsTestPath(f.Path)
		switch {
		case isTest && f.Action == plan.ActionNew:
			testing += 30
		case isTest:
			testing += 15
		case f.Action == plan.ActionNew:
			coding += 40
		default:
			coding += 20
		}
	}
	testing += 10 * len(p.Tests)
	docs := 10
	if a.layerTouched(LayerAPIDoc) {
		docs = 20
	}
	review := roundUp((coding+testing)/5, 5)
	if review < 15 {
		review = 15
	}
	e := &plan.Estimate{Breakdown: []plan.EstimatePart{
		{Label: "Coding", Minutes: coding},
		{Label: "Testing", Minutes: testing},
		{Label: "Review", Minutes: review},
		{Label: "Documentation", Minutes: docs},
	}}
	for _, b := range e.Breakdown {
		e.Minutes += b.Minutes
	}
	return e
}

func roundUp(n, to int) int { return (n + to - 1) / to * to }
