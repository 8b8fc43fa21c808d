package verify

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// corpusCase is one entry of testdata/corpus/manifest.yaml.
type corpusCase struct {
	Plan     string   `yaml:"plan"`     // under testdata/corpus
	Input    string   `yaml:"input"`    // story or spec under examples/bookstore
	Template string   `yaml:"template"` // built-in template: story or backend
	Expect   []string `yaml:"expect"`   // rules that must fire; none for a correct plan
	Line     int      `yaml:"line"`     // the line the expected finding points at; 0 for the whole plan
	Fault    string   `yaml:"fault"`    // what was planted
}

func loadManifest(t *testing.T) []corpusCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "corpus", "manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []corpusCase
	if err := yaml.Unmarshal(data, &cases); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	return cases
}

// TestCorpus verifies every plan of the corpus: the correct plans must
// raise no error or warning, and each planted fault must be found by its
// rule, at its line, with no other error or warning. It requires a
// detection rate of 100% and no false alarms.
func TestCorpus(t *testing.T) {
	cases := loadManifest(t)
	faults, detected, falseAlarms, good := 0, 0, 0, 0
	covered := map[string]bool{}
	for _, c := range cases {
		t.Run(strings.TrimSuffix(c.Plan, ".md"), func(t *testing.T) {
			text, err := os.ReadFile(filepath.Join("testdata", "corpus", filepath.FromSlash(c.Plan)))
			if err != nil {
				t.Fatal(err)
			}
			r := verifyText(t, string(text), loadInput(t, c.Input), sections(t, c.Template))
			for _, f := range alarms(r, c.Expect) {
				falseAlarms++
				t.Errorf("false alarm: line %d %s [%s] %s", f.Line, f.Severity, f.Rule, f.Message)
			}
			if len(c.Expect) == 0 {
				good++
				return
			}
			faults++
			ok := true
			for _, rule := range c.Expect {
				covered[rule] = true
				found := false
				for _, f := range r.Findings {
					if f.Rule == rule && (c.Line == 0 || f.Line == c.Line || contains(f.Also, c.Line)) {
						found = true
					}
				}
				if !found {
					ok = false
					t.Errorf("missed %s (line %d) — %s\n%s", rule, c.Line, c.Fault, r.Text())
				}
			}
			if ok {
				detected++
			}
		})
	}
	rate := 1.0
	if faults > 0 {
		rate = float64(detected) / float64(faults)
	}
	t.Logf("corpus: %d correct plans, %d planted faults; detection %.0f%% (%d/%d), false alarms %d",
		good, faults, rate*100, detected, faults, falseAlarms)
	if rate < 1 || falseAlarms > 0 {
		t.Errorf("want 100%% detection and no false alarms, got %.0f%% and %d", rate*100, falseAlarms)
	}
	var missing []string
	for _, r := range Rules() {
		if r.Severity != SeverityInfo && !covered[r.ID] {
			missing = append(missing, r.ID)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("no planted fault for rules %s", strings.Join(missing, ", "))
	}
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestCorpusFaultsDiffer checks that every fault file differs from some
// correct plan of the same input in a few lines only, so that each plants
// one fault.
func TestCorpusFaultsDiffer(t *testing.T) {
	cases := loadManifest(t)
	goodByInput := map[string][]string{}
	for _, c := range cases {
		if len(c.Expect) == 0 {
			goodByInput[c.Input] = append(goodByInput[c.Input], c.Plan)
		}
	}
	for _, c := range cases {
		if len(c.Expect) == 0 {
			continue
		}
		fault := readLines(t, c.Plan)
		bestDiff := -1
		for _, g := range goodByInput[c.Input] {
			if d := lineDiff(readLines(t, g), fault); bestDiff < 0 || d < bestDiff {
				bestDiff = d
			}
		}
		if bestDiff < 0 {
			t.Errorf("%s: no correct plan for %s", c.Plan, c.Input)
			continue
		}
		if bestDiff == 0 || bestDiff > 12 {
			t.Errorf("%s: differs from the closest correct plan in %d lines; want one planted fault", c.Plan, bestDiff)
		}
	}
}

func readLines(t *testing.T, rel string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "corpus", filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(string(data), "\n")
}

// lineDiff counts the lines one text has that the other lacks, both ways.
func lineDiff(a, b []string) int {
	count := func(xs []string) map[string]int {
		m := map[string]int{}
		for _, x := range xs {
			m[x]++
		}
		return m
	}
	ca, cb := count(a), count(b)
	n := 0
	for k, v := range ca {
		if d := v - cb[k]; d > 0 {
			n += d
		}
	}
	for k, v := range cb {
		if d := v - ca[k]; d > 0 {
			n += d
		}
	}
	return n
}
