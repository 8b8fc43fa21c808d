package redact

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateRulesVersion = flag.Bool("update-rules-version", false, "record the detection sources' checksum in testdata/rules-version after RulesVersion was raised")

// detectionSources are the files whose code decides what Redact finds.
var detectionSources = []string{"redact.go", "rules.go", "gitleaks.go"}

// TestRulesVersion makes every change to the detection code raise
// RulesVersion, so that caches of texts known to be clean (keyed by
// Fingerprint) are not trusted under rules that might now find more.
func TestRulesVersion(t *testing.T) {
	h := sha256.New()
	for _, name := range detectionSources {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s %d\n", name, len(data))
		h.Write(data)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	golden := filepath.Join("testdata", "rules-version")
	data, err := os.ReadFile(golden)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var version int
	var recorded string
	fmt.Sscanf(string(data), "%d %s", &version, &recorded)
	if recorded == sum && version == RulesVersion {
		return
	}
	if !*updateRulesVersion {
		t.Fatalf("%s changed since RulesVersion %d was recorded in %s: raise RulesVersion (now %d), then run go test ./internal/redact -run TestRulesVersion -update-rules-version",
			strings.Join(detectionSources, ", "), version, golden, RulesVersion)
	}
	if recorded != sum && version == RulesVersion && recorded != "" {
		t.Fatalf("the detection sources changed but RulesVersion is still %d: raise it first", RulesVersion)
	}
	if err := os.WriteFile(golden, []byte(fmt.Sprintf("%d %s\n", RulesVersion, sum)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFingerprint(t *testing.T) {
	def := Fingerprint(Options{})
	if len(def) != 64 {
		t.Fatalf("Fingerprint = %q, want 64 hex digits", def)
	}
	if got := Fingerprint(Options{MinEntropy: DefaultMinEntropy}); got != def {
		t.Errorf("MinEntropy 0 and DefaultMinEntropy must have the same fingerprint")
	}
	if got := Fingerprint(Options{DisableRules: []string{"b", "a"}}); got != Fingerprint(Options{DisableRules: []string{"a", "b", "a"}}) {
		t.Errorf("the order of DisableRules must not matter")
	}
	differ := []Options{
		{MinEntropy: 3.5},
		{DisableRules: []string{RuleGenericSecret}},
		{Allow: []string{"^test-"}},
		{Allow: []string{"a", "b"}},
		{Allow: []string{"a\x00allow 1:b"}},
	}
	seen := map[string]int{def: -1}
	for i, o := range differ {
		fp := Fingerprint(o)
		if j, ok := seen[fp]; ok {
			t.Errorf("options %d and %d share fingerprint %s", i, j, fp)
		}
		seen[fp] = i
	}
	r, err := New(Options{MinEntropy: 3.5})
	if err != nil {
		t.Fatal(err)
	}
	if r.Fingerprint() != Fingerprint(Options{MinEntropy: 3.5}) {
		t.Errorf("Redactor.Fingerprint differs from Fingerprint of its options")
	}
}
