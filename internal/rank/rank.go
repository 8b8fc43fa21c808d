package rank

import (
	"context"
	"fmt"
	"math"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/groundplan/groundplan/internal/index"
)

// Options tune a ranking.
type Options struct {
	// Limit bounds the results; 0 means 50, negative means no limit.
	Limit int
	// IncludeTests keeps test files in the results (they always inform the
	// ranking of the sources they test).
	IncludeTests bool
	// IncludeDocs keeps documentation, configuration and other
	// non-programming files in the results.
	IncludeDocs bool
	// Weights overrides the weights of the signals; nil means
	// DefaultWeights.
	Weights *Weights
	// History, when set, is the repository's past commits: files changed
	// by commits whose messages resemble the query rank higher.
	History *index.History
}

// Weights are the weights of the ranking signals. They were set on the
// development cases as a whole (shared/bench/dev.jsonl), never on single
// cases.
type Weights struct {
	MentionedSymbol float64 // file declares an identifier the story names
	Snippet         float64 // factor of MentionedSymbol for names found only in fenced code
	MentionedFile   float64 // file's path or base name is mentioned
	MentionedDir    float64 // file sits under a mentioned directory
	PathPhrase      float64 // adjacent story words name adjacent path segments
	Test            float64 // share of a test's score passed to its source
	Graph           float64 // personalized PageRank, normalised to [0,1]
	HubDamping      float64 // graph score divided by (1+in-degree)^HubDamping
	Auxiliary       float64 // score factor of files in documentation, example and script trees
	Companion       float64 // share of a file's score passed to its variants (foo_windows.go, foo.d.ts, foo.pyi)
	HistoryBoost    float64 // score factor 1+HistoryBoost×history, for files with other evidence
	CoChange        float64 // score factor 1+CoChange×coupling to the top files, below them
	Subject         float64 // extra weight of query terms in the story's first line
	UsesMentioned   float64 // file uses (calls, reads) an identifier the story names
	Aspects         float64 // best files for one part of the story (a paragraph, a bullet, a criterion), below the first result
}

// DefaultWeights returns the tuned weights.
func DefaultWeights() Weights {
	return Weights{
		MentionedSymbol: 0.8,
		Snippet:         0.5,
		MentionedFile:   1.5,
		MentionedDir:    0.25,
		PathPhrase:      0.5,
		Test:            0.35,
		Graph:           0.35,
		HubDamping:      0.75,
		Auxiliary:       0.6,
		HistoryBoost:    0.75,
		Companion:       0.5,
		CoChange:        0.5,
		Subject:         1,
		UsesMentioned:   0.2,
		Aspects:         0.3,
	}
}

// Result is one ranked file.
type Result struct {
	Path    string   `json:"path"`
	Score   float64  `json:"score"`
	Reasons []string `json:"reasons,omitempty"`
	// Symbols are the file's symbols most relevant to the query, best first.
	Symbols []index.Symbol `json:"symbols,omitempty"`
	// Matched are the query terms found in the file, rarest first.
	Matched []string `json:"matched,omitempty"`
}

// Weights of the signals. They were set on the development cases as a
// whole (shared/bench/dev.jsonl), never on single cases.
const (
	k1 = 1.2
	b  = 0.75

	pprSeeds            = 30
	pprRestart          = 0.35
	pprIterations       = 24
	maxSymbolsPerResult = 12
)

// signals holds what each scorer found for every file.
type signals struct {
	lex       []float64
	matched   [][]string
	mentioned []float64
	mentions  [][]string
	fromTest  []float64
	testOf    []string // best-scoring test that passed its score on
	graph     []float64
	graphWhy  []string
	auxiliary []string // why the score was damped, if it was
	history   []float64
	histWhy   []string
	companion []float64
	compOf    []string
	aspectWhy []string
	aspect    []float64
	coWhy     []string
}

