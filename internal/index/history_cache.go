package index

import (
	"bufio"
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
	"time"
)

// NoHistoryCache, as LoadHistory's cache directory, reads the history
// from git every time and keeps no file.
const NoHistoryCache = "-"

// historyMagic starts a history cache file; its last digit is the format
// version, which the file's name carries too (historyFileName).
const historyMagic = "gphist2\n"

// LoadHistory returns the history of the git repository whose work tree
// holds root, read at its HEAD. It is kept in cacheDir ("" means the user
// cache directory's groundplan/history folder, NoHistoryCache none) keyed
// by the root and the HEAD commit, so that later calls at the same HEAD
// only decode it, and calls at a HEAD that descends from the cached one
// read only the commits since (see extendHistory). A root outside git, a
// repository without commits or a machine without git give no history
// and no error: the history is an extra signal.
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
	key := historyKey(rev, opts)
	var file string
	var cached *History
	var cachedRev string
	if cacheDir != "" {
		file = filepath.Join(cacheDir, historyFileName(abs))
		if data, err := os.ReadFile(file); err == nil {
			if h, k, err := DecodeHistory(data); err == nil {
				if k == key {
					return h, nil
				}
				if old, ok := strings.CutSuffix(k, historyKey("", opts)); ok {
					cached, cachedRev = h, old
				}
			}
		}
	}
	opts.Relative = true // root may be a folder inside the work tree
	opts.Exclude = boundary
	var h *History
	if cached != nil {
		h = extendHistory(ctx, abs, cached, cachedRev, rev, opts)
	}
	if h == nil {
		if h, err = ReadHistory(ctx, []string{"-C", abs}, rev, opts); err != nil {
			return nil, fmt.Errorf("history %s: %w", root, err)
		}
	}
	if file != "" {
		// A cache that cannot be written costs time, not results.
		if writeFileAtomic(file, EncodeHistory(h, key)) == nil {
			pruneHistoryCache(cacheDir, abs, time.Now())
		}
	}
	return h, nil
}

// historyFileName names the cache file of the repository root abs: a
// hash of the path, then the format version. The format's first version
// wrote <hash>.gph; later ones write <hash>.v<N>.gph.
func historyFileName(abs string) string {
	return historyFilePrefix(abs) + "v" + historyMagic[len(historyMagic)-2:len(historyMagic)-1] + ".gph"
}

// historyFilePrefix is what every cache file name of the root abs starts
// with, whatever its version: 24 hex digits and a dot.
func historyFilePrefix(abs string) string {
	sum := sha256.Sum256([]byte(abs))
	return hex.EncodeToString(sum[:12]) + "."
}

// staleTempAge is how old a temporary file of writeFileAtomic must be
// before pruneHistoryCache takes it for the leftover of a writer that
// died: a write takes milliseconds.
const staleTempAge = time.Hour

// pruneHistoryCache removes, from dir, the cache files of the root abs
// that the current one supersedes: those of other format versions, and
// temporary files left by an interrupted write. Only names of the forms
// <prefix>gph, <prefix>v<digits>.gph and .<prefix>…gph-….tmp, with the
// root's own prefix, are touched, so other repositories' files and
// anything else in the folder stay. Errors are ignored: a stale file
// costs disk space, not results.
func pruneHistoryCache(dir, abs string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix, current := historyFilePrefix(abs), historyFileName(abs)
	for _, e := range entries {
		name := e.Name()
		if name == current || !e.Type().IsRegular() {
			continue
		}
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			if v, ok := strings.CutSuffix(rest, ".gph"); rest == "gph" || ok && len(v) > 1 && v[0] == 'v' && allDigits(v[1:]) {
				os.Remove(filepath.Join(dir, name))
			}
			continue
		}
		if rest, ok := strings.CutPrefix(name, "."+prefix); ok && strings.HasSuffix(rest, ".tmp") && strings.Contains(rest, ".gph-") {
			if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > staleTempAge {
				os.Remove(filepath.Join(dir, name))
			}
		}
	}
}

// isCommitHash reports whether s spells a full commit hash (SHA-1 or
// SHA-256), so that it can go on a git command line as a revision.
func isCommitHash(s string) bool {
	return (len(s) == 40 || len(s) == 64) && isHex([]byte(s))
}

