package workspace

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// jsonMember is one member of a JSON object, in document order.
type jsonMember struct {
	key   string
	value json.RawMessage
	line  int // line of the key
	off   int // offset of the value in the whole document
}

// jsonObjectMembers reads the members of the JSON object at data[base:] in
// document order. base is the object's offset in doc, the whole document,
// so that lines can be reported against the file.
func jsonObjectMembers(doc []byte, base int) ([]jsonMember, error) {
	data := doc[base:]
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonError(doc, base, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("line %d: expected an object", lineAt(doc, base))
	}
	var out []jsonMember
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return out, jsonError(doc, base, err)
		}
		key, _ := tok.(string)
		keyEnd := base + int(dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return out, jsonError(doc, base, err)
		}
		// The value starts after the colon and any white space.
		off := keyEnd
		for off < len(doc) && strings.IndexByte(" \t\r\n:", doc[off]) >= 0 {
			off++
		}
		out = append(out, jsonMember{key: key, value: raw, line: lineAt(doc, keyEnd), off: off})
	}
	if _, err := dec.Token(); err != nil {
		return out, jsonError(doc, base, err)
	}
	if base == 0 {
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			return out, fmt.Errorf("line %d: unexpected data after the top-level object", lineAt(doc, int(dec.InputOffset())))
		}
	}
	return out, nil
}

// jsonError turns a decoding error into one naming the line.
func jsonError(doc []byte, base int, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("line %d: %v", lineAt(doc, base+int(syn.Offset)), err)
	case errors.As(err, &typ):
		return fmt.Errorf("line %d: %v", lineAt(doc, base+int(typ.Offset)), err)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("line %d: unexpected end of JSON", lineAt(doc, len(doc)))
	}
	return err
}

// jsonSection describes one object of name → version pairs in a JSON
// manifest.
type jsonSection struct {
	key string
	dev bool
}

// parseJSONDeps reads the name → version objects named by sections from a
// JSON manifest, in document order. skip drops names that are no packages
// (composer's "php" and "ext-*" platform requirements).
func parseJSONDeps(manifest string, data []byte, ecosystem string, sections []jsonSection, skip func(string) bool) ([]Dependency, []string) {
	w := &warnings{path: manifest}
	top, err := jsonObjectMembers(data, 0)
	if err != nil {
		// Keep the members read before the error: a broken tail should
		// not hide the dependencies declared above it.
		w.addErr(err)
	}
	var deps []Dependency
	for _, sec := range sections {
		for _, m := range top {
			if m.key != sec.key {
				continue
			}
			if bytes.Equal(bytes.TrimSpace(m.value), []byte("null")) {
				continue
			}
			members, err := jsonObjectMembers(data, m.off)
			if err != nil {
				w.add(m.line, "%q: %v", sec.key, stripLinePrefix(err))
				continue
			}
			for _, e := range members {
				if skip != nil && skip(e.key) {
					continue
				}
				if strings.TrimSpace(e.key) == "" {
					w.add(e.line, "%q has an empty package name", sec.key)
					continue
				}
				var ver string
				if err := json.Unmarshal(e.value, &ver); err != nil {
					w.add(e.line, "version of %q in %q is not a string", e.key, sec.key)
					continue
				}
				deps = append(deps, Dependency{Name: e.key, Version: ver, Manifest: manifest, Ecosystem: ecosystem, Dev: sec.dev, Line: e.line})
			}
		}
	}
	return deps, w.list
}

// addErr records an error whose text starts with "line N: " as a warning on
// that line.
func (w *warnings) addErr(err error) {
	var line int
	msg := err.Error()
	if n, _ := fmt.Sscanf(msg, "line %d: ", &line); n == 1 {
		w.add(line, "%s", stripLinePrefix(err))
		return
	}
	w.add(0, "%s", msg)
}

// stripLinePrefix drops a leading "line N: " from an error's text.
func stripLinePrefix(err error) string {
	msg := err.Error()
	if strings.HasPrefix(msg, "line ") {
		if i := strings.Index(msg, ": "); i > 0 {
			return msg[i+2:]
		}
	}
	return msg
}

// parsePackageJSON reads dependencies and devDependencies of an npm
// package.json.
func parsePackageJSON(manifest string, data []byte) ([]Dependency, []string) {
	return parseJSONDeps(manifest, data, "npm", []jsonSection{
		{key: "dependencies"},
		{key: "devDependencies", dev: true},
	}, nil)
}

// parseComposerJSON reads require and require-dev of a PHP composer.json,
// leaving out platform requirements such as "php" and "ext-json".
func parseComposerJSON(manifest string, data []byte) ([]Dependency, []string) {
	return parseJSONDeps(manifest, data, "composer", []jsonSection{
		{key: "require"},
		{key: "require-dev", dev: true},
	}, isComposerPlatform)
}

func isComposerPlatform(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "php", "php-64bit", "hhvm", "composer", "composer-plugin-api", "composer-runtime-api":
		return true
	}
	return strings.HasPrefix(n, "ext-") || strings.HasPrefix(n, "lib-")
}
