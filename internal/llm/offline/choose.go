package offline

import (
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/rank"
)

// modifiedIn chooses the existing files of a layer the change modifies.
//
// In a layered code base a story about an entity changes that entity's
// file in each layer (book.go, book_service.go, books.go), so files named
// after the story's focus entity come first, then the best-ranked others.
// When the story adds a new entity, the layer's aggregate files — those that
// declare things for several entities, like repository interfaces or an
// in-memory store — must learn about it too.
func (a *analysis) modifiedIn(l Layer, creating bool) (files, symbols []string) {
	if l == LayerMigration {
		return nil, nil // applied migrations are history: changes go in new ones
	}
	byPath := map[string]rank.Result{}
	for _, r := range a.ranked[l] {
		byPath[r.Path] = r
	}
	add := func(f *index.File) {
		if !contains(files, f.Path) {
			files = append(files, f.Path)
			symbols = append(symbols, a.symbolsOf(f, byPath)...)
		}
	}
	if a.anchor != "" {
		for _, f := range a.byLayer[l] {
			if a.namedAfter(f.Path, a.anchor) {
				add(f)
				break
			}
		}
	}
	if creating {
		aggs := a.aggregates(l)
		for i := 0; i < len(aggs) && i < 2; i++ {
			add(aggs[i])
		}
		return files, symbols
	}
	for _, r := range a.ranked[l] {
		if len(files) >= 2 {
			break
		}
		f, ok := a.in.Index.File(r.Path)
		if !ok || a.namedAfterOther(f.Path) {
			continue // another entity's file: not this story's
		}
		add(f)
	}
	return files, symbols
}

// symbolsOf picks a file's symbols most relevant to the story: the ranker's
// choice when the file was ranked, else the symbols sharing words with the
// story.
func (a *analysis) symbolsOf(f *index.File, byPath map[string]rank.Result) []string {
	if r, ok := byPath[f.Path]; ok && len(r.Symbols) > 0 {
		return topSymbols(r, 3)
	}
	sw := contentWords(a.in.Story.Text())
	var out []string
	for _, s := range f.AllSymbols() {
		if s.Kind == index.KindRoute || !s.Exported {
			continue
		}
		if overlap(words(s.Name), sw) > 0 {
			out = append(out, s.QualifiedName())
		}
		if len(out) == 3 {
			break
		}
	}
	return out
}

// namedAfter reports whether a file's base name carries the entity's name.
func (a *analysis) namedAfter(p, entity string) bool {
	for _, w := range words(strings.TrimSuffix(path.Base(p), path.Ext(p))) {
		if singular(w) == entity {
			return true
		}
	}
	return false
}

// namedAfterOther reports whether a file is named after an existing entity
// other than the story's focus.
func (a *analysis) namedAfterOther(p string) bool {
	for _, w := range words(strings.TrimSuffix(path.Base(p), path.Ext(p))) {
		s := singular(w)
		if a.entities[s] && s != a.anchor {
			return true
		}
	}
	return false
}

// aggregates returns a layer's files that are named after no entity but
// declare symbols for two or more of them, those naming the most entities
// first.
func (a *analysis) aggregates(l Layer) []*index.File {
	var out []*index.File
	count := map[string]int{}
	for _, f := range a.byLayer[l] {
		if a.namedAfter(f.Path, a.anchor) || a.namedAfterOther(f.Path) {
			continue
		}
		seen := map[string]bool{}
		for _, s := range f.AllSymbols() {
			for _, w := range words(s.QualifiedName()) {
				if a.entities[singular(w)] {
					seen[singular(w)] = true
				}
			}
		}
		if len(seen) >= 2 {
			out = append(out, f)
			count[f.Path] = len(seen)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return count[out[i].Path] > count[out[j].Path] })
	return out
}

// compositionRoot finds the file that builds the application's components
// (a main function naming the constructors of several entities), which must
// also build the new entity's.
func (a *analysis) compositionRoot() string {
	for _, f := range a.in.Index.Files() {
		if f.Test || !index.IsProgramming(f.Language) {
			continue
		}
		hasMain := false
		for _, s := range f.AllSymbols() {
			if s.Name == "main" && s.Kind == index.KindFunc {
				hasMain = true
			}
		}
		if !hasMain {
			continue
		}
		data, err := a.in.Index.Read(f.Path, 1<<20)
		if err != nil {
			continue
		}
		n := 0
		for e := range a.entities {
			if strings.Contains(string(data), "New"+title(e)) {
				n++
			}
		}
		if n >= 2 {
			return f.Path
		}
	}
	return ""
}

var numericSeg = regexp.MustCompile(`^\d+$|^[0-9a-f]{8}-[0-9a-f-]{27}$`)

// splitEndpoints normalises the endpoints the story names to the repo's
// route patterns (literal IDs become the parameter the existing routes use
// at that position) and splits them into new and existing ones.
func (a *analysis) splitEndpoints() (added, changed []string) {
	var routes [][]string // method, segments…
	for _, n := range a.in.Index.SymbolNames() {
		for _, s := range a.in.Index.Symbols(n) {
			if s.Kind == index.KindRoute && s.Name == n {
				if m, p, ok := strings.Cut(n, " "); ok {
					routes = append(routes, append([]string{m}, strings.Split(strings.Trim(p, "/"), "/")...))
				}
			}
		}
	}
	existing := map[string]bool{}
	for _, r := range routes {
		existing[r[0]+" /"+strings.Join(r[1:], "/")] = true
	}
	for _, e := range a.endpoints {
		m, p, _ := strings.Cut(e, " ")
		segs := strings.Split(strings.Trim(p, "/"), "/")
		for i, sg := range segs {
			if !numericSeg.MatchString(sg) {
				continue
			}
			segs[i] = "{id}"
			for _, r := range routes {
				rs := r[1:]
				if len(rs) > i && strings.HasPrefix(rs[i], "{") && equalPrefix(rs, segs, i) {
					segs[i] = rs[i]
					break
				}
			}
		}
		norm := m + " /" + strings.Join(segs, "/")
		if existing[norm] {
			if !contains(changed, norm) {
				changed = append(changed, norm)
			}
		} else if !contains(added, norm) {
			added = append(added, norm)
		}
	}
	return added, changed
}

func equalPrefix(a, b []string, n int) bool {
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
