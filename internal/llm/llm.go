// Package llm is the one small seam between groundplan and language models.
// Every provider (OpenAI-compatible, Anthropic, Gemini, offline) implements
// Provider; nothing above this package knows which one runs.
package llm

import (
	"context"
	"errors"
	"net/http"
)

// Role of a message in a conversation.
type Role string

// The roles a request can hold.
const (
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
)

// Message is one turn of the conversation.
type Message struct {
	Role    Role   `json:"role"`
	Content string `json:"content"`
}

// Request is what the planner asks of a model.
type Request struct {
	Model       string    `json:"model"`
	System      string    `json:"system,omitempty"`
	Messages    []Message `json:"messages"`
	MaxTokens   int       `json:"max_tokens,omitempty"`
	Temperature *float64  `json:"temperature,omitempty"`
}

// Usage counts the tokens of one call.
type Usage struct {
	InputTokens  int `json:"input_tokens"`
	OutputTokens int `json:"output_tokens"`
}

// Stream yields the text of an answer as it is written, in the style of
// bufio.Scanner:
//
//	for s.Next() { fmt.Print(s.Current()) }
//	if err := s.Err(); err != nil { … }
//
// A stream that ends before the model finished is an error, not a short
// answer. Usage is complete once Next has returned false.
type Stream interface {
	Next() bool
	Current() string
	Err() error
	Usage() Usage
	Close() error
}

// Provider sends requests to one model service.
type Provider interface {
	// Name is the provider's name as the user writes it ("openai", "offline").
	Name() string
	// Stream starts one request.
	Stream(ctx context.Context, req Request) (Stream, error)
}

// ErrTruncated is returned by a stream that ended before the model finished.
var ErrTruncated = errors.New("the model's answer ended early")

// Collect reads a stream to its end and returns the whole text.
func Collect(s Stream) (string, Usage, error) {
	defer s.Close()
	var text []byte
	for s.Next() {
		text = append(text, s.Current()...)
	}
	return string(text), s.Usage(), s.Err()
}

// TextStream is a Stream over a text already known, yielded in chunks. The
// offline provider and tests use it.
type TextStream struct {
	chunks []string
	i      int
	usage  Usage
}

// NewTextStream splits text into chunks of about size bytes on line ends.
func NewTextStream(text string, size int, usage Usage) *TextStream {
	if size <= 0 {
		size = 256
	}
	var chunks []string
	for len(text) > 0 {
		n := size
		if n >= len(text) {
			n = len(text)
		} else if j := indexByteFrom(text, '\n', n); j >= 0 {
			n = j + 1
		} else {
			n = len(text)
		}
		chunks = append(chunks, text[:n])
		text = text[n:]
	}
	return &TextStream{chunks: chunks, i: -1, usage: usage}
}

func indexByteFrom(s string, c byte, from int) int {
	for i := from; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// Next advances to the next chunk.
func (t *TextStream) Next() bool {
	if t.i+1 >= len(t.chunks) {
		t.i = len(t.chunks)
		return false
	}
	t.i++
	return true
}

// Current returns the current chunk.
func (t *TextStream) Current() string {
	if t.i < 0 || t.i >= len(t.chunks) {
		return ""
	}
	return t.chunks[t.i]
}

// Err is always nil: a text stream cannot fail.
func (t *TextStream) Err() error { return nil }

// Usage returns the usage given at creation.
func (t *TextStream) Usage() Usage { return t.usage }

// Close does nothing.
func (t *TextStream) Close() error { return nil }

// NewHTTPClient returns the client a provider sends its requests with when
// it is given none: one without timeouts (WithRetry bounds the time), on a
// copy of http.DefaultTransport of its own.
func NewHTTPClient() *http.Client {
	return &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
}
