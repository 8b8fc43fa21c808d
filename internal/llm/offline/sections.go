package offline

import (
	"fmt"
	"path"
	"strings"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/plan"
)

// defaultSections are used when the template names none.
var defaultSections = []string{"Architectural Decisions", "Implementation Steps", "Testing Strategy", "Risks & Considerations", "Files Affected", "Time Estimate"}

// sections lays the plan out in the template's sections. Sections with a
// structured counterpart (steps, files, tests, risks, estimate, decisions)
// are rendered from it; the backend sections get prose written from the
// same analysis; a section the draft cannot fill says so.
func (a *analysis) sections(p *plan.Plan) []plan.Section {
	titles := a.in.Sections
	if len(titles) == 0 {
		titles = defaultSections
	}
	var out []plan.Section
	for _, t := range titles {
		key := sectionKey(t)
		s := plan.Section{Key: key, Title: t}
		switch key {
		case plan.KeyDecisions, plan.KeySteps, plan.KeyFiles, plan.KeyRisks, plan.KeyEstimate:
			// rendered from the structured fields
		case plan.KeyTesting:
			s.Body = a.testingBody(p)
		case plan.KeyServiceLayer:
			s.Body = a.layerBody(LayerService, "service")
		case plan.KeyDataLayer:
			s.Body = a.dataBody()
		case plan.KeyBusinessLogic:
			s.Body = a.businessBody()
		case plan.KeyControllers:
			s.Body = a.controllerBody()
		case plan.KeyErrorHandling:
			s.Body = a.errorBody()
		case plan.KeyPerformance:
			s.Body = a.performanceBody(p)
		default:
			s.Body = "_The offline draft has no content for this section; a model-written plan fills it._"
		}
		out = append(out, s)
	}
	return out
}

func (a *analysis) testingBody(p *plan.Plan) string {
	var b strings.Builder
	unit, integ := 0, 0
	for _, t := range p.Tests {
		if t.Kind == "integration" {
			integ++
		} else {
			unit++
		}
	}
	fmt.Fprintf(&b, "Every acceptance criterion gets a test of its own: %d unit test(s) against the service layer and %d integration test(s) through the HTTP handlers.\n\n", unit, integ)
	for _, t := range p.Tests {
		fmt.Fprintf(&b, "- `%s` in `%s` (%s) — covers %s: %s\n", t.Name, t.File, t.Kind, strings.Join(t.Criteria, ", "), t.Description)
	}
	b.WriteString("\nEdge cases: invalid input, missing records, and callers without the right to act. ")
	if fs := a.fakeRepositories(); len(fs) > 0 {
		fmt.Fprintf(&b, "Use the in-memory implementations in %s instead of a database in unit tests.", code(fs))
	} else {
		b.WriteString("Replace external dependencies with in-memory fakes behind their interfaces.")
	}
	return b.String()
}

// fakeRepositories finds in-memory implementations tests can use.
func (a *analysis) fakeRepositories() []string {
	var out []string
	for _, f := range a.byLayer[LayerRepository] {
		b := strings.ToLower(path.Base(f.Path))
		if strings.Contains(b, "memory") || strings.Contains(b, "mem") || strings.Contains(b, "fake") || strings.Contains(b, "mock") {
			out = append(out, f.Path)
		}
	}
	return out
}

func (a *analysis) stepsOf(l Layer) []int {
	var out []int
	for i, x := range a.stepLayer {
		if x == l {
			out = append(out, i)
		}
	}
	return out
}

func (a *analysis) layerBody(l Layer, what string) string {
	var b strings.Builder
	for _, i := range a.stepsOf(l) {
		st := a.steps[i]
		fmt.Fprintf(&b, "- %s %s\n", st.Detail, coverage(st))
	}
	if b.Len() == 0 {
		return fmt.Sprintf("No %s file ranked for this change; add the logic where the handlers call into the existing code.", what)
	}
	return strings.TrimRight(b.String(), "\n")
}

func coverage(st plan.Step) string {
	if len(st.Criteria) == 0 {
		return ""
	}
	return "(covers " + strings.Join(st.Criteria, ", ") + ")"
}

func (a *analysis) dataBody() string {
	var parts []string
	for _, l := range []Layer{LayerMigration, LayerModel, LayerRepository} {
		if body := a.layerBody(l, l.String()); len(a.stepsOf(l)) > 0 {
			parts = append(parts, body)
		}
	}
	if len(parts) == 0 {
		return "The change needs no new tables or queries: it reuses the existing data access."
	}
	return strings.Join(parts, "\n")
}