// Rank scores every file of the index against q and returns the best,
// highest score first; ties break by path, so the order is deterministic.
func Rank(ctx context.Context, ix *index.Index, q Query, opts Options) ([]Result, error) {
	if ix == nil {
		return nil, fmt.Errorf("rank: no index")
	}
	if opts.Limit == 0 {
		opts.Limit = 50
	}
	w := DefaultWeights()
	if opts.Weights != nil {
		w = *opts.Weights
	}
	n := ix.NumFiles()
	sg := &signals{
		lex: make([]float64, n), matched: make([][]string, n),
		mentioned: make([]float64, n), mentions: make([][]string, n),
		fromTest: make([]float64, n), testOf: make([]string, n),
		graph: make([]float64, n), graphWhy: make([]string, n),
		auxiliary: make([]string, n),
		history:   make([]float64, n), histWhy: make([]string, n),
		companion: make([]float64, n), compOf: make([]string, n),
		aspectWhy: make([]string, n), aspect: make([]float64, n),
		coWhy: make([]string, n),
	}
	terms, _ := queryTerms(q)
	lexical(ix, terms, subjectWeights(q, w.Subject), sg)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	mentions(ix, q, sg, w)
	pathPhrases(ix, q, sg, w)
	scopes(ix, q, sg, w)
	modules(ix, q, sg, w)
	maxLex := 0.0
	for _, v := range sg.lex {
		maxLex = math.Max(maxLex, v)
	}
	base := make([]float64, n)
	for i := range base {
		if maxLex > 0 {
			base[i] = sg.lex[i] / maxLex
		}
		base[i] += sg.mentioned[i]
	}
	aspects(ix, q, sg, w)
	pastChanges(ix, opts.History, terms, sg, w)
	for i := range base {
		base[i] *= 1 + w.HistoryBoost*sg.history[i]
	}
	testsToSources(ix, base, sg, w)
	for i := range base {
		base[i] += sg.fromTest[i]
	}
	companions(ix, base, sg, w)
	for i := range base {
		base[i] += sg.companion[i]
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	personalizedPageRank(ix, base, sg, w)

	var out []Result
	for i := 0; i < n; i++ {
		f := ix.FileAt(i)
		if !eligible(f, opts) {
			continue
		}
		score := base[i] + w.Graph*sg.graph[i]
		if score <= 0 {
			continue
		}
		if w.Auxiliary > 0 {
			if dir := auxiliaryTree(f.Path); dir != "" {
				score *= w.Auxiliary
				sg.auxiliary[i] = fmt.Sprintf("in auxiliary tree `%s/` (score ×%.2g)", dir, w.Auxiliary)
			}
		}
		out = append(out, Result{Path: f.Path, Score: score})
	}
	sortResults(out)
	raiseAspects(ix, out, sg, w)
	coChanges(ix, opts.History, out, sg, w)
	if opts.Limit > 0 && len(out) > opts.Limit {
		out = out[:opts.Limit]
	}
	termSet := map[string]float64{}
	for _, t := range terms {
		termSet[t] = ix.IDF(t)
	}
	idSet := map[string]bool{}
	for _, id := range q.Identifiers {
		idSet[id] = true
	}
	for k := range out {
		i := ix.FileIndex(out[k].Path)
		out[k].Score = math.Round(out[k].Score*1e4) / 1e4
		out[k].Matched = sg.matched[i]
		out[k].Reasons = reasons(sg, i, maxLex)
		out[k].Symbols = relevantSymbols(ix.FileAt(i), termSet, idSet)
	}
	return out, nil
}

func sortResults(out []Result) {
	sort.Slice(out, func(a, b int) bool {
		if out[a].Score != out[b].Score {
			return out[a].Score > out[b].Score
		}
		return out[a].Path < out[b].Path
	})
}

// Change coupling.
const (
	coAnchors   = 3   // the top files whose companions in past commits are sought
	coWindow    = 100 // results that may move
	coMinShared = 2   // past commits two files must share to count as coupled
)

// coChanges raises the results that past commits changed together with
// the top results: a change rarely stops at its first file, and the
// files that went with it before are the likeliest second ones. Coupling
// is the cosine of the two files' commit sets, counted only from
// coMinShared shared commits on, and weighted by each top file's score
// relative to the first. The top files themselves keep their places
// and a raised file never passes the last of them: coupling says what
// comes with a file, not what the story is about.
func coChanges(ix *index.Index, h *index.History, out []Result, sg *signals, w Weights) {
	if h.Len() == 0 || w.CoChange == 0 || len(out) <= coAnchors {
		return
	}
	win := min(len(out), coWindow)
	pos := make(map[string]int, win)
	for k := range out[:win] {
		pos[out[k].Path] = k
	}
	commits := make([]int, win) // commits per result
	shared := make([][coAnchors]int, win)
	var touched []int
	for _, c := range h.Commits {
		touched = touched[:0]
		var anchors [coAnchors]bool
		for _, p := range c.Files {
			if k, ok := pos[p]; ok {
				touched = append(touched, k)
				if k < coAnchors {
					anchors[k] = true
				}
			}
		}
		for _, k := range touched {
			commits[k]++
			for a := range anchors {
				if anchors[a] && a != k {
					shared[k][a]++
				}
			}
		}
	}
	top, floor := out[0].Score, out[coAnchors-1].Score
	if top <= 0 {
		return
	}
	changed := false
	for k := coAnchors; k < win; k++ {
		rel, best, bestA := 0.0, 0.0, -1
		for a := 0; a < coAnchors; a++ {
			n := shared[k][a]
			if n < coMinShared {
				continue
			}
			cos := float64(n) / math.Sqrt(float64(commits[k])*float64(commits[a]))
			v := out[a].Score / top * cos
			rel += v
			if v > best {
				best, bestA = v, a
			}
		}
		if rel == 0 {
			continue
		}
		out[k].Score *= 1 + w.CoChange*rel
		changed = true
		i := ix.FileIndex(out[k].Path)
		sg.coWhy[i] = fmt.Sprintf("changed with %s in %d past commits", out[bestA].Path, shared[k][bestA])
	}
	if !changed {
		return
	}
	// Scores below the top files are squeezed under the last of them by
	// a monotone curve, so raised files keep the order their raised
	// scores give them instead of tying at a cap.
	for k := coAnchors; k < len(out); k++ {
		out[k].Score = squeeze(out[k].Score, floor)
	}
	sortResults(out[coAnchors:])
}

// squeeze maps [0, ∞) onto [0, ceil) monotonically: the identity up to
// 90% of ceil, then a curve that approaches ceil without reaching it.
func squeeze(s, ceil float64) float64 {
	knee := 0.9 * ceil
	if s <= knee {
		return s
	}
	span := ceil - knee
	return math.Min(knee+span*(1-math.Exp(-(s-knee)/span)), math.Nextafter(ceil, 0))
}

// eligible reports whether a file may appear in the results.
func eligible(f *index.File, opts Options) bool {
	if f.Vendored || f.Test && !opts.IncludeTests {
		return false
	}
	if index.IsProgramming(f.Language) {
		return true
	}
	return opts.IncludeDocs
}

// auxiliaryDirs are the folders that, by wide convention, hold code that
// supports a project rather than makes it: documentation sites, examples
// and samples, scripts and tooling, benchmarks.
var auxiliaryDirs = map[string]bool{
	"doc": true, "docs": true, "documentation": true, "website": true,
	"example": true, "examples": true, "_examples": true, "sample": true, "samples": true,
	"script": true, "scripts": true, "hack": true, "tools": true, "extras": true, "contrib": true,
	"bench": true, "benchmark": true, "benchmarks": true,
}

// auxiliaryTree returns the auxiliary folder a file lies in, or "". A
// change request is about the product; its words also fill the docs,
// examples and scripts that talk about the product, which should not
// outrank it.
func auxiliaryTree(p string) string {
	dir := path.Dir(p)
	for dir != "." && dir != "/" {
		if auxiliaryDirs[strings.ToLower(path.Base(dir))] {
			return dir
		}
		dir = path.Dir(dir)
	}
	return ""
}

// lexical scores every file with BM25 over the weighted terms the index
// holds for it (path, symbol names, content).
func lexical(ix *index.Index, terms []string, qw map[string]float64, sg *signals) {
	avg := ix.AvgDocLen()
	if avg == 0 {
		return
	}
	type hit struct {
		term string
		idf  float64
	}
	hits := make([][]hit, len(sg.lex))
	for _, t := range terms {
		ps := ix.Postings(t)
		if len(ps) == 0 {
			continue
		}
		idf := ix.IDF(t)
		wt := idf
		if v, ok := qw[t]; ok {
			wt *= v
		}
		for _, p := range ps {
			tf := float64(p.Count)
			dl := ix.DocLen(int(p.File))
			sg.lex[p.File] += wt * tf * (k1 + 1) / (tf + k1*(1-b+b*dl/avg))
			hits[p.File] = append(hits[p.File], hit{t, idf})
		}
	}
	for i, hs := range hits {
		if len(hs) == 0 {
			continue
		}
		sort.SliceStable(hs, func(a, b int) bool {
			if hs[a].idf != hs[b].idf {
				return hs[a].idf > hs[b].idf
			}
			return hs[a].term < hs[b].term
		})
		for _, h := range hs {
			sg.matched[i] = append(sg.matched[i], h.term)
		}
	}
}

// subjectWeights weighs the terms of the story's first line, its title
// or a commit's subject: the summary of what is asked, where the body
// adds detail and noise. They count 1+w times.
func subjectWeights(q Query, w float64) map[string]float64 {
	if w == 0 {
		return nil
	}
	first := strings.TrimSpace(q.Text)
	if k := strings.IndexByte(first, '\n'); k >= 0 {
		first = first[:k]
	}
	qw := map[string]float64{}
	index.SplitTerms(first, func(t string) { qw[t] = 1 + w })
	return qw
}

// maxUsers bounds how many files may use a mentioned identifier for their
// use of it to count.
const maxUsers = 30

// mentions credits files that declare or use identifiers the query names
// and files whose paths it names.
func mentions(ix *index.Index, q Query, sg *signals, wt Weights) {
	declared := map[int][]float64{}
	for _, id := range q.Identifiers {
		syms := ix.Symbols(id)
		if len(syms) == 0 {
			syms = ix.SymbolsFold(id)
		}
		files := distinctFiles(syms)
		// Vendored declarations (Options.IncludeVendored) are not ranked
		// and do not dilute the credit of the project's own.
		files = slices.DeleteFunc(files, func(p string) bool {
			f, ok := ix.File(p)
			return ok && f.Vendored
		})
		if len(files) == 0 || len(files) > 12 {
			continue
		}
		w := wt.MentionedSymbol / math.Sqrt(float64(len(files)))
		if q.Snippet[id] {
			w *= wt.Snippet
		}
		for _, p := range files {
			i := ix.FileIndex(p)
			if i < 0 {
				continue
			}
			declared[i] = append(declared[i], w)
			sg.mentions[i] = append(sg.mentions[i], fmt.Sprintf("declares mentioned `%s`", id))
		}
	}
	// Files that use a mentioned identifier are where a change to it
	// lands next: callers of a renamed function, readers of a changed
	// field. A name used in many files says little about each.
	if wt.UsesMentioned > 0 {
		for _, id := range q.Identifiers {
			users := ix.FilesUsing(id)
			var kept []int
			for _, i := range users {
				f := ix.FileAt(i)
				if f.Vendored || slices.Contains(sg.mentions[i], "declares mentioned `"+id+"`") {
					continue
				}
				kept = append(kept, i)
			}
			if len(kept) == 0 || len(kept) > maxUsers {
				continue
			}
			w := wt.UsesMentioned / math.Sqrt(float64(len(kept)))
			if q.Snippet[id] {
				w *= wt.Snippet
			}
			for _, i := range kept {
				declared[i] = append(declared[i], w)
				sg.mentions[i] = append(sg.mentions[i], fmt.Sprintf("uses mentioned `%s`", id))
			}
		}
	}
	// Each further mentioned identifier a file declares counts half the
	// one before: the first is strong evidence, the tenth name of one API
	// says more about the story's length than about the file.
	for i, ws := range declared {
		sort.Sort(sort.Reverse(sort.Float64Slice(ws)))
		f := 1.0
		for _, w := range ws {
			sg.mentioned[i] += f * w
			f *= 0.5
		}
	}
	for _, p := range q.Paths {
		p = index.Clean(p)
		if i := ix.FileIndex(p); i >= 0 {
			sg.mentioned[i] += wt.MentionedFile
			sg.mentions[i] = append(sg.mentions[i], fmt.Sprintf("path `%s` is mentioned", p))
			continue
		}
		if ix.IsDir(p) {
			prefix := p + "/"
			for i := 0; i < ix.NumFiles(); i++ {
				fp := ix.FileAt(i).Path
				if strings.HasPrefix(fp, prefix) {
					w := wt.MentionedDir
					if !strings.Contains(fp[len(prefix):], "/") {
						w *= 2 // directly in the directory
					}
					sg.mentioned[i] += w
					sg.mentions[i] = append(sg.mentions[i], fmt.Sprintf("in mentioned directory `%s`", p))
				}
			}
			continue
		}
		if path.Ext(p) == "" {
			mentionedSubpath(ix, p, sg, wt)
			continue
		}
		// A base name or a path suffix ("containerd/image_list.go").
		for i := 0; i < ix.NumFiles(); i++ {
			fp := ix.FileAt(i).Path
			if fp == p || strings.HasSuffix(fp, "/"+p) {
				sg.mentioned[i] += wt.MentionedFile * 0.8
				sg.mentions[i] = append(sg.mentions[i], fmt.Sprintf("name `%s` is mentioned", p))
			}
		}
	}
}

// mentionedSubpath credits the files an extensionless path names that is
// neither a file nor a directory of the repository: a module path as
// imports write it ("src/query/Builder" → src/query/Builder.ts), or a
// directory named from inside its tree ("libnetwork/ipams" →
// daemon/libnetwork/ipams/). An ambiguous path is shared among the places
// it names.
func mentionedSubpath(ix *index.Index, p string, sg *signals, wt Weights) {
	if strings.Count(p, "/") == 0 {
		return
	}
	if files := moduleFiles(ix, p); len(files) > 0 {
		if len(files) > 3 {
			return
		}
		for _, f := range files {
			i := ix.FileIndex(f)
			sg.mentioned[i] += wt.MentionedFile * 0.8 / math.Sqrt(float64(len(files)))
			sg.mentions[i] = append(sg.mentions[i], fmt.Sprintf("module `%s` is mentioned", p))
		}
		return
	}
	type hit struct {
		file   int
		direct bool
	}
	var hits []hit
	dirs := map[string]bool{}
	mid := "/" + p + "/"
	for i := 0; i < ix.NumFiles(); i++ {
		fp := ix.FileAt(i).Path
		k := strings.Index(fp, mid)
		if k < 0 {
			continue
		}
		dir := fp[:k+len(mid)-1]
		dirs[dir] = true
		hits = append(hits, hit{i, !strings.Contains(fp[k+len(mid):], "/")})
	}
	if len(dirs) == 0 || len(dirs) > 3 {
		return
	}
	for _, h := range hits {
		w := wt.MentionedDir / math.Sqrt(float64(len(dirs)))
		if h.direct {
			w *= 2
		}
		sg.mentioned[h.file] += w
		sg.mentions[h.file] = append(sg.mentions[h.file], fmt.Sprintf("in a directory ending in mentioned `%s`", p))
	}
}

func distinctFiles(syms []index.Symbol) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range syms {
		if !seen[s.Path] {
			seen[s.Path] = true
			out = append(out, s.Path)
		}
	}
	sort.Strings(out)
	return out
}

