package index

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// cacheVersion changes whenever what analyseFile produces or the file
// layout changes, so an old cache is ignored rather than misread.
const cacheVersion = 14

// cacheMagic opens every cache file.
const cacheMagic = "gpix"

// The cache file is one flat binary stream, read with one read and decoded
// without reflection. Integers are unsigned varints unless noted.
//
//	header   magic, version, root, word count, file count
//	files    sorted by path, each: path, mtime (signed), size, record
//	         length, record
//	symbols  the look-up by symbol name of these files (symbolRuns):
//	         name count, the names, then their hash table; folded count,
//	         then each folded name with its count, the name numbers of
//	         every folded name, then the folded names' hash table;
//	         count, the name number of every symbol. A hash table is its
//	         slot count (a power of two, or 0), then every slot, 4 bytes
//	         little-endian: 0 for none, else 1 + a number, placed by
//	         strHash with linear probing
//	strings  string count, every length, then the bytes of every string
//	         back to back; the first word-count strings are the word table
//	trailer  offset of the strings (8 bytes), then the CRC-32C of all
//	         that comes before it (4 bytes), both little-endian
//
// Strings are referred to by their position in the string table (sid);
// the table comes last so the writer can stream the files, and the reader
// makes every string a slice of one copy of the table's bytes. A record
// holds a File: flags, hash, and for indexed files language, package,
// lines, tokens, imports, terms (id delta, count), identifiers (id
// deltas), and last the symbols: their count, when not zero the count of
// their name slots (one per symbol, one more per method), and each
// symbol. The symbols come last so that those of a vendored file can be
// kept encoded, a slice of the record, and decoded only when asked for
// (lazySymbols): ranking never reads them.

// cache is the persistent store of file analyses for one repository root,
// kept in one file under the user cache directory. Entries are found by
// path, size and modification time (no read at all), then by path and
// content hash (a read but no parse).
type cache struct {
	root string
	path string

	words   []string     // the word table the stored ids refer to
	strs    *strTable    // every stored string; words first
	entries []cacheEntry // sorted by path; records point into the file's bytes
	runs    *symbolRuns  // the look-up by symbol name of the stored files

	kept []keptFile // restored by restoreUnchanged, for save
	all  bool       // restoreUnchanged kept every stored file and nothing else
}

// cacheEntry is one file of the cache file, its record still encoded.
type cacheEntry struct {
	path  string
	mtime int64
	size  int64
	rec   []byte
}

// keptFile is a file restored from the cache: f.Path is empty for content
// the index skips.
type keptFile struct {
	rel string
	f   *File
}

// symbolRuns is the look-up by symbol name of a whole index, as the cache
// stores it for the next build of the same files: every name, plain or
// Receiver.Name, in order of first appearance, with a hash table of them;
// the lower-case forms of the plain names in order of first appearance,
// each with the numbers of its names in the order they join its list in
// Index.lowerSym, with a hash table of them; and the name number of every
// symbol, then of its Receiver.Name for methods, in path order. A build of
// unchanged files answers look-ups from it (Index.stored) instead of
// filling a map of every name.
type symbolRuns struct {
	strs      *strTable
	names     []uint32 // string ids
	nameTab   []byte   // hash table of the names
	folds     []uint32 // string ids of the distinct lower-case forms
	foldN     []uint32 // by fold: how many names it has
	foldStart []uint32 // by fold: where its names start in folded
	folded    []uint32 // name numbers, the names of each fold after the other
	foldTab   []byte   // hash table of the folds
	nums      []uint32
}

// symbolHint sizes the symbol maps of Index.finish.
type symbolHint struct {
	names int // distinct symbol names
	qual  int // distinct Receiver.Name pairs
}

// hint returns the sizes of the maps r fills.
func (r *symbolRuns) hint() symbolHint {
	if r == nil {
		return symbolHint{}
	}
	return symbolHint{names: len(r.folded), qual: len(r.names) - len(r.folded)}
}

// unchanged returns the stored look-up by symbol name when
// restoreUnchanged kept every stored file and no other is indexed.
func (c *cache) unchanged() *symbolRuns {
	if c == nil || !c.all {
		return nil
	}
	return c.runs
}

// errCorrupt reports a cache file that cannot be decoded.
var errCorrupt = errors.New("corrupt index cache")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// record flags.
const (
	flagSkip = 1 << iota
	flagTest
	flagDoc
	flagVendored
)

// symbol flags.
const symExported = 1

// cacheName is the file name of root's cache in the cache directory.
func cacheName(root string, opts Options) string {
	sum := sha256.Sum256([]byte(root))
	name := fmt.Sprintf("%s-%s.gpidx", filepath.Base(root), hex.EncodeToString(sum[:8]))
	if opts.IncludeVendored {
		name = "v-" + name
	}
	return name
}