func (a *analysis) businessBody() string {
	var b strings.Builder
	svc := "the service layer"
	if idx := a.stepsOf(LayerService); len(idx) > 0 && len(a.steps[idx[0]].Files) > 0 {
		svc = "`" + a.steps[idx[0]].Files[0] + "`"
	}
	for _, c := range a.criteria {
		fmt.Fprintf(&b, "- **%s**: %s — enforced in %s.\n", c.ID, c.Text, svc)
	}
	if b.Len() == 0 {
		return "Validate input at the boundary, apply the rules of the spec in " + svc + ", and return domain errors the handlers can map."
	}
	return strings.TrimRight(b.String(), "\n")
}

// rules picks the rule-like list items of a free-form spec — those that
// say must, only, cannot, never, at most, at least, expire… — joining
// items wrapped over several lines.
func rules(spec string) []string {
	var items []string
	cur := -1
	for _, ln := range strings.Split(spec, "\n") {
		t := strings.TrimSpace(ln)
		switch {
		case strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* "):
			items = append(items, strings.TrimSpace(t[2:]))
			cur = len(items) - 1
		case t == "" || strings.HasPrefix(t, "#"):
			cur = -1
		case cur >= 0 && (strings.HasPrefix(ln, " ") || strings.HasPrefix(ln, "\t")):
			items[cur] += " " + t
		default:
			cur = -1
		}
	}
	var out []string
	for _, it := range items {
		lt := strings.ToLower(it)
		for _, k := range []string{"must", "only", "cannot", "can't", "never", "at most", "at least", "expire", "should", "unique", "required", "fails", "reject"} {
			if strings.Contains(lt, k) {
				out = append(out, it)
				break
			}
		}
		if len(out) == 12 {
			break
		}
	}
	return out
}

func (a *analysis) controllerBody() string {
	var b strings.Builder
	added, changed := a.splitEndpoints()
	if len(added) > 0 {
		fmt.Fprintf(&b, "New endpoints: %s.\n\n", code(added))
	}
	if len(changed) > 0 {
		fmt.Fprintf(&b, "Changed endpoints: %s.\n\n", code(changed))
	}
	for _, l := range []Layer{LayerHandler, LayerRoutes, LayerMiddleware, LayerAPIDoc} {
		for _, i := range a.stepsOf(l) {
			fmt.Fprintf(&b, "- %s %s\n", a.steps[i].Detail, coverage(a.steps[i]))
		}
	}
	if b.Len() == 0 {
		return "No HTTP handler ranked for this change; expose it through the existing entry points."
	}
	return strings.TrimRight(b.String(), "\n")
}

// errorBody names the error values and the mapping code that already exist.
func (a *analysis) errorBody() string {
	var errs []string
	var mappers []string
	for _, f := range a.in.Index.Files() {
		if f.Test || !index.IsProgramming(f.Language) {
			continue
		}
		for _, s := range f.AllSymbols() {
			if (s.Kind == index.KindVar || s.Kind == index.KindType) && s.Exported && (strings.HasPrefix(s.Name, "Err") || strings.HasSuffix(s.Name, "Error") || strings.HasSuffix(s.Name, "Exception")) {
				if len(errs) < 8 {
					errs = append(errs, s.Name)
				}
			}
		}
		if classify(f) == LayerHandler && strings.Contains(strings.ToLower(path.Base(f.Path)), "error") {
			mappers = append(mappers, f.Path)
		}
	}
	var b strings.Builder
	if len(errs) > 0 {
		fmt.Fprintf(&b, "- Return the existing domain errors (%s) from the service, adding new ones beside them for the new failure cases.\n", code(errs))
	} else {
		b.WriteString("- Define domain errors for each failure case in the service layer.\n")
	}
	if len(mappers) > 0 {
		fmt.Fprintf(&b, "- Map them to HTTP statuses and the JSON error body in %s; unknown errors become 500 without leaking details.\n", code(mappers))
	} else {
		b.WriteString("- Map them to HTTP statuses in one place in the handlers; unknown errors become 500 without leaking details.\n")
	}
	b.WriteString("- Validation failures answer 400 (or 422) naming the field; missing records 404; rule conflicts 409.")
	return b.String()
}

func (a *analysis) performanceBody(p *plan.Plan) string {
	var b strings.Builder
	for _, r := range p.Risks {
		if r.Area == "performance" || r.Area == "data integrity" {
			fmt.Fprintf(&b, "- %s %s\n", r.Text, r.Mitigation)
		}
	}
	if a.layerTouched(LayerMigration) {
		b.WriteString("- Index the new table's foreign keys and the columns queries filter or sort on.\n")
	}
	if b.Len() == 0 {
		b.WriteString("- The change adds no hot path: keep queries bounded and measure before adding caches.\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// sectionKey maps a template's section title to the plan's canonical key.
func sectionKey(title string) string { return plan.KeyFor(title) }