// Past commits the history signal reads.
const (
	historyMatches = 20   // most similar past commits
	historyFloor   = 0.35 // of the best match's score, below which a commit is not similar
)

// pastChanges credits the files changed by the past commits whose
// messages best match the query, each commit by its similarity relative
// to the best and shared among the files it changed. The result is
// normalised to [0,1].
func pastChanges(ix *index.Index, h *index.History, terms []string, sg *signals, w Weights) {
	if h.Len() == 0 || w.HistoryBoost == 0 {
		return
	}
	ms := h.Similar(terms, historyMatches)
	if len(ms) == 0 {
		return
	}
	top := ms[0].Score
	best := make([]float64, len(sg.history))
	for _, m := range ms {
		if m.Score < historyFloor*top {
			break
		}
		c := h.Commits[m.Commit]
		var files []int
		for _, p := range c.Files {
			if i := ix.FileIndex(p); i >= 0 && !ix.FileAt(i).Vendored {
				files = append(files, i)
			}
		}
		if len(files) == 0 {
			continue
		}
		v := m.Score / top / math.Sqrt(float64(len(files)))
		for _, i := range files {
			sg.history[i] += v
			if v > best[i] {
				best[i] = v
				short := c.Hash
				if len(short) > 10 {
					short = short[:10]
				}
				// The hash only: a commit message is text from outside the
				// files, which redaction does not see on its way into the
				// repository map.
				sg.histWhy[i] = fmt.Sprintf("changed by similar past commit %s", short)
			}
		}
	}
	maxv := 0.0
	for _, v := range sg.history {
		maxv = math.Max(maxv, v)
	}
	if maxv == 0 {
		return
	}
	for i := range sg.history {
		sg.history[i] /= maxv
	}
}

