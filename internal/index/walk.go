package index

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// walker walks a tree honouring the .gitignore and .ignore files of every
// directory, each applied relative to the directory that holds it.
// Directories are read, matched against ignore rules and their files
// stat'ed in parallel; visit calls are serialised, and their order is not
// defined (callers sort). The fs.DirEntry of a file holds its FileInfo
// already, so Info costs nothing inside visit.
type walker struct {
	root string
	mu   sync.Mutex // serialises visit
	sem  chan struct{}
}

type ignoreRule struct {
	prefix string // the directory the rules apply under, with a trailing slash ("" for the root)
	gi     *ignoreFile
}

// ignoreNames are the ignore files read in every directory, the later
// deciding over the earlier.
var ignoreNames = [...]string{".gitignore", ".ignore", ".groundplanignore"}

func newWalker(root string) *walker {
	return &walker{root: root, sem: make(chan struct{}, runtime.GOMAXPROCS(0))}
}

func (w *walker) walk(ctx context.Context, visit func(rel string, d fs.DirEntry) error) error {
	locked := func(rel string, d fs.DirEntry) error {
		w.mu.Lock()
		defer w.mu.Unlock()
		return visit(rel, d)
	}
	return w.walkDir(ctx, ".", nil, locked)
}

// statEntry is a file's directory entry with its FileInfo, read outside
// the lock that serialises visits.
type statEntry struct {
	fs.DirEntry
	info fs.FileInfo
	err  error
}

func (e statEntry) Info() (fs.FileInfo, error) { return e.info, e.err }

func (w *walker) walkDir(ctx context.Context, rel string, rules []ignoreRule, visit func(string, fs.DirEntry) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	abs := filepath.Join(w.root, filepath.FromSlash(rel))
	entries, err := os.ReadDir(abs)
	if err != nil {
		return nil // unreadable directories are skipped, as git would
	}
	// Read only the ignore files the directory holds.
	var present [len(ignoreNames)]bool
	for _, e := range entries {
		for k, name := range ignoreNames {
			if e.Name() == name && !e.IsDir() {
				present[k] = true
			}
		}
	}
	prefix := ""
	if rel != "." {
		prefix = rel + "/"
	}
	for k, name := range ignoreNames {
		if !present[k] {
			continue
		}
		if gi := readIgnoreFile(filepath.Join(abs, name)); gi != nil {
			rules = append(rules[:len(rules):len(rules)], ignoreRule{prefix: prefix, gi: gi})
		}
	}
	var (
		wg       sync.WaitGroup
		errMu    sync.Mutex
		firstErr error
	)
	setErr := func(err error) {
		errMu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		errMu.Unlock()
	}
	defer wg.Wait()
	for _, e := range entries {
		name := e.Name()
		if name == ".git" || name == ".hg" || name == ".svn" {
			continue
		}
		child := prefix + name
		if e.Type()&fs.ModeSymlink != 0 {
			continue // never follow links: they may lead outside the root
		}
		if ignored(rules, child, e.IsDir()) {
			continue
		}
		if e.IsDir() {
			if err := visit(child, e); err == fs.SkipDir {
				continue
			} else if err != nil {
				return err
			}
			// Walk the subdirectory on another goroutine when a worker is
			// free, else on this one.
			select {
			case w.sem <- struct{}{}:
				wg.Add(1)
				go func(child string) {
					defer wg.Done()
					defer func() { <-w.sem }()
					if err := w.walkDir(ctx, child, rules, visit); err != nil {
						setErr(err)
					}
				}(child)
			default:
				if err := w.walkDir(ctx, child, rules, visit); err != nil {
					return err
				}
			}
			continue
		}
		info, err := e.Info()
		if err := visit(child, statEntry{e, info, err}); err != nil {
			return err
		}
	}
	wg.Wait()
	return firstErr
}

// ignored reports whether rel is ignored: the deepest ignore file with a
// matching pattern decides, and within a file the last matching pattern.
func ignored(rules []ignoreRule, rel string, dir bool) bool {
	for i := len(rules) - 1; i >= 0; i-- {
		r := &rules[i]
		if !strings.HasPrefix(rel, r.prefix) {
			continue
		}
		if ign, ok := r.gi.match(rel[len(r.prefix):], dir); ok {
			return ign
		}
	}
	return false
}
