//go:build !(linux && (amd64 || arm64))

package index

import (
	"os"
	"path/filepath"
)

// dirHandle is an open directory of the walk.
type dirHandle struct{ abs string }

// openDir lists the directory abs; its entries are named prefix+name.
func openDir(abs, prefix string) (*dirHandle, []dirItem, error) {
	entries, err := os.ReadDir(abs)
	if err != nil {
		return nil, nil, err
	}
	items := make([]dirItem, len(entries))
	for i, e := range entries {
		items[i] = dirItem{rel: prefix + e.Name(), typ: e.Type()}
	}
	return &dirHandle{abs: abs}, items, nil
}

// lstat fills e with what lstat(2) says of the entry named e.name.
func (d *dirHandle) lstat(e *walkEntry) {
	e.setStat(os.Lstat(filepath.Join(d.abs, e.name)))
}

func (d *dirHandle) close() {}
