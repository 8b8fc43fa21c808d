package index

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// cacheVersion changes whenever what analyseFile produces changes, so an
// old cache is ignored rather than misread.
const cacheVersion = 7

// cache is the persistent store of file analyses for one repository root,
// kept in one file under the user cache directory. Entries are found by
// path, size and modification time (no read at all), then by content hash
// (a read but no parse).
type cache struct {
	words   []string // the word table the stored ids refer to
	root    string
	path    string
	byPath  map[string]*cachedFile
	hashes  map[string]*cachedFile
	changed bool
}

// cachedFile is the stored form of a File. Terms and identifiers are ids
// into the cache's word table, varint-encoded, so loading them allocates
// one slice each rather than a string per term.
type cachedFile struct {
	Path   string
	Skip   bool // binary or generated: not indexed
	File   File
	MTime  int64
	Terms  []byte // (id delta, count) varint pairs
	Idents []byte // id delta varints
}

// cacheHeader opens the cache file. It is followed by the word table in
// chunks of at most wordChunk words, then by Files cachedFile values, each
// its own gob message: writing and reading stream, so neither side holds
// the whole encoding in memory at once.
type cacheHeader struct {
	Version int
	Root    string
	Words   int
	Files   int
}

const wordChunk = 1 << 16

// openCache loads the cache for root, or starts an empty one. It returns nil
// when caching is off or no cache directory can be found.
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
	sum := sha256.Sum256([]byte(root))
	name := fmt.Sprintf("%s-%s.gob", filepath.Base(root), hex.EncodeToString(sum[:8]))
	if opts.IncludeVendored {
		name = "v-" + name
	}
	c := &cache{root: root, path: filepath.Join(dir, name), byPath: map[string]*cachedFile{}, hashes: map[string]*cachedFile{}}
	fh, err := os.Open(c.path)
	if err != nil {
		return c
	}
	defer fh.Close()
	dec := gob.NewDecoder(bufio.NewReaderSize(fh, 1<<20))
	var hdr cacheHeader
	if err := dec.Decode(&hdr); err != nil || hdr.Version != cacheVersion || hdr.Root != root {
		return c // unreadable or stale: rebuild from scratch
	}
	words := make([]string, 0, hdr.Words)
	for len(words) < hdr.Words {
		var chunk []string
		if err := dec.Decode(&chunk); err != nil || len(chunk) == 0 {
			return c
		}
		words = append(words, chunk...)
	}
	byPath := make(map[string]*cachedFile, hdr.Files)
	hashes := make(map[string]*cachedFile, hdr.Files)
	for range hdr.Files {
		e := &cachedFile{}
		if err := dec.Decode(e); err != nil {
			return c
		}
		byPath[e.Path] = e
		hashes[e.File.Hash] = e
	}
	c.words, c.byPath, c.hashes = words, byPath, hashes
	return c
}

// byStat returns the cached analysis of a file whose path, size and
// modification time are unchanged.
func (c *cache) byStat(cd candidate) *File {
	if c == nil || cd.mtime == 0 {
		return nil
	}
	e := c.byPath[cd.rel]
	if e == nil || e.MTime != cd.mtime || e.File.Size != cd.size {
		return nil
	}
	return e.restore(cd)
}

// byHash returns the cached analysis of a file with the same content.
func (c *cache) byHash(cd candidate, hash string) *File {
	if c == nil {
		return nil
	}
	e := c.hashes[hash]
	if e == nil {
		return nil
	}
	if e.Path != cd.rel {
		// Same content under another name: the path is part of the analysis
		// (test flag, language, path terms), so analyse again.
		return nil
	}
	return e.restore(cd)
}

func (e *cachedFile) restore(cd candidate) *File {
	if e.Skip {
		return &File{Hash: e.File.Hash, Size: e.File.Size, mtime: cd.mtime}
	}
	f := e.File
	f.mtime = cd.mtime
	f.tids, f.tcnt = decodeTerms(e.Terms)
	f.iids = decodeIDs(e.Idents)
	return &f
}

// save writes the cache when the analysis of any file changed since it was
// loaded, replacing the file atomically.
// Entries are the analyses of this build, keyed by path; a File with an
// empty Path records content the index skipped.
func (c *cache) save(ix *Index, entries map[string]*File) error {
	if c == nil {
		return nil
	}
	same := len(entries) == len(c.byPath)
	for rel, f := range entries {
		e := c.byPath[rel]
		if e == nil || e.File.Hash != f.Hash || e.MTime != f.mtime {
			same = false
			break
		}
	}
	if same {
		return nil
	}
	paths := make([]string, 0, len(entries))
	for rel := range entries {
		paths = append(paths, rel)
	}
	sort.Strings(paths)
	if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.path), ".index-*.tmp")
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	w := bufio.NewWriterSize(tmp, 1<<20)
	if err := c.encode(w, ix, entries, paths); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("cache %s: %w", c.path, err)
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("cache %s: %w", c.path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cache %s: %w", c.path, err)
	}
	if err := os.Rename(tmp.Name(), c.path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cache %s: %w", c.path, err)
	}
	return nil
}

// encode streams the header, the word table and one entry per path.
func (c *cache) encode(w *bufio.Writer, ix *Index, entries map[string]*File, paths []string) error {
	enc := gob.NewEncoder(w)
	if err := enc.Encode(cacheHeader{Version: cacheVersion, Root: c.root, Words: len(ix.words), Files: len(paths)}); err != nil {
		return err
	}
	for k := 0; k < len(ix.words); k += wordChunk {
		if err := enc.Encode(ix.words[k:min(k+wordChunk, len(ix.words))]); err != nil {
			return err
		}
	}
	for _, rel := range paths {
		f := entries[rel]
		e := &cachedFile{Path: rel, Skip: f.Path == "", MTime: f.mtime}
		if e.Skip {
			e.File = File{Hash: f.Hash, Size: f.Size}
		} else {
			// The interned form is the one in the index.
			if g, ok := ix.byPath[f.Path]; ok {
				f = g
			}
			e.File = *f
			e.Terms = encodeTerms(f.tids, f.tcnt)
			e.Idents = encodeIDs(f.iids)
		}
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return nil
}

func encodeTerms(ids []uint32, counts []uint16) []byte {
	out := make([]byte, 0, 3*len(ids))
	prev := uint32(0)
	for k, id := range ids {
		out = binary.AppendUvarint(out, uint64(id-prev))
		out = binary.AppendUvarint(out, uint64(counts[k]))
		prev = id
	}
	return out
}

func decodeTerms(b []byte) ([]uint32, []uint16) {
	var ids []uint32
	var counts []uint16
	prev := uint64(0)
	for len(b) > 0 {
		d, n := binary.Uvarint(b)
		if n <= 0 {
			break
		}
		b = b[n:]
		c, m := binary.Uvarint(b)
		if m <= 0 {
			break
		}
		b = b[m:]
		prev += d
		ids = append(ids, uint32(prev))
		counts = append(counts, uint16(c))
	}
	return ids, counts
}

func encodeIDs(ids []uint32) []byte {
	out := make([]byte, 0, 2*len(ids))
	prev := uint32(0)
	for _, id := range ids {
		out = binary.AppendUvarint(out, uint64(id-prev))
		prev = id
	}
	return out
}

func decodeIDs(b []byte) []uint32 {
	var ids []uint32
	prev := uint64(0)
	for len(b) > 0 {
		d, n := binary.Uvarint(b)
		if n <= 0 {
			break
		}
		b = b[n:]
		prev += d
		ids = append(ids, uint32(prev))
	}
	return ids
}
