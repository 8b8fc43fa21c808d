package index

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// NoHistoryCache, as LoadHistory's cache directory, reads the history
// from git every time and keeps no file.
const NoHistoryCache = "-"

// historyMagic starts a history cache file; its last digit is the format
// version.
const historyMagic = "gphist1\n"

// LoadHistory returns the history of the git repository whose work tree
// holds root, read at its HEAD. It is kept in cacheDir ("" means the user
// cache directory's groundplan/history folder, NoHistoryCache none) keyed by the root and the
// HEAD commit, so that later calls at the same HEAD only decode it. A root
// outside git, a repository without commits or a machine without git give
// no history and no error: the history is an extra signal.
func LoadHistory(ctx context.Context, root, cacheDir string, opts HistoryOptions) (*History, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", root, err)
	}
	args := append([]string{"-C", abs}, safeGitConfig...)
	out, err := gitCommand(ctx, append(args, "rev-parse", "--is-shallow-repository", "--git-path", "shallow", "--verify", "-q", "HEAD^{commit}")...).Output()
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("history %s: %w", root, ctx.Err())
		}
		return nil, nil // not a repository, no commit yet, or no git
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 3 {
		return nil, fmt.Errorf("history %s: unexpected git rev-parse output %q", root, out)
	}
	rev := strings.TrimSpace(lines[2])
	// A shallow clone's history ends at commits whose parents are
	// missing: git lists every file of such a commit as added, which
	// would tie them all to its message. They are left out, and a history
	// that deepens without HEAD moving is not cached.
	var boundary map[string]bool
	if strings.TrimSpace(lines[0]) == "true" {
		shallowFile := strings.TrimSpace(lines[1])
		if !filepath.IsAbs(shallowFile) {
			shallowFile = filepath.Join(abs, shallowFile)
		}
		data, err := os.ReadFile(shallowFile)
		if err != nil {
			return nil, fmt.Errorf("history %s: %w", root, err)
		}
		boundary = map[string]bool{}
		for _, l := range strings.Fields(string(data)) {
			boundary[l] = true
		}
		cacheDir = NoHistoryCache
	}
	if cacheDir == NoHistoryCache {
		cacheDir = ""
	} else if cacheDir == "" {
		base, err := os.UserCacheDir()
		if err == nil && base != "" {
			cacheDir = filepath.Join(base, "groundplan", "history")
		}
	}
	var file string
	if cacheDir != "" {
		sum := sha256.Sum256([]byte(abs))
		file = filepath.Join(cacheDir, hex.EncodeToString(sum[:12])+".gph")
		if data, err := os.ReadFile(file); err == nil {
			if h, key, err := DecodeHistory(data); err == nil {
				if key == historyKey(rev, opts) {
					return h, nil
				}
				if old, ok := strings.CutSuffix(key, historyKey("", opts)); ok && recentAncestor(ctx, abs, old, rev) {
					return h, nil
				}
			}
		}
	}
	opts.Relative = true // root may be a folder inside the work tree
	opts.Exclude = boundary
	h, err := ReadHistory(ctx, []string{"-C", abs}, rev, opts)
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", root, err)
	}
	if file != "" {
		// A cache that cannot be written costs time, not results.
		_ = writeFileAtomic(file, EncodeHistory(h, historyKey(rev, opts)))
	}
	return h, nil
}

// staleCommits is how many commits a cached history may lag behind HEAD
// before it is read again: a few new commits add little to thousands of
// old ones, and reading the log again costs about half a CPU second on a
// large repository.
const staleCommits = 50

