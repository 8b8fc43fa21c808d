package index

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	ignore "github.com/sabhiram/go-gitignore"
)

// walker walks a tree honouring the .gitignore and .ignore files of every
// directory, each applied relative to the directory that holds it.
type walker struct {
	root string
}

type ignoreRule struct {
	dir string // slash-separated directory the rules apply under ("." for root)
	gi  *ignore.GitIgnore
}

func newWalker(root string) *walker { return &walker{root: root} }

func (w *walker) walk(ctx context.Context, visit func(rel string, d fs.DirEntry) error) error {
	return w.walkDir(ctx, ".", nil, visit)
}

func (w *walker) walkDir(ctx context.Context, rel string, rules []ignoreRule, visit func(string, fs.DirEntry) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	abs := filepath.Join(w.root, filepath.FromSlash(rel))
	for _, name := range []string{".gitignore", ".ignore", ".groundplanignore"} {
		if gi, err := ignore.CompileIgnoreFile(filepath.Join(abs, name)); err == nil {
			rules = append(rules[:len(rules):len(rules)], ignoreRule{dir: rel, gi: gi})
		}
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return nil // unreadable directories are skipped, as git would
	}
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
			if err := visit(child, e); err != nil {
				return err
			}
			if err := w.walkDir(ctx, child, rules, visit); err != nil {
				return err
			}
			continue
		}
		if err := visit(child, e); err != nil {
			return err
		}
	}
	return nil
}

func ignored(rules []ignoreRule, rel string, dir bool) bool {
	for _, r := range rules {
		sub := rel
		if r.dir != "." {
			if !strings.HasPrefix(rel, r.dir+"/") {
				continue
			}
			sub = strings.TrimPrefix(rel, r.dir+"/")
		}
		if dir {
			if r.gi.MatchesPath(sub + "/") {
				return true
			}
		}
		if r.gi.MatchesPath(sub) {
			return true
		}
	}
	return false
}
