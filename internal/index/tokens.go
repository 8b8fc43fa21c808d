package index

import (
	"math"
	"math/bits"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/tiktoken-go/tokenizer/codec"
)

// Token counting with the o200k_base encoding (the encoding of current
// OpenAI models; a close estimate for others). The vocabulary comes from
// github.com/tiktoken-go/tokenizer, which embeds it. That library splits
// text with a backtracking regular expression that runs at well under
// 1 MB/s; counting a large repository needs far more, so the split is
// written out here as a scanner that follows the same pattern (see
// pieceLen), and the byte-pair merges run over the same ranks. A fuzz
// test checks the counts against the library's.

// bpe holds the merge ranks of o200k_base: token bytes → token id, which
// in tiktoken encodings is also the merge priority. The ranks live in one
// flat open-addressing table over the concatenated token bytes (3.8 MB in
// all, where a map[string]uint32 with a string per token took 9 MB); a
// look-up touches a slot and the token's bytes.
type bpe struct {
	blob  string   // the bytes of every token, in rank order
	slots []uint64 // see the slot layout below; 0 when empty
	pairs []uint32 // rank+1 of each two-byte token, by its bytes (0: none)
}

// The slot layout: the token's offset in blob, its length-1, rank+1, and
// the top bits of its hash, low bits to high.
const (
	offBits   = 21
	lenBits   = 7
	rankBits  = 18
	tagBits   = 64 - offBits - lenBits - rankBits
	lenShift  = offBits
	rankShift = offBits + lenBits
	tagShift  = 64 - tagBits

	slotBits = 18 // 2^18 slots for 200k tokens: load 0.76
	slotMask = 1<<slotBits - 1

	o200kSize = 200_000 // ranks, some of them unused
)

// o200k is loaded once, on first use, from the table kept in the user
// cache directory (see tokens_table.go), or built from the library's
// vocabulary where there is none yet; it is immutable afterwards and safe
// for concurrent use.
var o200k = sync.OnceValue(func() *bpe { return cachedTable(tablePath(), buildO200k) })

// buildO200k builds the table from the library's vocabulary. The library
// keeps its own map of the vocabulary (about 7 MB) for the life of the
// process once a codec is made; it has no other way to reach the tokens.
func buildO200k() *bpe {
	c := codec.NewO200kBase()
	blob := make([]byte, 0, 1_400_000)
	off := make([]uint32, o200kSize+1)
	ids := make([]uint, 1)
	for id := range uint(o200kSize) {
		ids[0] = id
		if s, err := c.Decode(ids); err == nil {
			blob = append(blob, s...)
		}
		off[id+1] = uint32(len(blob))
	}
	if len(blob) >= 1<<offBits {
		panic("tokens: the vocabulary outgrows its table")
	}
	b := &bpe{blob: string(blob), slots: make([]uint64, 1<<slotBits), pairs: make([]uint32, 1<<16)}
	for r := range o200kSize {
		tok := b.blob[off[r]:off[r+1]]
		if tok == "" {
			continue
		}
		if len(tok) > 1<<lenBits || r+1 >= 1<<rankBits {
			panic("tokens: a token outgrows its slot")
		}
		if len(tok) == 2 {
			b.pairs[uint16(tok[0])|uint16(tok[1])<<8] = uint32(r + 1)
		}
		h := hashString(tok)
		i := h & slotMask
		for b.slots[i] != 0 {
			i = (i + 1) & slotMask
		}
		b.slots[i] = h>>tagShift<<tagShift | uint64(r+1)<<rankShift | uint64(len(tok)-1)<<lenShift | uint64(off[r])
	}
	return b
}

// rank returns the rank of token s and whether s is a token.
func (b *bpe) rank(s string) (uint32, bool) {
	return b.rankHashed(s, hashString(s))
}

// rankHashed is rank with hashString(s) already computed; s is not empty.
func (b *bpe) rankHashed(s string, h uint64) (uint32, bool) {
	want := h>>tagShift<<tagShift | uint64(len(s)-1)<<lenShift
	const match = (1<<tagBits-1)<<tagShift | (1<<lenBits-1)<<lenShift
	for i := h & slotMask; ; i = (i + 1) & slotMask {
		v := b.slots[i]
		if v == 0 {
			return 0, false
		}
		if v&match == want {
			off := v & (1<<offBits - 1)
			if b.blob[off:off+uint64(len(s))] == s {
				return uint32(v>>rankShift)&(1<<rankBits-1) - 1, true
			}
		}
	}
}