// companions passes part of each file's score to its variants: the
// files that hold the same unit for another platform (foo.go,
// foo_windows.go, foo_linux_arm64.go), its type declarations (foo.js,
// foo.d.ts, foo.ts; foo.py, foo.pyi) or another module format (foo.mjs).
// A change to one usually needs the same change in the others.
func companions(ix *index.Index, base []float64, sg *signals, w Weights) {
	if w.Companion == 0 {
		return
	}
	groups := map[string][]int{}
	for i := 0; i < ix.NumFiles(); i++ {
		f := ix.FileAt(i)
		if f.Vendored || f.Test || !index.IsProgramming(f.Language) {
			continue
		}
		k := companionKey(f.Path)
		groups[k] = append(groups[k], i)
	}
	for _, g := range groups {
		if len(g) < 2 || len(g) > 8 {
			continue
		}
		for _, i := range g {
			if base[i] <= 0 {
				continue
			}
			for _, j := range g {
				if v := w.Companion * base[i]; j != i && v > sg.companion[j] {
					sg.companion[j] = v
					sg.compOf[j] = ix.FileAt(i).Path
				}
			}
		}
	}
}

// platformWords are the operating systems and architectures Go file
// names end in (foo_linux.go, foo_windows_amd64.go), with the usual
// grouping words.
var platformWords = map[string]bool{
	"aix": true, "android": true, "darwin": true, "dragonfly": true, "freebsd": true, "illumos": true,
	"ios": true, "js": true, "linux": true, "netbsd": true, "openbsd": true, "plan9": true, "solaris": true,
	"wasip1": true, "windows": true, "unix": true, "posix": true, "bsd": true, "nonlinux": true, "nonwindows": true,
	"386": true, "amd64": true, "arm": true, "arm64": true, "loong64": true, "mips": true, "mips64": true,
	"mips64le": true, "mipsle": true, "ppc64": true, "ppc64le": true, "riscv64": true, "s390x": true, "wasm": true,
}

