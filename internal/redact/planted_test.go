package redact

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// testRedactor builds a Redactor with default options or stops the test.
func testRedactor(t testing.TB) *Redactor {
	t.Helper()
	r, err := New(Options{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r
}

func loadPlanted(t *testing.T) (plantedManifest, map[string]string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(plantedDir, "MANIFEST.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m plantedManifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("MANIFEST.json: %v", err)
	}
	files := map[string]string{}
	err = filepath.WalkDir(plantedDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "MANIFEST.json" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(plantedDir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m, files
}

// TestPlantedFixture redacts every file of testdata/planted and checks the
// outcome against MANIFEST.json.
func TestPlantedFixture(t *testing.T) {
	r := testRedactor(t)
	m, files := loadPlanted(t)

	if len(m.Secrets) < 30 || len(m.Kinds) < 15 || len(m.LookAlikes) < 15 {
		t.Fatalf("fixture too small: %d secrets of %d kinds, %d look-alikes", len(m.Secrets), len(m.Kinds), len(m.LookAlikes))
	}

	// Lines on which a planted secret lies: a finding elsewhere is a false alarm.
	secretLines := map[string]map[int]bool{}
	for _, s := range m.Secrets {
		text, ok := files[s.File]
		if !ok {
			t.Fatalf("manifest names missing file %s", s.File)
		}
		at := strings.Index(text, s.Value)
		if at < 0 {
			t.Fatalf("%s: planted %s not in the file", s.File, s.Kind)
		}
		if secretLines[s.File] == nil {
			secretLines[s.File] = map[int]bool{}
		}
		first := 1 + strings.Count(text[:at], "\n")
		for l := first; l <= first+strings.Count(s.Value, "\n"); l++ {
			secretLines[s.File][l] = true
		}
	}
	for _, l := range m.LookAlikes {
		if !strings.Contains(files[l.File], l.Value) {
			t.Fatalf("%s: look-alike %s %q not in the file", l.File, l.Kind, l.Value)
		}
	}

	redacted := map[string]string{}
	falseAlarms := 0
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		text := files[name]
		out, findings := r.Redact(text, name)
		redacted[name] = out

		if got, want := strings.Count(out, "\n"), strings.Count(text, "\n"); got != want {
			t.Errorf("%s: %d lines after redaction, want %d", name, got, want)
		}
		again, more := r.Redact(out, name)
		if again != out || len(more) != 0 {
			t.Errorf("%s: not idempotent: second pass reported %v", name, more)
		}
		if out2, findings2 := r.Redact(text, name); out2 != out || !equalFindings(findings, findings2) {
			t.Errorf("%s: not deterministic", name)
		}
		for _, f := range findings {
			if f.Source != name || f.Redacted != Marker(f.Rule) {
				t.Errorf("%s: malformed finding %+v", name, f)
			}
			if !secretLines[name][f.Line] {
				falseAlarms++
				t.Errorf("%s:%d: false alarm (%s): %q", name, f.Line, f.Rule, lineOf(text, f.Line))
			}
			if !strings.Contains(lineOf(out, f.Line), f.Redacted) {
				t.Errorf("%s:%d: marker %s not on the reported line", name, f.Line, f.Redacted)
			}
		}
	}

	detected := 0
	for _, s := range m.Secrets {
		out := redacted[s.File]
		leaked := strings.Contains(out, s.Value)
		for _, line := range strings.Split(s.Value, "\n") {
			if len(line) >= 8 && strings.Contains(out, line) {
				leaked = true
			}
		}
		if leaked {
			t.Errorf("%s: %s survived redaction", s.File, s.Kind)
			continue
		}
		detected++
	}
	for _, l := range m.LookAlikes {
		if !strings.Contains(redacted[l.File], l.Value) {
			falseAlarms++
			t.Errorf("%s: look-alike %s %q was redacted", l.File, l.Kind, l.Value)
		}
	}
	t.Logf("detected %d/%d, false alarms %d (%d kinds, %d look-alikes, %d files)",
		detected, len(m.Secrets), falseAlarms, len(m.Kinds), len(m.LookAlikes), len(files))
	if detected != len(m.Secrets) || falseAlarms != 0 {
		t.Errorf("want 100%% detection and no false alarms")
	}
}

func equalFindings(a, b []Finding) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// lineOf returns the 1-based line n of text.
func lineOf(text string, n int) string {
	lines := strings.Split(text, "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	return lines[n-1]
}
