package redact

import (
	"fmt"
	"regexp"
	"strings"

	ahocorasick "github.com/BobuSumisu/aho-corasick"
	"github.com/spf13/viper"
	"github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
)

// gitleaksEngine runs gitleaks' default rules. They are split in two
// detectors for speed:
//
//   - near holds the rules whose matches stay within a couple of lines
//     (almost all of them, including the expensive generic-api-key). It only
//     sees windows of the text around lines that contain one of its
//     keywords, which is how gitleaks itself prefilters, but per line rather
//     than per file: ordinary code mentions "key" or "token" on few lines.
//   - far holds the rules that may match across many lines (private keys,
//     Kubernetes Secret manifests, multi-line curl commands). It sees the
//     whole text; its own keyword prefilter skips it when the keywords are
//     absent.
type gitleaksEngine struct {
	near, far *detect.Detector
	keywords  *ahocorasick.Trie // the near rules' keywords, lower case
	ids       map[string]bool
}

// Lines of context kept around a keyword line. The near rules allow a few
// blanks between a name and its value, so the value may sit on the next line
// (`api_key:` then the value indented below it).
const (
	windowBefore = 1
	windowAfter  = 2
)

// farRuleRe spots regular expressions that can match across many lines:
// explicit newlines, [\s\S], dot-matches-newline, or unbounded runs of \s.
var farRuleRe = regexp.MustCompile(`\\[nr]|\[\\s\\S|\(\?[a-z]*s|\\s[*+]|\\s\{\d+,\}`)

// newGitleaksEngine builds the detectors from gitleaks' bundled default
// rule set (about 220 rules).
//
// Two things differ from detect.NewDetectorDefaultConfig:
//
//   - the configuration is read with a private viper instance, so building a
//     Redactor never touches viper's process-wide singleton;
//   - the global allowlist's path entries are dropped. gitleaks skips whole
//     files such as go.sum, package-lock.json, vendor/ and node_modules/
//     because they are noisy in a repository scan. Here the text is about to
//     leave the machine, so every byte is scanned; the look-alikes those
//     files hold (hashes) are handled by this package's own filters instead.
//
// Rule-level path allowlists, regex allowlists and stop words are kept.
func newGitleaksEngine() (*gitleaksEngine, error) {
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

	near, far := subConfig(cfg), subConfig(cfg)
	e := &gitleaksEngine{ids: map[string]bool{}}
	for id, rule := range cfg.Rules {
		e.ids[id] = true
		target := near
		if rule.Regex != nil && farRuleRe.MatchString(rule.Regex.String()) {
			target = far
		}
		target.Rules[id] = rule
		for _, k := range rule.Keywords {
			target.Keywords[strings.ToLower(k)] = struct{}{}
		}
	}
	if len(near.Rules) == 0 || len(far.Rules) == 0 {
		return nil, fmt.Errorf("gitleaks default config: unexpected rule split (%d near, %d far)", len(near.Rules), len(far.Rules))
	}
	e.near, e.far = detect.NewDetector(near), detect.NewDetector(far)
	// No decoding passes: a finding inside base64 or hex text reports the
	// decoded value, which cannot be located in the original text without
	// relying on gitleaks' internal column arithmetic. Encoded values under
	// secret-looking names are still caught by the assignment rules.
	e.near.MaxDecodeDepth, e.far.MaxDecodeDepth = 0, 0

	words := make([]string, 0, len(near.Keywords))
	for k := range near.Keywords {
		words = append(words, k)
	}
	e.keywords = ahocorasick.NewTrieBuilder().AddStrings(words).Build()
	return e, nil
}

// subConfig returns an empty copy of cfg sharing its global allowlists.
func subConfig(cfg config.Config) config.Config {
	return config.Config{
		Title:      cfg.Title,
		Rules:      map[string]config.Rule{},
		Keywords:   map[string]struct{}{},
		Allowlists: cfg.Allowlists,
	}
}

// rawFinding is what the rest of the package needs from a gitleaks finding.
type rawFinding struct {
	rule, secret string
	first, last  int // 0-based lines of text
}

