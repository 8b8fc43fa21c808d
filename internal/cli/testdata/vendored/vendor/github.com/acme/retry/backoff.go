// Package retry retries operations with exponential backoff.
package retry

import "time"

// Backoff retries an operation, waiting longer after each failure.
type Backoff struct {
	Base time.Duration
	Max  int
}

// Do runs op until it succeeds or Max attempts failed.
func (b *Backoff) Do(op func() error) error { return op() }

// WithJitter spreads the waits of many clients.
func WithJitter(b *Backoff) *Backoff { return b }
