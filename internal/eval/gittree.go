package eval

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/groundplan/groundplan/internal/index"
)

// gitDir finds the git directory of owner/name under reposDir: a bare or
// normal clone at reposDir/owner+name, or a git directory one level deeper
// at reposDir/owner+name/repo.
func gitDir(reposDir, repo string) (string, error) {
	base := filepath.Join(reposDir, strings.ReplaceAll(repo, "/", "+"))
	for _, cand := range []string{filepath.Join(base, "repo"), filepath.Join(base, ".git"), base} {
		if st, err := os.Stat(filepath.Join(cand, "objects")); err == nil && st.IsDir() {
			return cand, nil
		}
	}
	return "", fmt.Errorf("repository %s: no git directory under %s", repo, base)
}

// treeEntry is one blob of a tree listing.
type treeEntry struct {
	path string
	oid  string
	size int64
}

// readTree returns the files of commit rev in the git directory gd, read
// from the object database without checking anything out. keep filters the
// paths before any content is read.
func readTree(ctx context.Context, gd, rev string, keep func(path string, size int64) bool) ([]index.SourceFile, error) {
	ls := exec.CommandContext(ctx, "git", "--git-dir", gd, "ls-tree", "-r", "-z", "-l", rev)
	var stderr bytes.Buffer
	ls.Stderr = &stderr
	out, err := ls.Output()
	if err != nil {
		return nil, fmt.Errorf("git ls-tree %s: %w: %s", rev, err, strings.TrimSpace(stderr.String()))
	}
	var entries []treeEntry
	for _, rec := range bytes.Split(out, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		// "<mode> SP <type> SP <oid> SP+ <size> TAB <path>"
		tab := bytes.IndexByte(rec, '\t')
		if tab < 0 {
			continue
		}
		meta := strings.Fields(string(rec[:tab]))
		if len(meta) != 4 || meta[1] != "blob" || meta[0] == "120000" {
			continue
		}
		size, err := strconv.ParseInt(meta[3], 10, 64)
		if err != nil {
			continue // "BAD": the blob is missing from a partial clone
		}
		p := string(rec[tab+1:])
		if keep != nil && !keep(p, size) {
			continue
		}
		entries = append(entries, treeEntry{path: p, oid: meta[2], size: size})
	}
	return catBlobs(ctx, gd, entries)
}

// catBlobs reads the blobs of entries with one git cat-file --batch.
func catBlobs(ctx context.Context, gd string, entries []treeEntry) ([]index.SourceFile, error) {
	cmd := exec.CommandContext(ctx, "git", "--git-dir", gd, "cat-file", "--batch")
	// A partial clone lacks some blobs; never fetch them over the network.
	cmd.Env = append(os.Environ(), "GIT_NO_LAZY_FETCH=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	go func() {
		w := bufio.NewWriter(stdin)
		for _, e := range entries {
			fmt.Fprintln(w, e.oid)
		}
		w.Flush()
		stdin.Close()
	}()
	r := bufio.NewReaderSize(stdout, 1<<20)
	files := make([]index.SourceFile, 0, len(entries))
	fail := func(err error) ([]index.SourceFile, error) {
		cmd.Process.Kill() // it may be blocked writing output nobody reads
		cmd.Wait()
		return nil, err
	}
	for _, e := range entries {
		hdr, err := r.ReadString('\n')
		if err != nil {
			return fail(fmt.Errorf("git cat-file %s: %w", e.path, err))
		}
		f := strings.Fields(hdr)
		if len(f) == 2 && f[1] == "missing" {
			continue // not in this (partial) clone
		}
		if len(f) != 3 {
			return fail(fmt.Errorf("git cat-file %s: unexpected header %q", e.path, hdr))
		}
		n, _ := strconv.Atoi(f[2])
		buf := make([]byte, n+1) // content and the trailing newline
		if _, err := io.ReadFull(r, buf); err != nil {
			return fail(fmt.Errorf("git cat-file %s: %w", e.path, err))
		}
		files = append(files, index.SourceFile{Path: e.path, Data: buf[:n]})
	}
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	return files, nil
}
