package verify

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/plan"
	"github.com/groundplan/groundplan/internal/workspace"
)

// This file checks the endpoints and tables a plan names against what the
// repository knows: its OpenAPI documents and route registrations, its
// migrations, database documents and SQL.

// route is one endpoint: a method ("" for any) and a normalised path.
type route struct {
	method, path string
	raw          string // the path as written where it is known from
	source       string // where it is known from
}

// normRoute normalises a URL path for comparison: no query, no trailing
// slash, lower case, and every parameter ("{id}", ":id", "<id>", "42")
// written "{}".
func normRoute(p string) string {
	if k := strings.IndexAny(p, "?#"); k >= 0 {
		p = p[:k]
	}
	var segs []string
	for _, s := range strings.Split(p, "/") {
		s = strings.TrimFunc(s, routeJunk)
		switch {
		case s == "":
		case strings.HasPrefix(s, "{") || strings.HasPrefix(s, ":") || strings.HasPrefix(s, "<") || strings.HasPrefix(s, "*") || strings.HasPrefix(s, "$"):
			segs = append(segs, "{}")
		case strings.Trim(s, "0123456789") == "", uuidRe.MatchString(s):
			segs = append(segs, "{}")
		default:
			segs = append(segs, strings.ToLower(s))
		}
	}
	return "/" + strings.Join(segs, "/")
}

// routeJunk reports the characters prose leaves around a route or its
// segments.
func routeJunk(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("`'\".,;)", r) }

var uuidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// splitEndpoint splits "GET /books" into method and path.
func splitEndpoint(s string) (method, p string) {
	f := strings.Fields(s)
	switch len(f) {
	case 0:
		return "", ""
	case 1:
		return "", f[0]
	}
	m := strings.ToUpper(f[0])
	if m == "ANY" {
		m = ""
	}
	return m, f[1]
}

// matchRoute reports whether method and path (normalised) are in rs. A
// path also matches a known one that differs only by a leading prefix
// (a server base path or a sub-router mount), when both keep at least two
// segments.
func matchRoute(rs []route, method, p string) bool {
	for _, r := range rs {
		if r.method != "" && method != "" && r.method != method {
			continue
		}
		if r.path == p {
			return true
		}
		if strings.Count(r.path, "/") >= 2 && strings.Count(p, "/") >= 2 &&
			(strings.HasSuffix(p, r.path) || strings.HasSuffix(r.path, p)) {
			return true
		}
	}
	return false
}

// knownRoutes collects the repository's endpoints: route registrations in
// the index and the paths of its OpenAPI documents.
func (v *verifier) knownRoutes() []route {
	var out []route
	for _, f := range v.ix.Files() {
		for _, s := range f.AllSymbols() {
			if s.Kind == index.KindRoute {
				m, p := splitEndpoint(s.Name)
				out = append(out, route{m, normRoute(p), p, s.Path})
			}
		}
	}
	for _, d := range v.facts.Documents {
		if d.Kind != workspace.DocOpenAPI {
			continue
		}
		data, err := v.ix.Read(d.Path, 8<<20)
		if err != nil {
			continue
		}
		out = append(out, openAPIRoutes(d.Path, data)...)
	}
	return out
}

// openAPIRoutes reads the operations of an OpenAPI or Swagger document
// (YAML or JSON), with and without its base path.
func openAPIRoutes(src string, data []byte) []route {
	var doc struct {
		BasePath string                    `yaml:"basePath"`
		Servers  []struct{ URL string }    `yaml:"servers"`
		Paths    map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil
	}
	prefixes := []string{""}
	if doc.BasePath != "" && doc.BasePath != "/" {
		prefixes = append(prefixes, strings.TrimRight(doc.BasePath, "/"))
	}
	for _, s := range doc.Servers {
		if u, err := url.Parse(s.URL); err == nil && u.Path != "" && u.Path != "/" {
			prefixes = append(prefixes, strings.TrimRight(u.Path, "/"))
		}
	}
	var out []route
	for p, ops := range doc.Paths {
		for m := range ops {
			method := strings.ToUpper(m)
			if !httpMethods[method] {
				continue
			}
			for _, pre := range prefixes {
				out = append(out, route{method, normRoute(pre + p), pre + p, src})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].path != out[j].path {
			return out[i].path < out[j].path
		}
		return out[i].method < out[j].method
	})
	return out
}

