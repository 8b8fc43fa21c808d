package llm

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults of RetryOptions; a zero field takes these.
const (
	DefaultMaxAttempts    = 4
	DefaultBaseDelay      = time.Second
	DefaultMaxDelay       = time.Minute
	DefaultRequestTimeout = 5 * time.Minute
	DefaultIdleTimeout    = 2 * time.Minute
	DefaultDeadline       = 30 * time.Minute
)

// RetryOptions tunes WithRetry. The zero value takes the defaults above; a
// negative timeout or deadline disables it.
type RetryOptions struct {
	// MaxAttempts is how many times a request is sent at most.
	MaxAttempts int
	// BaseDelay is the first backoff wait; it doubles on every retry.
	BaseDelay time.Duration
	// MaxDelay caps every wait, a Retry-After the server asks for included.
	MaxDelay time.Duration
	// RequestTimeout is how long one attempt may go without its first text.
	RequestTimeout time.Duration
	// IdleTimeout is how long a started answer may pause between chunks.
	IdleTimeout time.Duration
	// Deadline bounds the whole call, every attempt and wait included, until
	// the answer has been read to its end.
	Deadline time.Duration

	// Now reads the clock; tests inject a fake one. Default time.Now.
	Now func() time.Time
	// Sleep waits d or until ctx is done, returning ctx's error then.
	// Default: a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a number in [0, 1) to spread backoff waits.
	// Default: math/rand.
	Jitter func() float64
	// OnRetry, when set, is told about every retry before its wait, so a
	// front door can say "rate limited, retrying in 4s".
	OnRetry func(RetryEvent)
}

// RetryEvent describes one retry about to happen.
type RetryEvent struct {
	Provider string
	// Attempt is the number of the attempt that failed (1 for the first).
	Attempt int
	// Wait is how long the wrapper waits before the next attempt.
	Wait time.Duration
	// Err is why the attempt failed.
	Err error
}

func (o RetryOptions) withDefaults() RetryOptions {
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.BaseDelay <= 0 {
		o.BaseDelay = DefaultBaseDelay
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = DefaultMaxDelay
	}
	if o.RequestTimeout == 0 {
		o.RequestTimeout = DefaultRequestTimeout
	}
	if o.IdleTimeout == 0 {
		o.IdleTimeout = DefaultIdleTimeout
	}
	if o.Deadline == 0 {
		o.Deadline = DefaultDeadline
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleepContext
	}
	if o.Jitter == nil {
		o.Jitter = rand.Float64
	}
	return o
}

func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// WithRetry wraps p so that a request failing before the model wrote any
// text is sent again, with exponential backoff and jitter, when the failure
// is temporary (see Retryable): HTTP 429, 408 and 5xx, a connection refused,
// reset or closed, an attempt that timed out. A Retry-After the server sends
// is honoured (capped by MaxDelay). Once text has been yielded nothing is
// retried: a stream broken midway ends with an error wrapping ErrTruncated.
//
// Stream returns once the first text has arrived (or the answer ended
// empty), so the errors of the request itself (bad key, unknown model,
// prompt too long) come from Stream. A cancelled ctx stops everything at
// once, with an error wrapping context.Canceled.
func WithRetry(p Provider, opts RetryOptions) Provider {
	return &retryProvider{inner: p, o: opts.withDefaults()}
}

type retryProvider struct {
	inner Provider
	o     RetryOptions
}

// Name is the wrapped provider's name.
func (r *retryProvider) Name() string { return r.inner.Name() }

// Unwrap returns the wrapped provider.
func (r *retryProvider) Unwrap() Provider { return r.inner }

// Stream sends req, retrying as WithRetry describes.
func (r *retryProvider) Stream(ctx context.Context, req Request) (Stream, error) {
	if err := ctx.Err(); err != nil {
		return nil, r.canceled(err)
	}
	var (
		call       context.Context
		cancelCall context.CancelFunc
	)
	if r.o.Deadline > 0 {
		call, cancelCall = context.WithTimeout(ctx, r.o.Deadline)
	} else {
		call, cancelCall = context.WithCancel(ctx)
	}
	start := r.o.Now()
	for attempt := 1; ; attempt++ {
		s, err := r.attempt(ctx, call, req)
		if err == nil {
			s.cancelCall = cancelCall
			return s, nil
		}
		if stop := r.stopped(ctx, call); stop != nil {
			cancelCall()
			return nil, stop
		}
		if !Retryable(err) || attempt >= r.o.MaxAttempts {
			cancelCall()
			return nil, giveUp(err, attempt)
		}
		wait := r.delay(attempt, err)
		if r.o.Deadline > 0 && r.o.Now().Add(wait).Sub(start) >= r.o.Deadline {
			cancelCall()
			return nil, giveUp(err, attempt)
		}
		if r.o.OnRetry != nil {
			r.o.OnRetry(RetryEvent{Provider: r.Name(), Attempt: attempt, Wait: wait, Err: err})
		}
		if err := r.o.Sleep(call, wait); err != nil {
			cancelCall()
			if stop := r.stopped(ctx, call); stop != nil {
				return nil, stop
			}
			return nil, fmt.Errorf("%s: waiting to retry: %w", r.Name(), err)
		}
	}
}

func giveUp(err error, attempts int) error {
	if attempts <= 1 {
		return err
	}
	return fmt.Errorf("%w (gave up after %d attempts)", err, attempts)
}