// recentAncestor reports whether commit old is an ancestor of rev, fewer
// than staleCommits commits behind it.
func recentAncestor(ctx context.Context, abs, old, rev string) bool {
	if old == "" || strings.HasPrefix(old, "-") || strings.ContainsAny(old, " \n") {
		return false
	}
	args := append([]string{"-C", abs}, safeGitConfig...)
	if gitCommand(ctx, append(args, "merge-base", "--is-ancestor", old, rev)...).Run() != nil {
		return false
	}
	out, err := gitCommand(ctx, append(args, "rev-list", "--count", old+".."+rev)...).Output()
	if err != nil {
		return false
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	return err == nil && n < staleCommits
}

// historyKey names what a cached history was read for: the commit and the
// bounds of the read.
func historyKey(rev string, opts HistoryOptions) string {
	return fmt.Sprintf("%s %d %d", rev, opts.Limit, opts.MaxFiles)
}

// writeFileAtomic writes data to a temporary file beside path and renames
// it into place, so readers never see a half-written file.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*.tmp")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// EncodeHistory lays a history out as: magic, key, the changed paths, the
// commits (hash, subject, message length in terms, file numbers), the
// message terms with their postings (commit deltas and counts), and a
// CRC-32C of everything before it. Numbers are uvarints, strings a length
// and bytes.
func EncodeHistory(h *History, key string) []byte {
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	num := func(v int) { b = binary.AppendUvarint(b, uint64(v)) }
	b = append(b, historyMagic...)
	str(key)
	pathID := map[string]int{}
	var paths []string
	for _, c := range h.Commits {
		for _, f := range c.Files {
			if _, ok := pathID[f]; !ok {
				pathID[f] = len(paths)
				paths = append(paths, f)
			}
		}
	}
	num(len(paths))
	for _, p := range paths {
		str(p)
	}
	num(len(h.Commits))
	for i, c := range h.Commits {
		str(c.Hash)
		str(c.Subject)
		num(int(h.docLen[i]))
		num(len(c.Files))
		for _, f := range c.Files {
			num(pathID[f])
		}
	}
	terms := make([]string, 0, len(h.postings))
	for t := range h.postings {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	num(len(terms))
	for _, t := range terms {
		str(t)
		ps := h.postings[t]
		num(len(ps))
		prev := int32(0)
		for _, p := range ps {
			num(int(p.commit - prev))
			num(int(p.count))
			prev = p.commit
		}
	}
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

var errHistoryCorrupt = errors.New("history cache: corrupt")

// DecodeHistory reads what EncodeHistory wrote and returns the history
// with its key. Damaged or foreign data is an error, never a panic, and
// no count makes it allocate more than the data's size allows.
func DecodeHistory(data []byte) (*History, string, error) {
	if len(data) < len(historyMagic)+4 || !bytes.HasPrefix(data, []byte(historyMagic)) {
		return nil, "", errHistoryCorrupt
	}
	body := data[:len(data)-4]
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return nil, "", errHistoryCorrupt
	}
	d := &histDecoder{buf: body[len(historyMagic):]}
	key := d.str()
	// Each item takes at least one byte, so no count may exceed what is
	// left.
	paths := make([]string, d.count())
	for i := range paths {
		paths[i] = d.str()
	}
	commits := make([]Commit, d.count())
	docLen := make([]float32, len(commits))
	var total float64
	for i := range commits {
		c := &commits[i]
		c.Hash = d.str()
		c.Subject = d.str()
		docLen[i] = float32(d.uvarint())
		total += float64(docLen[i])
		c.Files = make([]string, d.count())
		for k := range c.Files {
			id := d.uvarint()
			if id >= uint64(len(paths)) {
				d.err = errHistoryCorrupt
				return nil, "", d.err
			}
			c.Files[k] = paths[id]
		}
	}
	nTerms := d.count()
	h := &History{Commits: commits, docLen: docLen, postings: make(map[string][]histPosting, nTerms)}
	for range nTerms {
		t := d.str()
		ps := make([]histPosting, d.count())
		prev := uint64(0)
		for k := range ps {
			delta := d.uvarint()
			if k > 0 && delta == 0 || delta >= uint64(len(commits)) {
				d.err = errHistoryCorrupt // postings ascend strictly, within the commits
				return nil, "", d.err
			}
			prev += delta
			if prev >= uint64(len(commits)) {
				d.err = errHistoryCorrupt
				return nil, "", d.err
			}
			ps[k] = histPosting{commit: int32(prev), count: int32(min(d.uvarint(), 1<<30))}
		}
		if d.err != nil {
			return nil, "", d.err
		}
		h.postings[t] = ps
	}
	if d.err != nil || len(d.buf) != 0 {
		return nil, "", errHistoryCorrupt
	}
	if len(commits) > 0 {
		h.avgLen = total / float64(len(commits))
	}
	return h, key, nil
}

type histDecoder struct {
	buf []byte
	err error
}

func (d *histDecoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.buf)
	if n <= 0 {
		d.err = errHistoryCorrupt
		return 0
	}
	d.buf = d.buf[n:]
	return v
}

// count reads a number of items that each take at least one byte.
func (d *histDecoder) count() int {
	v := d.uvarint()
	if v > uint64(len(d.buf)) {
		d.err = errHistoryCorrupt
		return 0
	}
	return int(v)
}

func (d *histDecoder) str() string {
	n := d.count()
	if d.err != nil {
		return ""
	}
	s := string(d.buf[:n])
	d.buf = d.buf[n:]
	return s
}
