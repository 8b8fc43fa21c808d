package prompt

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
)

//go:embed templates/*.md
var builtinFS embed.FS

// maxTemplateBytes limits the size of a template file read by Load.
const maxTemplateBytes = 1 << 20

// BuiltinNames returns the names of the built-in templates, sorted.
func BuiltinNames() []string {
	entries, err := fs.ReadDir(builtinFS, "templates")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".md"); ok && !e.IsDir() {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// Builtin returns the built-in template called name ("story" or
// "backend"), parsed afresh.
func Builtin(name string) (*Template, error) {
	name = strings.TrimPrefix(name, "builtin:")
	if name == "" || strings.ContainsAny(name, `/\`) {
		return nil, fmt.Errorf("prompt: no built-in template %q (built-ins: %s)", name, strings.Join(BuiltinNames(), ", "))
	}
	data, err := builtinFS.ReadFile(path.Join("templates", name+".md"))
	if err != nil {
		return nil, fmt.Errorf("prompt: no built-in template %q (built-ins: %s)", name, strings.Join(BuiltinNames(), ", "))
	}
	t, err := Parse("builtin:"+name, data)
	if err != nil {
		return nil, fmt.Errorf("prompt: built-in template %s: %w", name, err)
	}
	return t, nil
}

// Builtins returns every built-in template, sorted by name.
func Builtins() []*Template {
	var out []*Template
	for _, name := range BuiltinNames() {
		if t, err := Builtin(name); err == nil {
			out = append(out, t)
		}
	}
	return out
}

// Load returns the built-in template called nameOrPath ("story",
// "backend", or with the "builtin:" prefix); any other value is read as a
// template file. A built-in name wins over a file of the same name in the
// working directory; write "./story" to load the file.
func Load(nameOrPath string) (*Template, error) {
	if name, ok := strings.CutPrefix(nameOrPath, "builtin:"); ok {
		return Builtin(name)
	}
	for _, name := range BuiltinNames() {
		if name == nameOrPath {
			return Builtin(name)
		}
	}
	f, err := os.Open(nameOrPath)
	if err != nil {
		return nil, fmt.Errorf("prompt: load template %q (not a built-in: %s): %w", nameOrPath, strings.Join(BuiltinNames(), ", "), err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("prompt: load template %s: %w", nameOrPath, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("prompt: load template %s: is a directory", nameOrPath)
	}
	if st.Size() > maxTemplateBytes {
		return nil, fmt.Errorf("prompt: load template %s: %d bytes is more than the %d-byte limit for templates", nameOrPath, st.Size(), maxTemplateBytes)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxTemplateBytes+1))
	if err != nil {
		return nil, fmt.Errorf("prompt: load template %s: %w", nameOrPath, err)
	}
	if len(data) > maxTemplateBytes {
		return nil, fmt.Errorf("prompt: load template %s: more than the %d-byte limit for templates", nameOrPath, maxTemplateBytes)
	}
	return Parse(nameOrPath, data)
}
