// Package index knows what exists in a repository: its files, their
// languages and sizes, and the symbols they declare. It is the single source
// of truth that ranking, packing, prompt includes and verification use; no
// other package walks or reads the repository on its own.
package index

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
)

// SymbolKind names what a symbol is.
type SymbolKind string

// The kinds of symbol the index records.
const (
	KindFunc      SymbolKind = "func"
	KindMethod    SymbolKind = "method"
	KindType      SymbolKind = "type"
	KindInterface SymbolKind = "interface"
	KindConst     SymbolKind = "const"
	KindVar       SymbolKind = "var"
	KindRoute     SymbolKind = "route"
)

// Symbol is one declaration found in a file.
type Symbol struct {
	Name      string     `json:"name"`
	Kind      SymbolKind `json:"kind"`
	Receiver  string     `json:"receiver,omitempty"` // methods: the receiver type, without '*'
	Signature string     `json:"signature,omitempty"`
	Path      string     `json:"path"`
	Line      int        `json:"line"`
	EndLine   int        `json:"end_line"`
	Doc       string     `json:"doc,omitempty"`
	Exported  bool       `json:"exported,omitempty"`
}

// QualifiedName returns Receiver.Name for methods and Name otherwise.
func (s Symbol) QualifiedName() string {
	if s.Receiver != "" {
		return s.Receiver + "." + s.Name
	}
	return s.Name
}

// File is one indexed file of the repository.
type File struct {
	Path     string   `json:"path"` // slash-separated, relative to the root
	Language string   `json:"language,omitempty"`
	Size     int64    `json:"size"`
	Hash     string   `json:"hash"`
	Lines    int      `json:"lines"`
	Test     bool     `json:"test,omitempty"`
	Doc      bool     `json:"doc,omitempty"`     // documentation or prose (Markdown, text)
	Symbols  []Symbol `json:"symbols,omitempty"` // nil while still encoded: read AllSymbols
	Imports  []string `json:"imports,omitempty"`
	Package  string   `json:"package,omitempty"`
	Tokens   int      `json:"tokens,omitempty"` // o200k_base BPE tokens of the whole file
	// Vendored marks vendored or generated code kept by
	// Options.IncludeVendored: indexed for existence, language, size,
	// tokens and symbols only, with no lexical terms and no place in the
	// reference graph, and never ranked.
	Vendored bool `json:"vendored,omitempty"`

	// Fresh analyses carry strings; the index interns them into ids.
	terms  []termCount // lexical terms, path and symbol names weighted up
	idents []string    // distinct identifiers the file uses
	tids   []uint32    // interned terms (ids into Index.words), ascending
	tcnt   []uint16    // weighted counts of tids
	iids   []uint32    // interned identifiers, ascending
	mtime  int64
	lazy   *lazySymbols // symbols still encoded (vendored files from the cache)
}

// AllSymbols returns the symbols the file declares: Symbols, or for a
// vendored file restored from the cache its symbols decoded on first use
// (and kept). Such a file keeps its symbols encoded until they are asked
// for, and its Symbols is nil: code that may meet vendored files
// (Options.IncludeVendored) reads AllSymbols. The slice must not be
// modified.
func (f *File) AllSymbols() []Symbol {
	if f.lazy != nil {
		return f.lazy.decoded().syms
	}
	return f.Symbols
}

// NumSymbols returns len(f.AllSymbols()) without decoding anything.
func (f *File) NumSymbols() int {
	if f.lazy != nil {
		return int(f.lazy.n)
	}
	return len(f.Symbols)
}

// Options tune a build.
type Options struct {
	// MaxFileSize skips larger files; 0 means 1 MiB.
	MaxFileSize int64
	// IncludeVendored keeps vendored and generated files, marked
	// File.Vendored: their paths, sizes, tokens and symbols are indexed,
	// but not their terms or references.
	IncludeVendored bool
	// Workers bounds the files analysed at once; 0 means GOMAXPROCS.
	Workers int
	// CacheDir holds the persistent cache; "" means the user cache
	// directory's groundplan/index folder.
	CacheDir string
	// NoCache disables the persistent cache.
	NoCache bool
	// NoTokens skips exact BPE token counts (File.Tokens stays 0).
	NoTokens bool
	// Memo, when set, shares analyses with other builds in this process.
	Memo *Memo
}

