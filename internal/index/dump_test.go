package index

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"testing"
)

// TestDumpTree writes a canonical dump of a cold index of the tree at
// GROUNDPLAN_DUMP_TREE to the file GROUNDPLAN_DUMP_OUT: every file's
// fields, symbols, imports, terms with counts, identifiers, references in
// both directions and every posting list, with ids resolved to strings, so
// that dumps made by two versions of the analysis can be compared byte for
// byte (cmp). GROUNDPLAN_DUMP_VENDOR=1 includes vendored files. Skipped
// when the variables are unset.
func TestDumpTree(t *testing.T) {
	tree, out := os.Getenv("GROUNDPLAN_DUMP_TREE"), os.Getenv("GROUNDPLAN_DUMP_OUT")
	if tree == "" || out == "" {
		t.Skip("GROUNDPLAN_DUMP_TREE or GROUNDPLAN_DUMP_OUT not set")
	}
	ix, err := Build(context.Background(), tree, Options{NoCache: true, IncludeVendored: os.Getenv("GROUNDPLAN_DUMP_VENDOR") != ""})
	if err != nil {
		t.Fatal(err)
	}
	fh, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	w := bufio.NewWriter(fh)
	defer w.Flush()
	dumpIndex(w, ix)
}

// TestMemoDump checks that builds sharing a Memo (the first analyses, the
// second takes every analysis from the Memo) give the index a build
// without one gives.
func TestMemoDump(t *testing.T) {
	dump := func(opts Options) string {
		opts.NoCache = true
		ix, err := Build(context.Background(), "testdata/symbols", opts)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		dumpIndex(&b, ix)
		_, rest, _ := strings.Cut(b.String(), "\n") // a Memo's analyses count as cached
		return rest
	}
	want := dump(Options{})
	memo := NewMemo()
	for k := range 2 {
		if got := dump(Options{Memo: memo}); got != want {
			t.Errorf("build %d with a Memo differs:\n%s\nwant\n%s", k+1, got, want)
		}
	}
	if memo.Len() == 0 {
		t.Errorf("Memo left empty")
	}
}

// dumpIndex writes the canonical dump of an index.
func dumpIndex(w io.Writer, ix *Index) {
	fmt.Fprintf(w, "stats %+v\n", ix.Stats)
	terms := map[string]bool{}
	for i, f := range ix.Files() {
		fmt.Fprintf(w, "file %q lang=%q size=%d hash=%s lines=%d test=%v doc=%v vendored=%v pkg=%q tokens=%d\n",
			f.Path, f.Language, f.Size, f.Hash, f.Lines, f.Test, f.Doc, f.Vendored, f.Package, f.Tokens)
		fmt.Fprintf(w, "  imports %q\n", f.Imports)
		for _, s := range f.Symbols {
			fmt.Fprintf(w, "  sym %+v\n", s)
		}
		type tc struct {
			t string
			n uint16
		}
		var ts []tc
		for k, id := range f.tids {
			ts = append(ts, tc{ix.words[id], f.tcnt[k]})
			terms[ix.words[id]] = true
		}
		sort.Slice(ts, func(a, b int) bool { return ts[a].t < ts[b].t })
		for _, x := range ts {
			fmt.Fprintf(w, "  term %q %d\n", x.t, x.n)
		}
		fmt.Fprintf(w, "  idents %q\n", ix.Identifiers(i))
		for _, e := range ix.References(i) {
			fmt.Fprintf(w, "  ref %q %v %q\n", ix.FileAt(int(e.File)).Path, e.Weight, e.Via)
		}
		for _, e := range ix.ReferencedBy(i) {
			fmt.Fprintf(w, "  refby %q %v %q\n", ix.FileAt(int(e.File)).Path, e.Weight, e.Via)
		}
	}
	sorted := make([]string, 0, len(terms))
	for t := range terms {
		sorted = append(sorted, t)
	}
	sort.Strings(sorted)
	for _, t := range sorted {
		fmt.Fprintf(w, "posting %q %v\n", t, ix.Postings(t))
	}
	for _, n := range ix.SymbolNames() {
		fmt.Fprintf(w, "symname %q %d %d\n", n, len(ix.Symbols(n)), len(ix.SymbolsFold(n)))
	}
}
