// Package memlimit keeps the Go heap of a groundplan process close to its
// live size.
//
// With the collector's default pacing (GOGC=100) the heap may grow to twice
// what is live before the next collection. Indexing a large tree holds a
// fair amount live at its peak (symbols, postings, the reference graph), so
// the process would peak at about double that. A fixed soft limit
// (GOMEMLIMIT) fixes small trees but makes the collector run without pause
// once the live heap nears the limit, which slows a big tree to a crawl.
// Govern sets the soft limit after every collection instead: at least a
// floor, and otherwise 1.5 times what the last collection found live, so the
// heap stays within half its live size above it at any scale while small
// runs are not collected any more often than by default.
package memlimit

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// DefaultFloor is the soft limit while little is live: 200 MiB.
const DefaultFloor = 200 << 20

// Governor adjusts the soft memory limit after each collection.
type Governor struct {
	floor   int64
	stopped atomic.Bool
	limit   atomic.Int64
	sample  []metrics.Sample
}

// Govern starts a Governor with the given floor, unless the user chose the
// collector's behaviour with GOGC or GOMEMLIMIT (then it returns nil, and
// Stop on nil does nothing).
func Govern(floor int64) *Governor {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return nil
	}
	return start(floor)
}

func start(floor int64) *Governor {
	g := &Governor{floor: floor, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	g.set(floor)
	g.arm()
	return g
}

// Limit returns the soft limit the Governor last set.
func (g *Governor) Limit() int64 {
	if g == nil {
		return 0
	}
	return g.limit.Load()
}

// Stop leaves the limit as it is and stops adjusting it.
func (g *Governor) Stop() {
	if g != nil {
		g.stopped.Store(true)
	}
}

// sentinel is allocated unreachable; its cleanup runs once a collection has
// found it, which is how the Governor learns that a cycle ended.
type sentinel struct{ _ [64]byte }

func (g *Governor) arm() {
	s := &sentinel{}
	runtime.AddCleanup(s, func(g *Governor) { g.cycle() }, g)
}

// cycle runs after a collection: the live heap is fresh then.
func (g *Governor) cycle() {
	if g.stopped.Load() {
		return
	}
	metrics.Read(g.sample)
	if g.sample[0].Value.Kind() == metrics.KindUint64 {
		live := int64(g.sample[0].Value.Uint64())
		g.set(max(g.floor, live+live/2))
	}
	g.arm()
}

func (g *Governor) set(limit int64) {
	if g.limit.Swap(limit) != limit {
		debug.SetMemoryLimit(limit)
	}
}
