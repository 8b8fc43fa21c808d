package index

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ReadHead returns at most the first n bytes of a file under the root, with
// the checks of Read: for a caller that looks only at the start of files
// that may be large (an OpenAPI marker in YAML), so that they are not read
// whole.
func (ix *Index) ReadHead(rel string, n int) ([]byte, error) {
	if filepath.IsAbs(rel) || strings.HasPrefix(rel, "/") || strings.HasPrefix(rel, `\`) {
		return nil, fmt.Errorf("read %s: %w", rel, ErrOutsideRoot)
	}
	clean := path.Clean(strings.ReplaceAll(rel, `\`, "/"))
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return nil, fmt.Errorf("read %s: %w", rel, ErrOutsideRoot)
	}
	if ix.mem != nil {
		data, ok := ix.mem[clean]
		if !ok {
			return nil, fmt.Errorf("read %s: %w", rel, fs.ErrNotExist)
		}
		return data[:min(n, len(data)):min(n, len(data))], nil
	}
	r, err := os.OpenRoot(ix.root)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", rel, err)
	}
	defer r.Close()
	f, err := r.Open(filepath.FromSlash(clean))
	if err != nil {
		if strings.Contains(err.Error(), "escapes from parent") || strings.Contains(err.Error(), "path escapes") {
			return nil, fmt.Errorf("read %s: %w", rel, ErrOutsideRoot)
		}
		return nil, fmt.Errorf("read %s: %w", rel, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", rel, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("read %s: is a directory", rel)
	}
	buf := make([]byte, min(int64(n), st.Size()+1))
	k, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read %s: %w", rel, err)
	}
	return buf[:k], nil
}
