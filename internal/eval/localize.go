// Package eval measures groundplan's context engine: how well the ranking
// localizes the files a real change touched (against a BM25 baseline
// computed in the same run), and how fast and lean indexing is.
package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/pack"
	"github.com/groundplan/groundplan/internal/rank"
)

// Case is one localization case (shared/bench/README.md).
type Case struct {
	ID        string   `json:"id"`
	Repo      string   `json:"repo"`
	Base      string   `json:"base"`
	Commit    string   `json:"commit"`
	Story     string   `json:"story"`
	GoldFiles []string `json:"gold_files"`
	NewFiles  []string `json:"new_files"`
	TestFiles []string `json:"test_files"`
	LeaksPath bool     `json:"leaks_path"`
}

// Metrics are localization figures averaged over cases.
type Metrics struct {
	Cases     int                 `json:"cases"`
	R1        float64             `json:"recall@1"`
	R5        float64             `json:"recall@5"`
	R10       float64             `json:"recall@10"`
	MRR       float64             `json:"mrr"`
	All10     float64             `json:"all@10"`
	Context8  float64             `json:"context@8k"`
	Context16 float64             `json:"context@16k"`
	Context32 float64             `json:"context@32k"`
	PerRepo   map[string]*Metrics `json:"per_repo,omitempty"`
}

// LocalizeReport holds groundplan's figures beside the BM25 baseline's.
type LocalizeReport struct {
	Groundplan Metrics `json:"groundplan"`
	BM25       Metrics `json:"bm25"`
	Seconds    float64 `json:"seconds"`
	// Sweep holds the figures of LocalizeOptions.Sweep, in its order.
	Sweep   []Metrics    `json:"sweep,omitempty"`
	Details []CaseResult `json:"-"`
}

// CaseResult is the outcome of one case for one ranker.
type CaseResult struct {
	ID      string
	Repo    string
	Gold    []string
	Ranked  []string // top 20 of groundplan
	BM25    []string // top 20 of the baseline
	GP, B   caseScore
	Sweep   []caseScore
	Context map[int][]string // groundplan: budget -> gold files in context
}

type caseScore struct {
	r1, r5, r10, rr, all10 float64
	ctx                    map[int]float64
}

// LocalizeOptions tune an evaluation.
type LocalizeOptions struct {
	// Repo keeps only the cases of this owner/name.
	Repo string
	// Limit keeps the first Limit cases (after Repo); 0 means all.
	Limit int
	// Budgets are the token budgets of the gold-in-context figures; nil
	// means 8000, 16000 and 32000.
	Budgets []int
	// Progress, when set, receives one line per case.
	Progress io.Writer
	// Weights overrides the ranking weights (for tuning); nil means the
	// defaults.
	Weights *rank.Weights
	// NoHistory ranks without the repository's past commits. By default
	// each case reads the history of its base commit (never anything
	// after it), as a user's repository has it.
	NoHistory bool
	// Sweep ranks every case again with each of these weights (no
	// packing) and reports their figures in LocalizeReport.Sweep, so that
	// settings can be compared on one build of each case's index.
	Sweep []rank.Weights
}

// Localize scores groundplan's ranking and the BM25 baseline on the cases
// in casesFile, reading each case's tree at its base commit from the git
// directories under reposDir without checking anything out.
func Localize(ctx context.Context, casesFile, reposDir string, opts LocalizeOptions) (*LocalizeReport, error) {
	cases, err := ReadCases(casesFile)
	if err != nil {
		return nil, err
	}
	if opts.Repo != "" {
		var kept []Case
		for _, c := range cases {
			if c.Repo == opts.Repo {
				kept = append(kept, c)
			}
		}
		cases = kept
	}
	if opts.Limit > 0 && len(cases) > opts.Limit {
		cases = cases[:opts.Limit]
	}
	if len(opts.Budgets) == 0 {
		opts.Budgets = []int{8000, 16000, 32000}
	}
	start := time.Now()
	rep := &LocalizeReport{}
	memos := map[string]*index.Memo{}
	for _, c := range cases {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		memo := memos[c.Repo]
		if memo == nil {
			memo = index.NewMemo()
			memos = map[string]*index.Memo{c.Repo: memo} // one repository's analyses at a time
		}
		res, err := runCase(ctx, c, reposDir, opts, memo)
		if err != nil {
			return nil, fmt.Errorf("case %s: %w", c.ID, err)
		}
		rep.Details = append(rep.Details, *res)
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, "%-32s gp rr=%.2f r10=%.2f ctx16=%.2f | bm25 rr=%.2f r10=%.2f\n", c.ID, res.GP.rr, res.GP.r10, res.GP.ctx[16000], res.B.rr, res.B.r10)
		}
	}
	rep.Groundplan = aggregate(rep.Details, func(r CaseResult) caseScore { return r.GP }, opts.Budgets)
	rep.BM25 = aggregate(rep.Details, func(r CaseResult) caseScore { return r.B }, opts.Budgets)
	for k := range opts.Sweep {
		rep.Sweep = append(rep.Sweep, aggregate(rep.Details, func(r CaseResult) caseScore { return r.Sweep[k] }, nil))
	}
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// ReadCases reads a JSON Lines file of cases.
func ReadCases(file string) ([]Case, error) {
	fh, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("cases: %w", err)
	}
	defer fh.Close()
	var out []Case
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c Case
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("cases %s:%d: %w", file, line, err)
		}
		if c.Repo == "" || c.Base == "" || len(c.GoldFiles) == 0 {
			return nil, fmt.Errorf("cases %s:%d: repo, base and gold_files are required", file, line)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("cases %s: %w", file, err)
	}
	return out, nil
}

