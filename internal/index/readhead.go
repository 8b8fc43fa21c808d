package index

import (
	"errors"
	"fmt"
	"io"
)

// ReadHead returns at most the first n bytes of a file under the root, with
// the checks of Read: for a caller that looks only at the start of files
// that may be large (an OpenAPI marker in YAML), so that they are not read
// whole.
func (ix *Index) ReadHead(rel string, n int) ([]byte, error) {
	data, f, size, err := ix.openUnder(rel)
	if err != nil {
		return nil, err
	}
	if f == nil {
		return data[:min(n, len(data)):min(n, len(data))], nil
	}
	defer f.Close()
	buf := make([]byte, min(int64(n), size+1))
	k, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read %s: %w", rel, err)
	}
	return buf[:k], nil
}
