package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
)

// The o200k table takes about 80 ms to build from the library's vocabulary
// (the library first builds its own map of 200k strings, then every token
// is decoded one by one), which is a quarter of a warm `context` run. It
// is built once per machine instead and kept in the user cache directory
// as its three arrays, read back in a few milliseconds; a missing,
// truncated, corrupt or foreign file is rebuilt. The file holds no more
// than the public vocabulary, and a tampered one could only change token
// counts, which a CRC and a check of every slot's bounds guard against.

// tableMagic names the file format; change it whenever the table's layout
// (slot bits, hash function, blob order) changes. layoutCheck guards the
// same thing without anyone having to remember: it mixes the slot layout
// with the hash of a fixed string, so a table written by a build with
// another hash function or layout is rebuilt.
const tableMagic = "groundplan-o200k-table-v1\n"

func layoutCheck() uint64 {
	return hashString(tableMagic+"layout") ^ uint64(slotBits)<<56 ^ uint64(offBits)<<48 ^ uint64(lenBits)<<40 ^ uint64(rankBits)<<32
}

// tablePath returns where the table is kept, or "" without a cache
// directory.
func tablePath() string {
	base, err := os.UserCacheDir()
	if err != nil || base == "" {
		return ""
	}
	return filepath.Join(base, "groundplan", "o200k.table")
}

// encodeTable lays the table out as: magic, layoutCheck, then the lengths of blob,
// slots and pairs (uint32 each), blob, slots (little-endian uint64),
// pairs (little-endian uint32), and a CRC-32C of everything before it.
func encodeTable(b *bpe) []byte {
	n := len(tableMagic) + 20 + len(b.blob) + 8*len(b.slots) + 4*len(b.pairs) + 4
	out := make([]byte, 0, n)
	out = append(out, tableMagic...)
	out = binary.LittleEndian.AppendUint64(out, layoutCheck())
	out = binary.LittleEndian.AppendUint32(out, uint32(len(b.blob)))
	out = binary.LittleEndian.AppendUint32(out, uint32(len(b.slots)))
	out = binary.LittleEndian.AppendUint32(out, uint32(len(b.pairs)))
	out = append(out, b.blob...)
	for _, s := range b.slots {
		out = binary.LittleEndian.AppendUint64(out, s)
	}
	for _, p := range b.pairs {
		out = binary.LittleEndian.AppendUint32(out, p)
	}
	return binary.LittleEndian.AppendUint32(out, crc32.Checksum(out, castagnoli))
}

var errBadTable = errors.New("not a valid o200k table")

// decodeTable reads what encodeTable wrote, refusing anything else: a
// wrong magic, sizes other than the table's, a bad checksum, or a slot
// pointing outside the blob.
func decodeTable(data []byte) (*bpe, error) {
	if len(data) < len(tableMagic)+20+4 || string(data[:len(tableMagic)]) != tableMagic {
		return nil, errBadTable
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, errBadTable
	}
	p := body[len(tableMagic):]
	if binary.LittleEndian.Uint64(p) != layoutCheck() {
		return nil, errBadTable
	}
	p = p[8:]
	nBlob, nSlots, nPairs := binary.LittleEndian.Uint32(p), binary.LittleEndian.Uint32(p[4:]), binary.LittleEndian.Uint32(p[8:])
	p = p[12:]
	if nSlots != 1<<slotBits || nPairs != 1<<16 || nBlob >= 1<<offBits || uint64(len(p)) != uint64(nBlob)+8*uint64(nSlots)+4*uint64(nPairs) {
		return nil, errBadTable
	}
	b := &bpe{blob: string(p[:nBlob]), slots: make([]uint64, nSlots), pairs: make([]uint32, nPairs)}
	p = p[nBlob:]
	for i := range b.slots {
		v := binary.LittleEndian.Uint64(p[8*i:])
		if v != 0 {
			off, n := v&(1<<offBits-1), (v>>lenShift)&(1<<lenBits-1)+1
			if off+n > uint64(nBlob) {
				return nil, errBadTable
			}
		}
		b.slots[i] = v
	}
	p = p[8*nSlots:]
	for i := range b.pairs {
		b.pairs[i] = binary.LittleEndian.Uint32(p[4*i:])
	}
	return b, nil
}

// loadTable reads the table at path.
func loadTable(path string) (*bpe, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	b, err := decodeTable(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// saveTable writes the table to path atomically (temp file, rename).
func saveTable(path string, b *bpe) error { return writeFileAtomic(path, encodeTable(b)) }

// cachedTable returns the table from the cache file at path, or builds it
// with build and stores it there for the next process. path "" only
// builds. A file that cannot be written is no error: the table is built
// again next time.
func cachedTable(path string, build func() *bpe) *bpe {
	if path == "" {
		return build()
	}
	if b, err := loadTable(path); err == nil {
		return b
	}
	b := build()
	_ = saveTable(path, b)
	return b
}