// companionKey is the directory and the name a file shares with its
// variants.
func companionKey(p string) string {
	dir, name := path.Split(p)
	for _, ext := range []string{".d.ts", ".d.mts", ".d.cts"} {
		if strings.HasSuffix(name, ext) {
			return dir + strings.TrimSuffix(name, ext)
		}
	}
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	if ext == ".go" {
		for {
			i := strings.LastIndexByte(stem, '_')
			if i <= 0 || !platformWords[stem[i+1:]] {
				break
			}
			stem = stem[:i]
		}
	}
	return dir + stem
}

// testsToSources passes part of each test file's score to the sources it
// tests: a story about behaviour often matches the test's words better than
// the code's.
func testsToSources(ix *index.Index, base []float64, sg *signals, w Weights) {
	for i := 0; i < ix.NumFiles(); i++ {
		f := ix.FileAt(i)
		if !f.Test || base[i] <= 0 {
			continue
		}
		for _, src := range SourcesOf(ix, f.Path) {
			j := ix.FileIndex(src)
			if j < 0 {
				continue
			}
			v := w.Test * base[i]
			if v > sg.fromTest[j] {
				sg.fromTest[j] = v
				sg.testOf[j] = f.Path
			}
		}
	}
}

// SourcesOf returns the source files a test file tests, by the naming
// conventions of common ecosystems: foo_test.go → foo.go, test_foo.py →
// foo.py (same or parallel directory), foo.test.ts / foo.spec.ts → foo.ts,
// FooTest.java → Foo.java, foo_spec.rb → foo.rb.
func SourcesOf(ix *index.Index, test string) []string {
	dir, base := path.Split(test)
	ext := path.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	var stems []string
	switch {
	case strings.HasSuffix(stem, "_test"), strings.HasSuffix(stem, "_spec"):
		stems = append(stems, stem[:len(stem)-5])
	case strings.HasPrefix(stem, "test_"):
		stems = append(stems, stem[5:])
	case strings.HasSuffix(stem, ".test"), strings.HasSuffix(stem, ".spec"):
		stems = append(stems, stem[:len(stem)-5])
	case strings.HasSuffix(stem, "Tests"):
		stems = append(stems, stem[:len(stem)-5])
	case strings.HasSuffix(stem, "Test"):
		stems = append(stems, stem[:len(stem)-4])
	}
	var out []string
	for _, s := range stems {
		if s == "" {
			continue
		}
		exts := []string{ext}
		if ext == ".ts" || ext == ".tsx" || ext == ".js" || ext == ".jsx" {
			exts = []string{".ts", ".tsx", ".js", ".jsx"}
		}
		for _, e := range exts {
			cand := dir + s + e
			if f, ok := ix.File(cand); ok && !f.Test {
				out = append(out, cand)
			}
		}
		if len(out) > 0 {
			continue
		}
		// Tests kept in a parallel tree (tests/test_foo.py → pkg/foo.py):
		// any non-test file with that base name, when it is unique.
		matches := ix.FilesNamed(s + ext)
		var srcs []string
		for _, m := range matches {
			if f, ok := ix.File(m); ok && !f.Test {
				srcs = append(srcs, m)
			}
		}
		if len(srcs) == 1 {
			out = append(out, srcs[0])
			continue
		}
		if src := qualifiedSource(ix, dir, s, ext); src != "" {
			out = append(out, src)
		}
	}
	return out
}

// qualifiedSource finds the source of a test whose name adds words to its
// source's: a module path flattened into the name (test_pipeline_media.py
// → pipelines/media.py, test_downloader_handler_http2.py →
// downloader/handlers/http2.py) or a qualifier (chromastyles_integration
// → chromastyles, default_validator_benchmark → default_validator). The
// longest run of the test's words that names a source file wins, and
// among files of that name the one whose directories hold most of the
// other words; a tie names nothing.
func qualifiedSource(ix *index.Index, dir, stem, ext string) string {
	words := strings.FieldsFunc(stem, func(r rune) bool { return r == '_' || r == '-' || r == '.' })
	for n := len(words) - 1; n >= 1; n-- {
		best, bestScore, tie := "", -1, false
		for i := 0; i+n <= len(words); i++ {
			for _, name := range nameForms(words[i : i+n]) {
				for _, m := range ix.FilesNamed(name + ext) {
					if f, ok := ix.File(m); !ok || f.Test {
						continue
					}
					score := 0
					if path.Dir(m)+"/" == dir || dir == "" && path.Dir(m) == "." {
						score += len(words) // same directory
					}
					segs := pathSegments(path.Dir(m))
					for k, w := range words {
						if k >= i && k < i+n {
							continue
						}
						for _, sg := range segs {
							if index.Stem(sg) == index.Stem(strings.ToLower(w)) {
								score++
								break
							}
						}
					}
					switch {
					case score > bestScore:
						best, bestScore, tie = m, score, false
					case score == bestScore && m != best:
						tie = true
					}
				}
			}
		}
		if best != "" {
			if tie {
				return ""
			}
			return best
		}
	}
	return ""
}

// nameForms spells a run of words as file stems are spelled: snake_case,
// kebab-case, PascalCase, camelCase and run together.
func nameForms(words []string) []string {
	if len(words) == 1 {
		w := words[0]
		return dedupe([]string{w, strings.ToLower(w), upperFirst(w)})
	}
	var pascal, flat strings.Builder
	for _, w := range words {
		pascal.WriteString(upperFirst(w))
		flat.WriteString(strings.ToLower(w))
	}
	camel := strings.ToLower(words[0]) + strings.TrimPrefix(pascal.String(), upperFirst(words[0]))
	return dedupe([]string{strings.Join(words, "_"), strings.Join(words, "-"), pascal.String(), camel, flat.String()})
}

