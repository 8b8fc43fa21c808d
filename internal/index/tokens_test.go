package index

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tiktoken-go/tokenizer/codec"
)

func TestCountTokens(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"hello world", 2},
		{"func main() {}", 4},
	}
	for _, tt := range tests {
		if got := CountTokens(tt.in); got != tt.want {
			t.Errorf("CountTokens(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func BenchmarkCountTokens(b *testing.B) {
	data, err := os.ReadFile("index.go")
	if err != nil {
		b.Fatal(err)
	}
	s := strings.Repeat(string(data), 4)
	CountTokens("warm up")
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		CountTokens(s)
	}
}

// BenchmarkCountTokensTree counts the text of the tree at
// GROUNDPLAN_BENCH_TREE with one counter, as an index worker does.
func BenchmarkCountTokensTree(b *testing.B) {
	files, total := benchCorpus(b)
	CountTokens("warm up")
	b.SetBytes(total)
	for b.Loop() {
		var tc tokenCounter
		for _, f := range files {
			tc.count(f)
		}
	}
}

// benchCorpus reads the text files of the tree at GROUNDPLAN_BENCH_TREE,
// vendored ones included (GROUNDPLAN_BENCH_MB caps the bytes, 32 by
// default); it skips the test or benchmark when the variable is unset.
func benchCorpus(b testing.TB) ([]string, int64) {
	tree := os.Getenv("GROUNDPLAN_BENCH_TREE")
	if tree == "" {
		b.Skip("GROUNDPLAN_BENCH_TREE not set")
	}
	limit := int64(32 << 20)
	if mb, err := strconv.Atoi(os.Getenv("GROUNDPLAN_BENCH_MB")); err == nil {
		limit = int64(mb) << 20
	}
	var files []string
	var total int64
	filepath.WalkDir(tree, func(path string, d fs.DirEntry, err error) error {
		if err != nil || total >= limit {
			return fs.SkipDir
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil || len(data) > 1<<20 || isBinary(data) {
			return nil
		}
		files = append(files, string(data))
		total += int64(len(data))
		return nil
	})
	return files, total
}

// FuzzCountTokens checks the fast counter against the reference
// implementation of the tokenizer library.
func FuzzCountTokens(f *testing.F) {
	for _, seed := range []string{
		"", "hello world", "func (ix *Index) Read(rel string) ([]byte, error) {\n\treturn nil, nil\n}\n",
		"  \n\n  x", "I'll they're WE'VE can't", "ÉCOLE école Straße 12345 ٣٤٥", "a\u0301b \u0301x",
		"日本語のテキスト", "emoji 😀👍🏽 done", "\r\n\r\n\tindent", "x  ", "x \u00a0 y", "// comment /* */ ///",
		"\xff\xfe invalid", "HTTPServer XMLHttpRequest getHTTPResponseCode", "  ...  ,,,\n", "'s 'S's",
	} {
		f.Add(seed)
	}
	ref := tokenizerReference()
	memo := tokenCounter{memo: new(pieceMemo)} // remembers pieces across inputs
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsRune(s, 0x7f) {
			// The reference drops DEL (its generated matcher leaves it out of
			// [^\s\p{L}\p{N}]); tiktoken itself counts it as a token, as
			// CountTokens does.
			t.Skip()
		}
		want, err := ref.Count(s)
		if err != nil {
			t.Skip()
		}
		if got := CountTokens(s); got != want {
			t.Errorf("CountTokens(%q) = %d, reference %d", s, got, want)
		}
		for range 2 { // the second time from the memo
			if got := memo.count(s); got != want {
				t.Errorf("tokenCounter.count(%q) = %d, reference %d", s, got, want)
			}
		}
	})
}