// Index is a built index of one repository root.
type Index struct {
	root     string
	files    []*File
	byPath   map[string]*File
	dirs     map[string]bool
	bySymbol map[string]symSpan // name or Receiver.Name -> symRefs[start:start+n]
	symRefs  []symRef
	strs     map[string]string // symbol strings shared during a build
	// stored, when set, is the look-up by symbol name the cache held:
	// bySymbol and lowerSym are then nil, and spans holds the run of
	// symRefs of every name number.
	stored *symbolRuns
	spans  []symSpan
	// mem holds file contents when the index was built from memory.
	mem map[string][]byte

	vocab    map[string]uint32 // interned terms and identifiers
	words    []string
	postings [][]Posting // by term id
	avgLen   float64
	nDocs    int // files with a lexical document (not vendored)
	docLen   []float64
	byBase   map[string][]string
	fileIdx  map[string]int
	out      [][]Edge
	in       [][]Edge
	lowerSym map[string][]string

	tokMu  sync.Mutex
	tokens map[string]int // counted lazily by FileTokens

	// Stats describes the build.
	Stats BuildStats
}

// symRef places a symbol: Files()[file].Symbols[sym], or for a file whose
// symbols are still encoded (File.lazy) the symbol of its name slot sym:
// each symbol has one slot for its name, then a method one for its
// Receiver.Name.
type symRef struct{ file, sym int32 }

// symSpan is the run of Index.symRefs that holds the symbols of one name.
type symSpan struct{ start, n uint32 }

// BuildStats describes what a build did.
type BuildStats struct {
	Files     int    `json:"files"`
	Symbols   int    `json:"symbols"`
	Parsed    int    `json:"parsed"`  // files analysed in this build
	Cached    int    `json:"cached"`  // files taken from the persistent cache
	Bytes     int64  `json:"bytes"`   // bytes of the indexed files
	Tokens    int    `json:"tokens"`  // BPE tokens of the indexed files
	Skipped   int    `json:"skipped"` // files skipped (vendored, generated, binary, large)
	CachePath string `json:"cache_path,omitempty"`
}

// ErrOutsideRoot is returned when a path leads outside the repository root.
var ErrOutsideRoot = errors.New("path leads outside the repository root")

// Build walks root, honouring .gitignore files, and indexes every text file.
// Files are read and analysed in parallel; analyses are kept in a persistent
// cache keyed by content hash, so a second build re-parses only files that
// changed.
func Build(ctx context.Context, root string, opts Options) (*Index, error) {
	if opts.MaxFileSize == 0 {
		opts.MaxFileSize = 1 << 20
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", root, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", root, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("index %s: not a directory", root)
	}
	ix := newIndex(abs)
	// The cache file is read and decoded while the tree is walked.
	opened := make(chan *cache, 1)
	go func() { opened <- openCache(abs, opts) }()
	var cands []candidate
	w := newWalker(abs)
	err = w.walk(ctx, func(rel string, d fs.DirEntry) error {
		if d.IsDir() {
			if !opts.IncludeVendored && vendoredDir(rel) {
				return fs.SkipDir
			}
			ix.dirs[rel] = true
			return nil
		}
		if !opts.IncludeVendored && vendoredDir(rel) {
			ix.Stats.Skipped++
			return nil
		}
		info, err := d.Info()
		if err != nil || !info.Mode().IsRegular() || info.Size() > opts.MaxFileSize {
			ix.Stats.Skipped++
			return nil
		}
		cands = append(cands, candidate{rel: rel, size: info.Size(), mtime: info.ModTime().UnixNano()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", root, err)
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].rel < cands[j].rel })
	cache := <-opened
	var hint symbolHint
	var stored *symbolRuns
	if cache != nil {
		hint = cache.runs.hint()
		// Files whose path, size and modification time are unchanged are
		// taken from the cache as they are (their strings already shared),
		// while the vocabulary is built on another goroutine.
		vocab := make(chan struct{})
		go func() {
			ix.useVocab(cache.words)
			close(vocab)
		}()
		var kept []keptFile
		kept, cands = cache.restoreUnchanged(cands)
		<-vocab
		ix.files = make([]*File, 0, len(kept)+len(cands))
		ix.byPath = make(map[string]*File, len(kept)+len(cands))
		for _, kf := range kept {
			if kf.f.Path == "" {
				ix.Stats.Skipped++
				continue
			}
			ix.Stats.Cached++
			ix.keep(kf.f)
		}
		stored = cache.unchanged()
	}
	read := func(rel string) ([]byte, error) {
		return os.ReadFile(filepath.Join(abs, filepath.FromSlash(rel)))
	}
	entries, err := ix.analyseAll(ctx, cands, read, cache, opts)
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", root, err)
	}
	var saved chan error
	if cache != nil {
		ix.Stats.CachePath = cache.path
		if ix.Stats.Cached == 0 {
			// A cold build writes the cache before finish, so that the
			// memory of both does not add up at its peak.
			if err := cache.save(ix, entries); err != nil {
				return nil, fmt.Errorf("index %s: %w", root, err)
			}
		} else {
			// A build that took files from the cache writes it while
			// finish builds the look-ups (save reads the files and the
			// words, which finish leaves as they are); a cold build, whose
			// memory peaks highest, keeps the two apart.
			saved = make(chan error, 1)
			go func() { saved <- cache.save(ix, entries) }()
		}
	}
	ix.finish(hint, stored)
	if saved != nil {
		if err := <-saved; err != nil {
			return nil, fmt.Errorf("index %s: %w", root, err)
		}
	}
	return ix, nil
}

