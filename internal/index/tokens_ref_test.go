package index

import "github.com/tiktoken-go/tokenizer"

func tokenizerReference() tokenizer.Codec {
	c, err := tokenizer.Get(tokenizer.O200kBase)
	if err != nil {
		panic(err)
	}
	return c
}