// TestCountTokensEdgeCases checks the counts of texts that take the less
// common paths of the scanner, the memo and the merges, with and without
// the memo, against the reference.
func TestCountTokensEdgeCases(t *testing.T) {
	ref := tokenizerReference()
	memo := tokenCounter{memo: new(pieceMemo)}
	for _, s := range []string{
		// Non-ASCII letters, marks and numbers, next to ASCII.
		"café naïve Ünïcödé ÀB ÀBc aÀ", "e\u0301 E\u0301x \u0301\u0301", "x٣٤٥٦y 12٣ ١٢٣٤٥", "½ ² x²",
		"日本語のテキストとEnglish混在", "Привет, мир! Straße ΑΒΓ αβγ", "مرحبا بالعالم", "emoji 😀👍🏽 done 👨‍👩‍👧",
		"\u00a0x \u2003y\u3000z \u0085", " \u00a0\n", "a\u200bb", "(é) [ü] {ß}", "—dash— «quote»",
		// Invalid UTF-8.
		"\xff", "\xff\xfe\xfd", "ab\xffcd", " \xc3", "\xc3(", "x\xe2\x82", "\x80abc \xbf", "\xed\xa0\x80",
		// Pieces longer than the memo keys, and than the scan merge.
		strings.Repeat("a", 24), strings.Repeat("a", 25), strings.Repeat("z", 64), strings.Repeat("q", 65),
		strings.Repeat("Ab", 40), "x" + strings.Repeat(" ", 24) + "y", strings.Repeat(" ", 300) + "x",
		strings.Repeat("-", 23) + "\n" + strings.Repeat("=", 90) + "\n", strings.Repeat("é", 30),
		strings.Repeat("\xff", 30),
		// Digit runs.
		"1", "12", "123", "1234", "1234567890", "v1.2.3", "0x7fffffff", "a1b22c333d4444", "3.14159e-10",
		// Whitespace runs.
		"a  b", "a   b", "a\t\tb", "a \t b", "x   ", "   ", "\t", " \n \n", "\n\n\n", "a \n\tb", "  (", " \t(",
		"\v\f x", "x\r", "\r\r\n\n",
		// Contractions.
		"it's", "IT'S", "don't", "we're", "WE'RE", "they've", "I'm", "we'll", "he'd", "'s", "x's't", "rock'n'roll",
		"o'clock", "l'", "we'", "y'all", "HE'LL", "it’s",
		// Line breaks.
		"a\r\nb", "{\r\n\t}\r\n", "x\r\n\r\n//c", "}\n//", ")\r\n/", "\r", "\r\n",
		// Punctuation runs and prefixes.
		"x := y", "a->b", "!!!", "  ...", " ...x", "((x))", "'quoted'", "\"s\"", "a/b/c", "/**/", "#!/bin/sh",
		"\x00\x01 \x1f", "_under_score", "$var", "@Annotation", "HTTPServer", "getHTTPResponse", "ABCdef",
	} {
		want, err := ref.Count(s)
		if err != nil {
			t.Fatalf("reference on %q: %v", s, err)
		}
		if got := CountTokens(s); got != want {
			t.Errorf("CountTokens(%q) = %d, reference %d", s, got, want)
		}
		for range 2 {
			if got := memo.count(s); got != want {
				t.Errorf("tokenCounter.count(%q) = %d, reference %d", s, got, want)
			}
		}
	}
}

// TestCountTokensMemoEviction counts a text of more distinct pieces than
// the memo holds, short and long, twice with one counter.
func TestCountTokensMemoEviction(t *testing.T) {
	var b strings.Builder
	rnd := rand.New(rand.NewPCG(1, 2))
	word := func(n int) string {
		w := make([]byte, n)
		for i := range w {
			w[i] = byte('a' + rnd.IntN(26))
		}
		return string(w)
	}
	for i := range 3 * memoSets {
		fmt.Fprintf(&b, " %s%d", word(1+i%12), i%1000)
		if i%5000 == 0 {
			b.WriteString("\n")
		}
	}
	for range maxLongMemo + 100 {
		fmt.Fprintf(&b, " %s(", word(memoKeyLen+1+rnd.IntN(20)))
	}
	s := b.String()
	want, err := tokenizerReference().Count(s)
	if err != nil {
		t.Fatal(err)
	}
	var tc tokenCounter
	for i := range 2 {
		if got := tc.count(s); got != want {
			t.Errorf("pass %d: count = %d, reference %d", i, got, want)
		}
	}
	if len(tc.long) != maxLongMemo {
		t.Errorf("long pieces remembered: %d, want %d", len(tc.long), maxLongMemo)
	}
}

