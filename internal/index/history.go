package index

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
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
	// ord holds each commit's place among the log's records (the
	// commits git printed, which -n counts), and dropped the hashes of
	// the records left out (too many files, none, or excluded), in
	// order: together they let a later read at a descendant HEAD add
	// only the new commits and still cut the history where a full read
	// would.
	ord     []int32
	dropped []string
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
	// Exclude leaves out the commits with these hashes (a shallow
	// clone's boundary).
	Exclude map[string]bool
}

// ReadHistory reads the history of rev ("HEAD" when empty) from a git
// directory or work tree: the newest commits without merges, with the
// files each changed. gitArgs selects the repository, e.g.
// {"--git-dir=" + gd} or {"-C", root}.
//
// Git runs with the repository's configuration, so settings that would
// make it run programs or reach the network while reading the log are
// switched off on its command line: signature checks (gpg.program),
// fsmonitor hooks, lazy fetches of a partial clone's missing objects.
func ReadHistory(ctx context.Context, gitArgs []string, rev string, opts HistoryOptions) (*History, error) {
	if rev == "" {
		rev = "HEAD"
	}
	if opts.Limit <= 0 {
		opts.Limit = 3000
	}
	args := append(append([]string(nil), gitArgs...), safeGitConfig...)
	args = append(args, "log", "--no-show-signature", "--no-merges", "--no-renames", "--diff-filter=AM", "--name-only",
		"-z", "--format=%x1e%H%x1f%B%x1f", "-n", strconv.Itoa(opts.Limit))
	if opts.Relative {
		args = append(args, "--relative")
	}
	args = append(args, "--end-of-options", rev, "--")
	cmd := gitCommand(ctx, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("git log %s: %w", rev, err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git log %s: %w", rev, err)
	}
	h, perr := ParseHistory(out, opts)
	if perr != nil {
		cmd.Process.Kill()
	}
	werr := cmd.Wait()
	if perr != nil {
		return nil, fmt.Errorf("git log %s: %w", rev, perr)
	}
	if werr != nil {
		return nil, fmt.Errorf("git log %s: %w: %s", rev, werr, strings.TrimSpace(stderr.String()))
	}
	return h, nil
}

// safeGitConfig overrides, for one git command, the settings of an
// untrusted repository that would run programs or use the network.
var safeGitConfig = []string{
	"-c", "log.showSignature=false",
	"-c", "core.fsmonitor=false",
	"-c", "protocol.allow=never",
}

// gitCommand returns a git command that never prompts or fetches, and
// that reads the repository named by its arguments, not one named by the
// environment (as in a hook).
func gitCommand(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "git", args...)
	env := []string{"GIT_NO_LAZY_FETCH=1", "GIT_TERMINAL_PROMPT=0"}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR", "GIT_NAMESPACE":
			continue
		}
		env = append(env, kv)
	}
	cmd.Env = env
	return cmd
}

// ParseHistory reads git log output in the format ReadHistory asks for
// (-z, --name-only, --format=%x1e%H%x1f%B%x1f): NUL-separated tokens, each
// a commit's header (0x1e, the hash, 0x1f, the message, 0x1f) or a path
// the commit changed. A message cannot hold a NUL, so whatever bytes it
// holds, it stays in its header. Text before the first header is
// skipped; a commit with more than MaxFiles files is read past without
// keeping its paths.
func ParseHistory(r io.Reader, opts HistoryOptions) (*History, error) {
	if opts.MaxFiles <= 0 {
		opts.MaxFiles = 40
	}
	br := bufio.NewReaderSize(r, 1<<16)
	var commits []Commit
	var messages []string
	var ord []int32
	var dropped []string
	var cur *Commit
	var msg string
	nfiles, first := 0, false
	flush := func() {
		if cur == nil {
			return
		}
		if len(cur.Files) > 0 && nfiles <= opts.MaxFiles && !opts.Exclude[cur.Hash] {
			ord = append(ord, int32(len(commits)+len(dropped)))
			commits = append(commits, *cur)
			messages = append(messages, messageProse(msg))
		} else {
			dropped = append(dropped, cur.Hash)
		}
		cur = nil
	}
	for {
		tok, err := br.ReadSlice(0)
		if err == bufio.ErrBufferFull {
			// A token longer than the buffer: a huge message or path.
			var long []byte
			long = append(long, tok...)
			for err == bufio.ErrBufferFull {
				tok, err = br.ReadSlice(0)
				long = append(long, tok...)
			}
			tok = long
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		tok = bytes.TrimSuffix(tok, []byte{0})
		if hash, m, ok := logHeader(tok); ok {
			flush()
			cur = &Commit{Hash: hash}
			msg = m
			cur.Subject, _, _ = strings.Cut(strings.TrimSpace(m), "\n")
			nfiles, first = 0, true
		} else if cur != nil {
			if first {
				tok = bytes.TrimPrefix(tok, []byte{'\n'})
				first = false
			}
			if len(tok) > 0 {
				nfiles++
				if nfiles <= opts.MaxFiles {
					cur.Files = append(cur.Files, string(tok))
				}
			}
		}
		if err == io.EOF {
			break
		}
	}
	flush()
	h := newHistory(commits, messages)
	h.ord, h.dropped = ord, dropped
	return h, nil
}

// logHeader recognises a commit header token: 0x1e, a 40- or 64-digit
// hex hash, 0x1f, the message, 0x1f.
func logHeader(tok []byte) (hash, msg string, ok bool) {
	if len(tok) < 1+40+2 || tok[0] != 0x1e || tok[len(tok)-1] != 0x1f {
		return "", "", false
	}
	for _, n := range []int{40, 64} {
		if len(tok) >= 1+n+2 && tok[1+n] == 0x1f && isHex(tok[1:1+n]) {
			return string(tok[1 : 1+n]), string(tok[1+n+1 : len(tok)-1]), true
		}
	}
	return "", "", false
}

func isHex(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
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
