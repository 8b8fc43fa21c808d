package workspace

import "errors"

// Problems shared by the text manifest parsers.
var (
	errUnterminatedQuote = errors.New("unterminated quoted string")
	errBadQuote          = errors.New("invalid quoted string")
)