func runCase(ctx context.Context, c Case, reposDir string, opts LocalizeOptions, memo *index.Memo) (*CaseResult, error) {
	gd, err := gitDir(reposDir, c.Repo)
	if err != nil {
		return nil, err
	}
	files, err := readTree(ctx, gd, c.Base, func(p string, size int64) bool {
		return size <= 1<<20 && !index.IsVendored(p)
	})
	if err != nil {
		return nil, err
	}
	res := &CaseResult{ID: c.ID, Repo: c.Repo, Gold: c.GoldFiles, Context: map[int][]string{}}

	// Baseline.
	var names, contents []string
	for _, f := range files {
		if isBenchSource(f.Path) {
			names = append(names, f.Path)
			contents = append(contents, string(f.Data))
		}
	}
	bm := bm25Rank(names, contents, c.Story)
	res.B = score(c.GoldFiles, bm)
	res.BM25 = head(bm, 20)

	// groundplan.
	ix, err := index.BuildFromFiles(ctx, c.Repo, files, index.Options{Memo: memo, NoTokens: true})
	if err != nil {
		return nil, err
	}
	var hist *index.History
	if !opts.NoHistory {
		hist, err = index.ReadHistory(ctx, []string{"--git-dir=" + gd}, c.Base, index.HistoryOptions{})
		if err != nil {
			return nil, err
		}
	}
	q := rank.NewQuery(c.Story)
	ranked, err := rank.Rank(ctx, ix, q, rank.Options{Limit: 100, Weights: opts.Weights, History: hist})
	if err != nil {
		return nil, err
	}
	for k := range opts.Sweep {
		rs, err := rank.Rank(ctx, ix, q, rank.Options{Limit: 100, Weights: &opts.Sweep[k], History: hist})
		if err != nil {
			return nil, err
		}
		var order []string
		for _, r := range rs {
			order = append(order, r.Path)
		}
		res.Sweep = append(res.Sweep, score(c.GoldFiles, order))
	}
	var order []string
	for _, r := range ranked {
		order = append(order, r.Path)
	}
	res.GP = score(c.GoldFiles, order)
	res.Ranked = head(order, 20)
	res.GP.ctx = map[int]float64{}
	res.B.ctx = map[int]float64{}
	// The baseline's results carry the story's terms, so its excerpts show
	// the lines around them, as groundplan's do for files without symbols.
	var storyTerms []string
	seen := map[string]bool{}
	index.SplitTerms(c.Story, func(t string) {
		if !seen[t] {
			seen[t] = true
			storyTerms = append(storyTerms, t)
		}
	})
	bmResults := make([]rank.Result, 0, 100)
	for _, p := range head(bm, 100) {
		bmResults = append(bmResults, rank.Result{Path: p, Matched: storyTerms})
	}
	for _, budget := range opts.Budgets {
		pc, err := pack.Pack(ctx, ix, ranked, pack.Options{Budget: budget})
		if err != nil {
			return nil, err
		}
		in := goldInContext(c.GoldFiles, pc)
		res.Context[budget] = in
		res.GP.ctx[budget] = float64(len(in)) / float64(len(c.GoldFiles))
		bc, err := pack.Pack(ctx, ix, bmResults, pack.Options{Budget: budget})
		if err != nil {
			return nil, err
		}
		res.B.ctx[budget] = float64(len(goldInContext(c.GoldFiles, bc))) / float64(len(c.GoldFiles))
	}
	return res, nil
}

