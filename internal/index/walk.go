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
// Directories are read and matched against ignore rules in parallel;
// visit calls are serialised, and their order is not defined (callers
// sort).
type walker struct {
	root    string
	workers int
	mu      sync.Mutex // serialises visit
	sem     chan struct{}
}

type ignoreRule struct {
	dir string // slash-separated directory the rules apply under ("." for root)
	gi  *ignoreFile
}

func newWalker(root string) *walker {
	n := runtime.GOMAXPROCS(0)
	return &walker{root: root, workers: n, sem: make(chan struct{}, n)}
}

func (w *walker) walk(ctx context.Context, visit func(rel string, d fs.DirEntry) error) error {
	locked := func(rel string, d fs.DirEntry) error {
		w.mu.Lock()
		defer w.mu.Unlock()
		return visit(rel, d)
	}
	return w.walkDir(ctx, ".", nil, locked)
}

func (w *walker) walkDir(ctx context.Context, rel string, rules []ignoreRule, visit func(string, fs.DirEntry) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	abs := filepath.Join(w.root, filepath.FromSlash(rel))
	for _, name := range []string{".gitignore", ".ignore", ".groundplanignore"} {
		if gi := readIgnoreFile(filepath.Join(abs, name)); gi != nil {
			rules = append(rules[:len(rules):len(rules)], ignoreRule{dir: rel, gi: gi})
		}
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return nil // unreadable directories are skipped, as git would
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
		child := name
		if rel != "." {
			child = rel + "/" + name
		}
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
		if err := visit(child, e); err != nil {
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
		r := rules[i]
		sub := rel
		if r.dir != "." {
			if !strings.HasPrefix(rel, r.dir+"/") {
				continue
			}
			sub = rel[len(r.dir)+1:]
		}
		if ign, ok := r.gi.match(sub, dir); ok {
			return ign
		}
	}
	return false
}
