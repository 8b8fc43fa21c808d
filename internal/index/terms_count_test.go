package index

import (
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
)

// lexRef is what the lexer must give for a file, worked out the plain
// way: SplitTerms over every occurrence of the path (weighted pathWeight),
// the symbol names (symbolWeight) and the content, and every run of
// identifier bytes of the content.
func lexRef(f *File, content string, withIdents bool) (map[string]int, []string) {
	counts := map[string]int{}
	SplitTerms(f.Path, func(t string) { counts[t] += pathWeight })
	for _, s := range f.Symbols {
		SplitTerms(s.Name, func(t string) { counts[t] += symbolWeight })
	}
	SplitTerms(content, func(t string) { counts[t]++ })
	for t, n := range counts {
		counts[t] = min(n, 65535)
	}
	if !withIdents {
		return counts, nil
	}
	seen := map[string]bool{}
	data := []byte(content)
	for i := 0; i < len(data); {
		c := data[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			i++
			continue
		}
		j := i + 1
		for j < len(data) && isIdentByte(data[j]) {
			j++
		}
		if j-i >= 3 && j-i <= 64 {
			seen[string(data[i:j])] = true
		}
		i = j
	}
	idents := slices.Collect(maps.Keys(seen))
	sort.Strings(idents)
	return counts, idents
}

// lexGot runs the lexer on a file and resolves its numbers to strings,
// checking the strings it gives for a Memo agree.
func lexGot(t *testing.T, lx *lexer, f *File, content string, withIdents bool) (map[string]int, []string) {
	t.Helper()
	out, terms, idents := lx.analyse(f, content, withIdents, true)
	counts := map[string]int{}
	for k, id := range out.terms {
		if _, dup := counts[lx.strs[id]]; dup {
			t.Errorf("term %q listed twice", lx.strs[id])
		}
		counts[lx.strs[id]] = int(out.counts[k])
		if terms[k].Term != lx.strs[id] || terms[k].Count != out.counts[k] {
			t.Errorf("string term %d = %+v, want %q %d", k, terms[k], lx.strs[id], out.counts[k])
		}
	}
	var ids []string
	for k, id := range out.idents {
		ids = append(ids, lx.strs[id])
		if idents[k] != lx.strs[id] {
			t.Errorf("string identifier %d = %q, want %q", k, idents[k], lx.strs[id])
		}
	}
	sort.Strings(ids)
	return counts, ids
}

var lexSamples = []string{
	"",
	"func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }",
	"err := doThing(); if err != nil { return err }; err = other(err)",
	"HTTPServer http_server http-server 123abc abc123 x_1_y ÜberCamelCase naïve_straße 日本語テキスト",
	"the the the and stores storing stored manifests",
	"a\nb\r\nc\t__init__ _private __ 12ab34 fooébar_baz9 \xff\xfeabc",
	"long " + strings.Repeat("Ab9", 120) + " " + strings.Repeat("Ab9", 121) + " " + strings.Repeat("é", 200) + " twelve_bytes twelve_bytez",
	"getHTTPResponseCode2XX IDs ABC a1B2 __x__ x Xy XyZ studies stopped the_and_of v2beta1 HTTP2Server io_uring A_B_C aB_Cd 0x1F2e ThisIsAVeryLongIdentifierNameThatGoesOnAndOnForever",
}

// The lexer must give what splitting every occurrence and scanning for
// identifiers give, with a cold and a warm word table, and after the
// table starts over.
func TestLexerMatchesSplitTerms(t *testing.T) {
	lx := &lexer{}
	f := &File{Path: "pkg/server/http_server.go", Symbols: []Symbol{{Name: "ServeHTTP"}, {Name: "newServer"}, {Name: "GET /books/{id}"}}}
	for round := range 3 {
		if round == 2 {
			for k := 0; len(lx.ents) <= maxWordTable; k++ {
				lx.lookup("filler" + string(rune('a'+k%26)) + string(rune('a'+k/26%26)) + string(rune('a'+k/676%26)) + string(rune('0'+k/17576)))
			}
		}
		for _, s := range lexSamples {
			for _, withIdents := range []bool{true, false} {
				wantTerms, wantIdents := lexRef(f, s, withIdents)
				gotTerms, gotIdents := lexGot(t, lx, f, s, withIdents)
				if !maps.Equal(gotTerms, wantTerms) || !slices.Equal(gotIdents, wantIdents) {
					t.Errorf("round %d, %q:\n got %v %q\nwant %v %q", round, s, gotTerms, gotIdents, wantTerms, wantIdents)
				}
			}
		}
	}
	if len(lx.ents) > maxWordTable {
		t.Errorf("word table not started over: %d entries", len(lx.ents))
	}
}

func FuzzLexer(f *testing.F) {
	for _, s := range lexSamples {
		f.Add("a/b_c.go", "NameOne", s)
	}
	lx := &lexer{} // shared: later inputs meet a warm table
	f.Fuzz(func(t *testing.T, path, sym, s string) {
		file := &File{Path: path, Symbols: []Symbol{{Name: sym}}}
		wantTerms, wantIdents := lexRef(file, s, true)
		gotTerms, gotIdents := lexGot(t, lx, file, s, true)
		if !maps.Equal(gotTerms, wantTerms) || !slices.Equal(gotIdents, wantIdents) {
			t.Fatalf("%q %q %q:\n got %v %q\nwant %v %q", path, sym, s, gotTerms, gotIdents, wantTerms, wantIdents)
		}
	})
}
