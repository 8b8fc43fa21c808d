// Package workspace tells facts about a repository: its languages, the
// dependencies its manifests declare, the frameworks those suggest, and the
// context documents it holds (.ai/*.md, OpenAPI files, README). It learns
// what exists from the index and reads nothing on its own.
package workspace

import (
	"context"
	"errors"
	"fmt"

	"github.com/groundplan/groundplan/internal/index"
)

// Facts are what groundplan knows about a repository before ranking.
type Facts struct {
	Languages    []Language   `json:"languages"`          // programming languages, most bytes first
	Manifests    []string     `json:"manifests"`          // manifests read, root first
	Dependencies []Dependency `json:"dependencies"`       // direct dependencies, manifest order
	Frameworks   []string     `json:"frameworks"`         // most likely first
	Documents    []Document   `json:"documents"`          // context documents found
	Warnings     []string     `json:"warnings,omitempty"` // "path:line: problem" for manifests that did not parse cleanly
}

// Language is one language with its share of the repository.
type Language struct {
	Name  string `json:"name"`
	Files int    `json:"files"`
	Bytes int64  `json:"bytes"`
}

// Dependency is one dependency declared by a manifest.
type Dependency struct {
	Name      string `json:"name"`
	Version   string `json:"version,omitempty"` // as the manifest writes it: "v5.2.1", "^4.19.2", ">=0.110"
	Manifest  string `json:"manifest"`          // path of the manifest that declares it
	Ecosystem string `json:"ecosystem"`         // go, npm, pypi, maven, gradle, cargo, rubygems, composer, nuget
	Dev       bool   `json:"dev,omitempty"`
	// Kind says what sort of declaration this is when it is not a plain
	// library: a Maven parent, an imported BOM or Gradle platform, a build
	// plugin, an MSBuild SDK, or a Cargo workspace-wide declaration.
	Kind DepKind `json:"kind,omitempty"`
	// Line is the manifest line the declaration starts on (0 when unknown).
	Line int `json:"line,omitempty"`
}

// DepKind tells a plain library dependency from the other declarations a
// manifest makes.
type DepKind string

// The kinds of dependency declaration. A plain library has the empty kind.
const (
	KindLibrary   DepKind = ""
	KindParent    DepKind = "parent"    // Maven <parent>
	KindPlatform  DepKind = "platform"  // Maven import-scoped BOM, Gradle platform()
	KindPlugin    DepKind = "plugin"    // Gradle plugins { id … }
	KindSDK       DepKind = "sdk"       // MSBuild <Project Sdk="…">
	KindWorkspace DepKind = "workspace" // Cargo [workspace.dependencies]
)

// DocKind classifies a context document.
type DocKind string

// The kinds of context document.
const (
	DocPRD       DocKind = "prd"
	DocDB        DocKind = "db"
	DocTechStack DocKind = "tech-stack"
	DocOpenAPI   DocKind = "openapi"
	DocReadme    DocKind = "readme"
	DocContext   DocKind = "context" // any other .ai/*.md or similar
)

// Document is one context document.
type Document struct {
	Path string  `json:"path"`
	Kind DocKind `json:"kind"`
}

// maxManifestSize bounds how much of a manifest Detect reads.
const maxManifestSize = 4 << 20

// Detect gathers the facts of the repository the index describes. It reads
// manifests and candidate documents through the index only. A manifest that
// cannot be read or parsed does not fail detection: the problem is recorded
// in Facts.Warnings with the file and line. Detect fails only when ix is nil
// or ctx ends.
func Detect(ctx context.Context, ix *index.Index) (*Facts, error) {
	if ix == nil {
		return nil, errors.New("detect workspace facts: nil index")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("detect workspace facts: %w", err)
	}
	files := ix.Files()
	f := &Facts{
		Languages:    countLanguages(files),
		Manifests:    []string{},
		Dependencies: []Dependency{},
		Frameworks:   []string{},
		Documents:    []Document{},
	}
	if err := readManifests(ctx, ix, f); err != nil {
		return nil, fmt.Errorf("detect workspace facts: %w", err)
	}
	f.Frameworks = detectFrameworks(f.Dependencies, f.Languages, importsNetHTTP(files))
	docs, warns, err := findDocuments(ctx, ix)
	if err != nil {
		return nil, fmt.Errorf("detect workspace facts: %w", err)
	}
	f.Documents = docs
	f.Warnings = append(f.Warnings, warns...)
	return f, nil
}
