// Package redact keeps secrets out of everything groundplan sends to a
// model or prints as a prompt.
//
// Two defences, used together:
//
//   - IsSecretFile (or a FileMatcher) names the files that exist to hold
//     secrets — .env files, private keys, keystores, cloud and cluster
//     credentials, and whatever .groundplanignore adds. Such files are never
//     packed or included.
//   - A Redactor scans any text (files before excerpts are cut from them,
//     @path includes, the story, the rendered prompt) and replaces every
//     secret value with a marker such as [REDACTED:aws-access-token],
//     returning one Finding per replacement.
//
// Detection combines gitleaks' default rule set (about 220 rules for
// specific credential formats, used as a library) with this package's own
// rules: literals assigned to password-, secret-, token- or key-like names,
// judged by length and Shannon entropy (generic-password, generic-secret);
// passwords in URLs (url-password); Authorization header credentials
// (authorization-header); and PEM private key blocks, including blocks cut
// short by an excerpt boundary (pem-private-key).
//
// Decisions worth knowing:
//
//   - Documented example credentials stay: AWS's AKIAIOSFODNN7EXAMPLE (and
//     any match of a specific rule containing EXAMPLE), values made of x's
//     (sk_test_xxxxxxxx…), template variables (${VAR}, {{ .X }}),
//     environment lookups (os.Getenv, process.env), and words such as
//     changeme, example, dummy, fake, placeholder, <your-key>.
//   - The generic rules leave values that name a secret alone
//     ("generic-password", "my-api-token", "secret123"): generated
//     credentials never contain such words, labels and placeholders do.
//   - Digests stay: values right after sha256:, sha512-, h1: and similar
//     (lock files, go.sum, image digests), git SHAs, and UUIDs unless they
//     are assigned to a secret-like name (api_key: <uuid> is redacted,
//     request_id: <uuid> is not).
//   - A URL password equal to its user name (postgres:postgres) is treated
//     as a local default, not a secret.
//   - .env.example, .env.sample, .env.template and .env.dist are not secret
//     files: they document variable names and may be packed, but like every
//     other text they pass through Redact first.
//   - A value found once is replaced wherever else it occurs in the same
//     text (values of 8 bytes or more), so a key pasted twice cannot leak
//     through the copy that no rule matched.
//
// A marker never adds or removes a line: a multi-line secret (a PEM private
// key block) becomes the marker followed by as many line breaks as the
// secret spanned, so line numbers of excerpts stay correct. Redact a whole
// file before cutting excerpts from it: an excerpt that starts inside a
// secret has less context to recognise it by.
package redact

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// markerPrefix starts every marker; text holding it has been redacted.
const markerPrefix = "[REDACTED:"

// Marker returns the text that replaces a secret found by rule,
// "[REDACTED:<rule>]".
func Marker(rule string) string { return markerPrefix + rule + "]" }

// Finding records one redacted secret. It never holds the secret's value,
// not even in part.
type Finding struct {
	// Source is the label given to Redact: a repository-relative path or a
	// name such as "story".
	Source string
	// Line is the 1-based line of the text on which the secret started.
	Line int
	// Rule is the id of the rule that found it, e.g. "aws-access-token",
	// "private-key" or "generic-password".
	Rule string
	// Redacted is the marker that replaced the value.
	Redacted string
}

// String formats the finding as "source:line (rule)".
func (f Finding) String() string {
	return fmt.Sprintf("%s:%d (%s)", f.Source, f.Line, f.Rule)
}

// Options configures a Redactor. The zero value is the recommended setting.
type Options struct {
	// DisableRules lists rule ids that are not applied: gitleaks ids such
	// as "generic-api-key" or this package's RuleGenericPassword and
	// friends. An unknown id is an error.
	DisableRules []string
	// Allow lists regular expressions (Go syntax); a detected value matching
	// any of them is left in place. Use it for known test credentials.
	Allow []string
	// MinEntropy is the Shannon entropy, in bits per character, that a
	// value assigned to a secret-like name (generic-secret rule) or an
	// Authorization header credential must reach to be redacted. Zero
	// means DefaultMinEntropy; raising it trades recall for fewer false
	// alarms.
	MinEntropy float64
}

// Redactor finds and replaces secrets in text. It is safe for concurrent
// use. Building one compiles gitleaks' rule set, which takes tens of
// milliseconds and a few megabytes: build one per process and share it.
type Redactor struct {
	gl          *gitleaksEngine
	disabled    map[string]bool
	allow       []*regexp.Regexp
	minEntropy  float64
	fingerprint string
}

// New builds a Redactor.
func New(opts Options) (*Redactor, error) {
	gl, err := newGitleaksEngine()
	if err != nil {
		return nil, fmt.Errorf("redact: %w", err)
	}
	r := &Redactor{gl: gl, disabled: map[string]bool{}, minEntropy: opts.MinEntropy, fingerprint: Fingerprint(opts)}
	if r.minEntropy == 0 {
		r.minEntropy = DefaultMinEntropy
	}
	if r.minEntropy < 0 {
		return nil, fmt.Errorf("redact: MinEntropy %v is negative", opts.MinEntropy)
	}
	for _, id := range opts.DisableRules {
		if !gl.ids[id] && !slices.Contains(ownRuleIDs, id) {
			return nil, fmt.Errorf("redact: disable rule %q: no such rule", id)
		}
		r.disabled[id] = true
	}
	for _, pat := range opts.Allow {
		re, err := regexp.Compile(pat)
		if err != nil {
			return nil, fmt.Errorf("redact: allow pattern %q: %w", pat, err)
		}
		r.allow = append(r.allow, re)
	}
	return r, nil
}