// inputRoutes are the endpoints the request (story or spec) names: the
// plan is asked to build them.
func (v *verifier) inputRoutes() []route {
	s := v.opts.Story
	if s == nil {
		return nil
	}
	var out []route
	for _, line := range strings.Split(s.Text(), "\n") {
		toks := tokenize(line)
		for i, t := range toks {
			if m := endpointRe.FindStringSubmatch(t.Text); m != nil && t.Code {
				out = append(out, route{m[1], normRoute(m[2]), m[2], "request"})
				continue
			}
			w := trimPunct(t.Text)
			if !t.Code && httpMethods[w] && i+1 < len(toks) && strings.HasPrefix(strings.Trim(toks[i+1].Text, "`"), "/") {
				p := strings.Trim(toks[i+1].Text, "`")
				out = append(out, route{w, normRoute(p), p, "request"})
			}
		}
	}
	return out
}

// checkEndpoints runs the endpoint rule. It runs only when the repository
// documents or registers endpoints at all.
func (v *verifier) checkEndpoints() {
	known := v.knownRoutes()
	if len(known) == 0 {
		return
	}
	v.ranRule(RuleEndpointUnknown)
	var planned []route
	for _, r := range v.sc.routes {
		m, p := splitEndpoint(r)
		planned = append(planned, route{m, normRoute(p), p, "plan"})
	}
	var mentions []mention
	for _, m := range v.sc.mentions {
		if m.kind != kindEndpoint {
			continue
		}
		mentions = append(mentions, m)
		if m.intent == intentCreate {
			meth, p := splitEndpoint(m.value)
			planned = append(planned, route{meth, normRoute(p), p, "plan"})
		}
	}
	planned = append(planned, v.inputRoutes()...)
	reported := map[string]*Finding{}
	var order []string
	for _, m := range mentions {
		meth, p := splitEndpoint(m.value)
		np := normRoute(p)
		if matchRoute(known, meth, np) || matchRoute(planned, meth, np) {
			continue
		}
		id := meth + " " + np
		if f, ok := reported[id]; ok {
			if f.Line != m.line {
				f.Also = appendUniqueInt(f.Also, m.line)
			}
			continue
		}
		f := &Finding{Rule: RuleEndpointUnknown, Line: m.line, Symbol: meth + " " + p,
			Message:    fmt.Sprintf("`%s %s` is not in the repository's API documents or routes, and the plan does not say it adds it", meth, p),
			Candidates: closeRoutes(known, meth, np)}
		f.Suggestion = "say which step adds this endpoint, or use an existing one"
		if len(f.Candidates) > 0 {
			f.Suggestion += ": " + quoteList(f.Candidates)
		}
		reported[id] = f
		order = append(order, id)
	}
	for _, id := range order {
		v.add(*reported[id])
	}
}

// closeRoutes suggests known endpoints: the same path with another method,
// or a close path.
func closeRoutes(known []route, method, p string) []string {
	var cs []candidate
	for _, r := range known {
		name := strings.TrimSpace(r.method + " " + r.raw)
		d := distance(r.path, p)
		switch {
		case r.path == p:
			cs = append(cs, candidate{name, 0})
		case closeEnough(d, len(r.path), len(p)):
			sc := float64(d) / float64(len(p))
			if r.method != method {
				sc += 0.5
			}
			cs = append(cs, candidate{name, sc})
		}
	}
	return best(cs, 3)
}

// Tables the repository knows.
var (
	sqlTableDeclRe = regexp.MustCompile(`(?i)\b(?:CREATE|ALTER)\s+TABLE\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?(?:ONLY\s+)?[` + "`" + `"]?([A-Za-z_][\w.]*)`)
	sqlUseRe       = regexp.MustCompile(`(?i)\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+[` + "`" + `"]?([A-Za-z_][\w.]*)`)
	docHeadingRe   = regexp.MustCompile(`^#{2,6}\s+` + "`?" + `([A-Za-z_][\w.]*)` + "`?" + `\s*$`)
)

