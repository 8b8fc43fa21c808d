package index

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os/exec"
	"sort"
	"strconv"
	"strings"
)

// History is what a repository's past commits say about its files: each
// commit's message and the files it changed. A change request resembles
// the messages of earlier changes to the same code ("fix the reload of
// the admin endpoint" follows "admin: reload config on SIGHUP"), so the
// files of similar past commits are likely places for the new one.
type History struct {
	Commits []Commit
	// Lexical index over the messages.
	postings map[string][]histPosting
	docLen   []float32
	avgLen   float64
}

// Commit is one past commit.
type Commit struct {
	Hash    string
	Subject string
	// Files are the paths the commit modified or added, as they were
	// named in that commit (some may no longer exist).
	Files []string
}

type histPosting struct {
	commit int32
	count  int32
}

// HistoryOptions bound what ReadHistory reads.
type HistoryOptions struct {
	// Limit is the number of commits read, newest first; 0 means 3000.
	Limit int
	// MaxFiles skips commits that change more files than this (sweeping
	// renames, formatting, dependency updates say nothing about where a
	// feature lives); 0 means 40.
	MaxFiles int
	// Relative names files relative to the directory git runs in (its
	// -C) and leaves out changes outside it, for a root below the top of
	// its work tree.
	Relative bool
}

// ReadHistory reads the history of rev ("HEAD" when empty) from a git
// directory or work tree: the newest commits without merges, with the
// files each changed. gitArgs selects the repository, e.g.
// {"--git-dir", gd} or {"-C", root}.
func ReadHistory(ctx context.Context, gitArgs []string, rev string, opts HistoryOptions) (*History, error) {
	if rev == "" {
		rev = "HEAD"
	}
	if opts.Limit <= 0 {
		opts.Limit = 3000
	}
	args := append(append([]string(nil), gitArgs...),
		"log", "--no-merges", "--no-renames", "--diff-filter=AM", "--name-only",
		"-z", "--format=%x1e%H%x1f%B%x1f", "-n", strconv.Itoa(opts.Limit))
	if opts.Relative {
		args = append(args, "--relative")
	}
	args = append(args, rev, "--")
	cmd := exec.CommandContext(ctx, "git", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("history: git log: %w", err)
	}
	h, perr := ParseHistory(bufio.NewReaderSize(out, 1<<16), opts)
	if perr != nil {
		cmd.Process.Kill()
	}
	werr := cmd.Wait()
	if perr != nil {
		return nil, fmt.Errorf("history: %w", perr)
	}
	if werr != nil {
		return nil, fmt.Errorf("history: git log %s: %w: %s", rev, werr, strings.TrimSpace(stderr.String()))
	}
	return h, nil
}

// ParseHistory reads git log output in the format ReadHistory asks for:
// records that start with 0x1e, then the hash and message each ended by
// 0x1f, then NUL-separated paths.
func ParseHistory(r io.Reader, opts HistoryOptions) (*History, error) {
	if opts.MaxFiles <= 0 {
		opts.MaxFiles = 40
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var commits []Commit
	var messages []string
	for _, rec := range bytes.Split(data, []byte{0x1e}) {
		if len(bytes.TrimSpace(rec)) == 0 {
			continue
		}
		parts := bytes.SplitN(rec, []byte{0x1f}, 3)
		if len(parts) != 3 {
			return nil, fmt.Errorf("malformed log record %.40q", rec)
		}
		c := Commit{Hash: string(bytes.TrimSpace(parts[0]))}
		msg := string(parts[1])
		for _, p := range bytes.Split(parts[2], []byte{0}) {
			p = bytes.TrimSpace(p)
			if len(p) > 0 {
				c.Files = append(c.Files, string(p))
			}
		}
		if len(c.Files) == 0 || len(c.Files) > opts.MaxFiles {
			continue
		}
		c.Subject, _, _ = strings.Cut(strings.TrimSpace(msg), "\n")
		commits = append(commits, c)
		messages = append(messages, messageProse(msg))
	}
	return newHistory(commits, messages), nil
}

// messageProse drops a message's trailers (Signed-off-by: …) and URLs,
// which match anything and mean nothing here.
func messageProse(msg string) string {
	var b strings.Builder
	for _, line := range strings.Split(msg, "\n") {
		t := strings.TrimSpace(line)
		if k, _, ok := strings.Cut(t, ": "); ok && !strings.Contains(k, " ") && strings.Contains(k, "-") && strings.HasSuffix(strings.ToLower(k), "by") {
			continue
		}
		for _, f := range strings.Fields(t) {
			if strings.Contains(f, "://") {
				continue
			}
			b.WriteString(f)
			b.WriteByte(' ')
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func newHistory(commits []Commit, messages []string) *History {
	h := &History{Commits: commits, postings: map[string][]histPosting{}, docLen: make([]float32, len(commits))}
	var total float64
	for i, m := range messages {
		counts := map[string]int32{}
		n := 0
		SplitTerms(m, func(t string) { counts[t]++; n++ })
		h.docLen[i] = float32(n)
		total += float64(n)
		for t, c := range counts {
			h.postings[t] = append(h.postings[t], histPosting{int32(i), c})
		}
	}
	if len(commits) > 0 {
		h.avgLen = total / float64(len(commits))
	}
	return h
}

// Match is a past commit similar to a text, with its BM25 score.
type Match struct {
	Commit int
	Score  float64
}

// Similar returns the k past commits whose messages best match the terms,
// best first (ties by recency).
func (h *History) Similar(terms []string, k int) []Match {
	if h == nil || len(h.Commits) == 0 || h.avgLen == 0 {
		return nil
	}
	const k1, b = 1.2, 0.75
	n := float64(len(h.Commits))
	scores := map[int32]float64{}
	for _, t := range terms {
		ps := h.postings[t]
		if len(ps) == 0 {
			continue
		}
		df := float64(len(ps))
		idf := math.Log(1 + (n-df+0.5)/(df+0.5))
		for _, p := range ps {
			tf := float64(p.count)
			dl := float64(h.docLen[p.commit])
			scores[p.commit] += idf * tf * (k1 + 1) / (tf + k1*(1-b+b*dl/h.avgLen))
		}
	}
	out := make([]Match, 0, len(scores))
	for c, s := range scores {
		out = append(out, Match{int(c), s})
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Score != out[b].Score {
			return out[a].Score > out[b].Score
		}
		return out[a].Commit < out[b].Commit
	})
	if len(out) > k {
		out = out[:k]
	}
	return out
}

// Len returns the number of commits read.
func (h *History) Len() int {
	if h == nil {
		return 0
	}
	return len(h.Commits)
}