// SourceFile is one file given to BuildFromFiles.
type SourceFile struct {
	Path string
	Data []byte
}

// BuildFromFiles indexes files held in memory, such as a tree read from a
// git object database, as if they were a checkout at root (root only names
// the index; nothing is read from it). Read serves the given contents. No
// ignore files are applied: the list is taken to be what should be indexed,
// less vendored, generated, binary and oversized files.
func BuildFromFiles(ctx context.Context, root string, files []SourceFile, opts Options) (*Index, error) {
	if opts.MaxFileSize == 0 {
		opts.MaxFileSize = 1 << 20
	}
	ix := newIndex(root)
	ix.mem = make(map[string][]byte, len(files))
	var cands []candidate
	for _, sf := range files {
		rel := Clean(sf.Path)
		ix.mem[rel] = sf.Data
		if !opts.IncludeVendored && isVendored(rel) || int64(len(sf.Data)) > opts.MaxFileSize {
			ix.Stats.Skipped++
			continue
		}
		cands = append(cands, candidate{rel: rel, size: int64(len(sf.Data))})
	}
	read := func(rel string) ([]byte, error) { return ix.mem[rel], nil }
	if _, err := ix.analyseAll(ctx, cands, read, nil, opts); err != nil {
		return nil, fmt.Errorf("index %s: %w", root, err)
	}
	ix.finish(symbolHint{}, nil)
	return ix, nil
}

func newIndex(root string) *Index {
	return &Index{root: root, byPath: map[string]*File{}, dirs: map[string]bool{".": true}, bySymbol: map[string]symSpan{}, vocab: map[string]uint32{}}
}

// intern returns the id of a term or identifier, adding it when new.
func (ix *Index) intern(w string) uint32 {
	if id, ok := ix.vocab[w]; ok {
		return id
	}
	id := uint32(len(ix.words))
	w = strings.Clone(w) // never hold on to the text the word came from
	ix.vocab[w] = id
	ix.words = append(ix.words, w)
	return id
}

// sortIDs sorts ids ascending, moving counts (when given) along.
func sortIDs(ids []uint32, counts []uint16) {
	if counts == nil {
		slices.Sort(ids)
		return
	}
	idx := make([]int, len(ids))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return ids[idx[a]] < ids[idx[b]] })
	ni, nc := make([]uint32, len(ids)), make([]uint16, len(ids))
	for k, i := range idx {
		ni[k], nc[k] = ids[i], counts[i]
	}
	copy(ids, ni)
	copy(counts, nc)
}

// add keeps a file in the index and returns the index's copy of it. The
// copy holds interned terms and identifiers and compacted symbols; the
// given File is left as it was, since a Memo may share it with other
// indexes.
func (ix *Index) add(f *File) *File {
	g := *f
	if f.terms != nil || f.idents != nil {
		g.tids, g.tcnt = make([]uint32, len(f.terms)), make([]uint16, len(f.terms))
		for k, tc := range f.terms {
			g.tids[k], g.tcnt[k] = ix.intern(tc.Term), tc.Count
		}
		g.iids = make([]uint32, len(f.idents))
		for k, id := range f.idents {
			g.iids[k] = ix.intern(id)
		}
		g.terms, g.idents = nil, nil
		sortIDs(g.tids, g.tcnt)
		sortIDs(g.iids, nil)
	}
	g.Symbols = ix.compactSymbols(g.Path, f.Symbols)
	ix.keep(&g)
	return &g
}