// knownTables collects table names from the repository's SQL files and
// database documents.
func (v *verifier) knownTables() map[string]bool {
	out := map[string]bool{}
	for _, f := range v.ix.Files() {
		if strings.ToLower(path.Ext(f.Path)) != ".sql" {
			continue
		}
		data, err := v.ix.Read(f.Path, 4<<20)
		if err != nil {
			continue
		}
		for _, m := range sqlTableDeclRe.FindAllStringSubmatch(string(data), -1) {
			out[normTable(m[1])] = true
		}
	}
	for _, d := range v.facts.Documents {
		if d.Kind != workspace.DocDB {
			continue
		}
		data, err := v.ix.Read(d.Path, 4<<20)
		if err != nil {
			continue
		}
		text := string(data)
		for _, m := range sqlTableDeclRe.FindAllStringSubmatch(text, -1) {
			out[normTable(m[1])] = true
		}
		for _, line := range strings.Split(text, "\n") {
			if m := docHeadingRe.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
				out[normTable(m[1])] = true
			}
		}
		for _, m := range backtickedRe.FindAllStringSubmatch(text, -1) {
			out[normTable(m[1])] = true
		}
	}
	delete(out, "")
	return out
}

// codeTables collects the tables the repository's code queries, read only
// when a plan names a table the SQL files and documents do not know.
func (v *verifier) codeTables() map[string]bool {
	out := map[string]bool{}
	for _, f := range v.ix.Files() {
		if !index.IsProgramming(f.Language) || f.Test {
			continue
		}
		for _, l := range v.lines(f.Path) {
			for _, m := range sqlUseRe.FindAllStringSubmatch(l, -1) {
				if n := normTable(m[1]); n != "" && strings.ToLower(n) == n {
					out[n] = true
				}
			}
		}
	}
	return out
}

// checkTables runs the table rule. It runs only when the repository has
// SQL files or a database document that names tables.
func (v *verifier) checkTables() {
	known := v.knownTables()
	if len(known) == 0 {
		return
	}
	v.ranRule(RuleTableUnknown)
	created := map[string]bool{}
	for t := range v.sc.newTables {
		created[t] = true
	}
	for _, m := range v.sc.mentions {
		if m.kind == kindTable && m.intent == intentCreate {
			created[m.value] = true
		}
	}
	var newMigrations []string
	for p := range v.newFiles {
		newMigrations = append(newMigrations, strings.ToLower(path.Base(p)))
	}
	for _, f := range v.p.Files {
		if f.Action == plan.ActionNew {
			newMigrations = append(newMigrations, strings.ToLower(path.Base(f.Path)))
		}
	}
	var code map[string]bool
	reported := map[string]*Finding{}
	var order []string
	for _, m := range v.sc.mentions {
		if m.kind != kindTable {
			continue
		}
		t := m.value
		if known[t] || created[t] || v.vocab[t] || inMigrationName(newMigrations, t) {
			continue
		}
		if code == nil {
			code = v.codeTables()
		}
		if code[t] {
			continue
		}
		if f, ok := reported[t]; ok {
			if f.Line != m.line {
				f.Also = appendUniqueInt(f.Also, m.line)
			}
			continue
		}
		var cs []candidate
		for k := range known {
			if d := distance(k, t); closeEnough(d, len(k), len(t)) || strings.TrimSuffix(k, "s") == strings.TrimSuffix(t, "s") {
				cs = append(cs, candidate{k, float64(d)})
			}
		}
		f := &Finding{Rule: RuleTableUnknown, Line: m.line, Symbol: t,
			Message:    fmt.Sprintf("table `%s` is not in the repository's migrations or database documents, and the plan does not say it creates it", t),
			Candidates: best(cs, 3)}
		f.Suggestion = "say which migration creates it, or use an existing table"
		if len(f.Candidates) > 0 {
			f.Suggestion = didYouMean(f.Candidates, f.Suggestion)
		}
		reported[t] = f
		order = append(order, t)
	}
	for _, t := range order {
		v.add(*reported[t])
	}
}

// inMigrationName reports whether a new file's name names the table
// ("0005_create_reviews.sql" for reviews).
func inMigrationName(names []string, table string) bool {
	for _, n := range names {
		for _, w := range strings.FieldsFunc(strings.TrimSuffix(n, path.Ext(n)), func(r rune) bool { return r == '_' || r == '-' || r == '.' }) {
			if w == table {
				return true
			}
		}
		if strings.Contains(n, "_"+table+".") || strings.Contains(n, "_"+table+"_") {
			return true
		}
	}
	return false
}