// openCache loads the cache for root, or starts an empty one. It returns nil
// when caching is off or no cache directory can be found. A cache that is
// missing, of another version, for another root, truncated or corrupt is
// ignored: the build analyses every file again and rewrites it.
func openCache(root string, opts Options) *cache {
	if opts.NoCache {
		return nil
	}
	dir := opts.CacheDir
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(base, "groundplan", "index")
	}
	c := &cache{root: root, path: filepath.Join(dir, cacheName(root, opts))}
	data, err := os.ReadFile(c.path)
	if err != nil {
		return c
	}
	if err := c.decode(data); err != nil {
		*c = cache{root: c.root, path: c.path}
	}
	return c
}

// reader decodes varints and string ids from a byte slice; the first
// failure sticks in err and every later read returns zero. One-byte
// varints, most of them, are read inline (small).
type reader struct {
	b    []byte
	i    int // the next byte to read
	strs *strTable
	err  error
}

// strTable is the string table: every string is a slice of one copy of
// the table's bytes, cut where its offsets say, so the table costs two
// allocations (neither holding pointers) however many strings it holds.
type strTable struct {
	blob string
	offs []uint32 // string i is blob[offs[i]:offs[i+1]]
}

func (t *strTable) len() int { return len(t.offs) - 1 }

func (t *strTable) at(i uint32) string { return t.blob[t.offs[i]:t.offs[i+1]] }

// left returns the number of bytes not read yet.
func (r *reader) left() int { return len(r.b) - r.i }

//go:noinline
func (r *reader) fail() {
	if r.err == nil {
		r.err = errCorrupt
	}
	r.i = len(r.b)
}

func (r *reader) uvarint() uint64 {
	if v, ok := r.small(); ok {
		return v
	}
	return r.uvarintLong()
}

// small reads a one-byte varint, most of them; ok is false, and nothing
// read, for any other. It is inlined where uvarint is not.
func (r *reader) small() (v uint64, ok bool) {
	if i := r.i; i < len(r.b) && r.b[i] < 0x80 {
		r.i = i + 1
		return uint64(r.b[i]), true
	}
	return 0, false
}

//go:noinline
func (r *reader) uvarintLong() uint64 {
	v, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 {
		r.fail()
		return 0
	}
	r.i += n
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b[r.i:])
	if n <= 0 {
		r.fail()
		return 0
	}
	r.i += n
	return v
}

// int reads a count or size no larger than max.
func (r *reader) int(max uint64) int {
	v := r.uvarint()
	if v > max {
		r.fail()
		return 0
	}
	return int(v)
}

// index reads a position below n.
func (r *reader) index(n uint64) uint32 {
	v := r.uvarint()
	if v >= n {
		r.fail()
		return 0
	}
	return uint32(v)
}

func (r *reader) byte() byte {
	if r.i >= len(r.b) {
		r.fail()
		return 0
	}
	r.i++
	return r.b[r.i-1]
}

func (r *reader) bytes(n int) []byte {
	if n > r.left() {
		r.fail()
		return nil
	}
	out := r.b[r.i : r.i+n : r.i+n]
	r.i += n
	return out
}

// str reads a string id.
func (r *reader) str() string {
	v, ok := r.small()
	if !ok {
		v = r.uvarintLong()
	}
	if v >= uint64(len(r.strs.offs)-1) {
		r.fail()
		return ""
	}
	return r.strs.blob[r.strs.offs[v]:r.strs.offs[v+1]]
}

// count reads the number of items that follow, each taking at least one
// byte, so a corrupt count cannot ask for more memory than the data holds.
func (r *reader) count() int {
	return r.int(uint64(r.left()))
}

// countOf is count for items of at least size bytes each.
func (r *reader) countOf(size int) int {
	return r.int(uint64(r.left() / size))
}

// decode reads a whole cache file, leaving the file records encoded.
func (c *cache) decode(data []byte) error {
	const trailer = 12
	if len(data) < len(cacheMagic)+trailer || string(data[:len(cacheMagic)]) != cacheMagic {
		return errCorrupt
	}
	if crc32.Checksum(data[:len(data)-4], castagnoli) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return errCorrupt
	}
	body := data[:len(data)-trailer]
	strOff := binary.LittleEndian.Uint64(data[len(body):])
	if strOff < uint64(len(cacheMagic)) || strOff > uint64(len(body)) {
		return errCorrupt
	}
	strs, err := decodeStrings(body[strOff:])
	if err != nil {
		return err
	}
	r := &reader{b: body[len(cacheMagic):strOff], strs: strs}
	if r.uvarint() != cacheVersion || r.str() != c.root {
		return errCorrupt // another version or another root: not ours to read
	}
	nwords := r.int(uint64(strs.len()))
	nfiles := r.countOf(4) // path, mtime, size, record length
	if r.err != nil {
		return r.err
	}
	entries := make([]cacheEntry, nfiles)
	for i := range entries {
		e := &entries[i]
		e.path = r.str()
		e.mtime = r.varint()
		e.size = int64(r.int(1 << 62))
		e.rec = r.bytes(r.count())
		if r.err != nil {
			return r.err
		}
		if i > 0 && e.path <= entries[i-1].path {
			return errCorrupt
		}
	}
	runs := decodeRuns(r)
	if r.err != nil || r.left() != 0 {
		return errCorrupt
	}
	words := make([]string, nwords)
	for i := range words {
		words[i] = strs.at(uint32(i))
	}
	c.words, c.strs, c.entries, c.runs = words, strs, entries, runs
	return nil
}

