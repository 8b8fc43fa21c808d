package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"runtime"
	"sort"
	"sync"
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
	parsed := make([]bool, len(cands))
	jobs := make(chan int)
	done := make(chan int, 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var tc tokenCounter // one per worker: remembers counted pieces
			var tm termMemo     // and split identifiers
			for i := range jobs {
				results[i], parsed[i] = analyseOne(cands[i], read, cache, opts, &tc, &tm)
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
	for i := range done {
		f := results[i]
		results[i] = nil
		switch {
		case f == nil:
			ix.Stats.Skipped++
			continue
		case f.Path == "":
			ix.Stats.Skipped++
		case parsed[i]:
			ix.Stats.Parsed++
			f = ix.add(f) // the analysis itself is dropped (or kept by the Memo)
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

// analyseOne analyses one candidate, from the cache or the memo when they
// hold it; parsed reports a fresh analysis.
func analyseOne(c candidate, read func(string) ([]byte, error), cache *cache, opts Options, tc *tokenCounter, tm *termMemo) (f *File, parsed bool) {
	if f := cache.byStat(c); f != nil {
		return f, false
	}
	data, err := read(c.rel)
	if err != nil {
		return nil, false
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	if f := cache.byHash(c, hash); f != nil {
		return f, false
	}
	if f := opts.Memo.get(c.rel, hash); f != nil {
		return f, false
	}
	f = analyseFile(c, data, hash, opts, tc, tm)
	opts.Memo.put(c.rel, hash, f)
	return f, f != nil
}

// analyseFile builds the File for one file's content. It returns a File
// with an empty Path for content the index skips (binary or generated), so
// the cache remembers the verdict.
func analyseFile(c candidate, data []byte, hash string, opts Options, tc *tokenCounter, tm *termMemo) *File {
	skip := &File{Hash: hash, Size: c.size, mtime: c.mtime}
	if isBinary(data) {
		return skip
	}
	thirdParty := isVendored(c.rel)
	vendored := thirdParty || isGenerated(c.rel, data)
	if vendored && !opts.IncludeVendored {
		return skip
	}
	f := &File{Path: c.rel, Size: c.size, Lines: countLines(data), Hash: hash, mtime: c.mtime, Vendored: vendored}
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
	} else {
		f.terms, f.idents = lexicalTerms(f, data, tm)
	}
	if !opts.NoTokens {
		f.Tokens = tc.count(string(data))
	}
	return f
}

// lexicalTerms returns the weighted terms of a file (path, symbol names and
// content) and the distinct identifiers its content uses.
func lexicalTerms(f *File, data []byte, tm *termMemo) ([]termCount, []string) {
	counts := map[string]int{}
	SplitTerms(f.Path, func(t string) { counts[t] += pathWeight })
	for _, s := range f.Symbols {
		SplitTerms(s.Name, func(t string) { counts[t] += symbolWeight })
	}
	contentTerms(string(data), counts, tm)
	terms := make([]termCount, 0, len(counts))
	for t, n := range counts {
		if n > 65535 {
			n = 65535
		}
		terms = append(terms, termCount{Term: t, Count: uint16(n)})
	}
	sort.Slice(terms, func(i, j int) bool { return terms[i].Term < terms[j].Term })
	var idents []string
	if IsProgramming(f.Language) {
		idents = identifiers(data)
	}
	return terms, idents
}

// identifiers returns the distinct identifiers of at least three characters
// in data, sorted.
func identifiers(data []byte) []string {
	seen := map[string]bool{}
	for i := 0; i < len(data); {
		c := data[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			i++
			continue
		}
		j := i + 1
		for j < len(data) && isIdentByte(data[j]) {
			j++
		}
		if j-i >= 3 && j-i <= 64 {
			seen[string(data[i:j])] = true
		}
		i = j
	}
	out := make([]string, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}