// TestCountTokensMemoCollisions counts pieces that share a memo set and
// their first eight bytes but differ in count, one after the other.
func TestCountTokensMemoCollisions(t *testing.T) {
	ref := tokenizerReference()
	bySet := map[uint64][]string{}
	for i := 0; ; i++ {
		piece := fmt.Sprintf(" function%c%c%c", 'a'+i%26, 'a'+i/26%26, 'a'+i/676%26)
		w0, w1, w2 := padWords(piece)
		set := hashWords(w0, w1, w2, len(piece)) & (memoSets - 1)
		for _, other := range bySet[set] {
			a, _ := ref.Count(other)
			b, _ := ref.Count(piece)
			if a == b {
				continue
			}
			tc := tokenCounter{memo: new(pieceMemo)}
			text := other + piece + other + piece
			if got := tc.count(text); got != 2*(a+b) {
				t.Fatalf("count(%q) = %d, want %d", text, got, 2*(a+b))
			}
			return
		}
		bySet[set] = append(bySet[set], piece)
		if i == 26*26*26-1 {
			t.Fatal("no two pieces share a set")
		}
	}
}

func TestCountTokensMatchesReference(t *testing.T) {
	ref := tokenizerReference()
	files, _ := filepath.Glob("*.go")
	more, _ := filepath.Glob("testdata/symbols/*")
	for _, name := range append(files, more...) {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := ref.Count(string(data))
		if got := CountTokens(string(data)); got != want {
			t.Errorf("%s: CountTokens = %d, reference %d", name, got, want)
		}
	}
}

func BenchmarkCountTokensReference(b *testing.B) {
	data, err := os.ReadFile("index.go")
	if err != nil {
		b.Fatal(err)
	}
	s := strings.Repeat(string(data), 4)
	ref := tokenizerReference()
	ref.Count("warm up")
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		ref.Count(s)
	}
}

func TestCountTokensLongPieces(t *testing.T) {
	ref := tokenizerReference()
	for _, s := range []string{
		strings.Repeat("abcdefghij", 300),
		strings.Repeat("ab", 5000),
		"x = \"" + strings.Repeat("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo", 200) + "\"",
		strings.Repeat("=-", 2000),
	} {
		want, _ := ref.Count(s)
		if got := CountTokens(s); got != want {
			t.Errorf("len %d: CountTokens = %d, reference %d", len(s), got, want)
		}
	}
}

// TestVocabularyTable checks that the flat rank table holds every token of
// the library's vocabulary at its rank, and nothing else.
func TestVocabularyTable(t *testing.T) {
	b := o200k()
	c := codec.NewO200kBase()
	tokens := 0
	for id := range uint(o200kSize) {
		s, err := c.Decode([]uint{id})
		if err != nil {
			continue
		}
		tokens++
		if r, ok := b.rank(s); !ok || r != uint32(id) {
			t.Fatalf("rank(%q) = %d, %v; want %d", s, r, ok, id)
		}
		if len(s) == 2 && b.pairs[uint16(s[0])|uint16(s[1])<<8] != uint32(id)+1 {
			t.Fatalf("pairs[%q] = %d, want %d", s, b.pairs[uint16(s[0])|uint16(s[1])<<8], id+1)
		}
	}
	if tokens < 199_000 {
		t.Fatalf("only %d tokens", tokens)
	}
	for _, s := range []string{"zzqxj", "\xff\xff\xff", strings.Repeat("a", 200), " groundplanx"} {
		if r, ok := b.rank(s); ok {
			t.Errorf("rank(%q) = %d, want no token", s, r)
		}
	}
}

// FuzzPieceLen checks the ASCII fast path of the pre-tokenizer against the
// general matcher at every offset.
func FuzzPieceLen(f *testing.F) {
	for _, seed := range []string{
		"func (ix *Index) Read(rel string) ([]byte, error) {\n\treturn nil, nil\n}\n",
		"  \n\n  x", "I'll they're WE'VE can't", "ÉCOLE école Straße 12345 ٣٤٥", "a\u0301b \u0301x",
		"x  ", "x \u00a0 y", "// comment /* */ ///", "\xff\xfe invalid", "12٣4", " +é", "ab\u00a0 c",
		"\t\v\f\r\n", "A\u0301", "foo's", "1²3",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := range len(s) {
			if got, want := pieceLen(s, i), matchAt(s, i); got != want {
				t.Fatalf("pieceLen(%q, %d) = %d, matchAt %d", s, i, got, want)
			}
		}
	})
}