// decodeRuns reads the symbols section.
func decodeRuns(r *reader) *symbolRuns {
	nstrs := uint64(r.strs.len())
	runs := &symbolRuns{strs: r.strs, names: make([]uint32, r.count())}
	for k := range runs.names {
		runs.names[k] = r.index(nstrs)
	}
	runs.nameTab = readTable(r)
	n := uint64(len(runs.names))
	runs.folds = make([]uint32, r.countOf(2)) // string id, count
	runs.foldN = make([]uint32, len(runs.folds))
	runs.foldStart = make([]uint32, len(runs.folds))
	total := 0
	for k := range runs.folds {
		runs.folds[k] = r.index(nstrs)
		runs.foldN[k] = uint32(r.int(n))
		runs.foldStart[k] = uint32(total)
		total += int(runs.foldN[k])
	}
	runs.folded = make([]uint32, min(total, r.left()))
	for k := range runs.folded {
		runs.folded[k] = r.index(n)
	}
	if total != len(runs.folded) {
		r.fail()
	}
	runs.foldTab = readTable(r)
	runs.nums = make([]uint32, r.count())
	for k := range runs.nums {
		runs.nums[k] = r.index(n)
	}
	return runs
}

// readTable reads a hash table: its slot count, a power of two or 0, then
// 4 bytes a slot, copied out of the file's bytes. Its entries are checked
// when read (symbolRuns.lookUp).
func readTable(r *reader) []byte {
	n := r.int(uint64(r.left() / 4))
	if n&(n-1) != 0 {
		r.fail()
		return nil
	}
	return slices.Clone(r.bytes(4 * n))
}

// decodeStrings reads the strings section.
func decodeStrings(b []byte) (*strTable, error) {
	r := &reader{b: b}
	n := r.count()
	if r.err != nil || len(b) > math.MaxUint32 {
		return nil, errCorrupt
	}
	offs := make([]uint32, n+1)
	total := uint64(0)
	for i := range n {
		l := r.uvarint()
		if r.err != nil || l > uint64(len(b))-total {
			return nil, errCorrupt
		}
		total += l
		offs[i+1] = uint32(total)
	}
	if total != uint64(r.left()) {
		return nil, errCorrupt
	}
	return &strTable{blob: string(r.b[r.i:]), offs: offs}, nil
}

// find returns the entry stored for rel.
func (c *cache) find(rel string) *cacheEntry {
	i := sort.Search(len(c.entries), func(i int) bool { return c.entries[i].path >= rel })
	if i < len(c.entries) && c.entries[i].path == rel {
		return &c.entries[i]
	}
	return nil
}

// restoreUnchanged decodes the entries of the candidates whose path, size
// and modification time are unchanged, and returns them (f.Path empty for
// content the index skips) with the candidates left to analyse. Both
// cands and the entries are sorted by path. When any entry fails to
// decode, the cache is dropped and every candidate is returned.
func (c *cache) restoreUnchanged(cands []candidate) (kept []keptFile, rest []candidate) {
	if c == nil || len(c.entries) == 0 {
		return nil, cands
	}
	hits := make([]*cacheEntry, 0, len(cands))
	kept = make([]keptFile, 0, len(cands))
	j := 0
	for _, cd := range cands {
		for j < len(c.entries) && c.entries[j].path < cd.rel {
			j++
		}
		if j == len(c.entries) || c.entries[j].path != cd.rel {
			rest = append(rest, cd)
			continue
		}
		e := &c.entries[j]
		if cd.mtime == 0 || e.mtime != cd.mtime || e.size != cd.size {
			rest = append(rest, cd)
			continue
		}
		hits = append(hits, e)
		kept = append(kept, keptFile{rel: cd.rel})
	}
	// Decode in parallel, in contiguous parts.
	parts := min(runtime.GOMAXPROCS(0), max(len(hits)/256, 1))
	var wg sync.WaitGroup
	var failed atomic.Bool
	for p := range parts {
		lo, hi := p*len(hits)/parts, (p+1)*len(hits)/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			lazy := 0
			for i := lo; i < hi && !failed.Load(); i++ {
				e := hits[i]
				f, err := c.decodeFile(e, candidate{rel: e.path, size: e.size, mtime: e.mtime}, true)
				if err != nil {
					failed.Store(true)
					return
				}
				kept[i].f = f
				if f.lazy != nil {
					lazy += len(f.lazy.enc)
				}
			}
			// The encoded symbols move to one buffer of their own, so
			// that the file's bytes need not stay alive for them.
			buf := make([]byte, 0, lazy)
			for i := lo; i < hi && !failed.Load(); i++ {
				if l := kept[i].f.lazy; l != nil {
					buf = append(buf, l.enc...)
					l.enc = buf[len(buf)-len(l.enc) : len(buf) : len(buf)]
				}
			}
		}()
	}
	wg.Wait()
	if failed.Load() {
		c.entries, c.runs = nil, nil
		return nil, cands
	}
	c.kept = kept
	c.all = len(rest) == 0 && len(kept) == len(c.entries)
	return kept, rest
}