// keep adds a file already in the index's form (interned terms and
// identifiers, compacted symbols) to the index.
func (ix *Index) keep(f *File) {
	ix.files = append(ix.files, f)
	ix.byPath[f.Path] = f
	for dir := path.Dir(f.Path); dir != "." && !ix.dirs[dir]; dir = path.Dir(dir) {
		ix.dirs[dir] = true
	}
}

// compactSymbols copies a file's symbols into a slice of their exact
// number, sharing one string per distinct name, receiver and kind over the
// build and the file's own path, and copying signatures and doc lines out
// of whatever larger text (a builder's buffer, a whole doc comment) they
// were cut from.
func (ix *Index) compactSymbols(rel string, syms []Symbol) []Symbol {
	if len(syms) == 0 {
		return nil
	}
	if ix.strs == nil {
		ix.strs = map[string]string{}
	}
	out := make([]Symbol, len(syms))
	for k, s := range syms {
		s.Path = rel
		s.Name = ix.str(s.Name)
		s.Receiver = ix.str(s.Receiver)
		s.Kind = SymbolKind(ix.str(string(s.Kind)))
		s.Signature = strings.Clone(s.Signature)
		s.Doc = strings.Clone(s.Doc)
		out[k] = s
	}
	return out
}

// str returns the build's one copy of s.
func (ix *Index) str(s string) string {
	if s == "" {
		return ""
	}
	if t, ok := ix.strs[s]; ok {
		return t
	}
	s = strings.Clone(s)
	ix.strs[s] = s
	return s
}

// finish sorts the files and builds the look-ups by symbol name, the
// postings and the reference graph. The look-up by symbol name is taken
// from stored when it fits the files (the cache holds it for the files it
// restored), else built; the hint, when known, sizes its maps.
func (ix *Index) finish(hint symbolHint, stored *symbolRuns) {
	slices.SortFunc(ix.files, func(a, b *File) int { return strings.Compare(a.Path, b.Path) })
	ix.strs = nil // the interned strings stay, shared by the symbols
	// The postings and the graph read the files, words and symbols but
	// none of the look-ups by symbol name: they are built meanwhile.
	lexical := make(chan struct{})
	go func() {
		defer close(lexical)
		ix.buildPostings()
		ix.buildGraph()
	}()
	defer func() { <-lexical }()
	nsyms := 0
	for _, f := range ix.files {
		ix.Stats.Files++
		ix.Stats.Bytes += f.Size
		ix.Stats.Tokens += f.Tokens
		ix.Stats.Symbols += f.NumSymbols()
		nsyms += f.NumSymbols()
	}
	if stored == nil || !ix.useSymbolRuns(stored) {
		ix.numberSymbols(hint, nsyms)
	}
}

// numberSymbols builds bySymbol, symRefs and lowerSym. It numbers each
// name (and Receiver.Name) in order of first appearance and notes the
// numbers of every symbol, then gives each name its run of symRefs,
// filled in path order: one flat slice, no slice per name, and one map
// look-up per name and symbol. While numbering, bySymbol holds a name's
// number in start.
func (ix *Index) numberSymbols(hint symbolHint, nsyms int) {
	ix.bySymbol = make(map[string]symSpan, hint.names+hint.qual)
	ix.lowerSym = make(map[string][]string, hint.names)
	names := 0
	number := func(name string) (uint32, bool) {
		sp, seen := ix.bySymbol[name]
		if !seen {
			sp.start = uint32(names)
			ix.bySymbol[name] = sp
			names++
		}
		return sp.start, seen
	}
	nums := make([]uint32, 0, nsyms)
	var lower []string // backs the lowerSym lists of one name
	add := func(name, receiver string) {
		num, seen := number(name)
		nums = append(nums, num)
		if !seen {
			l := strings.ToLower(name)
			if names, ok := ix.lowerSym[l]; ok {
				ix.lowerSym[l] = append(names, name)
			} else {
				if len(lower) == 0 {
					lower = make([]string, 1024)
				}
				lower[0] = name
				ix.lowerSym[l] = lower[:1:1]
				lower = lower[1:]
			}
		}
		if receiver != "" {
			num, _ := number(receiver + "." + name)
			nums = append(nums, num)
		}
	}
	var bad map[int]bool // files whose encoded symbols do not decode
	for i, f := range ix.files {
		if f.lazy != nil {
			if !f.lazy.good() {
				if bad == nil {
					bad = map[int]bool{}
				}
				bad[i] = true
				continue
			}
			f.lazy.each(func(s *Symbol) { add(s.Name, s.Receiver) })
			continue
		}
		for _, s := range f.Symbols {
			add(s.Name, s.Receiver)
		}
	}
	runs, _ := ix.placeSymbols(names, nums, bad)
	for name, sp := range ix.bySymbol {
		ix.bySymbol[name] = runs[sp.start]
	}
}

