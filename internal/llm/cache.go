package llm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// cacheVersion changes when the key or the file format changes, so old
// entries are simply never found again.
const cacheVersion = 1

// DefaultCacheDir is where responses are cached unless configured
// otherwise: the user cache directory's groundplan/responses.
func DefaultCacheDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("locating the user cache directory: %w", err)
	}
	return filepath.Join(base, "groundplan", "responses"), nil
}

// CacheKey is the hex sha256 of everything an answer depends on: the
// provider's name and scope, the model, the parameters and the full
// request.
func CacheKey(provider, scope string, req Request) string {
	payload := struct {
		Version  int     `json:"v"`
		Provider string  `json:"provider"`
		Scope    string  `json:"scope"`
		Request  Request `json:"request"`
	}{cacheVersion, provider, scope, req}
	data, err := json.Marshal(payload)
	if err != nil {
		// Request holds only strings, numbers and slices of them.
		panic(fmt.Sprintf("llm: encoding a cache key: %v", err))
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// cacheEntry is the file stored for one answer.
type cacheEntry struct {
	Version  int       `json:"version"`
	Provider string    `json:"provider"`
	Model    string    `json:"model"`
	Created  time.Time `json:"created"`
	Text     string    `json:"text"`
	Usage    Usage     `json:"usage"`
}

// WithCache wraps p with a response cache stored as files under dir. A hit
// returns the cached text and the usage of the call that produced it,
// without calling p; FromCache tells such a stream apart. A miss calls p and
// stores the answer once it has been read to a successful end; an answer
// that failed, was truncated, or was abandoned before its end is never
// stored. A cache that cannot be read counts as a miss; a failure to store
// is reported by the stream's Close.
func WithCache(p Provider, dir string) Provider {
	return &cacheProvider{inner: p, dir: dir}
}

type cacheProvider struct {
	inner Provider
	dir   string
}

// Name is the wrapped provider's name.
func (c *cacheProvider) Name() string { return c.inner.Name() }

// Unwrap returns the wrapped provider.
func (c *cacheProvider) Unwrap() Provider { return c.inner }

func (c *cacheProvider) path(key string) string {
	return filepath.Join(c.dir, key[:2], key+".json")
}

// Stream serves req from the cache or from the wrapped provider.
func (c *cacheProvider) Stream(ctx context.Context, req Request) (Stream, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	key := CacheKey(c.inner.Name(), ScopeOf(c.inner), req)
	if e, ok := c.load(key); ok {
		return &cachedStream{TextStream: NewTextStream(e.Text, 512, e.Usage)}, nil
	}
	s, err := c.inner.Stream(ctx, req)
	if err != nil {
		return nil, err
	}
	return &recordingStream{inner: s, store: func(text string, u Usage) error {
		return c.save(key, cacheEntry{
			Version:  cacheVersion,
			Provider: c.inner.Name(),
			Model:    req.Model,
			Created:  time.Now().UTC(),
			Text:     text,
			Usage:    u,
		})
	}}, nil
}

func (c *cacheProvider) load(key string) (cacheEntry, bool) {
	data, err := os.ReadFile(c.path(key))
	if err != nil {
		return cacheEntry{}, false
	}
	var e cacheEntry
	if json.Unmarshal(data, &e) != nil || e.Version != cacheVersion || e.Text == "" {
		return cacheEntry{}, false
	}
	return e, true
}

func (c *cacheProvider) save(key string, e cacheEntry) error {
	final := c.path(key)
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("response cache: %w", err)
	}
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("response cache: encoding: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".tmp-"+key[:8]+"-*")
	if err != nil {
		return fmt.Errorf("response cache: %w", err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("response cache: writing %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("response cache: %w", err)
	}
	return nil
}

// cachedStream is an answer served from the cache.
type cachedStream struct {
	*TextStream
}

// Cached reports true: the answer cost nothing this time.
func (*cachedStream) Cached() bool { return true }

// FromCache reports whether s was served from the response cache, i.e. no
// model was called and the answer cost nothing.
func FromCache(s Stream) bool {
	c, ok := s.(interface{ Cached() bool })
	return ok && c.Cached()
}

// recordingStream passes a live answer through and stores it when it ends
// well.
type recordingStream struct {
	inner    Stream
	text     strings.Builder
	store    func(string, Usage) error
	ended    bool
	storeErr error
}

func (r *recordingStream) Next() bool {
	if r.inner.Next() {
		r.text.WriteString(r.inner.Current())
		return true
	}
	if !r.ended {
		r.ended = true
		if r.inner.Err() == nil && r.text.Len() > 0 {
			r.storeErr = r.store(r.text.String(), r.inner.Usage())
		}
	}
	return false
}

func (r *recordingStream) Current() string { return r.inner.Current() }
func (r *recordingStream) Err() error      { return r.inner.Err() }
func (r *recordingStream) Usage() Usage    { return r.inner.Usage() }

// Close closes the live stream and reports a failure to store the answer.
func (r *recordingStream) Close() error {
	return errors.Join(r.inner.Close(), r.storeErr)
}

// PruneCache removes cached answers older than maxAge from dir and returns
// how many it removed.
func PruneCache(dir string, maxAge time.Duration, now time.Time) (int, error) {
	removed := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".json") {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		if now.Sub(info.ModTime()) > maxAge {
			if err := os.Remove(path); err == nil {
				removed++
			}
		}
		return nil
	})
	if err != nil {
		return removed, fmt.Errorf("pruning the response cache %s: %w", dir, err)
	}
	return removed, nil
}