// byStat returns the cached analysis of a file whose path, size and
// modification time are unchanged.
func (c *cache) byStat(cd candidate) *File {
	if c == nil || cd.mtime == 0 {
		return nil
	}
	e := c.find(cd.rel)
	if e == nil || e.mtime != cd.mtime || e.size != cd.size {
		return nil
	}
	f, err := c.decodeFile(e, cd, false)
	if err != nil {
		return nil
	}
	return f
}

// byHash returns the cached analysis of the file at the same path with
// the same content (the path is part of the analysis: test flag,
// language, path terms).
func (c *cache) byHash(cd candidate, hash string) *File {
	if c == nil {
		return nil
	}
	e := c.find(cd.rel)
	if e == nil || e.size != cd.size {
		return nil
	}
	f, err := c.decodeFile(e, cd, false)
	if err != nil || f.Hash != hash {
		return nil
	}
	return f
}

// decodeFile decodes one record into the File of candidate cd. With lazy,
// the symbols of a vendored file are checked but left encoded
// (File.lazy), their bytes a slice of the record.
func (c *cache) decodeFile(e *cacheEntry, cd candidate, lazy bool) (*File, error) {
	r := &reader{b: e.rec, strs: c.strs}
	flags := r.byte()
	f := &File{Size: e.size, mtime: cd.mtime}
	f.Hash = r.str()
	if flags&flagSkip != 0 {
		if r.err != nil || r.left() != 0 {
			return nil, errCorrupt
		}
		return f, nil
	}
	f.Path = e.path
	f.Test, f.Doc, f.Vendored = flags&flagTest != 0, flags&flagDoc != 0, flags&flagVendored != 0
	f.Language = r.str()
	f.Package = r.str()
	f.Lines = r.int(1 << 40)
	f.Tokens = r.int(1 << 40)
	if n := r.count(); n > 0 {
		f.Imports = make([]string, n)
		for k := range f.Imports {
			f.Imports[k] = r.str()
		}
	}
	words := uint64(len(c.words))
	if n := r.countOf(2); n > 0 { // id delta, count
		f.tids, f.tcnt = make([]uint32, n), make([]uint16, n)
		id := uint64(0)
		for k := range f.tids {
			d, ok := r.small()
			if !ok {
				d = r.uvarintLong()
			}
			cnt, ok := r.small()
			if !ok {
				cnt = r.uvarintLong()
			}
			id += d
			if id >= words || cnt > 65535 {
				r.fail()
				break
			}
			f.tids[k], f.tcnt[k] = uint32(id), uint16(cnt)
		}
	}
	if n := r.count(); n > 0 {
		f.iids = make([]uint32, n)
		id := uint64(0)
		for k := range f.iids {
			d, ok := r.small()
			if !ok {
				d = r.uvarintLong()
			}
			id += d
			if id >= words {
				r.fail()
				break
			}
			f.iids[k] = uint32(id)
		}
	}
	if n := r.countOf(8); n > 0 { // 5 string ids, 2 lines, flags
		slots := r.int(2 * uint64(n))
		if lazy && f.Vendored {
			// Left encoded: the rest of the record, checked when decoded.
			if slots < n {
				r.fail()
			}
			enc := r.bytes(r.left())
			f.lazy = &lazySymbols{enc: enc, strs: c.strs, path: f.Path, n: int32(n), slots: int32(slots)}
		} else {
			f.Symbols = make([]Symbol, n)
			methods := 0
			for k := range f.Symbols {
				s := &f.Symbols[k]
				readSymbol(r, s)
				s.Path = f.Path
				methods += min(len(s.Receiver), 1)
			}
			if n+methods != slots {
				r.fail()
			}
		}
	}
	if r.err != nil || r.left() != 0 {
		return nil, errCorrupt
	}
	return f, nil
}

// readSymbol reads one symbol into s, all but its path; s holds the zero
// Symbol.
func readSymbol(r *reader, s *Symbol) {
	s.Name = r.str()
	s.Kind = SymbolKind(r.str())
	// Most receivers, signatures and doc lines are empty: the zero value
	// is left as it is (no pointer written).
	if v := r.str(); v != "" {
		s.Receiver = v
	}
	if v := r.str(); v != "" {
		s.Signature = v
	}
	if v := r.str(); v != "" {
		s.Doc = v
	}
	s.Line = r.int(1 << 40)
	s.EndLine = s.Line + int(r.varint())
	s.Exported = r.byte()&symExported != 0
}

