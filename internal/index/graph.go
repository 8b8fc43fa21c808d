package index

import (
	"math"
	"path"
	"slices"
	"sort"
	"strings"
)

// Posting is one file holding a term, with the term's weighted count there.
type Posting struct {
	File  int32 // position in Files()
	Count uint16
}

// Edge links two files of the reference graph: From uses identifiers that
// To declares.
type Edge struct {
	File   int32   // the other file, as a position in Files()
	Weight float32 // sum over shared identifiers of 1/(number of declaring files)
	Via    string  // the identifier that weighs most on the link
}

// maxDeclarers bounds how many files may declare a name for its uses to
// count as references: a name declared everywhere ("String", "New") links
// nothing.
const maxDeclarers = 6

// useVocab starts the index's vocabulary from a cache's word table, so the
// ids stored in the cache stay valid.
func (ix *Index) useVocab(words []string) {
	ix.words = append(ix.words[:0], words...)
	ix.vocab = make(map[string]uint32, len(words))
	for i, w := range words {
		ix.vocab[w] = uint32(i)
	}
}

func (ix *Index) buildPostings() {
	ix.postings = make([][]Posting, len(ix.words))
	// Size every list first: one allocation per term.
	df := make([]int32, len(ix.words))
	for _, f := range ix.files {
		for _, id := range f.tids {
			df[id]++
		}
	}
	for id, n := range df {
		if n > 0 {
			ix.postings[id] = make([]Posting, 0, n)
		}
	}
	ix.fileIdx = make(map[string]int, len(ix.files))
	ix.docLen = make([]float64, len(ix.files))
	ix.byBase = map[string][]string{}
	var total float64
	for i, f := range ix.files {
		ix.fileIdx[f.Path] = i
		base := path.Base(f.Path)
		ix.byBase[base] = append(ix.byBase[base], f.Path)
		for k, id := range f.tids {
			ix.postings[id] = append(ix.postings[id], Posting{File: int32(i), Count: f.tcnt[k]})
			ix.docLen[i] += float64(f.tcnt[k])
		}
		total += ix.docLen[i]
		if !f.Vendored {
			ix.nDocs++
		}
	}
	if ix.nDocs > 0 {
		ix.avgLen = total / float64(ix.nDocs)
	}
}

func (ix *Index) buildGraph() {
	// Files declaring each referencable name, by word id.
	decl := make([][]int32, len(ix.words))
	for i, f := range ix.files {
		if !IsProgramming(f.Language) || f.Vendored {
			continue
		}
		last := ""
		names := make([]string, 0, len(f.Symbols))
		for _, s := range f.Symbols {
			if s.Kind == KindRoute || len(s.Name) < 3 {
				continue
			}
			names = append(names, s.Name)
		}
		sort.Strings(names)
		for _, n := range names {
			if id, ok := ix.vocab[n]; ok && n != last {
				decl[id] = append(decl[id], int32(i))
			}
			last = n
		}
	}
	ix.out = make([][]Edge, len(ix.files))
	ix.in = make([][]Edge, len(ix.files))
	// Dense accumulators reused for every file; weights are summed in
	// float64 and the strongest identifier ties break by name, so the graph
	// does not depend on the order identifiers were interned in.
	acc := make([]float64, len(ix.files))
	via := make([]string, len(ix.files))
	var touched []int32
	for i, f := range ix.files {
		touched = touched[:0]
		for _, iid := range f.iids {
			ds := decl[iid]
			if len(ds) == 0 || len(ds) > maxDeclarers {
				continue
			}
			id := ix.words[iid]
			w := 1 / float64(len(ds))
			for _, d := range ds {
				if int(d) == i {
					continue
				}
				if acc[d] == 0 {
					touched = append(touched, d)
				}
				acc[d] += w
				if v := via[d]; v == "" || len(id) > len(v) || len(id) == len(v) && id < v {
					via[d] = id
				}
			}
		}
		slices.Sort(touched)
		if len(touched) > 0 {
			ix.out[i] = make([]Edge, 0, len(touched))
		}
		for _, d := range touched {
			ix.out[i] = append(ix.out[i], Edge{File: d, Weight: float32(acc[d]), Via: via[d]})
			acc[d], via[d] = 0, ""
		}
	}
	for i, es := range ix.out {
		for _, e := range es {
			ix.in[e.File] = append(ix.in[e.File], Edge{File: int32(i), Weight: e.Weight, Via: e.Via})
		}
	}
}