// openingLines is what an excerpt always shows (pack's header lines and
// their context); content beyond it is what makes an excerpt count.
const openingLines = 14

func head(s []string, n int) []string {
	if len(s) > n {
		return append([]string(nil), s[:n]...)
	}
	return append([]string(nil), s...)
}

// goldInContext returns the gold files whose content is in the packed
// context: whole, or as an excerpt that shows more than the file's opening
// lines (an excerpt of only the package clause and imports does not count).
func goldInContext(gold []string, pc *pack.Context) []string {
	in := map[string]bool{}
	for _, f := range pc.Files {
		if !f.Excerpt {
			in[f.Path] = true
			continue
		}
		for _, r := range f.Lines {
			if r[1] > openingLines {
				in[f.Path] = true
			}
		}
	}
	var out []string
	for _, g := range gold {
		if in[g] {
			out = append(out, g)
		}
	}
	return out
}

// score computes recall@k, reciprocal rank and all@10 of one ranking.
func score(gold, order []string) caseScore {
	pos := map[string]int{}
	for i, p := range order {
		if _, ok := pos[p]; !ok {
			pos[p] = i + 1
		}
	}
	recall := func(k int) float64 {
		n := 0
		for _, g := range gold {
			if r, ok := pos[g]; ok && r <= k {
				n++
			}
		}
		return float64(n) / float64(len(gold))
	}
	s := caseScore{r1: recall(1), r5: recall(5), r10: recall(10)}
	best := 0
	for _, g := range gold {
		if r, ok := pos[g]; ok && (best == 0 || r < best) {
			best = r
		}
	}
	if best > 0 {
		s.rr = 1 / float64(best)
	}
	if s.r10 == 1 {
		s.all10 = 1
	}
	return s
}

func aggregate(results []CaseResult, pick func(CaseResult) caseScore, budgets []int) Metrics {
	all := Metrics{PerRepo: map[string]*Metrics{}}
	sums := map[string]*Metrics{}
	add := func(m *Metrics, s caseScore) {
		m.Cases++
		m.R1 += s.r1
		m.R5 += s.r5
		m.R10 += s.r10
		m.MRR += s.rr
		m.All10 += s.all10
		m.Context8 += s.ctx[8000]
		m.Context16 += s.ctx[16000]
		m.Context32 += s.ctx[32000]
	}
	for _, r := range results {
		s := pick(r)
		add(&all, s)
		if sums[r.Repo] == nil {
			sums[r.Repo] = &Metrics{}
		}
		add(sums[r.Repo], s)
	}
	avg := func(m *Metrics) {
		if m.Cases == 0 {
			return
		}
		n := float64(m.Cases)
		for _, p := range []*float64{&m.R1, &m.R5, &m.R10, &m.MRR, &m.All10, &m.Context8, &m.Context16, &m.Context32} {
			*p = round3(*p / n)
		}
	}
	avg(&all)
	for repo, m := range sums {
		avg(m)
		all.PerRepo[repo] = m
	}
	return all
}

func round3(v float64) float64 { return float64(int64(v*1000+0.5)) / 1000 }

// Table renders the report as a Markdown table: groundplan and BM25 side
// by side, overall and per repository.
func (r *LocalizeReport) Table() string {
	var b strings.Builder
	b.WriteString("| repo | n | ranker | R@1 | R@5 | R@10 | MRR | all@10 | ctx@8k | ctx@16k | ctx@32k |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	row := func(name string, m *Metrics, who string) {
		fmt.Fprintf(&b, "| %s | %d | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n",
			name, m.Cases, who, m.R1, m.R5, m.R10, m.MRR, m.All10, m.Context8, m.Context16, m.Context32)
	}
	repos := make([]string, 0, len(r.Groundplan.PerRepo))
	for repo := range r.Groundplan.PerRepo {
		repos = append(repos, repo)
	}
	sort.Strings(repos)
	for _, repo := range repos {
		row(repo, r.Groundplan.PerRepo[repo], "groundplan")
		row(repo, r.BM25.PerRepo[repo], "bm25")
	}
	row("**all**", &r.Groundplan, "**groundplan**")
	row("**all**", &r.BM25, "bm25")
	return b.String()
}
