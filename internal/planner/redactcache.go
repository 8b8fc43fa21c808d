package planner

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// cleanMemo is a persistent set of texts the redactor found nothing in, so
// that a one-shot process (groundplan context, prompt, plan) does not scan
// again — or even build the redactor for — files it scanned in an earlier
// run. It is keyed by textKey: a hash of the text's source label and its
// content, truncated to 16 bytes.
//
// Why a set of hashes is safe to keep on disk:
//
//   - It holds no text, no secret and no finding: only hashes of texts in
//     which nothing was found. A text with a finding is never added, so it is
//     scanned again every time (such texts are rare).
//   - A hash only vouches for exactly the text it was computed from: any
//     change to a file, including a secret added to it, changes the hash and
//     the text is scanned. Forging a hash for a text with a secret in it
//     needs a second preimage of SHA-256 truncated to 128 bits.
//   - The file is named after, and carries, the fingerprint of the rules
//     (redact.Fingerprint): texts found clean under other rules or options
//     are scanned again.
//   - Whoever can write to the user's cache directory could add hashes of
//     texts they know and so have those texts sent unredacted; they could as
//     well replace the groundplan binary or read the files directly. A
//     tampered cache directory means a compromised user account, which no
//     cache can defend against.
//
// The file is read once, on first use, and kept sorted so a lookup is a
// binary search with no set to build. New hashes wait in added until save,
// which merges them in and replaces the file atomically (temporary file and
// rename; when two processes write at once the last rename wins). A file
// that is missing, truncated, corrupt or of other rules is ignored: it costs
// a scan, never a request.
//
// It is safe for concurrent use.
type cleanMemo struct {
	path        string
	fingerprint string // redact.Fingerprint of the rules, hex

	mu    sync.Mutex
	base  []cleanKey // from the file, sorted, unique
	added map[cleanKey]bool
	used  map[cleanKey]bool // keys of base that were looked up

	writeMu sync.Mutex // orders this process's writes
}

// cleanKey is the truncated hash of a source label and a text.
type cleanKey [16]byte

// maxClean bounds the hashes kept (16 bytes each, 3.2 MB at most). Beyond
// it, save starts afresh with the hashes this process looked up or added.
const maxClean = 200_000

// cleanMagic starts a clean-memo file; its last byte is the format version.
const cleanMagic = "gpclean\x01"

// cleanFileName names the memo file of a rules fingerprint.
func cleanFileName(fingerprint string) string {
	return "clean-" + fingerprint[:min(len(fingerprint), 16)] + ".bin"
}

// openCleanMemo returns the memo of rules fingerprint in dir, with the
// hashes of its file if that file is valid.
func openCleanMemo(dir, fingerprint string) *cleanMemo {
	m := &cleanMemo{path: filepath.Join(dir, cleanFileName(fingerprint)), fingerprint: fingerprint}
	if data, err := os.ReadFile(m.path); err == nil {
		if keys, err := decodeClean(data, fingerprint); err == nil {
			m.base = keys
		}
	}
	return m
}

// has reports whether the text with key k is known to be clean.
func (m *cleanMemo) has(k cleanKey) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := slices.BinarySearchFunc(m.base, k, compareKeys); ok {
		if m.used == nil {
			m.used = map[cleanKey]bool{}
		}
		m.used[k] = true
		return true
	}
	return m.added[k]
}

// add records that the text with key k holds no secret.
func (m *cleanMemo) add(k cleanKey) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.added == nil {
		m.added = map[cleanKey]bool{}
	}
	m.added[k] = true
}