// Rules returns the ids of every rule the Redactor applies, sorted.
func (r *Redactor) Rules() []string {
	var out []string
	for id := range r.gl.ids {
		if !r.disabled[id] {
			out = append(out, id)
		}
	}
	for _, id := range ownRuleIDs {
		if !r.disabled[id] {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// allowed reports whether a detected value matches a user allow pattern.
func (r *Redactor) allowed(value string) bool {
	for _, re := range r.allow {
		if re.MatchString(value) {
			return true
		}
	}
	return false
}

// maxRounds bounds the scans Redact makes. Replacing a value can, in
// theory, expose a new match (a rule that had matched a larger overlapping
// region); the text is scanned again until nothing is found, which is what
// makes Redact idempotent.
const maxRounds = 4

// Redact replaces every secret in text with a marker and returns the new
// text with one Finding per replaced value, ordered by line. source labels
// the text in findings (a repository-relative path or "story"); when it is
// a path its name also selects path-specific rules (Kubernetes Secret YAML,
// Terraform) and whether bare words are code identifiers.
//
// The result has exactly as many lines as text, is the same for the same
// input, and redacting it again changes nothing and reports nothing.
func (r *Redactor) Redact(text, source string) (string, []Finding) {
	var findings []Finding
	for round := 0; round < maxRounds; round++ {
		spans := merge(r.scan(text, source))
		if len(spans) == 0 {
			break
		}
		var b strings.Builder
		b.Grow(len(text))
		last, line := 0, 1
		for _, s := range spans {
			line += strings.Count(text[last:s.start], "\n")
			b.WriteString(text[last:s.start])
			marker := Marker(s.rule)
			b.WriteString(marker)
			for _, c := range []byte(text[s.start:s.end]) {
				if c == '\n' || c == '\r' {
					b.WriteByte(c)
				}
			}
			findings = append(findings, Finding{Source: source, Line: line, Rule: s.rule, Redacted: marker})
			line += strings.Count(text[s.start:s.end], "\n")
			last = s.end
		}
		b.WriteString(text[last:])
		text = b.String()
	}
	sort.SliceStable(findings, func(i, j int) bool { return findings[i].Line < findings[j].Line })
	return text, findings
}

// Priorities of overlapping matches: the lower wins the marker's name.
const (
	prioSpecific   = iota // a gitleaks rule for one credential format
	prioStructured        // url-password, authorization-header
	prioGenericLib        // gitleaks' generic-api-key
	prioGenericOwn        // generic-password, generic-secret
)

// span is a byte range of text holding a secret.
type span struct {
	start, end int
	rule       string
	prio       int
}

// scan runs every rule over text, then adds every other occurrence of each
// value found that is at least minGlobalReplace bytes long.
func (r *Redactor) scan(text, source string) []span {
	lines := lineStarts(text)
	spans := r.gitleaksSpans(text, source, lines)
	spans = append(spans, r.ownSpans(text, source, lines)...)
	seen := map[string]bool{}
	for _, s := range spans[:len(spans):len(spans)] {
		v := text[s.start:s.end]
		if len(v) < minGlobalReplace || seen[v] {
			continue
		}
		seen[v] = true
		for _, at := range indexAll(text, v) {
			if at != s.start {
				spans = append(spans, span{start: at, end: at + len(v), rule: s.rule, prio: s.prio})
			}
		}
	}
	return spans
}

// merge sorts spans and joins overlapping ones. A joined span takes the
// rule of its highest-priority member (then the alphabetically first), so
// the outcome does not depend on the order rules ran in.
func merge(spans []span) []span {
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b span) int {
		if a.start != b.start {
			return a.start - b.start
		}
		if a.end != b.end {
			return b.end - a.end
		}
		if a.prio != b.prio {
			return a.prio - b.prio
		}
		return strings.Compare(a.rule, b.rule)
	})
	out := []span{spans[0]}
	for _, s := range spans[1:] {
		cur := &out[len(out)-1]
		if s.start >= cur.end {
			out = append(out, s)
			continue
		}
		if s.end > cur.end {
			cur.end = s.end
		}
		if s.prio < cur.prio || (s.prio == cur.prio && s.rule < cur.rule) {
			cur.rule, cur.prio = s.rule, s.prio
		}
	}
	return out
}

// lineStarts returns the byte offset at which each line of text starts.
func lineStarts(text string) []int {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// asciiLower lower-cases the ASCII letters of s and nothing else, so byte
// offsets into the result are offsets into s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// indexAll returns the offsets of the non-overlapping occurrences of sub
// in s.
func indexAll(s, sub string) []int {
	if sub == "" {
		return nil
	}
	var out []int
	for i := 0; ; {
		j := strings.Index(s[i:], sub)
		if j < 0 {
			return out
		}
		out = append(out, i+j)
		i += j + len(sub)
	}
}

// Summary describes findings in one line for stderr, e.g.
// "redacted 3 secrets: config/app.yaml:12 (generic-api-key), …". It names
// places and rules, never values, lists at most 20 places, and returns ""
// when there is nothing to report.
func Summary(findings []Finding) string {
	if len(findings) == 0 {
		return ""
	}
	sorted := slices.Clone(findings)
	slices.SortStableFunc(sorted, func(a, b Finding) int {
		if c := strings.Compare(a.Source, b.Source); c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Rule, b.Rule)
	})
	const maxListed = 20
	noun := "secrets"
	if len(sorted) == 1 {
		noun = "secret"
	}
	parts := make([]string, 0, maxListed+1)
	for i, f := range sorted {
		if i == maxListed {
			parts = append(parts, fmt.Sprintf("and %d more", len(sorted)-maxListed))
			break
		}
		parts = append(parts, f.String())
	}
	return fmt.Sprintf("redacted %d %s: %s", len(sorted), noun, strings.Join(parts, ", "))
}