func upperFirst(w string) string {
	if w == "" {
		return w
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// personalizedPageRank spreads the base scores over the reference graph,
// restarting at the best-scoring files, and stores the result normalised
// to [0,1] in sg.graph.
func personalizedPageRank(ix *index.Index, base []float64, sg *signals, w Weights) {
	n := len(base)
	order := make([]int, 0, n)
	for i, v := range base {
		if v > 0 {
			order = append(order, i)
		}
	}
	if len(order) == 0 {
		return
	}
	sort.Slice(order, func(a, b int) bool {
		if base[order[a]] != base[order[b]] {
			return base[order[a]] > base[order[b]]
		}
		return order[a] < order[b]
	})
	if len(order) > pprSeeds {
		order = order[:pprSeeds]
	}
	restart := make([]float64, n)
	var sum float64
	for _, i := range order {
		restart[i] = base[i]
		sum += base[i]
	}
	for _, i := range order {
		restart[i] /= sum
	}
	// Transition weights: following a use to its declaration counts fully,
	// going back from a declaration to its users counts half.
	outW := make([]float64, n)
	for i := 0; i < n; i++ {
		for _, e := range ix.References(i) {
			outW[i] += float64(e.Weight)
		}
		for _, e := range ix.ReferencedBy(i) {
			outW[i] += 0.5 * float64(e.Weight)
		}
	}
	rank := append([]float64(nil), restart...)
	next := make([]float64, n)
	for range pprIterations {
		for i := range next {
			next[i] = pprRestart * restart[i]
		}
		var dangling float64
		for i, r := range rank {
			if r == 0 {
				continue
			}
			if outW[i] == 0 {
				dangling += r
				continue
			}
			share := (1 - pprRestart) * r / outW[i]
			for _, e := range ix.References(i) {
				next[e.File] += share * float64(e.Weight)
			}
			for _, e := range ix.ReferencedBy(i) {
				next[e.File] += share * 0.5 * float64(e.Weight)
			}
		}
		for i := range next {
			next[i] += (1 - pprRestart) * dangling * restart[i]
		}
		rank, next = next, rank
	}
	// The seeds' own restart mass says nothing new; what counts is what
	// flowed in from elsewhere. Hubs (files everything uses) collect mass
	// from any seed, so their share is damped by their in-degree.
	var maxv float64
	for i := range rank {
		v := rank[i] - pprRestart*restart[i]
		if v < 0 {
			v = 0
		}
		if w.HubDamping > 0 {
			v /= math.Pow(1+float64(len(ix.ReferencedBy(i))), w.HubDamping)
		}
		rank[i] = v
		maxv = math.Max(maxv, v)
	}
	if maxv == 0 {
		return
	}
	for i := range rank {
		sg.graph[i] = rank[i] / maxv
	}
	// Reasons: the strongest link to a seed.
	isSeed := map[int32]bool{}
	for _, i := range order[:min(len(order), 10)] {
		isSeed[int32(i)] = true
	}
	for i := range rank {
		if sg.graph[i] < 0.05 {
			continue
		}
		var best Edge
		dir := ""
		for _, e := range ix.References(i) {
			if isSeed[e.File] && e.Weight > best.Weight {
				best, dir = Edge(e), "uses"
			}
		}
		for _, e := range ix.ReferencedBy(i) {
			if isSeed[e.File] && e.Weight > best.Weight {
				best, dir = Edge(e), "used by"
			}
		}
		if dir == "uses" {
			sg.graphWhy[i] = fmt.Sprintf("uses `%s` from %s", best.Via, ix.FileAt(int(best.File)).Path)
		} else if dir == "used by" {
			sg.graphWhy[i] = fmt.Sprintf("used by %s (via `%s`)", ix.FileAt(int(best.File)).Path, best.Via)
		}
	}
}

// pathPhrases credits files whose path has adjacent segments named by
// adjacent words of the story: "gh auth login" names pkg/cmd/auth/login/,
// "repo set-default" names repo/setdefault/. Directory layouts mirror the
// product's vocabulary (commands, apps, modules), so a phrase that walks
// down the tree is strong evidence. So is one segment named by several
// words: "query logger" or query_logger names query_logger.go, "network
// proxy" names networkproxy.go; a compound name is rarely an accident.
// Words and segments are compared stemmed ("pr checks" meets pr/check/).
func pathPhrases(ix *index.Index, q Query, sg *signals, w Weights) {
	if w.PathPhrase == 0 {
		return
	}
	words := phraseWords(q.Text)
	if len(words) < 2 {
		return
	}
	// Units: single words and joined neighbours ("set", "default" → "setdefault").
	type unit struct {
		from, to int // word positions covered
	}
	at := map[string][]unit{}
	for i, wd := range words {
		at[index.Stem(wd)] = append(at[index.Stem(wd)], unit{i, i})
		if i+1 < len(words) {
			j := index.Stem(wd + words[i+1])
			at[j] = append(at[j], unit{i, i + 1})
		}
	}
	stems := map[string]string{}
	stem := func(seg string) string {
		st, ok := stems[seg]
		if !ok {
			st = index.Stem(seg)
			stems[seg] = st
		}
		return st
	}
	for i := 0; i < ix.NumFiles(); i++ {
		f := ix.FileAt(i)
		segs := pathSegments(f.Path)
		raw := strings.Split(strings.TrimSuffix(f.Path, path.Ext(f.Path)), "/")
		best, why := 0, ""
		for k := range segs {
			us := at[stem(segs[k])]
			for _, a := range us {
				if n := a.to - a.from + 1; n > best {
					best, why = n, raw[k]
				}
			}
			if k+1 == len(segs) || len(us) == 0 {
				continue
			}
			for _, b := range at[stem(segs[k+1])] {
				for _, a := range us {
					if b.from == a.to+1 {
						if n := b.to - a.from + 1; n > best {
							best, why = n, raw[k]+"/"+raw[k+1]
						}
					}
				}
			}
		}
		if best >= 2 {
			sg.mentioned[i] += w.PathPhrase
			sg.mentions[i] = append(sg.mentions[i], fmt.Sprintf("story names path %s", why))
		}
	}
}

// moduleExts are the extensions a module name may stand for.
var moduleExts = []string{".py", ".go", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".rb", ".rs", ".java", ".kt", ".scala", ".php", ".cs", ".swift"}

// packageFiles are the files that stand for their directory as a module.
var packageFiles = []string{"__init__.py", "index.ts", "index.js", "mod.rs"}

// modules credits the files a dotted name of the story is the module path
// of: scrapy.utils.url is scrapy/utils/url.py, flask.json (in
// "flask.json.loads") is flask/json/__init__.py. The longest leading run
// of two names or more that is a module wins. A single name before a dot
// is left to the declarations it qualifies: "bytesconv.BytesToString"
// names an API the change uses as often as the file it changes.
func modules(ix *index.Index, q Query, sg *signals, w Weights) {
	for _, id := range q.Identifiers {
		parts := strings.Split(id, ".")
		if len(parts) < 2 || slices.ContainsFunc(parts, func(p string) bool { return len(p) < 2 }) {
			continue
		}
		for k := len(parts); k >= 2; k-- {
			mod := strings.Join(parts[:k], "/")
			var files []int
			for _, p := range moduleFiles(ix, mod) {
				i := ix.FileIndex(p)
				f := ix.FileAt(i)
				if f.Test || f.Vendored {
					continue
				}
				files = append(files, i)
			}
			if len(files) == 0 {
				continue
			}
			if len(files) <= 3 {
				v := w.MentionedFile * 0.8 / math.Sqrt(float64(len(files)))
				for _, i := range files {
					sg.mentioned[i] += v
					sg.mentions[i] = append(sg.mentions[i], fmt.Sprintf("module `%s` is this file", strings.Join(parts[:k], ".")))
				}
			}
			break
		}
	}
}

// moduleFiles returns the files whose path, less its extension, ends with
// the slash-separated module path mod, or that stand for a directory
// whose path ends with it.
func moduleFiles(ix *index.Index, mod string) []string {
	var out []string
	suffix := func(p, m string) bool { return p == m || strings.HasSuffix(p, "/"+m) }
	last := path.Base(mod)
	for _, ext := range moduleExts {
		for _, p := range ix.FilesNamed(last + ext) {
			if suffix(strings.TrimSuffix(p, ext), mod) {
				out = append(out, p)
			}
		}
	}
	for _, name := range packageFiles {
		for _, p := range ix.FilesNamed(name) {
			if suffix(path.Dir(p), mod) {
				out = append(out, p)
			}
		}
	}
	return out
}

// scopes credits the files a subject-line scope names ("caddyhttp: …",
// "fix(codemod): …"): the files under directories of that name or, when no
// directory has it, the files of that stem. Authors scope a change by the
// component it touches, and components are directories (packages,
// modules) or, in flat layouts, files. A scope that names several places
// is shared among them.
func scopes(ix *index.Index, q Query, sg *signals, w Weights) {
	for _, sc := range q.Scopes {
		if slices.Contains(q.Paths, sc) && (ix.IsDir(sc) || ix.FileIndex(sc) >= 0) {
			continue // a path: mentions() credits it
		}
		name := pathSegments(path.Base(sc))[0]
		if len(name) < 2 {
			continue
		}
		type hit struct {
			file   int
			dir    string
			direct bool
		}
		var inDir []hit
		var named []int
		dirs := map[string]bool{}
		for i := 0; i < ix.NumFiles(); i++ {
			f := ix.FileAt(i)
			if f.Vendored {
				continue
			}
			segs := pathSegments(f.Path)
			last := len(segs) - 1
			for k := last - 1; k >= 0; k-- {
				if segs[k] == name {
					dir := strings.Join(strings.Split(f.Path, "/")[:k+1], "/")
					inDir = append(inDir, hit{i, dir, k == last-1})
					dirs[dir] = true
					break
				}
			}
			if segs[last] == name {
				named = append(named, i)
			}
		}
		if len(dirs) > 0 {
			for _, h := range inDir {
				v := w.MentionedDir / math.Sqrt(float64(len(dirs)))
				if h.direct {
					v *= 2
				}
				sg.mentioned[h.file] += v
				sg.mentions[h.file] = append(sg.mentions[h.file], fmt.Sprintf("in directory `%s` named by subject scope `%s`", h.dir, sc))
			}
			continue
		}
		for _, i := range named {
			sg.mentioned[i] += w.MentionedFile * 0.8 / math.Sqrt(float64(len(named)))
			sg.mentions[i] = append(sg.mentions[i], fmt.Sprintf("subject scope `%s` names this file", sc))
		}
	}
}

// phraseWords returns the story's words in order, lower-cased, with
// punctuation (but not the order) dropped.
func phraseWords(text string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if len(f) >= 2 {
			out = append(out, f)
		}
	}
	return out
}

// pathSegments returns the directories and file stem of a path, lower-cased
// without '_' and '-'.
func pathSegments(p string) []string {
	parts := strings.Split(strings.TrimSuffix(p, path.Ext(p)), "/")
	for i, s := range parts {
		parts[i] = strings.Map(func(r rune) rune {
			switch {
			case r == '_' || r == '-':
				return -1
			case r >= 'A' && r <= 'Z':
				return r + 'a' - 'A'
			}
			return unicode.ToLower(r)
		}, s)
	}
	return parts
}

// Edge is a reference between files, as the index reports it.
type Edge = index.Edge

func reasons(sg *signals, i int, maxLex float64) []string {
	var out []string
	if len(sg.matched[i]) > 0 && maxLex > 0 {
		m := sg.matched[i]
		if len(m) > 6 {
			m = m[:6]
		}
		out = append(out, fmt.Sprintf("matches %s (lexical %.2f)", strings.Join(m, ", "), sg.lex[i]/maxLex))
	}
	out = append(out, dedupe(sg.mentions[i])...)
	if sg.aspectWhy[i] != "" {
		out = append(out, sg.aspectWhy[i])
	}
	if sg.histWhy[i] != "" && sg.history[i] >= 0.05 {
		out = append(out, sg.histWhy[i])
	}
	if sg.testOf[i] != "" {
		out = append(out, fmt.Sprintf("its test %s matches", sg.testOf[i]))
	}
	if sg.compOf[i] != "" {
		out = append(out, fmt.Sprintf("variant of %s", sg.compOf[i]))
	}
	if sg.coWhy[i] != "" {
		out = append(out, sg.coWhy[i])
	}
	if sg.graphWhy[i] != "" {
		out = append(out, sg.graphWhy[i])
	} else if sg.graph[i] > 0 {
		out = append(out, fmt.Sprintf("linked to relevant files by references (graph %.2f)", sg.graph[i]))
	}
	if sg.auxiliary[i] != "" {
		out = append(out, sg.auxiliary[i])
	}
	return out
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// relevantSymbols orders a file's symbols by how well their names and docs
// match the query, mentioned identifiers first; unmatched symbols follow in
// line order.
func relevantSymbols(f *index.File, terms map[string]float64, ids map[string]bool) []index.Symbol {
	type scored struct {
		s index.Symbol
		v float64
	}
	var list []scored
	for _, s := range f.Symbols {
		v := 0.0
		if ids[s.Name] || ids[s.QualifiedName()] {
			v += 10
		}
		seen := map[string]bool{}
		index.SplitTerms(s.Name, func(t string) {
			if !seen[t] {
				seen[t] = true
				v += terms[t]
			}
		})
		index.SplitTerms(s.Doc, func(t string) {
			if !seen[t] {
				seen[t] = true
				v += 0.3 * terms[t]
			}
		})
		list = append(list, scored{s, v})
	}
	sort.SliceStable(list, func(a, b int) bool {
		if list[a].v != list[b].v {
			return list[a].v > list[b].v
		}
		return list[a].s.Line < list[b].s.Line
	})
	if len(list) > maxSymbolsPerResult {
		list = list[:maxSymbolsPerResult]
	}
	out := make([]index.Symbol, len(list))
	for k, l := range list {
		out[k] = l.s
	}
	return out
}

// Parts of a story.
const (
	aspectTop      = 3 // the files of each part that gain
	aspectMinTerms = 3 // terms a part needs to count
	aspectMaxParts = 12
)

// aspects credits the files that best match one part of the story — a
// paragraph, a bullet, an acceptance criterion — on its own. A change of
// several files often gives each file its own sentence, and a file that
// answers one sentence well can drown in the whole story's terms. Each
// part's best files get its score relative to the part's best (the most
// any part gives them); raiseAspects adds it to their results.
func aspects(ix *index.Index, q Query, sg *signals, w Weights) {
	if w.Aspects == 0 {
		return
	}
	parts := storyParts(q.Text)
	if len(parts) < 2 {
		return
	}
	avg := ix.AvgDocLen()
	if avg == 0 {
		return
	}
	gain := map[int]float64{}
	for k, part := range parts {
		seen := map[string]bool{}
		var terms []string
		index.SplitTerms(part, func(t string) {
			if !seen[t] {
				seen[t] = true
				terms = append(terms, t)
			}
		})
		if len(terms) < aspectMinTerms {
			continue
		}
		sort.Strings(terms)
		score := map[int32]float64{}
		for _, t := range terms {
			idf := ix.IDF(t)
			for _, p := range ix.Postings(t) {
				f := ix.FileAt(int(p.File))
				if f.Test || f.Vendored || !index.IsProgramming(f.Language) {
					continue
				}
				tf := float64(p.Count)
				dl := ix.DocLen(int(p.File))
				score[p.File] += idf * tf * (k1 + 1) / (tf + k1*(1-b+b*dl/avg))
			}
		}
		type fs struct {
			file  int32
			score float64
		}
		best := make([]fs, 0, len(score))
		for f, v := range score {
			best = append(best, fs{f, v})
		}
		sort.Slice(best, func(a, c int) bool {
			if best[a].score != best[c].score {
				return best[a].score > best[c].score
			}
			return best[a].file < best[c].file
		})
		for j := 0; j < len(best) && j < aspectTop; j++ {
			i := int(best[j].file)
			v := best[j].score / best[0].score
			if v > gain[i] {
				gain[i] = v
				sg.aspectWhy[i] = fmt.Sprintf("among the best matches for part %d of the story", k+1)
			}
		}
	}
	for i, v := range gain {
		sg.aspect[i] = v
	}
}

// storyParts splits a story into its paragraphs, list items and
// criteria, leaving out fenced code; at most aspectMaxParts.
func storyParts(text string) []string {
	prose, _ := splitFences(text)
	var parts []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			parts = append(parts, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	for _, line := range strings.Split(prose, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			flush()
		case listItem(t):
			flush()
			cur = append(cur, t)
		default:
			cur = append(cur, t)
		}
	}
	flush()
	if len(parts) > aspectMaxParts {
		parts = parts[:aspectMaxParts]
	}
	return parts
}

// listItem reports whether a line starts a Markdown list item or a
// heading.
func listItem(t string) bool {
	if strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "+ ") || strings.HasPrefix(t, "#") {
		return true
	}
	k := 0
	for k < len(t) && t[k] >= '0' && t[k] <= '9' {
		k++
	}
	return k > 0 && k < len(t)-1 && (t[k] == '.' || t[k] == ')') && t[k+1] == ' '
}

// raiseAspects adds Aspects × the aspect of each result below the first,
// then squeezes those results under the first: a part of the story can
// bring a file up among the results, but the whole story decides what
// comes first.
func raiseAspects(ix *index.Index, out []Result, sg *signals, w Weights) {
	if w.Aspects == 0 || len(out) < 2 {
		return
	}
	changed := false
	for k := 1; k < len(out); k++ {
		if g := sg.aspect[ix.FileIndex(out[k].Path)]; g > 0 {
			out[k].Score += w.Aspects * g
			changed = true
		}
	}
	if !changed {
		return
	}
	ceil := out[0].Score
	for k := 1; k < len(out); k++ {
		out[k].Score = squeeze(out[k].Score, ceil)
	}
	sortResults(out[1:])
}
