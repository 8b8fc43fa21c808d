package index

import (
	"context"
	"os"
	"testing"
)

// BenchmarkLexer times the lexical analysis alone (one lexer, cold at
// every round) over the files of a cold index of $GROUNDPLAN_BENCH_TREE
// (skipped when unset).
func BenchmarkLexer(b *testing.B) {
	tree := os.Getenv("GROUNDPLAN_BENCH_TREE")
	if tree == "" {
		b.Skip("GROUNDPLAN_BENCH_TREE not set")
	}
	ix, err := Build(context.Background(), tree, Options{NoCache: true, NoTokens: true})
	if err != nil {
		b.Fatal(err)
	}
	type doc struct {
		f    *File
		text string
	}
	var docs []doc
	size := 0
	for _, f := range ix.Files() {
		if f.Vendored {
			continue
		}
		data, err := ix.Read(f.Path, 0)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, doc{f, string(data)})
		size += len(data)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		lx := &lexer{}
		for _, d := range docs {
			lx.analyse(d.f, d.text, IsProgramming(d.f.Language), false)
		}
	}
}
