package data

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"io"
	"math"
	"sync"
)

// The naive Bayes classifier's tables, written by gen/frequencies.go from
// go-enry's data (the format is described there) and decoded on first use:
// go-enry builds them, some 16 MB, in the init of every program that
// imports it. Only a file that neither its name nor the heuristics settle
// needs them.
//
//go:embed frequencies.bin.gz
var frequenciesGz string

type frequencies struct {
	langs  map[string]float64
	tokens map[string]map[string]float64
	total  float64
}

var loadFrequencies = sync.OnceValue(func() *frequencies {
	z, err := gzip.NewReader(bytes.NewReader([]byte(frequenciesGz)))
	if err != nil {
		panic("enry: frequencies: " + err.Error())
	}
	b, err := io.ReadAll(z)
	if err != nil {
		panic("enry: frequencies: " + err.Error())
	}
	r := &freqReader{b: b}
	n := r.uvarint()
	f := &frequencies{langs: make(map[string]float64, n), tokens: make(map[string]map[string]float64, n)}
	for range n {
		lang := r.str()
		f.langs[lang] = r.num()
		m := r.uvarint()
		if m == 0 {
			continue
		}
		toks := make(map[string]float64, m-1)
		for range m - 1 {
			t := r.str()
			toks[t] = r.num()
		}
		f.tokens[lang] = toks
	}
	f.total = r.num()
	if r.bad || len(r.b) != 0 {
		panic("enry: frequencies: corrupt table")
	}
	return f
})

// LanguagesLogProbabilities is the log prior of each language.
func LanguagesLogProbabilities() map[string]float64 { return loadFrequencies().langs }

// TokensLogProbabilities is the log probability of each token by language.
func TokensLogProbabilities() map[string]map[string]float64 { return loadFrequencies().tokens }

// TokensTotal is the number of tokens the classifier was trained on.
func TokensTotal() float64 { return loadFrequencies().total }

type freqReader struct {
	b   []byte
	bad bool
}

func (r *freqReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *freqReader) str() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.bad, r.b = true, nil
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *freqReader) num() float64 {
	if len(r.b) < 8 {
		r.bad, r.b = true, nil
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}
