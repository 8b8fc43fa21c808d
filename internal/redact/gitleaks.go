package redact

import (
	"fmt"
	"strings"

	"github.com/spf13/viper"
	"github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
)

// newGitleaksDetector builds a gitleaks detector from gitleaks' bundled
// default rule set (about 220 rules).
//
// Two things differ from detect.NewDetectorDefaultConfig:
//
//   - the configuration is read with a private viper instance, so building a
//     Redactor never touches viper's process-wide singleton and can run
//     concurrently with anything else that uses viper;
//   - the global allowlist's path entries are dropped. gitleaks skips whole
//     files such as go.sum, package-lock.json, vendor/ and node_modules/
//     because they are noisy in a repository scan. Here the text is about to
//     leave the machine, so every byte is scanned; the look-alikes those
//     files hold (hashes) are handled by this package's own filters instead.
//
// Rule-level path allowlists, regex allowlists and stop words are kept.
func newGitleaksDetector() (*detect.Detector, error) {
	v := viper.New()
	v.SetConfigType("toml")
	if err := v.ReadConfig(strings.NewReader(config.DefaultConfig)); err != nil {
		return nil, fmt.Errorf("read gitleaks default config: %w", err)
	}
	var vc config.ViperConfig
	if err := v.Unmarshal(&vc); err != nil {
		return nil, fmt.Errorf("decode gitleaks default config: %w", err)
	}
	if vc.AllowList != nil {
		vc.AllowList.Paths = nil
	}
	for _, a := range vc.Allowlists {
		a.Paths = nil
	}
	cfg, err := vc.Translate()
	if err != nil {
		return nil, fmt.Errorf("load gitleaks default config: %w", err)
	}
	d := detect.NewDetector(cfg)
	// No decoding passes: a finding inside base64 or hex text reports the
	// decoded value, which cannot be located in the original text without
	// relying on gitleaks' internal column arithmetic. Encoded values under
	// secret-looking names are still caught by the assignment rules.
	d.MaxDecodeDepth = 0
	return d, nil
}

// gitleaksRuleIDs returns the ids of the rules a detector applies.
func gitleaksRuleIDs(d *detect.Detector) map[string]bool {
	ids := make(map[string]bool, len(d.Config.Rules))
	for id := range d.Config.Rules {
		ids[id] = true
	}
	return ids
}

// gitleaksSpans runs the gitleaks detector over text and turns its findings
// into byte ranges of text.
//
// gitleaks reports the secret's value and its lines, not byte offsets. The
// value is therefore looked up again: values of eight bytes or more are
// replaced wherever they occur in text (the same key pasted twice must not
// survive the second time); shorter ones only on the lines gitleaks reported.
func (r *Redactor) gitleaksSpans(text, source string, lines []int) []span {
	findings := r.det.Detect(detect.Fragment{Raw: text, FilePath: source})
	var spans []span
	seen := map[string]bool{}
	for _, f := range findings {
		if f.Secret == "" || r.disabled[f.RuleID] {
			continue // path-only rule ("file detected") or switched off
		}
		key := f.RuleID + "\x00" + f.Secret
		if f.Secret != "" && len(f.Secret) < minGlobalReplace {
			key += fmt.Sprintf("\x00%d", f.StartLine)
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		if !r.keepGitleaks(text, lines, f.RuleID, f.Secret) {
			continue
		}
		prio := prioSpecific
		if strings.Contains(f.RuleID, "generic") {
			prio = prioGenericLib
		}
		lo, hi := 0, len(text)
		if len(f.Secret) < minGlobalReplace {
			lo, hi = lineRange(lines, len(text), f.StartLine, f.EndLine)
		}
		for _, at := range indexAll(text[lo:hi], f.Secret) {
			spans = append(spans, span{start: lo + at, end: lo + at + len(f.Secret), rule: f.RuleID, prio: prio})
		}
	}
	return spans
}

// keepGitleaks applies this package's false-alarm filters to a gitleaks
// finding. They are narrow on purpose: a specific rule's match is only
// dropped when it is an obvious placeholder; the broad generic-api-key rule
// additionally loses hashes (lock files, checksums) and identifiers (UUIDs)
// assigned to names that do not say "secret".
func (r *Redactor) keepGitleaks(text string, lines []int, rule, secret string) bool {
	if r.allowed(secret) || obviousPlaceholder(secret) {
		return false
	}
	if !strings.Contains(rule, "generic") {
		return true
	}
	if isPlaceholder(secret) {
		return false
	}
	for _, at := range indexAll(text, secret) {
		if !hashContext(text, at) && !(isUUID(secret) && classifyKey(keyBefore(text, at)) == keyNone) {
			return true
		}
	}
	return false
}

// lineRange returns the byte range covering the 0-based lines first..last.
func lineRange(lines []int, n, first, last int) (int, int) {
	if first < 0 {
		first = 0
	}
	if first >= len(lines) {
		first = len(lines) - 1
	}
	if last < first {
		last = first
	}
	lo := lines[first]
	hi := n
	if last+1 < len(lines) {
		hi = lines[last+1]
	}
	return lo, hi
}
