package workspace

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/groundplan/groundplan/internal/index"
)

// parseFunc reads one manifest. It returns the dependencies it declares and
// warnings already formatted as "path:line: problem". It must not panic on
// any input.
type parseFunc func(manifest string, data []byte) ([]Dependency, []string)

// manifestParser picks the parser for a file, or nil when the file is no
// manifest groundplan reads.
func manifestParser(rel string) parseFunc {
	base := path.Base(rel)
	lower := strings.ToLower(base)
	switch base {
	case "go.mod":
		return parseGoMod
	case "package.json":
		return parsePackageJSON
	case "composer.json":
		return parseComposerJSON
	case "pyproject.toml":
		return parsePyproject
	case "pom.xml":
		return parsePOM
	case "build.gradle", "build.gradle.kts":
		return parseGradle
	case "Cargo.toml":
		return parseCargo
	case "Gemfile", "gems.rb":
		return parseGemfile
	}
	switch {
	case isRequirementsFile(rel):
		return parseRequirements
	case strings.HasSuffix(lower, ".csproj"), strings.HasSuffix(lower, ".fsproj"), strings.HasSuffix(lower, ".vbproj"):
		return parseMSBuildProject
	}
	return nil
}

// isRequirementsFile recognises pip requirement files: requirements.txt,
// requirements-dev.txt, requirements_test.txt and any .txt file inside a
// requirements/ folder.
func isRequirementsFile(rel string) bool {
	base := strings.ToLower(path.Base(rel))
	if !strings.HasSuffix(base, ".txt") {
		return false
	}
	stem := strings.TrimSuffix(base, ".txt")
	if stem == "requirements" || strings.HasPrefix(stem, "requirements-") || strings.HasPrefix(stem, "requirements_") || strings.HasPrefix(stem, "requirements.") {
		return true
	}
	return path.Base(path.Dir(rel)) == "requirements"
}

// excludedDirs hold copies of other projects' manifests (vendored code,
// examples, fixtures, build output) whose dependencies are not the
// repository's own.
var excludedDirs = map[string]bool{
	"vendor": true, "node_modules": true, "third_party": true, "bower_components": true,
	"example": true, "examples": true, "_examples": true, "sample": true, "samples": true,
	"testdata": true, "fixtures": true, "__fixtures__": true, "test-fixtures": true,
	"target": true, "build": true, "dist": true, "out": true, "bin": true, "obj": true,
	".venv": true, "venv": true, "site-packages": true,
}

// inExcludedDir reports whether any folder on the path is one whose contents
// are not the repository's own.
func inExcludedDir(rel string) bool {
	dir := path.Dir(rel)
	if dir == "." {
		return false
	}
	for _, part := range strings.Split(dir, "/") {
		if excludedDirs[strings.ToLower(part)] {
			return true
		}
	}
	return false
}

// inTestDir reports whether the manifest sits in a folder of tests, whose
// dependencies only serve development.
func inTestDir(rel string) bool {
	dir := path.Dir(rel)
	if dir == "." {
		return false
	}
	for _, part := range strings.Split(dir, "/") {
		switch strings.ToLower(part) {
		case "test", "tests", "spec", "e2e", "integration-tests", "__tests__":
			return true
		}
	}
	return false
}

// depth counts the folders between the root and rel.
func depth(rel string) int { return strings.Count(rel, "/") }

// readManifests finds the manifests among the indexed files, root first,
// parses each and records dependencies, manifests and warnings into f.
func readManifests(ctx context.Context, ix *index.Index, f *Facts) error {
	type found struct {
		path  string
		parse parseFunc
	}
	var list []found
	central := map[string]string{} // NuGet central package versions
	for _, file := range ix.Files() {
		if inExcludedDir(file.Path) {
			continue
		}
		if path.Base(file.Path) == "Directory.Packages.props" {
			data, err := ix.Read(file.Path, maxManifestSize)
			if err != nil {
				f.Warnings = append(f.Warnings, fmt.Sprintf("%s: %v", file.Path, err))
				continue
			}
			vers, warns := parseCentralPackageVersions(file.Path, data)
			f.Warnings = append(f.Warnings, warns...)
			for name, v := range vers {
				if _, ok := central[name]; !ok || depth(file.Path) == 0 {
					central[name] = v
				}
			}
			continue
		}
		if p := manifestParser(file.Path); p != nil {
			list = append(list, found{file.Path, p})
		}
	}
	sort.SliceStable(list, func(i, j int) bool {
		if di, dj := depth(list[i].path), depth(list[j].path); di != dj {
			return di < dj
		}
		return list[i].path < list[j].path
	})
	for _, m := range list {
		if err := ctx.Err(); err != nil {
			return err
		}
		data, err := ix.Read(m.path, maxManifestSize)
		if err != nil {
			f.Warnings = append(f.Warnings, fmt.Sprintf("%s: %v", m.path, err))
			continue
		}
		deps, warns := m.parse(m.path, bytes.TrimPrefix(data, utf8BOM))
		if inTestDir(m.path) {
			for i := range deps {
				deps[i].Dev = true
			}
		}
		f.Manifests = append(f.Manifests, m.path)
		f.Dependencies = append(f.Dependencies, deps...)
		f.Warnings = append(f.Warnings, warns...)
	}
	resolveCargoWorkspace(f.Dependencies)
	resolveCentralVersions(f.Dependencies, central)
	return nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// warnings collects the problems found in one manifest, each formatted as
// "path:line: problem" (or "path: problem" when the line is unknown).
type warnings struct {
	path string
	list []string
}

func (w *warnings) add(line int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if line > 0 {
		w.list = append(w.list, fmt.Sprintf("%s:%d: %s", w.path, line, msg))
		return
	}
	w.list = append(w.list, fmt.Sprintf("%s: %s", w.path, msg))
}

// lineAt returns the 1-based line of byte offset off in data.
func lineAt(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	if off < 0 {
		off = 0
	}
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

// splitLines splits text into lines without their line endings.
func splitLines(data []byte) []string {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Split(s, "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	return lines
}
