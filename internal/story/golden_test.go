package story

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestGolden parses every story under testdata and compares the result,
// as JSON, with the file's .golden twin. Files named spec_* are read with
// ParseSpec; files named err_* must fail, and their golden file holds the
// error. Run with -update to rewrite the golden files.
func TestGolden(t *testing.T) {
	var inputs []string
	for _, pattern := range []string{"*.md", "*.yaml", "*.yml", "*.json"} {
		m, err := filepath.Glob(filepath.Join("testdata", pattern))
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, m...)
	}
	if len(inputs) == 0 {
		t.Fatal("no inputs under testdata")
	}
	for _, path := range inputs {
		base := filepath.Base(path)
		t.Run(base, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var s *Story
			if strings.HasPrefix(base, "spec_") {
				s, err = ParseSpec(path, data)
			} else {
				s, err = Parse(path, data)
			}
			var v any = s
			switch {
			case strings.HasPrefix(base, "err_") && err == nil:
				t.Fatalf("parsed, want an error: %+v", s)
			case strings.HasPrefix(base, "err_"):
				if _, ok := err.(*Error); !ok {
					t.Fatalf("error %v is a %T, want *Error", err, err)
				}
				v = map[string]string{"error": err.Error()}
			case err != nil:
				t.Fatal(err)
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(v); err != nil {
				t.Fatal(err)
			}
			golden := path + ".golden"
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from what the parser gives (go test -update rewrites it):\n--- got\n%s--- want\n%s", golden, buf.Bytes(), want)
			}
		})
	}
}
