package index

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestTableRoundTrip(t *testing.T) {
	built := o200k()
	got, err := decodeTable(encodeTable(built))
	if err != nil {
		t.Fatal(err)
	}
	if got.blob != built.blob || !slices.Equal(got.slots, built.slots) || !slices.Equal(got.pairs, built.pairs) {
		t.Fatal("the decoded table differs from the built one")
	}
}

func TestCachedTable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "o200k.table")
	builds := 0
	build := func() *bpe { builds++; return o200k() }
	first := cachedTable(path, build)
	second := cachedTable(path, build)
	if builds != 1 {
		t.Fatalf("built %d times, want once (then read from %s)", builds, path)
	}
	if second == first || second.blob != first.blob || !slices.Equal(second.slots, first.slots) {
		t.Fatal("the table read back differs")
	}
	for _, s := range []string{"func (ix *Index) Build(ctx context.Context) error {", "héllo wörld 12345", "\t\t// comment\r\n"} {
		if got, want := countWith(second, s), countWith(first, s); got != want {
			t.Errorf("%q: %d tokens with the cached table, %d with the built one", s, got, want)
		}
	}
	// A damaged file is rebuilt and rewritten.
	data, _ := os.ReadFile(path)
	data[len(data)/2] ^= 0xff
	os.WriteFile(path, data, 0o644)
	cachedTable(path, build)
	if builds != 2 {
		t.Fatalf("a damaged table was used (builds %d)", builds)
	}
	if _, err := loadTable(path); err != nil {
		t.Fatalf("not rewritten: %v", err)
	}
	if b := cachedTable("", build); b == nil || builds != 3 {
		t.Fatal("no path: build only")
	}
}

func TestDecodeTableRefuses(t *testing.T) {
	good := encodeTable(o200k())
	flip := func(i int) []byte { d := slices.Clone(good); d[i] ^= 1; return d }
	for name, data := range map[string][]byte{
		"empty":     nil,
		"magic":     flip(0),
		"layout":    flip(len(tableMagic)),
		"size":      flip(len(tableMagic) + 8),
		"blob":      flip(len(tableMagic) + 20 + 5),
		"checksum":  flip(len(good) - 1),
		"truncated": good[:len(good)-100],
		"longer":    append(slices.Clone(good), 0),
	} {
		if _, err := decodeTable(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzDecodeTable(f *testing.F) {
	f.Add([]byte(tableMagic))
	f.Add(append([]byte(tableMagic), make([]byte, 64)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := decodeTable(data)
		if err == nil && (len(b.slots) != 1<<slotBits || len(b.pairs) != 1<<16) {
			t.Fatal("accepted a table of the wrong shape")
		}
	})
}

// countWith counts s with table b, as tokenCounter does with o200k.
func countWith(b *bpe, s string) int {
	n := 0
	for i := 0; i < len(s); {
		l := pieceLen(s, i)
		n += b.countPiece(s[i:i+l], hashString(s[i:i+l]))
		i += l
	}
	return n
}
