package index

import (
	"bytes"
	"strings"
)

// extractRoutes finds the route registrations of net/http (Go 1.22
// patterns), chi, gin, echo, gorilla/mux and similar routers in Go source:
//
//	mux.HandleFunc("GET /books/{id}", h.get)
//	r.Get("/books", h.list)     e.GET("/books", h.list)
//
// It finds, line by line, what the regular expression
//
//	\.(Get|Post|Put|Patch|Delete|Head|Options|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|Handle|HandleFunc|Any|Method)\(\s*"([^"]*/[^"]*)"
//
// finds (routeCallRef in the tests), without running it over every line:
// each match is found from its opening quote, looking back for the call.
func extractRoutes(rel string, data []byte) []Symbol {
	var out []Symbol
	lines := lineCursor{src: data}
	for i := 0; i < len(data); {
		q := bytes.IndexByte(data[i:], '"')
		if q < 0 {
			break
		}
		q += i
		i = q + 1
		start, method := routeCallBefore(data, q)
		if start < 0 {
			continue
		}
		// The pattern runs to the next quote on the line and holds a '/'.
		end, slash := -1, false
		for j := q + 1; j < len(data); j++ {
			c := data[j]
			if c == '"' {
				end = j
				break
			}
			if c == '\n' {
				break
			}
			slash = slash || c == '/'
		}
		if end < 0 || !slash {
			continue
		}
		pattern := string(data[q+1 : end])
		name := pattern
		switch up := strings.ToUpper(method); up {
		case "HANDLE", "HANDLEFUNC", "METHOD":
		default:
			name = up + " " + pattern
		}
		ls := bytes.LastIndexByte(data[:start], '\n') + 1
		le := bytes.IndexByte(data[end:], '\n')
		if le < 0 {
			le = len(data)
		} else {
			le += end
		}
		line := lines.at(start)
		out = append(out, Symbol{Name: name, Kind: KindRoute, Path: rel, Line: line, EndLine: line, Signature: strings.TrimSpace(string(data[ls:le]))})
		i = end + 1 // matches do not overlap
	}
	return out
}

// routeCallBefore reports whether the quote at q opens the first argument
// of a router call, `.Method(` and blanks other than newlines before it; it
// returns the offset of the '.' and the method, or -1.
func routeCallBefore(data []byte, q int) (int, string) {
	p := q - 1
	for p >= 0 && (data[p] == ' ' || data[p] == '\t' || data[p] == '\r' || data[p] == '\f') {
		p--
	}
	if p < 0 || data[p] != '(' {
		return -1, ""
	}
	k := p - 1
	for k >= 0 && (data[k] >= 'a' && data[k] <= 'z' || data[k] >= 'A' && data[k] <= 'Z') {
		k--
	}
	if k < 0 || data[k] != '.' {
		return -1, ""
	}
	switch m := data[k+1 : p]; string(m) {
	case "Get", "Post", "Put", "Patch", "Delete", "Head", "Options",
		"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
		"Handle", "HandleFunc", "Any", "Method":
		return k, string(m)
	}
	return -1, ""
}

// lineCursor turns offsets into 1-based line numbers, counting newlines
// forward from the previous offset asked about.
type lineCursor struct {
	src       []byte
	off, line int
}

func (lc *lineCursor) at(off int) int {
	if off < lc.off || lc.line == 0 {
		lc.off, lc.line = 0, 1
	}
	lc.line += bytes.Count(lc.src[lc.off:off], []byte{'\n'})
	lc.off = off
	return lc.line
}