// extendHistory returns the history at rev from a cached one read at old,
// reading only the commits since: nil when old is no ancestor of rev or
// the result would not be what ReadHistory reads at rev, which the
// caller then does.
//
// git log lists commits in the order of its walk, by commit date, so the
// new commits need not all come before the old ones: a merged branch
// brings commits dated before commits that were already read. The new
// commits' records (from git log old..rev, read as ReadHistory reads) are
// placed among the cached ones as git rev-list --no-merges orders them:
// it walks as git log does, without computing a diff, and only back to
// the oldest new commit's date. Past that point only cached records
// remain, which follow in their cached order, and the whole is cut after
// opts.Limit records as git log -n cuts. (That rests on git walking the
// old commits in the same order from rev as from old, which holds
// unless commit dates run backwards or tie; the records the walk does
// pass must come in their cached order, or the history is read again.)
func extendHistory(ctx context.Context, abs string, cached *History, old, rev string, opts HistoryOptions) *History {
	if !isCommitHash(old) || !isCommitHash(rev) || old == rev {
		return nil
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = 3000
	}
	git := append([]string{"-C", abs}, safeGitConfig...)
	if gitCommand(ctx, append(git, "merge-base", "--is-ancestor", old, rev)...).Run() != nil {
		return nil
	}
	out, err := gitCommand(ctx, append(git, "rev-list", "--no-merges", "--timestamp", "--end-of-options", rev, "^"+old, "--")...).Output()
	if err != nil {
		return nil
	}
	lines := strings.Fields(string(out)) // timestamp, hash, timestamp, hash…
	if len(lines)%2 != 0 || len(lines)/2 > limit {
		return nil // odd output, or as costly as reading it all
	}
	isNew := make(map[string]bool, len(lines)/2)
	since := int64(-1)
	for i := 0; i < len(lines); i += 2 {
		ts, err := strconv.ParseInt(lines[i], 10, 64)
		if err != nil || !isCommitHash(lines[i+1]) {
			return nil
		}
		if since < 0 || ts < since {
			since = ts
		}
		isNew[lines[i+1]] = true
	}
	oldList := historyRecords(cached)
	if len(isNew) == 0 {
		// Only merges since: the records are the cached ones.
		return joinHistories(oldList[:min(len(oldList), limit)], cached)
	}
	newer, err := ReadHistory(ctx, []string{"-C", abs}, old+".."+rev, opts)
	if err != nil {
		return nil
	}
	newRec := map[string]histRecord{}
	for _, r := range historyRecords(newer) {
		if !isNew[r.hash] {
			return nil
		}
		newRec[r.hash] = r
	}
	oldRec := make(map[string]int, len(oldList))
	for i, r := range oldList {
		oldRec[r.hash] = i
	}
	// Walk rev's history back to the oldest new commit and lay the
	// records out in its order.
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := gitCommand(wctx, append(git, "rev-list", "--no-merges", "--max-age="+strconv.FormatInt(since, 10), "--end-of-options", rev, "--")...)
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		return nil
	}
	if err := cmd.Start(); err != nil {
		return nil
	}
	var order []histRecord
	nextOld, seenNew := 0, 0
	ok := true
	sc := bufio.NewScanner(pipe)
	for len(order) < limit && sc.Scan() {
		c := string(sc.Bytes())
		if isNew[c] {
			seenNew++
			if r, found := newRec[c]; found {
				order = append(order, r)
			}
		} else if i, found := oldRec[c]; found {
			if i != nextOld {
				ok = false // the old records out of their order: read it all
				break
			}
			nextOld++
			order = append(order, oldList[i])
		}
	}
	full := len(order) == limit
	if !ok || full {
		cancel() // the rest of the walk is not needed
	}
	pipe.Close()
	werr := cmd.Wait()
	if !ok || !full && (sc.Err() != nil || werr != nil || seenNew != len(isNew)) {
		return nil
	}
	for ; len(order) < limit && nextOld < len(oldList); nextOld++ {
		order = append(order, oldList[nextOld])
	}
	return joinHistories(order, newer, cached)
}

