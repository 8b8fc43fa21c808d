package index

import "sync"

// Memo is an in-memory store of file analyses that builds in one process
// share, keyed by path and content hash: indexing many revisions of one
// repository (as an evaluation does) analyses each distinct file once. It
// is safe for concurrent use; the zero value is not usable, call NewMemo.
type Memo struct {
	mu sync.Mutex
	m  map[memoKey]*File
}

type memoKey struct{ path, hash string }

// NewMemo returns an empty Memo.
func NewMemo() *Memo { return &Memo{m: map[memoKey]*File{}} }

func (m *Memo) get(rel, hash string) *File {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.m[memoKey{rel, hash}]
}

func (m *Memo) put(rel, hash string, f *File) {
	if m == nil || f == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m[memoKey{rel, hash}] = f
}

// Len returns the number of analyses held.
func (m *Memo) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.m)
}