// lazySymbols are the symbols of a vendored file restored from the cache,
// still encoded: ranking never reads them, so a warm build neither reads
// nor decodes (nor has the collector scan) the symbols of every
// dependency. They are checked when first read; symbols that do not
// decode (a crafted cache file: the CRC catches damage) count as none.
type lazySymbols struct {
	enc   []byte // n symbols as the record holds them
	strs  *strTable
	path  string
	n     int32        // symbols
	slots int32        // name slots: one per symbol, one more per method
	state atomic.Int32 // lazyUnchecked, lazyGood or lazyBad
	dec   atomic.Pointer[decodedSymbols]
}

// lazySymbols.state.
const (
	lazyUnchecked = iota
	lazyGood
	lazyBad
)

// good reports whether the symbols decode, as many as they say with as
// many methods, checking them on first use; it is safe for concurrent
// use.
func (l *lazySymbols) good() bool {
	switch l.state.Load() {
	case lazyGood:
		return true
	case lazyBad:
		return false
	}
	r := &reader{b: l.enc, strs: l.strs}
	slots := 0
	for range l.n {
		var s Symbol
		readSymbol(r, &s)
		slots += 1 + min(len(s.Receiver), 1)
	}
	state := int32(lazyGood)
	if r.err != nil || r.left() != 0 || slots != int(l.slots) {
		state = lazyBad
	}
	l.state.Store(state)
	return state == lazyGood
}

// decodedSymbols are lazySymbols decoded: the symbols, and the symbol of
// each name slot when they hold methods (else slot k is symbol k).
type decodedSymbols struct {
	syms []Symbol
	slot []int32
}

// decoded returns the symbols, decoding them on first use; it is safe for
// concurrent use.
func (l *lazySymbols) decoded() *decodedSymbols {
	if d := l.dec.Load(); d != nil {
		return d
	}
	d := &decodedSymbols{syms: l.appendTo(nil)}
	if l.slots != l.n && len(d.syms) > 0 {
		d.slot = make([]int32, 0, len(d.syms)+int(l.slots-l.n))
		for k, s := range d.syms {
			d.slot = append(d.slot, int32(k))
			if s.Receiver != "" {
				d.slot = append(d.slot, int32(k))
			}
		}
	}
	if !l.dec.CompareAndSwap(nil, d) {
		return l.dec.Load()
	}
	return d
}

// slot returns the symbol of name slot k.
func (l *lazySymbols) slot(k int32) (*Symbol, bool) {
	d := l.decoded()
	if d.slot != nil {
		if k < 0 || int(k) >= len(d.slot) {
			return nil, false
		}
		k = d.slot[k]
	}
	if k < 0 || int(k) >= len(d.syms) {
		return nil, false
	}
	return &d.syms[k], true
}

// appendTo appends the decoded symbols to out (none when they do not
// decode).
func (l *lazySymbols) appendTo(out []Symbol) []Symbol {
	if !l.good() {
		return out
	}
	out = slices.Grow(out, int(l.n))
	l.each(func(s *Symbol) { out = append(out, *s) })
	return out
}

// each calls fn with every symbol in turn, decoded into one variable
// (nothing allocated); fn must not keep s. Callers check good first.
func (l *lazySymbols) each(fn func(s *Symbol)) {
	r := &reader{b: l.enc, strs: l.strs}
	var s Symbol
	for range l.n {
		s = Symbol{}
		readSymbol(r, &s)
		if r.err != nil {
			return
		}
		s.Path = l.path
		fn(&s)
	}
}

// save writes the cache when the analysis of any file changed since it was
// loaded, replacing the file atomically. Entries are the analyses of this
// build other than those restoreUnchanged kept, keyed by path; a File
// with an empty Path records content the index skipped. Files restored
// from the cache keep their encoded records no longer: save drops them.
func (c *cache) save(ix *Index, entries map[string]*File) error {
	if c == nil {
		return nil
	}
	defer func() { c.words, c.strs, c.entries, c.kept = nil, nil, nil, nil }()
	if len(entries) == 0 && len(c.kept) == len(c.entries) {
		return nil // every stored file restored unchanged, none added
	}
	files := make([]keptFile, 0, len(c.kept)+len(entries))
	files = append(files, c.kept...)
	for rel, f := range entries {
		files = append(files, keptFile{rel: rel, f: f})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].rel < files[j].rel })
	if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.path), ".index-*.tmp")
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	fail := func(err error) error {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("cache %s: %w", c.path, err)
	}
	if err := encodeCache(tmp, c.root, ix.words, files); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), c.path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cache %s: %w", c.path, err)
	}
	// The gob cache of format 7 and before had another name.
	os.Remove(strings.TrimSuffix(c.path, ".gpidx") + ".gob")
	return nil
}