// wordsLen is the longest string padWords takes.
const wordsLen = 24

// padWords returns the bytes of s (at most wordsLen) as little-endian
// words, zero-padded.
func padWords(s string) (w0, w1, w2 uint64) {
	switch n := len(s); {
	case n > 16:
		return load64(s, 0), load64(s, 8), load64(s, n-8) >> (8 * (24 - n))
	case n >= 8:
		return load64(s, 0), load64(s, n-8) >> (8 * (16 - n)), 0
	case n >= 4:
		return uint64(load32(s, 0)) | uint64(load32(s, n-4))<<(8*(n-4)), 0, 0
	case n > 0:
		return uint64(s[0]) | uint64(s[n/2])<<(8*(n/2)) | uint64(s[n-1])<<(8*(n-1)), 0, 0
	}
	return 0, 0, 0
}

func load64(s string, i int) uint64 {
	b := s[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

func load32(s string, i int) uint32 {
	b := s[i : i+4]
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

// hashWords hashes a string of n bytes (at most wordsLen) given by
// padWords.
func hashWords(w0, w1, w2 uint64, n int) uint64 {
	h := mix(w0^0x9e3779b97f4a7c15, w1^0xc2b2ae3d27d4eb4f^uint64(n))
	if w2 != 0 {
		h = mix(h^w2, 0x165667b19e3779f9)
	}
	return h
}

// hashString hashes s; on short strings it agrees with hashWords.
func hashString(s string) uint64 {
	if len(s) <= wordsLen {
		w0, w1, w2 := padWords(s)
		return hashWords(w0, w1, w2, len(s))
	}
	h := uint64(len(s))
	for ; len(s) > wordsLen; s = s[16:] {
		h = mix(h^load64(s, 0)^0x9e3779b97f4a7c15, load64(s, 8)^0xc2b2ae3d27d4eb4f)
	}
	w0, w1, w2 := padWords(s)
	return hashWords(w0^h, w1, w2, len(s))
}

// mix folds the 128-bit product of a and b.
func mix(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

// CountTokens returns the number of o200k_base BPE tokens of s.
func CountTokens(s string) int {
	tc := counters.Get().(*tokenCounter)
	n := tc.count(s)
	counters.Put(tc)
	return n
}

// counters lends CountTokens a counter with a warm memo.
var counters = sync.Pool{New: func() any { return new(tokenCounter) }}

// tokenCounter counts tokens like CountTokens, remembering the count of
// the pieces it has seen in a small cache: source code repeats the same
// words and punctuation runs, and a cache hit costs far less than the
// vocabulary look-ups of a merge. Hits compare the piece's bytes, so the
// counts stay exact. A tokenCounter is not safe for concurrent use; its
// zero value is ready.
type tokenCounter struct {
	memo *pieceMemo
	long map[string]int32 // pieces longer than memoKeyLen: runs of spaces, mostly
}

// Bounds of tokenCounter.long.
const (
	maxLongMemo    = 4096
	maxLongMemoKey = 256
)

// memoMinText is the shortest text worth allocating the memo for.
const memoMinText = 2048

func (tc *tokenCounter) count(s string) int {
	if s == "" {
		return 0
	}
	b := o200k()
	if tc.memo == nil && len(s) >= memoMinText {
		tc.memo = new(pieceMemo)
	}
	memo := tc.memo
	n := 0
	for i := 0; i < len(s); {
		l := pieceLen(s, i)
		start := i
		i += l
		if l == 1 && s[start] < utf8.RuneSelf {
			n++ // every byte is a token
			continue
		}
		if l > memoKeyLen || memo == nil {
			n += tc.countLong(b, s[start:i])
			continue
		}
		var w0, w1, w2 uint64
		if l <= 8 && start+8 <= len(s) {
			// Most pieces: one load, masked.
			w0 = load64(s, start) & lowBytes[l]
		} else {
			w0, w1, w2 = padWords(s[start:i])
		}
		h := hashWords(w0, w1, w2, l)
		set := &memo[h&(memoSets-1)]
		e0, e1 := &set[0], &set[1]
		if e0.w == [3]uint64{w0, w1, w2} && int(e0.n) == l {
			n += int(e0.k)
			continue
		}
		if e1.w == [3]uint64{w0, w1, w2} && int(e1.n) == l {
			n += int(e1.k)
			*e0, *e1 = *e1, *e0 // most recent first
			continue
		}
		k := b.countPiece(s[start:i], h)
		n += k
		*e1 = *e0
		*e0 = memoEntry{w: [3]uint64{w0, w1, w2}, n: uint8(l), k: uint8(k)}
	}
	return n
}

// lowBytes[n] keeps the low n bytes of a word.
var lowBytes = [9]uint64{0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffff, 0xffffffffffff, 0xffffffffffffff, 0xffffffffffffffff}

// countLong counts a piece longer than the memo's keys, or any piece when
// the counter has no memo.
func (tc *tokenCounter) countLong(b *bpe, piece string) int {
	if len(piece) > maxLongMemoKey || tc.memo == nil {
		return b.countPiece(piece, hashString(piece))
	}
	if k, ok := tc.long[piece]; ok {
		return int(k)
	}
	k := b.countPiece(piece, hashString(piece))
	if tc.long == nil {
		tc.long = make(map[string]int32)
	}
	if len(tc.long) < maxLongMemo {
		tc.long[strings.Clone(piece)] = int32(k)
	}
	return k
}

// memoKeyLen is the longest piece the memo holds (what three words hold);
// longer pieces are rare (one in 800 in moby's tree, vendor included) and
// go to a map.
const memoKeyLen = wordsLen

// memoSets is the number of sets of the memo, 64 bytes each.
const memoSets = 1 << 14

// pieceMemo is a two-way set-associative cache of piece counts, indexed by
// the piece's hash: one cache line per look-up, no allocation, no keys
// on the heap.
type pieceMemo [memoSets][2]memoEntry

// memoEntry remembers one piece: its bytes, zero-padded, its length (0:
// an empty entry) and its token count.
type memoEntry struct {
	w    [3]uint64
	n, k uint8
	_    [6]byte
}

// countPiece returns the tokens of one piece of the pre-tokenizer; h is
// hashString(piece).
func (b *bpe) countPiece(piece string, h uint64) int {
	if !utf8.ValidString(piece) {
		// The reference splitter works on runes, so the pieces it merges
		// carry U+FFFD where the text had invalid bytes.
		piece = replaceInvalid(piece)
		h = hashString(piece)
	}
	if _, ok := b.rankHashed(piece, h); ok {
		return 1
	}
	if len(piece) > maxScanMerge {
		return b.mergeCount(piece)
	}
	return b.merge(piece)
}

// replaceInvalid turns every invalid byte into U+FFFD, as converting the
// string to runes does.
func replaceInvalid(s string) string {
	out := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		out = utf8.AppendRune(out, r)
		i += n
	}
	return string(out)
}

// maxScanMerge is the longest piece merge handles; mergeCount takes longer
// ones.
const maxScanMerge = 64

// merge applies byte-pair merges to piece (at most maxScanMerge bytes) and
// returns the number of parts left. At each step the adjacent pair whose
// concatenation has the lowest rank merges, leftmost first on ties.
func (b *bpe) merge(piece string) int {
	// parts[i] is the start of part i; parts[np] = len(piece).
	// ranks[i] is the rank of parts i and i+1 together.
	var parts [maxScanMerge + 1]uint8
	var ranks [maxScanMerge]uint32
	np := len(piece)
	for i := 0; i <= np; i++ {
		parts[i] = uint8(i)
	}
	rank := func(i int) uint32 {
		if i+2 <= np {
			lo, hi := parts[i], parts[i+2]
			if hi-lo == 2 {
				return b.pairs[uint16(piece[lo])|uint16(piece[lo+1])<<8] - 1 // none: MaxUint32
			}
			if r, ok := b.rank(piece[lo:hi]); ok {
				return r
			}
		}
		return math.MaxUint32
	}
	for i := 0; i < np-1; i++ {
		ranks[i] = b.pairs[uint16(piece[i])|uint16(piece[i+1])<<8] - 1
	}
	for np > 1 {
		best, at := uint32(math.MaxUint32), -1
		for i, r := range ranks[:np-1] {
			if r < best {
				best, at = r, i
			}
		}
		if at < 0 {
			break
		}
		copy(parts[at+1:np], parts[at+2:np+1])
		copy(ranks[at+1:np-1], ranks[at+2:np])
		np--
		ranks[at] = rank(at)
		if at > 0 {
			ranks[at-1] = rank(at - 1)
		}
	}
	return np
}

// mergeCount returns the number of tokens byte-pair merging leaves of a
// long piece, in O(n log n): the same merges as merge, kept in a linked
// list with a heap of candidate pairs ordered by rank, then position.
func (b *bpe) mergeCount(piece string) int {
	n := len(piece)
	next := make([]int32, n) // start of the following part, n at the end
	prev := make([]int32, n)
	alive := make([]bool, n)
	for i := range n {
		next[i], prev[i], alive[i] = int32(i+1), int32(i-1), true
	}
	rankAt := func(i int32) uint32 {
		j := next[i]
		if int(j) >= n {
			return math.MaxUint32
		}
		if r, ok := b.rank(piece[i:end(next, j, n)]); ok {
			return r
		}
		return math.MaxUint32
	}
	h := &pairHeap{}
	cur := make([]uint32, n)
	for i := range int32(n) {
		cur[i] = rankAt(i)
		if cur[i] != math.MaxUint32 {
			h.push(pair{cur[i], i})
		}
	}
	parts := n
	for h.len() > 0 {
		p := h.pop()
		if !alive[p.pos] || cur[p.pos] != p.rank {
			continue // stale
		}
		// Merge the part at p.pos with the one after it.
		j := next[p.pos]
		alive[j] = false
		next[p.pos] = next[j]
		if int(next[j]) < n {
			prev[next[j]] = p.pos
		}
		parts--
		cur[p.pos] = rankAt(p.pos)
		if cur[p.pos] != math.MaxUint32 {
			h.push(pair{cur[p.pos], p.pos})
		}
		if q := prev[p.pos]; q >= 0 {
			cur[q] = rankAt(q)
			if cur[q] != math.MaxUint32 {
				h.push(pair{cur[q], q})
			}
		}
	}
	return parts
}

// end returns where the part starting at j ends.
func end(next []int32, j int32, n int) int {
	if int(j) >= n {
		return n
	}
	return int(next[j])
}

type pair struct {
	rank uint32
	pos  int32
}

// pairHeap is a binary min-heap of pairs by rank, then position.
type pairHeap struct{ a []pair }

func (h *pairHeap) len() int { return len(h.a) }

func (h *pairHeap) less(i, j int) bool {
	if h.a[i].rank != h.a[j].rank {
		return h.a[i].rank < h.a[j].rank
	}
	return h.a[i].pos < h.a[j].pos
}

func (h *pairHeap) push(p pair) {
	h.a = append(h.a, p)
	for i := len(h.a) - 1; i > 0; {
		up := (i - 1) / 2
		if !h.less(i, up) {
			break
		}
		h.a[i], h.a[up] = h.a[up], h.a[i]
		i = up
	}
}

func (h *pairHeap) pop() pair {
	top := h.a[0]
	last := len(h.a) - 1
	h.a[0] = h.a[last]
	h.a = h.a[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(h.a) && h.less(l, m) {
			m = l
		}
		if r < len(h.a) && h.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		h.a[i], h.a[m] = h.a[m], h.a[i]
		i = m
	}
	return top
}

// pieceLen returns the length of the piece of the pre-tokenizer at byte i
// of s. The pieces are those of o200k_base's pattern:
//
//	[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//	|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//	|\p{N}{1,3}
//	| ?[^\s\p{L}\p{N}]+[\r\n/]*
//	|\s*[\r\n]+
//	|\s+(?!\S)
//	|\s+
//
// matched from i. pieceLen settles pieces made of ASCII with a byte class
// table; when the piece depends on a byte outside ASCII it defers to
// matchAt, which handles any text.
func pieceLen(s string, i int) int {
	// Words, with or without the prefix, are the commonest pieces.
	c := byteClass[s[i]]
	j := i
	if c&(cSpace|cPunct) != 0 && i+1 < len(s) {
		j++
	}
	if byteClass[s[j]]&(cLower|cUpper) != 0 {
		// Over ASCII, alternatives 1 and 2 both come to [A-Z]*[a-z]*
		// and a contraction.
		for j < len(s) && byteClass[s[j]] == cUpper {
			j++
		}
		// The run of a-z, eight bytes at a time while they last: the
		// high bit of each byte of lower is set for 'a'..'z'. A byte
		// over 0x7f can carry into the next, but only the bytes before
		// the first non-letter matter.
		const ones, highs = 0x0101010101010101, 0x8080808080808080
		for {
			if j+8 > len(s) {
				for j < len(s) && byteClass[s[j]] == cLower {
					j++
				}
				break
			}
			x := load64(s, j)
			lower := (x + (0x80-'a')*ones) &^ (x + (0x80-'z'-1)*ones) &^ x & highs
			if lower != highs {
				j += bits.TrailingZeros64(^lower&highs) / 8
				break
			}
			j += 8
		}
		if j < len(s) {
			switch {
			case s[j] >= utf8.RuneSelf:
				return matchAt(s, i) // the word may go on
			case s[j] == '\'':
				return contraction(s, j) - i
			}
		}
		return j - i
	}
	if c&(cSpace|cPunct) != 0 && j < len(s) && s[j] >= utf8.RuneSelf {
		return matchAt(s, i) // the prefix of a word, maybe
	}
	if c == cDigit { // \p{N}{1,3}
		k := i + 1
		for ; k < len(s) && k-i < 3; k++ {
			if d := byteClass[s[k]]; d != cDigit {
				if d == cHigh {
					return matchAt(s, i)
				}
				break
			}
		}
		return k - i
	}
	if c == cPunct || s[i] == ' ' { // ' '?[^\s\p{L}\p{N}]+[\r\n/]*
		j := i
		if s[i] == ' ' {
			j++
		}
		k := j
		for k < len(s) && byteClass[s[k]] == cPunct {
			k++
		}
		if k < len(s) && s[k] >= utf8.RuneSelf {
			return matchAt(s, i)
		}
		if k > j {
			for k < len(s) && (s[k] == '\r' || s[k] == '\n' || s[k] == '/') {
				k++
			}
			return k - i
		}
	}
	if c&(cSpace|cBreak) == 0 {
		return matchAt(s, i)
	}
	// The whitespace alternatives, as in matchAt.
	end := i
	for end < len(s) && byteClass[s[end]] == cSpace {
		end++
	}
	switch {
	case end == len(s):
		return end - i
	case byteClass[s[end]] == cBreak:
		for end < len(s) && byteClass[s[end]] == cBreak {
			end++
		}
		return end - i
	case s[end] >= utf8.RuneSelf:
		return matchAt(s, i)
	case end-1 > i:
		return end - 1 - i
	}
	return end - i
}

// Byte classes of pieceLen; ASCII bytes fall in exactly one, as the rune
// classes of the pattern say.
const (
	cLower = 1 << iota // a-z
	cUpper             // A-Z
	cDigit             // 0-9
	cSpace             // \s but line breaks
	cBreak             // \r, \n
	cPunct             // the rest of ASCII
	cHigh              // bytes of multi-byte runes, or invalid
)

var byteClass = func() (t [256]uint8) {
	for c := range 256 {
		r := rune(c)
		switch {
		case c >= utf8.RuneSelf:
			t[c] = cHigh
		case r == '\r' || r == '\n':
			t[c] = cBreak
		case isSpace(r):
			t[c] = cSpace
		case unicode.IsNumber(r):
			t[c] = cDigit
		case isLowerish(r):
			t[c] = cLower
		case isUpperish(r):
			t[c] = cUpper
		default:
			t[c] = cPunct
		}
	}
	return t
}()

// rune classes of the pattern.
func isUpperish(r rune) bool { // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
	if r < utf8.RuneSelf {
		return r >= 'A' && r <= 'Z'
	}
	return unicode.In(r, unicode.Lu, unicode.Lt, unicode.Lm, unicode.Lo, unicode.M)
}

func isLowerish(r rune) bool { // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z'
	}
	return unicode.In(r, unicode.Ll, unicode.Lm, unicode.Lo, unicode.M)
}

func isLetterOrNumber(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// isSpace is \s of the reference engine (.NET semantics).
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x85, 0xA0:
		return true
	}
	return r > 0xFF && unicode.In(r, unicode.Z)
}

// at decodes the rune at byte offset i (U+FFFD, width 1 for invalid bytes).
func at(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// matchAt returns the length of the token starting at byte i.
func matchAt(s string, i int) int {
	r, w := at(s, i)
	// Alternatives 1 and 2, each tried with the optional prefix first
	// (any character but a line break, letter or number) and then without
	// it (only a mark can both be a prefix and start a word).
	prefix := r != '\r' && r != '\n' && !isLetterOrNumber(r) && i+w < len(s)
	wordStart := r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') ||
		r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.In(r, unicode.M))
	for _, alt := range [2]func(string, int) int{alt1At, alt2At} {
		if prefix {
			if n := alt(s, i+w); n > 0 {
				return w + n
			}
		}
		if wordStart {
			if n := alt(s, i); n > 0 {
				return n
			}
		}
	}
	// Alternative 3: \p{N}{1,3}
	if r >= '0' && r <= '9' || r >= utf8.RuneSelf && unicode.IsNumber(r) {
		j := i + w
		for k := 1; k < 3 && j < len(s); k++ {
			r2, w2 := at(s, j)
			if !unicode.IsNumber(r2) {
				break
			}
			j += w2
		}
		return j - i
	}
	// Alternative 4: ' '?[^\s\p{L}\p{N}]+[\r\n/]*
	{
		j := i
		if r == ' ' {
			j += 1
		}
		k := j
		for k < len(s) {
			r2, w2 := at(s, k)
			if isSpace(r2) || isLetterOrNumber(r2) {
				break
			}
			k += w2
		}
		if k > j {
			for k < len(s) && (s[k] == '\r' || s[k] == '\n' || s[k] == '/') {
				k++
			}
			return k - i
		}
	}
	if !isSpace(r) {
		return 0
	}
	// Alternative 5: \s*[\r\n]+. The reference engine matches it as
	// [^\S\r\n]*[\r\n]+ (spaces up to the first line break, then the run of
	// breaks), not with full backtracking ("\n \n" gives "\n", " \n"); the
	// scanner follows the reference.
	end := i
	for end < len(s) {
		r2, w2 := at(s, end)
		if !isSpace(r2) || r2 == '\r' || r2 == '\n' {
			break
		}
		end += w2
	}
	if end < len(s) && (s[end] == '\r' || s[end] == '\n') {
		for end < len(s) && (s[end] == '\r' || s[end] == '\n') {
			end++
		}
		return end - i
	}
	// Alternative 6: \s+(?!\S) — the whole run at the end of the text, or
	// all but its last character before a non-space.
	if end == len(s) {
		return end - i
	}
	_, lw := utf8.DecodeLastRuneInString(s[i:end])
	if end-lw > i {
		return end - lw - i
	}
	// Alternative 7: \s+
	return end - i
}

// upperRun returns the end of the run of upper-ish characters from i and
// the offset of each of them.
func upperRun(s string, i int, pos []int) (int, []int) {
	j := i
	for j < len(s) {
		r, w := at(s, j)
		if !isUpperish(r) {
			break
		}
		pos = append(pos, j)
		j += w
	}
	return j, pos
}

// lowerRun returns the end of the run of lower-ish characters from k.
func lowerRun(s string, k int) int {
	for k < len(s) {
		r, w := at(s, k)
		if !isLowerish(r) {
			break
		}
		k += w
	}
	return k
}

// alt1At matches [U]*[W]+(contraction)? at i (U: upper-ish letters and
// marks, W: lower-ish), backing U* off one character at a time as the
// pattern does; it returns the length or 0.
func alt1At(s string, i int) int {
	var offs [32]int
	j, pos := upperRun(s, i, offs[:0])
	if e := lowerRun(s, j); e > j {
		return contraction(s, e) - i
	}
	for k := len(pos) - 1; k >= 0; k-- {
		if r, _ := at(s, pos[k]); isLowerish(r) {
			return contraction(s, lowerRun(s, pos[k])) - i
		}
	}
	return 0
}

// alt2At matches [U]+[W]*(contraction)? at i, returning the length or 0.
func alt2At(s string, i int) int {
	j, _ := upperRun(s, i, nil)
	if j == i {
		return 0
	}
	return contraction(s, lowerRun(s, j)) - i
}

// contraction extends a word ending at e by 's, 't, 're, 've, 'm, 'll or
// 'd (any case).
func contraction(s string, e int) int {
	if e >= len(s) || s[e] != '\'' {
		return e
	}
	lower := func(k int) byte {
		if k >= len(s) {
			return 0
		}
		c := s[k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		return c
	}
	switch c := lower(e + 1); c {
	case 's', 't', 'm', 'd':
		return e + 2
	case 'r', 'v':
		if lower(e+2) == 'e' {
			return e + 3
		}
	case 'l':
		if lower(e+2) == 'l' {
			return e + 3
		}
	}
	return e
}
