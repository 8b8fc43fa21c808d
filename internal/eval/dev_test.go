package eval

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"testing"

	"github.com/groundplan/groundplan/internal/rank"
)

// TestLocalizeCases runs the localization benchmark on real repositories
// when GROUNDPLAN_EVAL_CASES (a cases file) and GROUNDPLAN_EVAL_REPOS (the
// folder of git directories) are set; it is skipped otherwise, so plain
// `go test` never needs them. GROUNDPLAN_EVAL_REPO and GROUNDPLAN_EVAL_LIMIT
// narrow the run; GROUNDPLAN_EVAL_OUT receives the JSON report.
func TestLocalizeCases(t *testing.T) {
	cases, repos := os.Getenv("GROUNDPLAN_EVAL_CASES"), os.Getenv("GROUNDPLAN_EVAL_REPOS")
	if cases == "" || repos == "" {
		t.Skip("GROUNDPLAN_EVAL_CASES and GROUNDPLAN_EVAL_REPOS not set")
	}
	limit, _ := strconv.Atoi(os.Getenv("GROUNDPLAN_EVAL_LIMIT"))
	opts := LocalizeOptions{Repo: os.Getenv("GROUNDPLAN_EVAL_REPO"), Limit: limit}
	if os.Getenv("GROUNDPLAN_EVAL_VERBOSE") != "" {
		opts.Progress = os.Stderr
	}
	if js := os.Getenv("GROUNDPLAN_EVAL_WEIGHTS"); js != "" {
		w := rank.DefaultWeights()
		if err := json.Unmarshal([]byte(js), &w); err != nil {
			t.Fatal(err)
		}
		opts.Weights = &w
	}
	var raws []json.RawMessage
	if js := os.Getenv("GROUNDPLAN_EVAL_SWEEP"); js != "" {
		// A JSON list of partial weights, each applied over the defaults.
		if err := json.Unmarshal([]byte(js), &raws); err != nil {
			t.Fatal(err)
		}
		for _, raw := range raws {
			w := rank.DefaultWeights()
			if err := json.Unmarshal(raw, &w); err != nil {
				t.Fatal(err)
			}
			opts.Sweep = append(opts.Sweep, w)
		}
	}
	opts.NoHistory = os.Getenv("GROUNDPLAN_EVAL_NO_HISTORY") != ""
	rep, err := Localize(context.Background(), cases, repos, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s\n%.1fs", rep.Table(), rep.Seconds)
	for k, m := range rep.Sweep {
		t.Logf("sweep %d %s: R@1 %.3f R@5 %.3f R@10 %.3f MRR %.3f all@10 %.3f", k, raws[k], m.R1, m.R5, m.R10, m.MRR, m.All10)
	}
	if out := os.Getenv("GROUNDPLAN_EVAL_OUT"); out != "" {
		data, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.WriteFile(out, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if d := os.Getenv("GROUNDPLAN_EVAL_DETAILS"); d != "" {
			data, _ := json.MarshalIndent(rep.Details, "", " ")
			os.WriteFile(d, data, 0o644)
		}
	}
}

// TestIndexBenchTree measures indexing of the tree at GROUNDPLAN_BENCH_TREE
// (skipped when unset); GROUNDPLAN_BENCH_VENDOR=1 includes vendored files.
func TestIndexBenchTree(t *testing.T) {
	tree := os.Getenv("GROUNDPLAN_BENCH_TREE")
	if tree == "" {
		t.Skip("GROUNDPLAN_BENCH_TREE not set")
	}
	rep, err := IndexBenchWith(context.Background(), tree, IndexBenchOptions{IncludeVendored: os.Getenv("GROUNDPLAN_BENCH_VENDOR") != ""})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", rep.Table())
	data, _ := json.MarshalIndent(rep, "", "  ")
	t.Logf("%s", data)
}