// stopped returns the error to report when the caller cancelled or the
// overall deadline passed, nil otherwise.
func (r *retryProvider) stopped(parent, call context.Context) error {
	if err := parent.Err(); err != nil {
		return r.canceled(err)
	}
	if call.Err() != nil {
		return &TimeoutError{Provider: r.Name(), After: r.o.Deadline, Overall: true}
	}
	return nil
}

func (r *retryProvider) canceled(err error) error {
	return fmt.Errorf("%s: request stopped: %w", r.Name(), err)
}

// delay is the wait before the attempt after attempt (1-based).
func (r *retryProvider) delay(attempt int, err error) time.Duration {
	var api *APIError
	if errors.As(err, &api) {
		if w := api.Wait(r.o.Now()); w > 0 {
			return min(w, r.o.MaxDelay)
		}
	}
	d := r.o.BaseDelay
	for i := 1; i < attempt && d < r.o.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, r.o.MaxDelay)
	// Equal jitter: half fixed, half random, so waits never collapse to 0.
	return d/2 + time.Duration(r.o.Jitter()*float64(d/2))
}

// attempt sends req once and waits for its first text. On success the
// stream holds that text as pending.
func (r *retryProvider) attempt(parent, call context.Context, req Request) (*retryStream, error) {
	actx, cancel := context.WithCancel(call)
	wd := newWatchdog(r.o.RequestTimeout, cancel)
	inner, err := r.inner.Stream(actx, req)
	if err != nil {
		fired := wd.stop()
		cancel()
		if fired {
			return nil, &TimeoutError{Provider: r.Name(), After: r.o.RequestTimeout}
		}
		return nil, err
	}
	s := &retryStream{
		name:          r.Name(),
		parent:        parent,
		call:          call,
		inner:         inner,
		wd:            wd,
		idle:          r.o.IdleTimeout,
		deadline:      r.o.Deadline,
		cancelAttempt: cancel,
	}
	for inner.Next() {
		if c := inner.Current(); c != "" {
			wd.reset(r.o.IdleTimeout)
			s.pending, s.hasPending = c, true
			return s, nil
		}
	}
	err = inner.Err()
	fired := wd.stop()
	if err == nil && !fired {
		// A complete answer without text: hand it on as it is.
		s.done = true
		return s, nil
	}
	inner.Close()
	cancel()
	if fired {
		return nil, &TimeoutError{Provider: r.Name(), After: r.o.RequestTimeout}
	}
	return nil, err
}

// retryStream is the stream of a successful attempt.
type retryStream struct {
	name          string
	parent, call  context.Context
	inner         Stream
	wd            *watchdog
	idle          time.Duration
	deadline      time.Duration
	cancelAttempt context.CancelFunc
	cancelCall    context.CancelFunc

	pending    string
	hasPending bool
	cur        string
	yielded    bool
	done       bool
	err        error
	closeOnce  sync.Once
	closeErr   error
}

// Next advances to the next chunk of text.
func (s *retryStream) Next() bool {
	if s.done {
		return false
	}
	if s.hasPending {
		s.hasPending = false
		s.cur, s.yielded = s.pending, true
		return true
	}
	for s.inner.Next() {
		s.wd.reset(s.idle)
		if c := s.inner.Current(); c != "" {
			s.cur, s.yielded = c, true
			return true
		}
	}
	s.finish(s.inner.Err())
	return false
}

func (s *retryStream) finish(err error) {
	fired := s.wd.stop()
	if err != nil {
		switch {
		case s.parent.Err() != nil:
			err = fmt.Errorf("%s: request stopped: %w", s.name, s.parent.Err())
		case fired:
			err = Truncated(s.name, &TimeoutError{Provider: s.name, After: s.idle})
		case s.call.Err() != nil:
			err = Truncated(s.name, &TimeoutError{Provider: s.name, After: s.deadline, Overall: true})
		case s.yielded:
			err = Truncated(s.name, err)
		}
	}
	s.cur, s.err, s.done = "", err, true
}

// Current returns the current chunk.
func (s *retryStream) Current() string { return s.cur }

// Err returns why the stream ended early, nil after a complete answer.
func (s *retryStream) Err() error { return s.err }

// Usage returns the provider's token counts.
func (s *retryStream) Usage() Usage { return s.inner.Usage() }

// Close releases the connection; it may be called at any time.
func (s *retryStream) Close() error {
	s.closeOnce.Do(func() {
		s.closeErr = s.inner.Close()
		s.wd.stop()
		s.cancelAttempt()
		if s.cancelCall != nil {
			s.cancelCall()
		}
		s.done = true
	})
	return s.closeErr
}

// watchdog cancels an attempt that stays silent too long.
type watchdog struct {
	mu     sync.Mutex
	t      *time.Timer
	fired  atomic.Bool
	cancel context.CancelFunc
}

func newWatchdog(d time.Duration, cancel context.CancelFunc) *watchdog {
	w := &watchdog{cancel: cancel}
	if d > 0 {
		w.t = time.AfterFunc(d, w.fire)
	}
	return w
}

func (w *watchdog) fire() {
	w.fired.Store(true)
	w.cancel()
}

// reset restarts the countdown with d (d <= 0 stops it).
func (w *watchdog) reset(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.t != nil && !w.t.Stop() {
		return // already fired
	}
	if d <= 0 {
		return
	}
	if w.t == nil {
		w.t = time.AfterFunc(d, w.fire)
		return
	}
	w.t.Reset(d)
}

// stop ends the countdown and reports whether it had fired.
func (w *watchdog) stop() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.t != nil {
		w.t.Stop()
	}
	return w.fired.Load()
}
