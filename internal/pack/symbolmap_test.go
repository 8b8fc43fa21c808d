package pack

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/index"
)

func TestWriteSymbolMapGolden(t *testing.T) {
	ix, err := index.Build(context.Background(), "../rank/testdata/shop", index.Options{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	st, err := WriteSymbolMap(context.Background(), &buf, ix, MapOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Files != ix.NumFiles() || st.Bytes != buf.Len() {
		t.Errorf("stats %+v: want %d files, %d bytes", st, ix.NumFiles(), buf.Len())
	}
	if got := CountTokens(buf.String()); got != st.Tokens {
		t.Errorf("Tokens = %d, the whole map counts %d", st.Tokens, got)
	}
	want := 0
	for _, f := range ix.Files() {
		want += len(f.Symbols)
	}
	if st.Symbols != want {
		t.Errorf("Symbols = %d, want %d", st.Symbols, want)
	}
	golden := "testdata/shop_map.golden"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exp, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if buf.String() != string(exp) {
		t.Errorf("map differs from %s (go test -update to rewrite):\n%s", golden, buf.String())
	}
}

func TestWriteSymbolMapSkipFilterCancel(t *testing.T) {
	ix, err := index.Build(context.Background(), "../rank/testdata/shop", index.Options{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	first := ix.Files()[0].Path
	var buf bytes.Buffer
	_, err = WriteSymbolMap(context.Background(), &buf, ix, MapOptions{
		Skip:   func(p string) (string, bool) { return "secret", p == first },
		Filter: func(_ string, _ int, s string) string { return strings.ToUpper(s) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), first+" (") {
		t.Errorf("skipped file %s is in the map", first)
	}
	for _, ln := range strings.Split(buf.String(), "\n") {
		if strings.HasPrefix(ln, "  L") && strings.ToUpper(ln) != ln {
			t.Errorf("signature not filtered: %q", ln)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := WriteSymbolMap(ctx, &buf, ix, MapOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}
