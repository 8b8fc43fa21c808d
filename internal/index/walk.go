package index

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
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

// dirItem is one entry of a directory being walked.
type dirItem struct {
	rel string      // relative to the root: the directory's prefix and the name
	typ fs.FileMode // type bits; modeUnknown when the directory did not tell
}

// modeUnknown marks an entry whose type the directory listing did not give.
const modeUnknown = fs.ModeIrregular | fs.ModeTemporary

// walkEntry is the fs.DirEntry visit gets, and for a file its FileInfo,
// read outside the lock that serialises visits.
type walkEntry struct {
	name  string
	abs   string // the file, for Info of an entry not stat'ed
	mode  fs.FileMode
	size  int64
	mtime int64 // UnixNano
	stat  bool  // mode, size and mtime come from a stat
	err   error // of the stat
}

func (e *walkEntry) Name() string       { return e.name }
func (e *walkEntry) IsDir() bool        { return e.mode.IsDir() }
func (e *walkEntry) Type() fs.FileMode  { return e.mode.Type() }
func (e *walkEntry) Size() int64        { return e.size }
func (e *walkEntry) Mode() fs.FileMode  { return e.mode }
func (e *walkEntry) ModTime() time.Time { return time.Unix(0, e.mtime) }
func (e *walkEntry) Sys() any           { return nil }
func (e *walkEntry) String() string     { return fs.FormatDirEntry(e) }
func (e *walkEntry) Info() (fs.FileInfo, error) {
	if !e.stat {
		return os.Lstat(e.abs)
	}
	if e.err != nil {
		return nil, e.err
	}
	return e, nil
}

func (w *walker) walkDir(ctx context.Context, rel string, rules []ignoreRule, visit func(string, fs.DirEntry) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	abs := filepath.Join(w.root, filepath.FromSlash(rel))
	prefix := ""
	if rel != "." {
		prefix = rel + "/"
	}
	d, items, err := openDir(abs, prefix)
	if err != nil {
		return nil // unreadable directories are skipped, as git would
	}
	// Read only the ignore files the directory holds.
	var present [len(ignoreNames)]bool
	for _, it := range items {
		for k, name := range ignoreNames {
			if it.rel[len(prefix):] == name && !it.typ.IsDir() {
				present[k] = true
			}
		}
	}
	for k, name := range ignoreNames {
		if !present[k] {
			continue
		}
		if gi := readIgnoreFile(filepath.Join(abs, name)); gi != nil {
			rules = append(rules[:len(rules):len(rules)], ignoreRule{prefix: prefix, gi: gi})
		}
	}
	// Files first, stat'ed while the directory is open; then the
	// subdirectories.
	var dirs []*walkEntry
	err = func() error {
		defer d.close()
		for _, it := range items {
			name := it.rel[len(prefix):]
			if name == ".git" || name == ".hg" || name == ".svn" {
				continue
			}
			e := &walkEntry{name: name, mode: it.typ}
			if it.typ == modeUnknown {
				d.lstat(e)
				if e.err != nil {
					continue
				}
			}
			if e.mode&fs.ModeSymlink != 0 {
				continue // never follow links: they may lead outside the root
			}
			if ignored(rules, it.rel, e.mode.IsDir()) {
				continue
			}
			if e.mode.IsDir() {
				e.abs = filepath.Join(abs, name)
				dirs = append(dirs, e)
				continue
			}
			if !e.stat {
				d.lstat(e)
			}
			if err := visit(it.rel, e); err != nil {
				return err
			}
		}
		return nil
	}()
	if err != nil {
		return err
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
	for _, e := range dirs {
		child := prefix + e.name
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
			go func() {
				defer wg.Done()
				defer func() { <-w.sem }()
				if err := w.walkDir(ctx, child, rules, visit); err != nil {
					setErr(err)
				}
			}()
		default:
			if err := w.walkDir(ctx, child, rules, visit); err != nil {
				return err
			}
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

// setStat fills e from a FileInfo.
func (e *walkEntry) setStat(info fs.FileInfo, err error) {
	e.stat, e.err = true, err
	if err == nil {
		e.mode, e.size, e.mtime = info.Mode(), info.Size(), info.ModTime().UnixNano()
	}
}
