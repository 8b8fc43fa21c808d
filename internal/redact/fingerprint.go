package redact

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/zricethezav/gitleaks/v8/config"
)

// RulesVersion numbers this package's own detection: its rules, their
// thresholds and its false-alarm filters. It is part of every Fingerprint,
// so raising it invalidates whatever was remembered about texts under the
// previous rules. TestRulesVersion fails when the detection sources change
// and it was not raised.
const RulesVersion = 1

// gitleaksModule is the module whose rules and engine a Redactor embeds.
const gitleaksModule = "github.com/zricethezav/gitleaks/v8"

// baseFingerprint hashes what every Redactor shares: RulesVersion, the
// gitleaks module version this binary was built with and gitleaks' default
// rule set.
var baseFingerprint = sync.OnceValue(func() string {
	h := sha256.New()
	fmt.Fprintf(h, "groundplan-redact %d\x00", RulesVersion)
	fmt.Fprintf(h, "%s %s\x00", gitleaksModule, gitleaksVersion())
	h.Write([]byte(config.DefaultConfig))
	return string(h.Sum(nil))
})

// gitleaksVersion returns the version (and checksum) of the gitleaks module
// linked into this binary, or "unknown" when the binary carries no module
// information.
func gitleaksVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, m := range bi.Deps {
		if m.Path != gitleaksModule {
			continue
		}
		if m.Replace != nil {
			m = m.Replace
		}
		return m.Path + "@" + m.Version + " " + m.Sum
	}
	return "unknown"
}

// Fingerprint identifies what a Redactor built with opts detects: the
// rules (gitleaks' version and default rule set, this package's
// RulesVersion) and the options that change results (disabled rules, allow
// patterns, entropy threshold). Two Redactors with the same fingerprint
// find the same secrets in the same text, so a cache of results may be
// keyed by it. It is a hex string and costs no Redactor to compute.
func Fingerprint(opts Options) string {
	h := sha256.New()
	h.Write([]byte(baseFingerprint()))
	minEntropy := opts.MinEntropy
	if minEntropy == 0 {
		minEntropy = DefaultMinEntropy
	}
	fmt.Fprintf(h, "min-entropy %g\x00", minEntropy)
	disabled := slices.Clone(opts.DisableRules)
	slices.Sort(disabled)
	disabled = slices.Compact(disabled)
	fmt.Fprintf(h, "disable %q\x00", strings.Join(disabled, "\x00"))
	// Allow patterns are applied in any order, so their order does not
	// matter either; each is length-prefixed to keep the encoding
	// unambiguous.
	allow := slices.Clone(opts.Allow)
	slices.Sort(allow)
	for _, a := range allow {
		fmt.Fprintf(h, "allow %d:%s\x00", len(a), a)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Fingerprint returns Fingerprint of the options r was built with.
func (r *Redactor) Fingerprint() string { return r.fingerprint }
