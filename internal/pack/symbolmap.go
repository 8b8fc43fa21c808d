package pack

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/groundplan/groundplan/internal/index"
)

// MapOptions tune WriteSymbolMap.
type MapOptions struct {
	// Skip, when set, leaves a file out of the map (the planner leaves out
	// files that exist to hold secrets).
	Skip func(path string) (reason string, skip bool)
	// Filter, when set, rewrites each signature before it is written (the
	// planner redacts secrets with it); line is the symbol's line.
	Filter func(path string, line int, text string) string
}

// MapStats describes a written symbol map.
type MapStats struct {
	Files   int `json:"files"`
	Symbols int `json:"symbols"`
	Bytes   int `json:"bytes"`
	Tokens  int `json:"tokens"` // exact o200k_base tokens of the map itself
}

// mapChunk is how many files are rendered and counted at once before they
// are written in order: enough to keep every core busy, few enough that
// the map of a large tree is never held whole.
const mapChunk = 512

// WriteSymbolMap writes the symbol map of a whole index to w: every file in
// path order with its language and token count, then one line per declared
// symbol with its line range and its signature (or its kind and name where
// the index keeps no signature, as for vendored code). It is the map of
// the repository without a story: what `groundplan index --map` prints.
// The tokens of the map are counted exactly, file by file: each file's
// block ends with a line break and the next begins with a non-space, so
// the blocks split into the same tokens apart as together.
func WriteSymbolMap(ctx context.Context, w io.Writer, ix *index.Index, opts MapOptions) (MapStats, error) {
	var st MapStats
	files := ix.Files()
	workers := runtime.GOMAXPROCS(0)
	blocks := make([]string, mapChunk)
	tokens := make([]int, mapChunk)
	syms := make([]int, mapChunk)
	for start := 0; start < len(files); start += mapChunk {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		part := files[start:min(start+mapChunk, len(files))]
		var wg sync.WaitGroup
		for k := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var b strings.Builder
				for i := k; i < len(part); i += workers {
					b.Reset()
					syms[i] = mapBlock(&b, part[i], opts)
					blocks[i] = b.String()
					tokens[i] = CountTokens(blocks[i])
				}
			}()
		}
		wg.Wait()
		for i := range part {
			if blocks[i] == "" {
				continue
			}
			if _, err := io.WriteString(w, blocks[i]); err != nil {
				return st, fmt.Errorf("symbol map: %w", err)
			}
			st.Files++
			st.Symbols += syms[i]
			st.Bytes += len(blocks[i])
			st.Tokens += tokens[i]
			blocks[i] = ""
		}
	}
	return st, nil
}

// mapBlock renders one file's entry and returns how many symbols it
// lists; it writes nothing for a skipped file.
func mapBlock(b *strings.Builder, f *index.File, opts MapOptions) int {
	if opts.Skip != nil {
		if _, skip := opts.Skip(f.Path); skip {
			return 0
		}
	}
	b.WriteString(f.Path)
	b.WriteString(" (")
	if f.Language != "" {
		b.WriteString(f.Language)
		b.WriteString(", ")
	}
	fmt.Fprintf(b, "%d tokens)\n", f.Tokens)
	for _, s := range f.AllSymbols() {
		sig := s.Signature
		if sig == "" || s.Kind == index.KindRoute {
			// a route's signature is the line registering it
			sig = string(s.Kind) + " " + s.QualifiedName()
		}
		if opts.Filter != nil {
			sig = opts.Filter(f.Path, s.Line, sig)
		}
		if len(sig) > 200 {
			sig = sig[:200] + "…"
		}
		fmt.Fprintf(b, "  L%d-%d %s\n", s.Line, s.EndLine, strings.ReplaceAll(sig, "\n", " "))
	}
	return f.NumSymbols()
}
