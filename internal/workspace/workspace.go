// Package workspace tells facts about a repository: its languages, the
// dependencies its manifests declare, the frameworks those suggest, and the
// context documents it holds (.ai/*.md, OpenAPI files, README). It learns
// what exists from the index and reads nothing on its own.
package workspace

// Facts are what groundplan knows about a repository before ranking.
type Facts struct {
	Languages    []Language   `json:"languages"`    // programming languages, most bytes first
	Dependencies []Dependency `json:"dependencies"` // direct dependencies, manifest order
	Frameworks   []string     `json:"frameworks"`   // most likely first
	Documents    []Document   `json:"documents"`    // context documents found
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
	Version   string `json:"version,omitempty"`
	Manifest  string `json:"manifest"`  // path of the manifest that declares it
	Ecosystem string `json:"ecosystem"` // go, npm, pypi, maven, gradle, cargo, rubygems, composer, nuget
	Dev       bool   `json:"dev,omitempty"`
}

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
