//go:build ignore

// frequencies writes the naive Bayes classifier's tables of
// github.com/go-enry/go-enry/v2/data as data/frequencies.bin.gz, read on
// first use by data/frequencies.go:
//
//	go run internal/enry/gen/frequencies.go internal/enry/data/frequencies.bin.gz
//
// The format: a uvarint count of languages, then per language (sorted) its
// name, its log probability and a uvarint count of tokens, then per token
// (sorted) its text and log probability. Strings are a uvarint length and
// the bytes; numbers are the IEEE 754 bits, little endian. Last the total.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"math"
	"os"
	"sort"

	"github.com/go-enry/go-enry/v2/data"
)

func main() {
	var b bytes.Buffer
	str := func(s string) {
		b.Write(binary.AppendUvarint(nil, uint64(len(s))))
		b.WriteString(s)
	}
	num := func(f float64) { b.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(f))) }
	var langs []string
	for l := range data.LanguagesLogProbabilities {
		langs = append(langs, l)
	}
	for l := range data.TokensLogProbabilities {
		if _, ok := data.LanguagesLogProbabilities[l]; !ok {
			panic("tokens of a language with no probability: " + l)
		}
	}
	sort.Strings(langs)
	b.Write(binary.AppendUvarint(nil, uint64(len(langs))))
	for _, l := range langs {
		str(l)
		num(data.LanguagesLogProbabilities[l])
		toks := data.TokensLogProbabilities[l]
		var keys []string
		for t := range toks {
			keys = append(keys, t)
		}
		sort.Strings(keys)
		hasMap := toks != nil
		if hasMap {
			b.Write(binary.AppendUvarint(nil, uint64(len(keys))+1))
		} else {
			b.Write(binary.AppendUvarint(nil, 0))
		}
		for _, t := range keys {
			str(t)
			num(toks[t])
		}
	}
	num(data.TokensTotal)
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	z, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	z.Write(b.Bytes())
	if err := z.Close(); err != nil {
		panic(err)
	}
	if err := f.Close(); err != nil {
		panic(err)
	}
}
