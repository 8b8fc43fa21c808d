package detect

import "bytes"

// sniffLen is how much of a file Binary reads, as git does.
const sniffLen = 8000

// Binary reports whether content is binary: a NUL byte in its first 8000
// bytes, the test git uses.
func Binary(content []byte) bool {
	return bytes.IndexByte(headOf(content, sniffLen), 0) >= 0
}