// save writes the memo when hashes were added since the last save. Errors
// are dropped: the memo only saves time.
func (m *cleanMemo) save() {
	m.mu.Lock()
	if len(m.added) == 0 {
		m.mu.Unlock()
		return
	}
	keys := make([]cleanKey, 0, len(m.base)+len(m.added))
	if len(m.base)+len(m.added) <= maxClean {
		keys = append(keys, m.base...)
	} else {
		// Start afresh, keeping what this process needed.
		for k := range m.used {
			keys = append(keys, k)
		}
		m.used = nil
	}
	for k := range m.added {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareKeys)
	keys = slices.Compact(keys)
	if len(keys) > maxClean {
		keys = keys[:maxClean]
	}
	m.base, m.added = keys, nil
	data := encodeClean(keys, m.fingerprint)
	m.mu.Unlock()

	m.writeMu.Lock()
	defer m.writeMu.Unlock()
	if writeFileAtomic(m.path, data) == nil {
		pruneCleanMemos(filepath.Dir(m.path), filepath.Base(m.path), time.Now())
	}
}

// Memo files of other rule sets (another version's rules, another
// repository's custom rules) are removed once unused for staleMemoAge;
// temporary files left by an interrupted write, after staleTempAge.
const (
	staleMemoAge = 30 * 24 * time.Hour
	staleTempAge = time.Hour
)

// pruneCleanMemos removes the stale memo and temporary files of dir
// other than keep. It touches only names this package writes; errors are
// dropped, as the memo only saves time.
func pruneCleanMemos(dir, keep string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		var age time.Duration
		switch {
		case name == keep || !e.Type().IsRegular():
			continue
		case strings.HasPrefix(name, "clean-") && strings.HasSuffix(name, ".bin"):
			age = staleMemoAge
		case strings.HasPrefix(name, ".clean-") && strings.HasSuffix(name, ".tmp"):
			age = staleTempAge
		default:
			continue
		}
		if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > age {
			_ = os.Remove(filepath.Join(dir, name))
		}
	}
}

func compareKeys(a, b cleanKey) int { return bytes.Compare(a[:], b[:]) }

// writeFileAtomic replaces path with data through a temporary file in the
// same directory, so a reader sees the old file or the new one, never part.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".clean-*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// The file: cleanMagic, the rules fingerprint (64 hex digits), the number
// of hashes (uint32, little-endian), the hashes in ascending order without
// repeats, and a CRC-32C of everything before it.
const fingerprintLen = 64

var crcTable = crc32.MakeTable(crc32.Castagnoli)

var errBadClean = errors.New("clean memo: not a valid file")

func encodeClean(keys []cleanKey, fingerprint string) []byte {
	out := make([]byte, 0, len(cleanMagic)+fingerprintLen+4+16*len(keys)+4)
	out = append(out, cleanMagic...)
	out = append(out, fingerprint...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(keys)))
	for _, k := range keys {
		out = append(out, k[:]...)
	}
	return binary.LittleEndian.AppendUint32(out, crc32.Checksum(out, crcTable))
}

// decodeClean returns the hashes of a memo file written for fingerprint, or
// errBadClean when the file is of another format or other rules, truncated,
// corrupt, unsorted or larger than maxClean.
func decodeClean(data []byte, fingerprint string) ([]cleanKey, error) {
	const head = len(cleanMagic) + fingerprintLen + 4
	if len(fingerprint) != fingerprintLen || len(data) < head+4 ||
		string(data[:len(cleanMagic)]) != cleanMagic ||
		string(data[len(cleanMagic):len(cleanMagic)+fingerprintLen]) != fingerprint {
		return nil, errBadClean
	}
	n := binary.LittleEndian.Uint32(data[head-4:])
	if n > maxClean || len(data) != head+16*int(n)+4 {
		return nil, errBadClean
	}
	body := data[:len(data)-4]
	if crc32.Checksum(body, crcTable) != binary.LittleEndian.Uint32(data[len(body):]) {
		return nil, errBadClean
	}
	keys := make([]cleanKey, n)
	for i := range keys {
		copy(keys[i][:], body[head+16*i:])
		if i > 0 && compareKeys(keys[i-1], keys[i]) >= 0 {
			return nil, errBadClean
		}
	}
	return keys, nil
}