// find runs both detectors over text.
func (e *gitleaksEngine) find(text, source string, lines []int) []rawFinding {
	var out []rawFinding
	collect := func(d *detect.Detector, raw string, firstLine int) {
		for _, f := range d.Detect(detect.Fragment{Raw: raw, FilePath: source}) {
			out = append(out, rawFinding{rule: f.RuleID, secret: f.Secret, first: firstLine + f.StartLine, last: firstLine + f.EndLine})
		}
	}
	collect(e.far, text, 0)
	for _, w := range e.windows(text, lines) {
		lo, hi := lineRange(lines, len(text), w[0], w[1])
		collect(e.near, text[lo:hi], w[0])
	}
	return out
}

// windows returns the [first, last] line ranges (0-based, inclusive,
// disjoint, ascending) that hold a keyword of the near rules, widened by
// the context lines.
func (e *gitleaksEngine) windows(text string, lines []int) [][2]int {
	var hits []int // lines holding a keyword, ascending with repeats
	line := 0
	e.keywords.Walk([]byte(asciiLower(text)), func(end, n, _ int64) bool {
		start := int(end - n + 1)
		for line+1 < len(lines) && lines[line+1] <= start {
			line++
		}
		if len(hits) == 0 || hits[len(hits)-1] != line {
			hits = append(hits, line)
		}
		return true
	})
	var out [][2]int
	for _, h := range hits {
		lo, hi := max(h-windowBefore, 0), min(h+windowAfter, len(lines)-1)
		if n := len(out); n > 0 && lo <= out[n-1][1]+1 {
			out[n-1][1] = max(out[n-1][1], hi)
			continue
		}
		out = append(out, [2]int{lo, hi})
	}
	return out
}

// gitleaksSpans runs gitleaks over text and turns its findings into byte
// ranges of text.
//
// gitleaks reports the secret's value and its lines, not byte offsets. The
// value is therefore looked up again: values of minGlobalReplace bytes or
// more anywhere in text (scan would add the other copies anyway), shorter
// ones only on the lines gitleaks reported.
func (r *Redactor) gitleaksSpans(text, source string, lines []int) []span {
	var spans []span
	seen := map[string]bool{}
	for _, f := range r.gl.find(text, source, lines) {
		if f.secret == "" || r.disabled[f.rule] {
			continue // path-only rule ("file detected") or switched off
		}
		global := len(f.secret) >= minGlobalReplace
		key := f.rule + "\x00" + f.secret
		if !global {
			key += fmt.Sprintf("\x00%d", f.first)
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		if !r.keepGitleaks(text, f.rule, f.secret) {
			continue
		}
		prio := prioSpecific
		if strings.Contains(f.rule, "generic") {
			prio = prioGenericLib
		}
		lo, hi := 0, len(text)
		if !global {
			lo, hi = lineRange(lines, len(text), f.first, f.last)
		}
		for _, at := range indexAll(text[lo:hi], f.secret) {
			spans = append(spans, span{start: lo + at, end: lo + at + len(f.secret), rule: f.rule, prio: prio})
		}
	}
	return spans
}

// keepGitleaks applies this package's false-alarm filters to a gitleaks
// finding. They are narrow on purpose: a specific rule's match is only
// dropped when it is an obvious placeholder; the broad generic-api-key rule
// additionally loses hashes (lock files, checksums, values named *_hash or
// *_digest), versions with a date ("oidc-federation-2026-04-01") and UUIDs
// assigned to names that do not say "secret".
func (r *Redactor) keepGitleaks(text, rule, secret string) bool {
	if r.allowed(secret) || obviousPlaceholder(secret) {
		return false
	}
	if !strings.Contains(rule, "generic") {
		return true
	}
	if isPlaceholder(secret) || hasISODate(secret) {
		return false
	}
	for _, at := range indexAll(text, secret) {
		key := keyBefore(text, at)
		if hashContext(text, at) || nonSecretName(key) || (isUUID(secret) && classifyKey(key) == keyNone) {
			continue
		}
		return true
	}
	return false
}

// lineRange returns the byte range covering the 0-based lines first..last.
func lineRange(lines []int, n, first, last int) (int, int) {
	first = min(max(first, 0), len(lines)-1)
	last = min(max(last, first), len(lines)-1)
	hi := n
	if last+1 < len(lines) {
		hi = lines[last+1]
	}
	return lines[first], hi
}