// placeSymbols lays out symRefs from the name number of every symbol,
// then of its Receiver.Name for methods, in path order (each below
// names), and returns the run of each number; false when nums does not
// fit the files. Files in skip (still encoded symbols that do not decode)
// have no numbers.
func (ix *Index) placeSymbols(names int, nums []uint32, skip map[int]bool) ([]symSpan, bool) {
	runs := make([]symSpan, names)
	for _, num := range nums {
		runs[num].n++
	}
	var total uint32
	for i := range runs {
		runs[i].start = total
		total += runs[i].n
		runs[i].n = 0
	}
	ix.symRefs = make([]symRef, total)
	k := 0
	for i, f := range ix.files {
		if f.lazy != nil {
			if skip[i] {
				continue
			}
			for j := range f.lazy.slots {
				if k == len(nums) {
					return nil, false
				}
				sp := &runs[nums[k]]
				ix.symRefs[sp.start+sp.n] = symRef{int32(i), j}
				sp.n++
				k++
			}
			continue
		}
		for j, s := range f.Symbols {
			r := symRef{int32(i), int32(j)}
			for range 1 + min(len(s.Receiver), 1) {
				if k == len(nums) {
					return nil, false
				}
				sp := &runs[nums[k]]
				ix.symRefs[sp.start+sp.n] = r
				sp.n++
				k++
			}
		}
	}
	return runs, k == len(nums)
}

// Root returns the absolute repository root.
func (ix *Index) Root() string { return ix.root }

// Files returns every indexed file, sorted by path. The slice must not be
// modified.
func (ix *Index) Files() []*File { return ix.files }

// File returns the indexed file at the slash-separated relative path.
func (ix *Index) File(rel string) (*File, bool) {
	f, ok := ix.byPath[Clean(rel)]
	return f, ok
}

// IsDir reports whether rel is a directory holding indexed files (or the
// root).
func (ix *Index) IsDir(rel string) bool { return ix.dirs[Clean(rel)] }

