package workspace

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/groundplan/groundplan/internal/index"
)

const (
	openAPISniffSize = 4 << 10 // bytes of a YAML/JSON file searched for the OpenAPI marker
	maxOpenAPISize   = 8 << 20 // larger YAML/JSON files are not read
)

// openAPIMarker matches the top-level key that marks an OpenAPI or Swagger
// document: "openapi:"/"swagger:" at the start of a YAML line, or the
// quoted key in JSON.
var openAPIMarker = regexp.MustCompile(`(?m)^(openapi|swagger)\s*:|"(openapi|swagger)"\s*:`)

// findDocuments lists the context documents of the repository: Markdown
// files under the root .ai/ folder (any name), Markdown files directly in
// docs/ or doc/ whose names say PRD, database or tech stack, OpenAPI and
// Swagger files anywhere outside vendored, example and test folders, and the
// root README. Documents under .ai/ come first, then docs/, OpenAPI files and
// the README.
func findDocuments(ctx context.Context, ix *index.Index) ([]Document, []string, error) {
	type ranked struct {
		Document
		rank int
	}
	var (
		list  []ranked
		warns []string
	)
	readme := ""
	for _, f := range ix.Files() {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		rel := f.Path
		dir, base := path.Dir(rel), path.Base(rel)
		ext := strings.ToLower(path.Ext(base))
		isMarkdown := ext == ".md" || ext == ".markdown" || ext == ".mdx"
		switch {
		case isMarkdown && (dir == ".ai" || strings.HasPrefix(dir, ".ai/")):
			list = append(list, ranked{Document{Path: rel, Kind: classifyDoc(base)}, 0})
			continue
		case isMarkdown && (dir == "docs" || dir == "doc"):
			if k := classifyDoc(base); k != DocContext {
				list = append(list, ranked{Document{Path: rel, Kind: k}, 1})
			}
			continue
		case dir == "." && isReadme(base):
			if readme == "" || readmePreference(base) < readmePreference(readme) {
				readme = base
			}
			continue
		}
		if ext != ".yaml" && ext != ".yml" && ext != ".json" || notAPISpec(base) ||
			inExcludedDir(rel) || f.Test || f.Size > maxOpenAPISize {
			continue
		}
		// Only the head is searched, and read: moby alone has thirty
		// versioned swagger files of some 450 KB each.
		data, err := ix.ReadHead(rel, openAPISniffSize)
		if err != nil {
			warns = append(warns, fmt.Sprintf("%s: %v", rel, err))
			continue
		}
		if openAPIMarker.Match(data) {
			list = append(list, ranked{Document{Path: rel, Kind: DocOpenAPI}, 2})
		}
	}
	if readme != "" {
		list = append(list, ranked{Document{Path: readme, Kind: DocReadme}, 3})
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].rank != list[j].rank {
			return list[i].rank < list[j].rank
		}
		if di, dj := depth(list[i].Path), depth(list[j].Path); di != dj {
			return di < dj
		}
		return list[i].Path < list[j].Path
	})
	out := make([]Document, len(list))
	for i, r := range list {
		out[i] = r.Document
	}
	return out, warns, nil
}

// notAPISpec names JSON and YAML files that are known to be something else
// (manifests, lock files, tool configuration), so they need not be read.
func notAPISpec(base string) bool {
	lower := strings.ToLower(base)
	switch lower {
	case "package.json", "package-lock.json", "composer.json", "pnpm-lock.yaml", "yarn.lock",
		".eslintrc.json", ".prettierrc.json", "renovate.json", "docker-compose.yml", "docker-compose.yaml",
		"pubspec.yaml", "pubspec.lock", "openapitools.json":
		return true
	}
	return strings.HasPrefix(lower, "tsconfig") || strings.HasPrefix(lower, "jsconfig") ||
		strings.HasSuffix(lower, "-lock.json") || strings.HasSuffix(lower, ".lock.json")
}

// classifyDoc tells the kind of a context document from its file name:
// prd.md, product-requirements.md → PRD; db.md, db-plan.md, database.md,
// schema.md → database; tech-stack.md, stack.md → tech stack; anything else
// is context.
func classifyDoc(base string) DocKind {
	stem := strings.ToLower(strings.TrimSuffix(base, path.Ext(base)))
	words := strings.FieldsFunc(stem, func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == ' ' })
	has := func(w string) bool {
		for _, x := range words {
			if x == w {
				return true
			}
		}
		return false
	}
	joined := strings.Join(words, "-")
	switch {
	case has("prd") || strings.Contains(joined, "product-requirements"):
		return DocPRD
	case has("db") || has("database") || has("schema") || has("erd"):
		return DocDB
	case has("stack") || has("techstack"):
		return DocTechStack
	}
	return DocContext
}

func isReadme(base string) bool {
	return readmePreference(base) < len(readmeNames)
}

var readmeNames = []string{"readme.md", "readme.markdown", "readme.rst", "readme.adoc", "readme.txt", "readme"}

// readmePreference ranks README spellings; Markdown comes first.
func readmePreference(base string) int {
	lower := strings.ToLower(base)
	for i, n := range readmeNames {
		if lower == n {
			return i
		}
	}
	return len(readmeNames)
}
