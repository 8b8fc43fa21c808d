package memlimit

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

func TestGovernorFollowsTheLiveHeap(t *testing.T) {
	defer debug.SetMemoryLimit(math.MaxInt64)
	const floor = 64 << 20
	g := start(floor)
	defer g.Stop()
	if got := g.Limit(); got != floor {
		t.Fatalf("limit before any collection = %d, want the floor %d", got, floor)
	}
	// Hold 96 MiB live: the limit must rise to about 1.5 times that.
	hold := make([][]byte, 96)
	for i := range hold {
		hold[i] = make([]byte, 1<<20)
		hold[i][0] = 1
	}
	for range 5 {
		runtime.GC()
		runtime.Gosched()
	}
	waitFor(t, func() bool { return g.Limit() >= 140<<20 })
	if got := debug.SetMemoryLimit(-1); got != g.Limit() {
		t.Errorf("runtime limit %d, governor says %d", got, g.Limit())
	}
	runtime.KeepAlive(hold)
	hold = nil
	for range 5 {
		runtime.GC()
		runtime.Gosched()
	}
	waitFor(t, func() bool { return g.Limit() == floor })
}

func TestGovernRespectsTheUsersChoice(t *testing.T) {
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, "100")
			if g := Govern(DefaultFloor); g != nil {
				g.Stop()
				t.Errorf("%s set: Govern must leave the collector alone", env)
			}
		})
	}
	var g *Governor
	g.Stop() // nil is fine
	if g.Limit() != 0 {
		t.Error("nil governor has a limit")
	}
}

func TestStopLeavesTheLimit(t *testing.T) {
	defer debug.SetMemoryLimit(math.MaxInt64)
	g := start(32 << 20)
	g.Stop()
	hold := make([]byte, 128<<20)
	hold[0] = 1
	for range 3 {
		runtime.GC()
		runtime.Gosched()
	}
	runtime.KeepAlive(hold)
	if g.Limit() != 32<<20 {
		t.Errorf("stopped governor moved the limit to %d", g.Limit())
	}
}

// waitFor gives cleanups, which run on their own goroutine, time to run.
func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for range 200 {
		if ok() {
			return
		}
		runtime.GC()
		runtime.Gosched()
	}
	t.Fatal("the governor did not follow the live heap")
}
