package index

import (
	"sync"

	"github.com/tiktoken-go/tokenizer"
)

// o200k is the o200k_base codec; its vocabulary is embedded in the binary
// and built once, on first use. The codec is immutable and safe for
// concurrent use.
var o200k = sync.OnceValue(func() tokenizer.Codec {
	c, err := tokenizer.Get(tokenizer.O200kBase)
	if err != nil {
		panic("o200k_base codec: " + err.Error()) // embedded: cannot fail
	}
	return c
})

// CountTokens returns the number of o200k_base BPE tokens of s (the
// encoding of current OpenAI models; a close estimate for other models).
func CountTokens(s string) int {
	if s == "" {
		return 0
	}
	n, err := o200k().Count(s)
	if err != nil {
		return (len(s) + 3) / 4
	}
	return n
}
