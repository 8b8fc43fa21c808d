package offline

import (
	"path"
	"strings"

	"github.com/groundplan/groundplan/internal/index"
)

// Layer is one architectural layer of a repository, in the order a change
// flows through it.
type Layer int

// The layers, in implementation order.
const (
	LayerNone Layer = iota
	LayerMigration
	LayerModel
	LayerRepository
	LayerService
	LayerMiddleware
	LayerHandler
	LayerRoutes
	LayerWiring
	LayerAPIDoc
	LayerTest
)

var layerNames = map[Layer]string{
	LayerMigration:  "migrations",
	LayerModel:      "models",
	LayerRepository: "data access",
	LayerService:    "services",
	LayerMiddleware: "middleware",
	LayerHandler:    "handlers",
	LayerRoutes:     "routes",
	LayerWiring:     "wiring",
	LayerAPIDoc:     "API documentation",
	LayerTest:       "tests",
}

func (l Layer) String() string { return layerNames[l] }

// layerWords maps path segments and file-name stems to layers. The words are
// the conventions of common frameworks (Go, Rails, Django, Spring, Express,
// Laravel, ASP.NET), not of any one repository.
var layerWords = []struct {
	layer Layer
	words []string
}{
	{LayerMigration, []string{"migrations", "migration", "migrate", "alembic", "flyway", "liquibase"}},
	{LayerRoutes, []string{"routes", "route", "router", "routing", "urls"}},
	{LayerMiddleware, []string{"middleware", "middlewares", "interceptors", "filters", "guards"}},
	{LayerHandler, []string{"handlers", "handler", "controllers", "controller", "views", "endpoints", "resources", "api", "http", "transport", "rest", "web"}},
	{LayerService, []string{"services", "service", "usecases", "usecase", "usecase", "business", "domain", "logic", "app", "application", "core"}},
	{LayerRepository, []string{"repository", "repositories", "repo", "repos", "store", "stores", "storage", "dao", "persistence", "db", "database", "data"}},
	{LayerModel, []string{"models", "model", "entities", "entity", "schemas", "schema", "types", "dto", "dtos"}},
}

// classify returns the layer of a file from its path: test files first, then
// the API description, then the most specific path segment or file stem.
func classify(f *index.File) Layer {
	if f.Test {
		return LayerTest
	}
	p := strings.ToLower(f.Path)
	base := path.Base(p)
	if isAPIDoc(base) {
		return LayerAPIDoc
	}
	if strings.HasSuffix(base, ".sql") && strings.Contains(p, "migrat") {
		return LayerMigration
	}
	stem := strings.TrimSuffix(base, path.Ext(base))
	segs := strings.Split(path.Dir(p), "/")
	// The file's own name speaks first (book_service.go, routes.rb,
	// user_repository.py), then its folders from the deepest up.
	for _, part := range strings.FieldsFunc(stem, func(r rune) bool { return r == '_' || r == '-' || r == '.' }) {
		if l := layerOfWord(part); l != LayerNone && l != LayerHandler && l != LayerService {
			return l
		}
	}
	for i := len(segs) - 1; i >= 0; i-- {
		if l := layerOfWord(segs[i]); l != LayerNone {
			return l
		}
	}
	for _, part := range strings.FieldsFunc(stem, func(r rune) bool { return r == '_' || r == '-' || r == '.' }) {
		if l := layerOfWord(part); l != LayerNone {
			return l
		}
	}
	return LayerNone
}

func layerOfWord(w string) Layer {
	for _, lw := range layerWords {
		for _, x := range lw.words {
			if w == x {
				return lw.layer
			}
		}
	}
	return LayerNone
}

func isAPIDoc(base string) bool {
	switch base {
	case "openapi.yaml", "openapi.yml", "openapi.json", "swagger.yaml", "swagger.yml", "swagger.json":
		return true
	}
	return false
}