// writer streams the cache file, keeping its length and CRC.
type writer struct {
	w   *bufio.Writer
	crc hash.Hash32
	n   uint64 // bytes written
	buf []byte // what the put methods append to
	err error

	sids  map[string]uint32 // strings stored once: names, receivers, imports
	few   map[string]uint32 // the same for the few kinds and languages
	empty uint32            // the sid of ""
	lens  chunks            // varint lengths of the strings table
	blob  chunks            // bytes of the strings table
	nstr  int

	// The look-up by symbol name (symbolRuns), names as sids, numbered
	// in path order as Index.finish numbers them.
	numOf []uint32          // by sid: 1 + the name's number, 0 for none
	qual  map[uint64]uint32 // (receiver sid, name sid) -> sid of Receiver.Name
	names []uint32          // sid by number
	lower []uint32          // (number, sid of the folded name) pairs, as they come
	nums  []uint32

	nameHash  []uint64 // by number: strHash of the name
	lowerHash []uint64 // by pair of lower: strHash of the folded name

	syms []Symbol // the decoded symbols of a file restored with them encoded
}

func (w *writer) write(b []byte) {
	if w.err != nil {
		return
	}
	w.crc.Write(b)
	w.n += uint64(len(b))
	_, w.err = w.w.Write(b)
}

// sid returns the id of s in the strings table, adding it when new.
// Equal strings given to sid share one id, which the symbol numbering
// relies on.
func (w *writer) sid(s string) uint32 {
	if s == "" {
		return w.empty
	}
	if id, ok := w.sids[s]; ok {
		return id
	}
	id := w.add(s)
	w.sids[s] = id
	return id
}

// fewSid is sid for strings of a small set (kinds, languages), whose map
// stays in the processor's cache.
func (w *writer) fewSid(s string) uint32 {
	if id, ok := w.few[s]; ok {
		return id
	}
	id := w.add(s)
	w.few[s] = id
	return id
}

// add adds s to the strings table as a new string.
func (w *writer) add(s string) uint32 {
	id := uint32(w.nstr)
	w.nstr++
	w.lens.appendUvarint(uint64(len(s)))
	w.blob.append(s)
	return id
}

// putOnce puts a string that is seldom stored twice (a path, a hash, a
// signature, a doc line) without looking it up.
func (w *writer) putOnce(s string) {
	if s == "" {
		w.putUvarint(uint64(w.empty))
		return
	}
	w.putUvarint(uint64(w.add(s)))
}

func (w *writer) putUvarint(v uint64) { w.buf = binary.AppendUvarint(w.buf, v) }
func (w *writer) putVarint(v int64)   { w.buf = binary.AppendVarint(w.buf, v) }
func (w *writer) putStr(s string)     { w.putUvarint(uint64(w.sid(s))) }

// encodeCache writes the cache file for root: the word table and files,
// sorted by path.
func encodeCache(out io.Writer, root string, words []string, files []keptFile) error {
	w := &writer{
		w:    bufio.NewWriterSize(out, 1<<20),
		crc:  crc32.New(castagnoli),
		sids: make(map[string]uint32, 4*len(files)),
		few:  map[string]uint32{},
		qual: map[uint64]uint32{},
	}
	for _, word := range words {
		w.add(word) // the word table is the first len(words) strings
	}
	w.empty = w.add("")
	w.buf = append(w.buf, cacheMagic...)
	w.putUvarint(cacheVersion)
	w.putStr(root)
	w.putUvarint(uint64(len(words)))
	w.putUvarint(uint64(len(files)))
	w.write(w.buf)
	var rec, head []byte
	for _, kf := range files {
		w.buf = rec[:0]
		encodeFile(w, kf.f)
		rec, w.buf = w.buf, head[:0]
		w.putOnce(kf.rel)
		w.putVarint(kf.f.mtime)
		w.putUvarint(uint64(kf.f.Size))
		w.putUvarint(uint64(len(rec)))
		head = w.buf
		w.write(head)
		w.write(rec)
	}
	w.buf = w.buf[:0]
	w.putUvarint(uint64(len(w.names)))
	w.putUvarints(w.names)
	w.putTable(w.nameHash)
	w.putFolds()
	w.putUvarint(uint64(len(w.nums)))
	w.putUvarints(w.nums)
	w.write(w.buf)
	strOff := w.n
	w.buf = w.buf[:0]
	w.putUvarint(uint64(w.nstr))
	w.write(w.buf)
	for _, c := range w.lens {
		w.write(c)
	}
	for _, c := range w.blob {
		w.write(c)
	}
	var tail [12]byte
	binary.LittleEndian.PutUint64(tail[:8], strOff)
	w.write(tail[:8])
	binary.LittleEndian.PutUint32(tail[8:], w.crc.Sum32())
	if w.err != nil {
		return w.err
	}
	if _, err := w.w.Write(tail[8:]); err != nil {
		return err
	}
	return w.w.Flush()
}

