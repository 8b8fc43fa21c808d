package eval

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/pack"
	"github.com/groundplan/groundplan/internal/rank"
)

// IndexReport holds the speed and memory figures of indexing one tree.
type IndexReport struct {
	Repo    string `json:"repo"`
	Files   int    `json:"files"`
	Symbols int    `json:"symbols"`
	Bytes   int64  `json:"bytes"`
	Tokens  int    `json:"tokens"` // exact o200k_base tokens of the indexed files
	Workers int    `json:"workers"`

	// Cold is a build with an empty cache: walk, read, detect, parse
	// symbols, count tokens, write the cache.
	Cold Timing `json:"cold"`
	// Map is the symbol map of every indexed file (what `index --map`
	// prints), rendered and its tokens counted exactly, right after the
	// cold build: with Cold, the work `repomix --compress` does.
	Map        Timing `json:"map"`
	MapTokens  int    `json:"map_tokens"`
	MapSymbols int    `json:"map_symbols"`
	// Warm is a second build: walk, stat, load the cache.
	Warm Timing `json:"warm"`
	// Context is what one `context` command costs on a warm cache: build
	// from the cache, rank, pack 16k tokens.
	Context Timing `json:"context"`
	// PeakRSSMB is the process's peak resident memory (VmHWM) over the
	// cold build, warm build and context request.
	PeakRSSMB float64 `json:"peak_rss_mb"`
	// PeakRSSColdMB is the peak right after the cold build, before the
	// warm steps.
	PeakRSSColdMB float64 `json:"peak_rss_cold_mb"`
	// PeakRSSScalingMB is the peak after the scaling series too, which
	// holds every file's content in memory at once.
	PeakRSSScalingMB float64 `json:"peak_rss_scaling_mb,omitempty"`
	// Scaling times cold in-memory builds of a quarter, half and all of
	// the files, to show how cost grows with size.
	Scaling []ScalePoint `json:"scaling"`
}

// Timing is a wall-clock and CPU duration.
type Timing struct {
	Seconds    float64 `json:"seconds"`
	CPUSeconds float64 `json:"cpu_seconds"` // user + system
}

// ScalePoint is one size of the scaling series.
type ScalePoint struct {
	Files int   `json:"files"`
	Bytes int64 `json:"bytes"`
	Timing
}

// IndexBenchOptions tune IndexBench.
type IndexBenchOptions struct {
	// Story is the story of the context timing; "" means a generic one.
	Story string
	// IncludeVendored indexes vendored and generated files too.
	IncludeVendored bool
	// NoScaling skips the scaling series.
	NoScaling bool
}

// IndexBench measures indexing of the tree at repo with default options.
func IndexBench(ctx context.Context, repo string) (*IndexReport, error) {
	return IndexBenchWith(ctx, repo, IndexBenchOptions{})
}

