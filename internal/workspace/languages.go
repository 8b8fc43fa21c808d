package workspace

import (
	"sort"

	"github.com/groundplan/groundplan/internal/detect"
	"github.com/groundplan/groundplan/internal/index"
)

// countLanguages tallies the programming languages of the indexed files by
// files and bytes, most bytes first. Test files count too. A language that
// detect files under a programming group (TSX under TypeScript) is counted
// as its group, so a React code base reads as TypeScript rather than two
// halves of one language.
func countLanguages(files []*index.File) []Language {
	byName := map[string]*Language{}
	for _, f := range files {
		if !index.IsProgramming(f.Language) {
			continue
		}
		name := f.Language
		if g := detect.Group(name); g != "" && index.IsProgramming(g) {
			name = g
		}
		l := byName[name]
		if l == nil {
			l = &Language{Name: name}
			byName[name] = l
		}
		l.Files++
		l.Bytes += f.Size
	}
	out := make([]Language, 0, len(byName))
	for _, l := range byName {
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Bytes != out[j].Bytes {
			return out[i].Bytes > out[j].Bytes
		}
		if out[i].Files != out[j].Files {
			return out[i].Files > out[j].Files
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// importsNetHTTP reports whether any non-test Go file imports net/http.
func importsNetHTTP(files []*index.File) bool {
	for _, f := range files {
		if f.Language != "Go" || f.Test {
			continue
		}
		for _, imp := range f.Imports {
			if imp == "net/http" {
				return true
			}
		}
	}
	return false
}