// histRecord is one record of a history's log: a commit it kept (from
// which history, at which index) or one it dropped (kept < 0).
type histRecord struct {
	from *History
	ord  int
	kept int
	hash string
}

// records is the number of log records a history was read from.
func (h *History) records() int { return len(h.Commits) + len(h.dropped) }

// historyRecords lists a history's records in their order.
func historyRecords(h *History) []histRecord {
	rs := make([]histRecord, 0, h.records())
	k, d := 0, 0
	for i := range h.records() {
		if k < len(h.Commits) && h.commitOrd(k) == i {
			rs = append(rs, histRecord{from: h, ord: i, kept: k, hash: h.Commits[k].Hash})
			k++
		} else if d < len(h.dropped) {
			rs = append(rs, histRecord{from: h, ord: i, kept: -1, hash: h.dropped[d]})
			d++
		}
	}
	return rs
}

// commitOrd is the place of commit k among the history's records.
func (h *History) commitOrd(k int) int {
	if k < len(h.ord) {
		return int(h.ord[k])
	}
	return k
}

// joinHistories builds the history whose records are order, taken from
// the histories they name, with its message index as newHistory would
// build it from their messages.
func joinHistories(order []histRecord, hs ...*History) *History {
	// Each source commit's terms, from its history's postings.
	type termCount struct {
		term  string
		count int32
	}
	terms := map[*History][][]termCount{}
	for _, h := range hs {
		tc := make([][]termCount, len(h.Commits))
		for t, ps := range h.postings {
			for _, p := range ps {
				tc[p.commit] = append(tc[p.commit], termCount{t, p.count})
			}
		}
		terms[h] = tc
	}
	out := &History{postings: map[string][]histPosting{}}
	var total float64
	for i, r := range order {
		if r.kept < 0 {
			out.dropped = append(out.dropped, r.hash)
			continue
		}
		n := int32(len(out.Commits))
		out.Commits = append(out.Commits, r.from.Commits[r.kept])
		out.ord = append(out.ord, int32(i))
		dl := r.from.docLen[r.kept]
		out.docLen = append(out.docLen, dl)
		total += float64(dl)
		for _, t := range terms[r.from][r.kept] {
			out.postings[t.term] = append(out.postings[t.term], histPosting{n, t.count})
		}
	}
	if out.docLen == nil {
		out.docLen = []float32{}
	}
	if len(out.Commits) > 0 {
		out.avgLen = total / float64(len(out.Commits))
	}
	return out
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
// commits (hash, subject, place among the log's records as the gap after
// the previous commit's, message length in terms, file numbers), the
// hashes of the records left out, the message terms with their postings
// (commit deltas and counts), and a CRC-32C of everything before it.
// Numbers are uvarints, strings a length and bytes.
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
	prevOrd := -1
	for i, c := range h.Commits {
		str(c.Hash)
		str(c.Subject)
		num(h.commitOrd(i) - prevOrd - 1)
		prevOrd = h.commitOrd(i)
		num(int(h.docLen[i]))
		num(len(c.Files))
		for _, f := range c.Files {
			num(pathID[f])
		}
	}
	num(len(h.dropped))
	for _, d := range h.dropped {
		str(d)
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
	ord := make([]int32, len(commits))
	var total float64
	next := uint64(0) // the least place the next commit may have
	for i := range commits {
		c := &commits[i]
		c.Hash = d.str()
		c.Subject = d.str()
		next += d.uvarint()
		if next >= 1<<30 {
			d.err = errHistoryCorrupt
			return nil, "", d.err
		}
		ord[i] = int32(next)
		next++
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
	var dropped []string
	if n := d.count(); n > 0 {
		dropped = make([]string, n)
		for i := range dropped {
			dropped[i] = d.str()
		}
	}
	// The commits and the dropped records are the records, each in one
	// place: the commits' places fall within them.
	if len(commits) > 0 && int(ord[len(ord)-1]) >= len(commits)+len(dropped) {
		d.err = errHistoryCorrupt
		return nil, "", d.err
	}
	nTerms := d.count()
	h := &History{Commits: commits, docLen: docLen, ord: ord, dropped: dropped, postings: make(map[string][]histPosting, nTerms)}
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