// IndexBenchWith measures cold and warm index builds of the tree at repo
// (with a private, fresh cache directory), the time of one context request
// on the warm cache, peak memory, and the cost at three sizes.
func IndexBenchWith(ctx context.Context, repo string, opts IndexBenchOptions) (*IndexReport, error) {
	if opts.Story == "" {
		opts.Story = "Add a configuration option to limit how many concurrent requests the server handles, and return a clear error when the limit is reached"
	}
	cacheDir, err := os.MkdirTemp("", "groundplan-bench-*")
	if err != nil {
		return nil, fmt.Errorf("index bench: %w", err)
	}
	defer os.RemoveAll(cacheDir)
	iopts := index.Options{CacheDir: cacheDir, IncludeVendored: opts.IncludeVendored}
	rep := &IndexReport{Repo: repo, Workers: runtime.GOMAXPROCS(0)}

	index.CountTokens("warm up the vocabulary") // built once per process, not per build
	var ix *index.Index
	rep.Cold, err = timed(func() error {
		var err error
		ix, err = index.Build(ctx, repo, iopts)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("index bench: %w", err)
	}
	rep.Map, err = timed(func() error {
		st, err := pack.WriteSymbolMap(ctx, io.Discard, ix, pack.MapOptions{})
		rep.MapTokens, rep.MapSymbols = st.Tokens, st.Symbols
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("index bench: %w", err)
	}
	rep.PeakRSSColdMB = peakRSSMB()
	rep.Files, rep.Symbols, rep.Bytes, rep.Tokens = ix.Stats.Files, ix.Stats.Symbols, ix.Stats.Bytes, ix.Stats.Tokens
	// Keep only the paths, so the cold index is not alive during the warm
	// steps: each step's peak memory is its own.
	paths := make([]string, 0, ix.NumFiles())
	for _, f := range ix.Files() {
		paths = append(paths, f.Path)
	}
	ix = nil
	rep.Warm, err = timed(func() error {
		_, err := index.Build(ctx, repo, iopts)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("index bench: %w", err)
	}
	rep.Context, err = timed(func() error {
		wix, err := index.Build(ctx, repo, iopts)
		if err != nil {
			return err
		}
		res, err := rank.Rank(ctx, wix, rank.NewQuery(opts.Story), rank.Options{})
		if err != nil {
			return err
		}
		_, err = pack.Pack(ctx, wix, res, pack.Options{Budget: 16000})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("index bench: %w", err)
	}
	rep.PeakRSSMB = peakRSSMB()
	if !opts.NoScaling {
		var all []index.SourceFile
		for _, p := range paths {
			data, err := os.ReadFile(filepath.Join(repo, filepath.FromSlash(p)))
			if err == nil {
				all = append(all, index.SourceFile{Path: p, Data: data})
			}
		}
		for _, every := range []int{4, 2, 1} {
			var part []index.SourceFile
			var bytes int64
			for i, f := range all {
				if i%every == 0 {
					part = append(part, f)
					bytes += int64(len(f.Data))
				}
			}
			t, err := timed(func() error {
				_, err := index.BuildFromFiles(ctx, repo, part, index.Options{IncludeVendored: opts.IncludeVendored})
				return err
			})
			if err != nil {
				return nil, fmt.Errorf("index bench: %w", err)
			}
			rep.Scaling = append(rep.Scaling, ScalePoint{Files: len(part), Bytes: bytes, Timing: t})
		}
	}
	if !opts.NoScaling {
		rep.PeakRSSScalingMB = peakRSSMB()
	}
	return rep, nil
}

// timed runs fn and returns its wall-clock and CPU time.
func timed(fn func() error) (Timing, error) {
	c0 := cpuSeconds()
	t0 := time.Now()
	err := fn()
	return Timing{Seconds: round3(time.Since(t0).Seconds()), CPUSeconds: round3(cpuSeconds() - c0)}, err
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}

// peakRSSMB reads the process's peak resident set size from
// /proc/self/status (VmHWM); 0 where that file does not exist.
func peakRSSMB() float64 {
	fh, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.ParseFloat(f[1], 64)
				return round3(kb / 1024)
			}
		}
	}
	return 0
}

// Table renders the report as Markdown.
func (r *IndexReport) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d files, %.1f MB, %d symbols, %d tokens, %d workers\n\n", r.Repo, r.Files, float64(r.Bytes)/1e6, r.Symbols, r.Tokens, r.Workers)
	b.WriteString("| step | wall s | cpu s |\n| --- | --- | --- |\n")
	fmt.Fprintf(&b, "| cold index (symbols, refs, exact tokens, cache write) | %.3f | %.3f |\n", r.Cold.Seconds, r.Cold.CPUSeconds)
	fmt.Fprintf(&b, "| warm index (cache) | %.3f | %.3f |\n", r.Warm.Seconds, r.Warm.CPUSeconds)
	fmt.Fprintf(&b, "| context for one story (warm index + rank + pack 16k) | %.3f | %.3f |\n", r.Context.Seconds, r.Context.CPUSeconds)
	for _, s := range r.Scaling {
		fmt.Fprintf(&b, "| in-memory build, %d files, %.1f MB | %.3f | %.3f |\n", s.Files, float64(s.Bytes)/1e6, s.Seconds, s.CPUSeconds)
	}
	fmt.Fprintf(&b, "\npeak RSS: %.0f MB (index, cache, context); %.0f MB after the scaling series\n", r.PeakRSSMB, r.PeakRSSScalingMB)
	return b.String()
}