// encodeFile appends the record of f to w.buf.
func encodeFile(w *writer, f *File) {
	var flags byte
	if f.Path == "" {
		flags |= flagSkip
	}
	if f.Test {
		flags |= flagTest
	}
	if f.Doc {
		flags |= flagDoc
	}
	if f.Vendored {
		flags |= flagVendored
	}
	w.buf = append(w.buf, flags)
	w.putOnce(f.Hash)
	if f.Path == "" {
		return
	}
	w.putUvarint(uint64(w.fewSid(f.Language)))
	w.putStr(f.Package)
	w.putUvarint(uint64(f.Lines))
	w.putUvarint(uint64(f.Tokens))
	w.putUvarint(uint64(len(f.Imports)))
	for _, imp := range f.Imports {
		w.putStr(imp)
	}
	w.putUvarint(uint64(len(f.tids)))
	prev := uint32(0)
	for k, id := range f.tids {
		w.putUvarint(uint64(id - prev))
		w.putUvarint(uint64(f.tcnt[k]))
		prev = id
	}
	w.putUvarint(uint64(len(f.iids)))
	prev = 0
	for _, id := range f.iids {
		w.putUvarint(uint64(id - prev))
		prev = id
	}
	syms := f.Symbols
	if f.lazy != nil {
		w.syms = f.lazy.appendTo(w.syms[:0])
		syms = w.syms
	}
	w.putUvarint(uint64(len(syms)))
	if len(syms) == 0 {
		return
	}
	slots := len(syms)
	for _, s := range syms {
		slots += min(len(s.Receiver), 1)
	}
	w.putUvarint(uint64(slots))
	for _, s := range syms {
		name := w.sid(s.Name)
		w.putUvarint(uint64(name))
		w.number(s, name)
		w.putUvarint(uint64(w.fewSid(string(s.Kind))))
		w.putStr(s.Receiver)
		w.putOnce(s.Signature)
		w.putOnce(s.Doc)
		w.putUvarint(uint64(s.Line))
		w.putVarint(int64(s.EndLine - s.Line))
		var sf byte
		if s.Exported {
			sf = symExported
		}
		w.buf = append(w.buf, sf)
	}
}

// number numbers the name of s (sid name), and its Receiver.Name for
// methods, in order of first appearance, and notes a plain name's folded
// form the first time it appears: as Index.finish does, with sids for
// strings.
func (w *writer) number(s Symbol, name uint32) {
	num, seen := w.numberSid(name, s.Name)
	w.nums = append(w.nums, num)
	if !seen {
		l := strings.ToLower(s.Name)
		w.lower = append(w.lower, num, w.sid(l))
		w.lowerHash = append(w.lowerHash, strHash(l))
	}
	if s.Receiver != "" {
		key := uint64(w.sid(s.Receiver))<<32 | uint64(name)
		q, ok := w.qual[key]
		if !ok {
			qn := s.QualifiedName()
			q = w.sid(qn)
			w.qual[key] = q
			num, _ := w.numberSid(q, qn)
			w.nums = append(w.nums, num)
			return
		}
		// Numbered when it went into w.qual.
		num, _ := w.numberSid(q, "")
		w.nums = append(w.nums, num)
	}
}

// numberSid returns the number of the name of sid, whose string is s
// (hashed for the hash table), numbering it when new.
func (w *writer) numberSid(sid uint32, s string) (num uint32, seen bool) {
	if int(sid) >= len(w.numOf) {
		w.numOf = append(w.numOf, make([]uint32, int(sid)+1-len(w.numOf)+len(w.numOf)/2+1024)...)
	}
	if n := w.numOf[sid]; n > 0 {
		return n - 1, true
	}
	num = uint32(len(w.names))
	w.names = append(w.names, sid)
	w.nameHash = append(w.nameHash, strHash(s))
	w.numOf[sid] = num + 1
	return num, false
}

// strHash is the hash of the cache's hash tables (FNV-1a, 64 bits).
func strHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// putTable puts the hash table of distinct strings given by their
// strHash, slot k holding 1 + the number of the string placed there, at a
// load of at most a half.
func (w *writer) putTable(hashes []uint64) {
	n := 0
	if len(hashes) > 0 {
		n = 1
		for n < 2*len(hashes) {
			n *= 2
		}
	}
	tab := make([]uint32, n)
	mask := uint64(n - 1)
	for num, h := range hashes {
		i := h & mask
		for tab[i] != 0 {
			i = (i + 1) & mask
		}
		tab[i] = uint32(num) + 1
	}
	w.putUvarint(uint64(n))
	for _, v := range tab {
		if len(w.buf) >= 64<<10 {
			w.write(w.buf)
			w.buf = w.buf[:0]
		}
		w.buf = binary.LittleEndian.AppendUint32(w.buf, v)
	}
}

// useSymbolRuns takes the look-up by symbol name from the stored runs,
// after checking that they name every symbol of the files as they are
// (still encoded symbols are checked as they are looked up); false when
// they do not fit. The names stay where the runs hold them: Index.span
// finds one in their hash table, and no map of every name (most of them,
// with vendored files, the dependencies') is filled.
func (ix *Index) useSymbolRuns(r *symbolRuns) bool {
	spans, ok := ix.placeStoredSymbols(r)
	if !ok {
		return false
	}
	ix.stored, ix.spans = r, spans
	ix.bySymbol, ix.lowerSym = nil, nil
	return true
}

