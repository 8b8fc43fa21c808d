package index

import (
	"hash/maphash"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// lexer does the lexical analysis of one worker's files: the weighted
// terms of each file's path, symbol names and content, and the distinct
// identifiers its content uses. What it learns about a word (the terms it
// splits into, the identifiers it holds) is kept in a word table for the
// worker's later files, and terms and identifiers are numbered in a
// worker-local vocabulary, so a file's terms are counted in a dense array
// rather than a map of strings, and the build interns each local number
// once rather than every term of every file (see lexOut). It gives what
// splitting every occurrence with SplitTerms and scanning the content for
// identifiers give; TestLexerMatchesSplitTerms and FuzzLexer hold it to
// that. Not safe for concurrent use; the zero value is ready.
type lexer struct {
	worker int // which worker of the build owns the lexer
	words  int // how many words to size the tables for (0: a few thousand)

	vocab     map[string]int32 // local number of every term and identifier met
	strs      []string         // by local number
	published int              // numbers below this were handed out with an earlier file

	// The word table: an open-addressing hash table (linear probing) of
	// the entries (see wordSlot). It costs less than a map of strings on
	// the look-up every word of every file makes: a word of up to eight
	// bytes (most) is found from its slot alone.
	slots []wordSlot
	seed  maphash.Seed
	seed8 uint64 // seeds the hash of short words
	ents  []wordEnt
	cnts  []wordCount // by entry
	pool  []int32     // the term numbers, then identifier numbers, of every entry
	buf   []byte

	stamp   int32   // the file being analysed
	touched []int32 // entries whose words the content holds
	acc     []int32 // by local number: the term's weighted count in the file
	mark    []int32 // by local number: the last file that listed it as identifier
	terms   []int32 // numbers with a count in the file
	idents  []int32 // identifiers of the file
}

// wordEnt is what the lexer knows of one word: its terms (with repeats,
// as splitIdent emits them) and its identifiers at pool[off:].
type wordEnt struct {
	word        string
	off, nt, ni uint32
}

// wordCount is the number of occurrences of a word in the file stamp.
type wordCount struct{ stamp, count int32 }

// wordSlot is a slot of the word table: the word's first eight bytes
// (zero-padded) and, in meta, the top 24 bits of its hash, its length
// (up to 255) and its entry's number plus one (meta 0: an empty slot).
type wordSlot struct{ key, meta uint64 }

// maxWordTable bounds the words a lexer remembers: when a file starts with
// more in its table, the table starts over.
const maxWordTable = 1 << 16

// lexOut is a file's lexical analysis in the numbers of its worker's
// lexer. The build maps them to its own: newStrs are the strings of the
// numbers the lexer gave out first in this file, in order, so a build
// that takes each worker's files in the order the worker analysed them
// learns every number before it meets it.
type lexOut struct {
	worker  int
	terms   []int32
	counts  []uint16
	idents  []int32
	newStrs []string
}

// analyse returns the lexical analysis of a file: its path, the names of
// its symbols (already extracted) and its content; withIdents asks for the
// identifiers of the content too. withStrings also returns the terms and
// identifiers as strings, for analyses other builds may share (a Memo).
func (lx *lexer) analyse(f *File, text string, withIdents, withStrings bool) (out *lexOut, terms []termCount, idents []string) {
	if len(lx.ents) > maxWordTable {
		clear(lx.slots)
		clear(lx.ents) // lets the words go
		lx.ents, lx.cnts, lx.pool = lx.ents[:0], lx.cnts[:0], lx.pool[:0]
	}
	lx.stamp++
	lx.terms, lx.idents, lx.touched = lx.terms[:0], lx.idents[:0], lx.touched[:0]
	scanWords(f.Path, func(w string) { lx.addWord(w, pathWeight) })
	for _, s := range f.Symbols {
		scanWords(s.Name, func(w string) { lx.addWord(w, symbolWeight) })
	}
	lx.countWords(text)
	for _, e := range lx.touched {
		ent := &lx.ents[e]
		n := lx.cnts[e].count
		for _, t := range lx.pool[ent.off : ent.off+ent.nt] {
			lx.add(t, n)
		}
		if withIdents {
			for _, id := range lx.pool[ent.off+ent.nt : ent.off+ent.nt+ent.ni] {
				if lx.mark[id] != lx.stamp {
					lx.mark[id] = lx.stamp
					lx.idents = append(lx.idents, id)
				}
			}
		}
	}
	out = &lexOut{
		worker: lx.worker,
		terms:  make([]int32, len(lx.terms)),
		counts: make([]uint16, len(lx.terms)),
		idents: make([]int32, len(lx.idents)),
	}
	copy(out.terms, lx.terms)
	copy(out.idents, lx.idents)
	for k, t := range lx.terms {
		out.counts[k] = uint16(min(lx.acc[t], 65535))
		lx.acc[t] = 0
	}
	if n := len(lx.strs); n > lx.published {
		out.newStrs = lx.strs[lx.published:n:n]
		lx.published = n
	}
	if withStrings {
		terms = make([]termCount, len(out.terms))
		for k, t := range out.terms {
			terms[k] = termCount{Term: lx.strs[t], Count: out.counts[k]}
		}
		if withIdents {
			idents = make([]string, len(out.idents))
			for k, id := range out.idents {
				idents[k] = lx.strs[id]
			}
		}
	}
	return out, terms, idents
}

// add counts a term n more times in the file.
func (lx *lexer) add(t, n int32) {
	if lx.acc[t] == 0 {
		lx.terms = append(lx.terms, t)
	}
	lx.acc[t] += n
}

// addWord counts the terms of a word of the path or a symbol name.
func (lx *lexer) addWord(w string, weight int32) {
	ent := &lx.ents[lx.lookup(w)]
	for _, t := range lx.pool[ent.off : ent.off+ent.nt] {
		lx.add(t, weight)
	}
}

// countWords counts the occurrences of the words of the content (the
// words scanWords finds), noting the entries of the file's words.
func (lx *lexer) countWords(s string) {
	i := 0
	for i < len(s) {
		c := s[i]
		if !isIdentByte(c) {
			if c < utf8.RuneSelf {
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsLetter(r) {
				i += n
				continue
			}
		}
		j := i
		for j < len(s) {
			c := s[j]
			if isIdentByte(c) {
				j++
				continue
			}
			if c >= utf8.RuneSelf {
				r, n := utf8.DecodeRuneInString(s[j:])
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					j += n
					continue
				}
			}
			break
		}
		key, h := lx.hash(s, i, j)
		e := lx.word(s[i:j], key, h)
		wc := &lx.cnts[e]
		if wc.stamp != lx.stamp {
			wc.stamp, wc.count = lx.stamp, 0
			lx.touched = append(lx.touched, e)
		}
		wc.count++
		i = j
	}
}

// hash returns the key of the word s[i:j] (its first eight bytes,
// zero-padded) and its hash.
func (lx *lexer) hash(s string, i, j int) (key, h uint64) {
	if lx.slots == nil {
		lx.init()
	}
	n := j - i
	switch {
	case n > 8:
		return load64(s, i), maphash.String(lx.seed, s[i:j])
	case i+8 <= len(s):
		key = load64(s, i) & lowBytes[n]
	default:
		key, _, _ = padWords(s[i:j])
	}
	return key, mix(key^lx.seed8, 0x9e3779b97f4a7c15^uint64(n))
}

// init makes the lexer's tables.
func (lx *lexer) init() {
	n := max(lx.words, 1<<12)
	lx.slots = make([]wordSlot, 2<<bits.Len(uint(n-1)))
	lx.seed = maphash.MakeSeed()
	lx.seed8 = maphash.Comparable(lx.seed, 8)
	lx.ents = make([]wordEnt, 0, n)
	lx.cnts = make([]wordCount, 0, n)
	lx.pool = make([]int32, 0, 3*n)
	lx.vocab = make(map[string]int32, n+n/2)
	lx.strs = make([]string, 0, n+n/2)
	lx.acc = make([]int32, 0, n+n/2)
	lx.mark = make([]int32, 0, n+n/2)
}

// slotMeta is the meta of a word's slot, less its entry.
func slotMeta(h uint64, n int) uint64 {
	return h>>40<<40 | uint64(min(n, 255))<<32
}

// lookup returns the entry of a word, adding it when new.
func (lx *lexer) lookup(w string) int32 {
	key, h := lx.hash(w, 0, len(w))
	return lx.word(w, key, h)
}

// word returns the entry of a word, adding it when new; key and h are
// what hash gives for it.
func (lx *lexer) word(w string, key, h uint64) int32 {
	want := slotMeta(h, len(w))
	mask := uint64(len(lx.slots) - 1)
	i := h & mask
	for {
		sl := &lx.slots[i]
		if sl.meta == 0 {
			break
		}
		if sl.meta&^(1<<32-1) == want && sl.key == key {
			if e := int32(uint32(sl.meta)) - 1; len(w) <= 8 || lx.ents[e].word == w {
				return e
			}
		}
		i = (i + 1) & mask
	}
	off := uint32(len(lx.pool))
	lx.splitWord(w)
	nt := uint32(len(lx.pool)) - off
	identsOf(w, func(id string) { lx.pool = append(lx.pool, lx.id(id)) })
	e := int32(len(lx.ents))
	lx.ents = append(lx.ents, wordEnt{word: strings.Clone(w), off: off, nt: nt, ni: uint32(len(lx.pool)) - off - nt})
	lx.cnts = append(lx.cnts, wordCount{})
	lx.slots[i] = wordSlot{key: key, meta: want | uint64(e+1)}
	if 2*len(lx.ents) > len(lx.slots) {
		lx.growSlots()
	}
	return e
}

// growSlots doubles the word table's slots.
func (lx *lexer) growSlots() {
	lx.slots = make([]wordSlot, 2*len(lx.slots))
	mask := uint64(len(lx.slots) - 1)
	for e := range lx.ents {
		w := lx.ents[e].word
		key, h := lx.hash(w, 0, len(w))
		i := h & mask
		for lx.slots[i].meta != 0 {
			i = (i + 1) & mask
		}
		lx.slots[i] = wordSlot{key: key, meta: slotMeta(h, len(w)) | uint64(e+1)}
	}
}

// splitWord adds to the pool the numbers of the terms splitIdent emits for
// a word, in its order. Words of ASCII letters, digits and underscores
// (nearly all) take a path that lower-cases and stems in a buffer and
// looks the terms up without making strings; others go to splitIdent.
func (lx *lexer) splitWord(w string) {
	for i := 0; i < len(w); i++ {
		if c := w[i]; !isIdentByte(c) {
			lx.buf = splitIdent(w, lx.buf, func(t string) { lx.pool = append(lx.pool, lx.id(t)) })
			return
		}
	}
	// What splitIdent does, with ASCII's cases: a part ends before '_',
	// before an upper-case letter that follows a lower-case letter or a
	// digit or that starts a word after a run of capitals, before a digit
	// that follows a non-digit and before a letter that follows a digit.
	whole := lx.buf[:0]
	parts, start := 0, -1
	for k := 0; k <= len(w); k++ {
		cut := k == len(w)
		if !cut {
			switch c := w[k]; {
			case c == '_':
				cut = true
			case start < 0:
			case isUpperASCII(c):
				prev := w[k-1]
				cut = isLowerASCII(prev) || isDigitASCII(prev) || isUpperASCII(prev) && k+1 < len(w) && isLowerASCII(w[k+1])
			case isDigitASCII(c):
				cut = !isDigitASCII(w[k-1])
			default:
				cut = isDigitASCII(w[k-1])
			}
		}
		if cut && start >= 0 {
			from := len(whole)
			whole = appendLowerASCII(whole, w[start:k])
			if k-start >= 2 {
				lw := whole[from:]
				if !allDigits(unsafeString(lw)) && !stopWords[string(lw)] {
					parts++
					lx.pool = append(lx.pool, lx.id(Stem(unsafeString(lw))))
				}
			}
			start = -1
		}
		if k < len(w) && w[k] != '_' && start < 0 {
			start = k
		}
	}
	if parts > 1 && len(whole) > 2 && len(whole) <= 40 {
		lx.pool = append(lx.pool, lx.id(unsafeString(whole)))
	}
	lx.buf = whole
}

func isUpperASCII(c byte) bool { return c >= 'A' && c <= 'Z' }
func isLowerASCII(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigitASCII(c byte) bool { return c >= '0' && c <= '9' }

func appendLowerASCII(dst []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if isUpperASCII(c) {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// unsafeString returns the bytes of b as a string without a copy: for
// look-ups only (id clones what it keeps), while b stays unchanged.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// id returns the local number of a term or identifier, adding it when new.
func (lx *lexer) id(s string) int32 {
	if id, ok := lx.vocab[s]; ok {
		return id
	}
	id := int32(len(lx.strs))
	s = strings.Clone(s) // never hold on to the text the word came from
	lx.vocab[s] = id
	lx.strs = append(lx.strs, s)
	lx.acc = append(lx.acc, 0)
	lx.mark = append(lx.mark, 0)
	return id
}

// identsOf calls emit for every identifier of at least three and at most
// 64 characters that a word holds: its runs of ASCII letters, digits and
// underscores, less any leading digits. The identifiers of a text are
// those of its words.
func identsOf(w string, emit func(string)) {
	for i := 0; i < len(w); {
		c := w[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			i++
			continue
		}
		j := i + 1
		for j < len(w) && isIdentByte(w[j]) {
			j++
		}
		if j-i >= 3 && j-i <= 64 {
			emit(w[i:j])
		}
		i = j
	}
}