// NumFiles returns the number of indexed files.
func (ix *Index) NumFiles() int { return len(ix.files) }

// FileAt returns the file at position i of Files().
func (ix *Index) FileAt(i int) *File { return ix.files[i] }

// FileIndex returns the position of a path in Files(), or -1.
func (ix *Index) FileIndex(rel string) int {
	if i, ok := ix.fileIdx[Clean(rel)]; ok {
		return i
	}
	return -1
}

// Postings returns the files holding a lexical term (as produced by
// SplitTerms), in file order.
func (ix *Index) Postings(term string) []Posting {
	if id, ok := ix.vocab[term]; ok && int(id) < len(ix.postings) {
		return ix.postings[id]
	}
	return nil
}

// DocLen returns the weighted length of file i's lexical document.
func (ix *Index) DocLen(i int) float64 { return ix.docLen[i] }

// FilesNamed returns the paths of the files with the given base name.
func (ix *Index) FilesNamed(base string) []string { return ix.byBase[base] }

// AvgDocLen returns the mean weighted document length.
func (ix *Index) AvgDocLen() float64 { return ix.avgLen }

// IDF returns the BM25 inverse document frequency of a term.
func (ix *Index) IDF(term string) float64 {
	n := float64(ix.nDocs) // vendored files hold no terms
	df := float64(len(ix.Postings(term)))
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// References returns the files file i uses names from.
func (ix *Index) References(i int) []Edge { return ix.out[i] }

// ReferencedBy returns the files that use names file i declares.
func (ix *Index) ReferencedBy(i int) []Edge { return ix.in[i] }

// SymbolsFold returns the symbols whose name equals name ignoring case.
func (ix *Index) SymbolsFold(name string) []Symbol {
	var out []Symbol
	for _, n := range ix.foldedNames(strings.ToLower(name)) {
		out = ix.appendSymbols(out, n)
	}
	return out
}

// FilesUsing returns, ascending, the positions of the files whose code
// uses the identifier name (declaring it does not count, except where the
// file also uses it).
func (ix *Index) FilesUsing(name string) []int {
	id, ok := ix.vocab[name]
	if !ok {
		return nil
	}
	var out []int
	for i, f := range ix.files {
		if _, found := slices.BinarySearch(f.iids, id); found {
			out = append(out, i)
		}
	}
	return out
}

// Identifiers returns the distinct identifiers file i uses, sorted.
func (ix *Index) Identifiers(i int) []string {
	f := ix.files[i]
	out := make([]string, len(f.iids))
	for k, id := range f.iids {
		out[k] = ix.words[id]
	}
	sort.Strings(out)
	return out
}

// FileTokens returns the o200k_base token count of a file's whole content:
// from the analysis when the build counted tokens, else counted on first
// use and remembered. It returns 0 for files it cannot read.
func (ix *Index) FileTokens(rel string) int {
	f, ok := ix.File(rel)
	if ok && f.Tokens > 0 {
		return f.Tokens
	}
	rel = Clean(rel)
	ix.tokMu.Lock()
	n, seen := ix.tokens[rel]
	ix.tokMu.Unlock()
	if seen {
		return n
	}
	data, err := ix.Read(rel, 0)
	if err != nil {
		return 0
	}
	n = CountTokens(string(data))
	ix.tokMu.Lock()
	if ix.tokens == nil {
		ix.tokens = map[string]int{}
	}
	ix.tokens[rel] = n
	ix.tokMu.Unlock()
	return n
}

// LanguageCount is the number of indexed files of one language.
type LanguageCount struct {
	Language string `json:"language"`
	Files    int    `json:"files"`
}

// Languages returns the languages of the indexed files, most files first
// (ties by name); files of no known language are counted under "".
func (ix *Index) Languages() []LanguageCount {
	counts := map[string]int{}
	for _, f := range ix.files {
		counts[f.Language]++
	}
	out := make([]LanguageCount, 0, len(counts))
	for l, n := range counts {
		out = append(out, LanguageCount{l, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Files != out[j].Files {
			return out[i].Files > out[j].Files
		}
		return out[i].Language < out[j].Language
	})
	return out
}