// placeStoredSymbols checks the stored names of every symbol, lays out
// symRefs, and returns the run of every name number.
func (ix *Index) placeStoredSymbols(r *symbolRuns) ([]symSpan, bool) {
	k := 0
	for _, f := range ix.files {
		if f.lazy != nil {
			// Their names are checked when looked up (Index.appendSymbols).
			if k += int(f.lazy.slots); k > len(r.nums) {
				return nil, false
			}
			continue
		}
		for _, s := range f.Symbols {
			if k == len(r.nums) || r.strs.at(r.names[r.nums[k]]) != s.Name {
				return nil, false
			}
			k++
			if s.Receiver == "" {
				continue
			}
			if k == len(r.nums) {
				return nil, false
			}
			// Receiver.Name, without building it.
			q := r.strs.at(r.names[r.nums[k]])
			if len(q) != len(s.Receiver)+1+len(s.Name) || q[len(s.Receiver)] != '.' || !strings.HasPrefix(q, s.Receiver) || !strings.HasSuffix(q, s.Name) {
				return nil, false
			}
			k++
		}
	}
	spans, ok := ix.placeSymbols(len(r.names), r.nums, nil)
	return spans, ok && k == len(r.nums)
}

// name returns the string of name number num.
func (r *symbolRuns) name(num int) string { return r.strs.at(r.names[num]) }

// find returns the number of a name.
func (r *symbolRuns) find(name string) (int, bool) {
	return lookUp(r.nameTab, name, len(r.names), r.name)
}

// namesFolded returns the names whose lower-case form is lower, in order
// of first appearance.
func (r *symbolRuns) namesFolded(lower string) []string {
	g, ok := lookUp(r.foldTab, lower, len(r.folds), func(g int) string { return r.strs.at(r.folds[g]) })
	if !ok {
		return nil
	}
	start, n := r.foldStart[g], r.foldN[g]
	out := make([]string, n)
	for k, num := range r.folded[start : start+n] {
		out[k] = r.name(int(num))
	}
	return out
}

// lookUp finds s in a hash table of n strings, str giving the string of a
// number; it probes no more slots than the table has.
func lookUp(tab []byte, s string, n int, str func(int) string) (int, bool) {
	slots := len(tab) / 4
	if slots == 0 {
		return 0, false
	}
	mask := uint64(slots - 1)
	i := strHash(s) & mask
	for range slots {
		v := binary.LittleEndian.Uint32(tab[4*i:])
		if v == 0 {
			return 0, false
		}
		if num := int(v - 1); num < n && str(num) == s {
			return num, true
		}
		i = (i + 1) & mask
	}
	return 0, false
}

// putFolds appends the folded names, grouped: each distinct folded name in
// order of first appearance, with the numbers of its names in order, then
// their hash table.
func (w *writer) putFolds() {
	group := make(map[uint32]uint32, len(w.lower)/2) // folded sid -> group
	var folds []uint32                               // sid by group
	var foldHash []uint64                            // strHash by group
	var counts []uint32
	of := make([]uint32, len(w.lower)/2) // group of each entry
	for k := 0; k < len(w.lower); k += 2 {
		g, ok := group[w.lower[k+1]]
		if !ok {
			g = uint32(len(folds))
			group[w.lower[k+1]] = g
			folds = append(folds, w.lower[k+1])
			foldHash = append(foldHash, w.lowerHash[k/2])
			counts = append(counts, 0)
		}
		counts[g]++
		of[k/2] = g
	}
	start := make([]uint32, len(folds))
	total := uint32(0)
	for g, n := range counts {
		start[g] = total
		total += n
	}
	members := make([]uint32, total)
	for k := 0; k < len(w.lower); k += 2 {
		g := of[k/2]
		members[start[g]] = w.lower[k]
		start[g]++
	}
	w.putUvarint(uint64(len(folds)))
	for g, sid := range folds {
		w.putUvarint(uint64(sid))
		w.putUvarint(uint64(counts[g]))
	}
	w.putUvarints(members)
	w.putTable(foldHash)
}

// putUvarints puts vs, writing out the buffer as it fills.
func (w *writer) putUvarints(vs []uint32) {
	for _, v := range vs {
		if len(w.buf) >= 64<<10 {
			w.write(w.buf)
			w.buf = w.buf[:0]
		}
		w.putUvarint(uint64(v))
	}
}

// chunks is a byte buffer in pieces of chunkSize: it grows without copying
// what it holds or leaving the smaller arrays of each doubling behind.
type chunks [][]byte

const chunkSize = 256 << 10

func (c *chunks) room(n int) []byte {
	if len(*c) == 0 || cap((*c)[len(*c)-1])-len((*c)[len(*c)-1]) < n {
		*c = append(*c, make([]byte, 0, max(chunkSize, n)))
	}
	return (*c)[len(*c)-1]
}

func (c *chunks) append(s string) {
	last := c.room(len(s))
	(*c)[len(*c)-1] = append(last, s...)
}

func (c *chunks) appendUvarint(v uint64) {
	last := c.room(binary.MaxVarintLen64)
	(*c)[len(*c)-1] = binary.AppendUvarint(last, v)
}
