package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/groundplan/groundplan/internal/server/service"
)

// Load test knobs: bounded in count and time, loopback only.
const (
	loadRequests    = 1000
	loadConcurrency = 8
	loadDeadline    = 4 * time.Minute
)

// TestLoad sends 1,000 requests mixing context, verify and offline plans
// from 8 clients to a server on loopback, and checks nothing crashes, no
// plan is lost from the history, and memory settles. It prints the
// figures. Skipped with -short.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	srv, ts := start(t, setup{svc: service.Config{MaxPlans: 4}})
	if host, _, _ := net.SplitHostPort(strings.TrimPrefix(ts.URL, "http://")); !net.ParseIP(host).IsLoopback() {
		t.Fatalf("the load test runs on loopback only, not %s", host)
	}
	ctx, cancel := context.WithTimeout(context.Background(), loadDeadline)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: loadConcurrency}}
	defer client.CloseIdleConnections()

	stories := []string{
		`{"story": {"actor": "customer", "goal": "leave a review on a book I bought", "criteria": ["Posting a review returns 201", "A rating outside 1 to 5 is rejected with 422"]}}`,
		`{"story": {"actor": "customer", "goal": "cancel an order before it is paid", "criteria": ["Cancelling a pending order returns 200", "Cancelling a paid order returns 409"]}}`,
		`{"story": {"spec": "# Inventory reservations\n\nHold stock for an order for 15 minutes; release it when the order is cancelled or expires."}}`,
		`{"story": {"actor": "admin", "goal": "get an alert when a book runs low on stock", "criteria": ["A book under 5 copies is listed in GET /alerts/low-stock"]}}`,
	}
	verifyBody, _ := json.Marshal(service.VerifyRequest{Markdown: "# Plan\n\n## Implementation Steps\n\n1. Change `internal/handlers/books.go` and `internal/ghost/missing.go`.\n\n## Time Estimate\n\n40 minutes\n"})

	type result struct {
		kind   string
		status int
		took   time.Duration
		err    error
	}
	send := func(i int) result {
		var method, path, body, kind string
		switch i % 5 {
		case 0, 1:
			kind, method, path, body = "context", "POST", "/api/context", stories[i%len(stories)]
		case 2, 3:
			kind, method, path, body = "verify", "POST", "/api/verify", string(verifyBody)
		default:
			kind, method, path, body = "plan", "POST", "/api/plans", stories[i%len(stories)]
		}
		req, err := http.NewRequestWithContext(ctx, method, ts.URL+path, strings.NewReader(body))
		if err != nil {
			return result{kind: kind, err: err}
		}
		req.Header.Set("Content-Type", "application/json")
		begin := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return result{kind: kind, err: err}
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return result{kind: kind, status: resp.StatusCode, took: time.Since(begin), err: err}
	}

	heap := func() (alloc, sys uint64) {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc, m.Sys
	}

	// Warm up: the first requests build the index memo, the tokenizer and
	// the secret scanner; memory is measured from there.
	for i := 0; i < 5; i++ {
		if r := send(i); r.err != nil || r.status >= 300 {
			t.Fatalf("warm-up %s: %d %v", r.kind, r.status, r.err)
		}
	}
	goroutinesBefore := runtime.NumGoroutine()
	heapBefore, sysBefore := heap()

	var (
		next    atomic.Int64
		mu      sync.Mutex
		results []result
		wg      sync.WaitGroup
	)
	begin := time.Now()
	for w := 0; w < loadConcurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= loadRequests || ctx.Err() != nil {
					return
				}
				r := send(i)
				mu.Lock()
				results = append(results, r)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(begin)
	if ctx.Err() != nil {
		t.Fatalf("the load test ran out of time after %d requests", len(results))
	}
	client.CloseIdleConnections()
	heapAfter, sysAfter := heap()
	time.Sleep(100 * time.Millisecond) // let finished handlers' goroutines exit
	goroutinesAfter := runtime.NumGoroutine()

	type stats struct {
		n, busy int
		took    []time.Duration
	}
	by := map[string]*stats{}
	created := 0
	for _, r := range results {
		if r.err != nil {
			t.Fatalf("%s request failed: %v", r.kind, r.err)
		}
		s := by[r.kind]
		if s == nil {
			s = &stats{}
			by[r.kind] = s
		}
		s.n++
		switch {
		case r.status == http.StatusTooManyRequests:
			s.busy++
		case r.status >= 300:
			t.Errorf("%s answered %d", r.kind, r.status)
		default:
			s.took = append(s.took, r.took)
			if r.kind == "plan" {
				created++
			}
		}
	}
	rows, err := srv.svc.Store().Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The warm-up sent requests 0 to 4: context, context, verify, verify
	// and one plan.
	if rows != created+1 {
		t.Errorf("history has %d rows, want %d (plans created, warm-up included)", rows, created+1)
	}
	if len(results) != loadRequests {
		t.Errorf("%d results, want %d", len(results), loadRequests)
	}

	mib := func(b uint64) float64 { return float64(b) / (1 << 20) }
	var report strings.Builder
	fmt.Fprintf(&report, "load: %d requests, %d clients, loopback, %.1fs, %.0f req/s\n", len(results), loadConcurrency, elapsed.Seconds(), float64(len(results))/elapsed.Seconds())
	kinds := []string{"context", "verify", "plan"}
	for _, k := range kinds {
		s := by[k]
		if s == nil {
			continue
		}
		sort.Slice(s.took, func(i, j int) bool { return s.took[i] < s.took[j] })
		p := func(q float64) time.Duration {
			if len(s.took) == 0 {
				return 0
			}
			return s.took[int(q*float64(len(s.took)-1))].Round(time.Millisecond)
		}
		fmt.Fprintf(&report, "  %-8s %4d sent, %4d ok, %3d × 429; p50 %v, p95 %v, max %v\n", k, s.n, len(s.took), s.busy, p(0.5), p(0.95), p(1))
	}
	fmt.Fprintf(&report, "  history rows %d = plans created %d (+1 warm-up)\n", rows, created)
	fmt.Fprintf(&report, "  heap after GC: %.1f MiB before → %.1f MiB after; runtime Sys %.1f → %.1f MiB; goroutines %d → %d\n",
		mib(heapBefore), mib(heapAfter), mib(sysBefore), mib(sysAfter), goroutinesBefore, goroutinesAfter)
	t.Log("\n" + report.String())
	fmt.Print(report.String())

	if heapAfter > heapBefore+128<<20 {
		t.Errorf("heap grew from %.1f to %.1f MiB", mib(heapBefore), mib(heapAfter))
	}
	if goroutinesAfter > goroutinesBefore+loadConcurrency {
		t.Errorf("goroutines grew from %d to %d", goroutinesBefore, goroutinesAfter)
	}
}
