package index

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"runtime"
	"slices"
	"sync"
	"unsafe"
)

// candidate is a file the walk found and the analysis may keep.
type candidate struct {
	rel   string
	size  int64
	mtime int64 // UnixNano; 0 when unknown
}

// termCount is one lexical term of a file and its weighted count.
type termCount struct {
	Term  string
	Count uint16
}

// Weights of the fields of a file's lexical document: a path term counts
// as often as pathWeight content words, a declared symbol's name as
// symbolWeight (on top of its occurrences in the content).
const (
	pathWeight   = 3
	symbolWeight = 2
)

// analyseAll reads and analyses the candidates over a pool of workers,
// taking unchanged files from the cache, and adds the kept files to ix in
// path order.
func (ix *Index) analyseAll(ctx context.Context, cands []candidate, read func(string) ([]byte, error), cache *cache, opts Options) (map[string]*File, error) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	results := make([]*File, len(cands))
	lexes := make([]*lexOut, len(cands))
	parsed := make([]bool, len(cands))
	jobs := make(chan int)
	done := make(chan int, 2*workers)
	// Each lexer's tables are sized for the words a worker's share of the
	// bytes holds (moby's project files: one distinct word in 300 bytes).
	var size int64
	for _, c := range cands {
		size += c.size
	}
	words := int(min(max(size/int64(workers)/300, 1<<10), maxWordTable))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var tc tokenCounter // one per worker: remembers counted pieces
			lx := &lexer{worker: w, words: words}
			for i := range jobs {
				results[i], lexes[i], parsed[i] = analyseOne(cands[i], read, cache, opts, &tc, lx)
				done <- i
			}
		}()
	}
	// Feed the workers on another goroutine while this one takes results
	// as they come: interning them at once keeps only a few files' term
	// strings alive at a time.
	stop := make(chan struct{})
	go func() {
		defer close(jobs)
		for i := range cands {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			case <-stop:
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(done)
	}()
	entries := make(map[string]*File, len(cands))
	var it interner
	for i := range done {
		f, lo := results[i], lexes[i]
		results[i], lexes[i] = nil, nil
		switch {
		case f == nil:
			ix.Stats.Skipped++
			continue
		case f.Path == "":
			ix.Stats.Skipped++
		case parsed[i]:
			ix.Stats.Parsed++
			if lo != nil {
				f = it.add(ix, f, lo)
			} else {
				f = ix.add(f) // the analysis itself is dropped (or kept by the Memo)
			}
		default:
			ix.Stats.Cached++
			f = ix.add(f)
		}
		entries[cands[i].rel] = f
	}
	close(stop)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return entries, nil
}

// interner maps the lexers' numbers of terms and identifiers to the
// index's, on the goroutine that adds files to the index.
type interner struct {
	ids  [][]uint32 // by worker, by local number
	keys []uint64
}

// add keeps a freshly analysed file in the index, its terms and
// identifiers given by lo, and returns the index's copy; f itself is left
// as it is (a Memo may share it).
func (it *interner) add(ix *Index, f *File, lo *lexOut) *File {
	for len(it.ids) <= lo.worker {
		it.ids = append(it.ids, nil)
	}
	ids := it.ids[lo.worker]
	for _, s := range lo.newStrs {
		ids = append(ids, ix.intern(s))
	}
	it.ids[lo.worker] = ids
	g := *f
	g.terms, g.idents = nil, nil
	// Sort the terms by id with their counts: one key each.
	keys := it.keys[:0]
	for k, t := range lo.terms {
		keys = append(keys, uint64(ids[t])<<16|uint64(lo.counts[k]))
	}
	slices.Sort(keys)
	it.keys = keys
	g.tids, g.tcnt = make([]uint32, len(keys)), make([]uint16, len(keys))
	for k, key := range keys {
		g.tids[k], g.tcnt[k] = uint32(key>>16), uint16(key)
	}
	g.iids = make([]uint32, len(lo.idents))
	for k, id := range lo.idents {
		g.iids[k] = ids[id]
	}
	slices.Sort(g.iids)
	return ix.add(&g)
}

// analyseOne analyses one candidate, from the cache or the memo when they
// hold it; parsed reports a fresh analysis, whose terms and identifiers lo
// gives in lx's numbers.
func analyseOne(c candidate, read func(string) ([]byte, error), cache *cache, opts Options, tc *tokenCounter, lx *lexer) (f *File, lo *lexOut, parsed bool) {
	if f := cache.byStat(c); f != nil {
		return f, nil, false
	}
	data, err := read(c.rel)
	if err != nil {
		return nil, nil, false
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	if f := cache.byHash(c, hash); f != nil {
		return f, nil, false
	}
	if f := opts.Memo.get(c.rel, hash); f != nil {
		return f, nil, false
	}
	f, lo = analyseFile(c, data, hash, opts, tc, lx)
	opts.Memo.put(c.rel, hash, f)
	return f, lo, f != nil
}

// analyseFile builds the File for one file's content. It returns a File
// with an empty Path for content the index skips (binary or generated), so
// the cache remembers the verdict. The File carries its terms and
// identifiers as strings only when a Memo may share it; lo gives them in
// lx's numbers.
func analyseFile(c candidate, data []byte, hash string, opts Options, tc *tokenCounter, lx *lexer) (_ *File, lo *lexOut) {
	skip := &File{Hash: hash, Size: c.size, mtime: c.mtime}
	if isBinary(data) {
		return skip, nil
	}
	thirdParty := isVendored(c.rel)
	vendored := thirdParty || isGenerated(c.rel, data)
	if vendored && !opts.IncludeVendored {
		return skip, nil
	}
	f := &File{Path: c.rel, Size: c.size, Lines: lineCount(data), Hash: hash, mtime: c.mtime, Vendored: vendored}
	f.Language = detectLanguage(c.rel, data)
	f.Test = IsTestPath(c.rel)
	f.Doc = isDocLanguage(f.Language)
	if vendored && f.Language == "Go" {
		extractVendoredGo(f, data, thirdParty)
	} else {
		extractSymbols(f, data)
	}
	if vendored {
		// Third-party and generated code is not ranked for a story, so it
		// is never mapped or excerpted: its symbols are kept for existence
		// (names, kinds, receivers, lines) without signatures or doc
		// lines, and it gets no lexical document and no identifiers for
		// the graph. Go code outside a package can only use its exported
		// names, so the unexported declarations of third-party Go packages
		// are left out (a generated file's package may be the project's):
		// extractVendoredGo does both for Go.
		for k := range f.Symbols {
			f.Symbols[k].Signature, f.Symbols[k].Doc = "", ""
		}
	}
	// The content as a string without a copy: nothing below keeps a
	// string cut from it (the lexer and the token counter clone what they
	// remember), and data is not written to.
	text := unsafe.String(unsafe.SliceData(data), len(data))
	if !vendored {
		lo, f.terms, f.idents = lx.analyse(f, text, IsProgramming(f.Language), opts.Memo != nil)
	}
	if !opts.NoTokens {
		f.Tokens = tc.count(text)
	}
	return f, lo
}

// lineCount returns the number of lines of a file: its newlines, plus one
// for a last line without one.
func lineCount(data []byte) int {
	if len(data) == 0 {
		return 0
	}
	n := bytes.Count(data, []byte{'\n'})
	if data[len(data)-1] != '\n' {
		n++
	}
	return n
}