// Dirs returns every directory that holds indexed files, sorted.
func (ix *Index) Dirs() []string {
	out := make([]string, 0, len(ix.dirs))
	for d := range ix.dirs {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// Symbols returns the symbols named name (or Receiver.Name), in path order.
func (ix *Index) Symbols(name string) []Symbol {
	return ix.appendSymbols(nil, name)
}

func (ix *Index) appendSymbols(out []Symbol, name string) []Symbol {
	sp := ix.span(name)
	for _, r := range ix.symRefs[sp.start : sp.start+sp.n] {
		f := ix.files[r.file]
		if f.lazy == nil {
			out = append(out, f.Symbols[r.sym])
		} else if s, ok := f.lazy.slot(r.sym); ok && isNamed(s, name) {
			out = append(out, *s)
		}
	}
	return out
}

// span returns the run of symRefs of the symbols named name (or
// Receiver.Name).
func (ix *Index) span(name string) symSpan {
	if r := ix.stored; r != nil {
		if num, ok := r.find(name); ok {
			return ix.spans[num]
		}
		return symSpan{}
	}
	return ix.bySymbol[name]
}

// foldedNames returns the symbol names whose lower-case form is lower, in
// order of first appearance.
func (ix *Index) foldedNames(lower string) []string {
	if r := ix.stored; r != nil {
		return r.namesFolded(lower)
	}
	return ix.lowerSym[lower]
}

// isNamed reports whether s is named name or Receiver.Name is name.
func isNamed(s *Symbol, name string) bool {
	if s.Name == name {
		return true
	}
	r := s.Receiver
	return r != "" && len(name) == len(r)+1+len(s.Name) && name[len(r)] == '.' && strings.HasPrefix(name, r) && strings.HasSuffix(name, s.Name)
}

// FileSymbols returns the symbols of the file at position i of Files():
// Files()[i].AllSymbols().
func (ix *Index) FileSymbols(i int) []Symbol { return ix.files[i].AllSymbols() }

// SymbolNames returns every distinct symbol name, sorted.
func (ix *Index) SymbolNames() []string {
	if r := ix.stored; r != nil {
		out := make([]string, len(r.names))
		for num := range out {
			out[num] = r.name(num)
		}
		sort.Strings(out)
		return out
	}
	out := make([]string, 0, len(ix.bySymbol))
	for n := range ix.bySymbol {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Clean turns a user-written path into the index's form: slash-separated,
// relative, without "./" or trailing slashes. Backslashes are treated as
// separators.
func Clean(rel string) string {
	rel = strings.ReplaceAll(rel, `\`, "/")
	rel = path.Clean(strings.TrimPrefix(rel, "./"))
	return strings.TrimPrefix(rel, "/")
}

// Read returns the content of a file under the root. Paths that are absolute,
// climb out with "..", or pass through a symlink leading outside the root
// are refused with ErrOutsideRoot. Read works for files the walk skipped
// (ignored or large), since includes may name them.
func (ix *Index) Read(rel string, maxSize int64) ([]byte, error) {
	data, f, size, err := ix.openUnder(rel)
	if err != nil {
		return nil, err
	}
	if maxSize > 0 && size > maxSize {
		if f != nil {
			f.Close()
		}
		return nil, fmt.Errorf("read %s: %w (%d bytes, limit %d)", rel, ErrTooLarge, size, maxSize)
	}
	if f == nil {
		return data, nil
	}
	defer f.Close()
	data, err = io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", rel, err)
	}
	return data, nil
}

// openUnder opens a file under the root with the checks of Read: an index
// built from memory answers with the file's data, one on disk with the open
// file (the caller closes it); size is the file's size either way.
func (ix *Index) openUnder(rel string) (data []byte, f *os.File, size int64, err error) {
	if filepath.IsAbs(rel) || strings.HasPrefix(rel, "/") || strings.HasPrefix(rel, `\`) {
		return nil, nil, 0, fmt.Errorf("read %s: %w", rel, ErrOutsideRoot)
	}
	clean := path.Clean(strings.ReplaceAll(rel, `\`, "/"))
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return nil, nil, 0, fmt.Errorf("read %s: %w", rel, ErrOutsideRoot)
	}
	if ix.mem != nil {
		data, ok := ix.mem[clean]
		if !ok {
			return nil, nil, 0, fmt.Errorf("read %s: %w", rel, fs.ErrNotExist)
		}
		return data, nil, int64(len(data)), nil
	}
	r, err := os.OpenRoot(ix.root)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("read %s: %w", rel, err)
	}
	defer r.Close()
	f, err = r.Open(filepath.FromSlash(clean))
	if err != nil {
		if strings.Contains(err.Error(), "escapes from parent") || strings.Contains(err.Error(), "path escapes") {
			return nil, nil, 0, fmt.Errorf("read %s: %w", rel, ErrOutsideRoot)
		}
		return nil, nil, 0, fmt.Errorf("read %s: %w", rel, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, 0, fmt.Errorf("read %s: %w", rel, err)
	}
	if st.IsDir() {
		f.Close()
		return nil, nil, 0, fmt.Errorf("read %s: is a directory", rel)
	}
	return nil, f, st.Size(), nil
}

// ErrTooLarge is returned by Read when a file exceeds the size asked for.
var ErrTooLarge = errors.New("file too large")

// IsBinary reports whether data looks like a binary file.
func IsBinary(data []byte) bool { return isBinary(data) }

// IsTestPath reports whether a path names a test file by the conventions of
// common ecosystems.
func IsTestPath(rel string) bool {
	base := path.Base(rel)
	lower := strings.ToLower(base)
	switch {
	case strings.HasSuffix(lower, "_test.go"),
		strings.HasPrefix(lower, "test_") && strings.HasSuffix(lower, ".py"),
		strings.HasSuffix(lower, "_test.py"),
		strings.Contains(lower, ".test.") || strings.Contains(lower, ".spec."),
		strings.HasSuffix(lower, "test.java") || strings.HasSuffix(lower, "tests.java"),
		strings.HasSuffix(lower, "_spec.rb") || strings.HasSuffix(lower, "_test.rb"),
		strings.HasSuffix(lower, "tests.cs") || strings.HasSuffix(lower, "test.cs"),
		strings.HasSuffix(lower, "test.php"):
		return true
	}
	for _, part := range strings.Split(path.Dir(rel), "/") {
		switch part {
		case "test", "tests", "__tests__", "spec", "testdata", "integration-tests":
			return true
		}
	}
	return false
}
