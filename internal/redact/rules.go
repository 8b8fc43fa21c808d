package redact

import (
	"encoding/base64"
	"math"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Rule ids of the rules this package adds to gitleaks' set.
const (
	// RuleGenericPassword marks a literal assigned to a password-like name
	// (password, passwd, pwd, passphrase, db_pass…).
	RuleGenericPassword = "generic-password"
	// RuleGenericSecret marks a high-entropy literal assigned to a
	// secret-like name (secret, token, api_key, access_key, credentials…).
	RuleGenericSecret = "generic-secret"
	// RuleURLPassword marks the password in a URL's user info, as in
	// postgres://app:s3cr3t@db/app.
	RuleURLPassword = "url-password"
	// RuleAuthorizationHeader marks the credential of an Authorization
	// header (Bearer, Basic, Token).
	RuleAuthorizationHeader = "authorization-header"
	// RulePEMPrivateKey marks a PEM private key block, including one cut
	// short by an excerpt boundary: a BEGIN line without its END, or body
	// lines up to an END line without their BEGIN. (Complete blocks are also
	// found by gitleaks' private-key rule, whose name then wins.)
	RulePEMPrivateKey = "pem-private-key"
)

// ownRuleIDs lists the rule ids defined by this package.
var ownRuleIDs = []string{RuleGenericPassword, RuleGenericSecret, RuleURLPassword, RuleAuthorizationHeader, RulePEMPrivateKey}

// Thresholds of the assignment rules. Shannon entropy is measured in bits
// per character over the value's bytes: random base62 text scores about 5,
// hex about 4, English words about 2.5 to 3.3.
const (
	// DefaultMinEntropy is the entropy a value assigned to a secret-like
	// name must reach (together with minSecretLen and a digit) to be
	// treated as a secret.
	DefaultMinEntropy = 3.0
	// minSecretLen is the shortest value a secret-like name may hold to be
	// considered a token; real API tokens are 16 characters and more.
	minSecretLen = 12
	// highEntropy lets a digit-free value count as a token anyway.
	highEntropy = 4.0
	// minPasswordLen is the shortest literal treated as a password.
	minPasswordLen = 6
	// passwordEntropy is the entropy at which a password made of letters
	// only still counts as a password ("correcthorsebatterystaple").
	passwordEntropy = 3.0
	// minGlobalReplace is the length from which a detected value is replaced
	// everywhere it occurs in the text, not only where it was detected.
	minGlobalReplace = 8
)

// secretNameRe finds name–value pairs whose name mentions a secret:
// `password = "…"`, `apiKey: '…'`, `"client_secret": "…"`, `API_TOKEN=…`,
// `var token string = "…"`, `token: str = "…"`, YAML, TOML, INI, .env and
// JSON alike. Group 1 is the name; the value is in group 2 (double quotes),
// 3 (single quotes), 4 (backquotes) or 5 (a bare word ended by a blank, a
// closing delimiter or the end of the line — not by "(" or "[", which make
// it an expression such as os.Getenv("X")). Group 6 is set when the bare
// word ends with a quote or an escape such as \n: the pair sits inside a
// string literal, so in source code the word is a literal, not a variable.
var secretNameRe = regexp.MustCompile(`(?im)(?:^|[^\w.$@-])["']?([\w.$@-]*(?:pass|pwd|secret|token|key|cred|auth)[\w.-]*)["']?` +
	`(?:[ \t]*:[ \t]*[A-Za-z_][\w.\[\]|]*|[ \t]+[A-Za-z_*\[\]][\w.\[\]*]*)?` + // optional type: `: str`, ` string`
	`[ \t]*(?::=|=>|\?=|=|:)[ \t]*` +
	`(?:(?:\[\]byte\(|SecretStr\(|Buffer\.from\(|String\(|str\(|bytes\()?[bBrRuUfF]{0,2}` + // literal wrappers: []byte("…"), b"…"
	`(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|` + "`([^`\\n]*)`)" + `|` +
	`((?:[^\s"'` + "`" + `,;()\[\]{}<>\\]|\\[^nrt"'])+)(?:[ \t\r,;)\]}]|(\\[nrt"']|["'` + "`" + `])|$))`)

// xmlSecretRe finds <password>…</password> style elements. Group 1 is the
// element name, group 2 the value.
var xmlSecretRe = regexp.MustCompile(`(?i)<([\w:.-]*(?:pass|pwd|secret|token|key|cred|auth)[\w.-]*)>([^<\n]+)</`)

// urlPasswordRe finds scheme://user:password@host. Group 1 is the user,
// group 2 the password.
var urlPasswordRe = regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.-]{1,30}://([^\s:/?#@"'<>\[\]]*):([^\s@/?#"'<>\[\]]+)@[^\s/?#"'<>@]`)

// authHeaderRe finds the credential of an Authorization header. Group 1 is
// the scheme, group 2 the credential.
var authHeaderRe = regexp.MustCompile(`(?i)\bauthorization["']?[ \t]*[:=][ \t]*["']?(bearer|basic|token|bot)[ \t]+([A-Za-z0-9._~+/=-]{8,})`)

// nameWords are the lower-case fragments a secret-like name contains; lines
// without any are not searched for name–value pairs.
var nameWords = []string{"pass", "pwd", "secret", "token", "key", "cred", "auth"}

// ownSpans applies this package's rules to text, line by line (none of them
// matches across lines), skipping lines that lack the words a rule needs.
func (r *Redactor) ownSpans(text, source string, lines []int) []span {
	var spans []span
	add := func(start, end int, rule string, prio int) {
		if r.disabled[rule] || r.allowed(text[start:end]) {
			return
		}
		spans = append(spans, span{start: start, end: end, rule: rule, prio: prio})
	}
	if !r.disabled[RulePEMPrivateKey] {
		spans = append(spans, pemSpans(text, lines)...)
	}
	code := isCodeSource(source)
	lower := asciiLower(text)
	for i, lo := range lines {
		hi := len(text)
		if i+1 < len(lines) {
			hi = lines[i+1] - 1
		}
		line, l := text[lo:hi], lower[lo:hi]
		if containsAny(l, nameWords) {
			for _, m := range secretNameRe.FindAllStringSubmatchIndex(line, -1) {
				class := classifyKey(line[m[2]:m[3]])
				if class == keyNone {
					continue
				}
				for g := 2; g <= 5; g++ {
					s, e := m[2*g], m[2*g+1]
					if s < 0 {
						continue
					}
					inString := m[12] >= 0
					if rule := r.judgeValue(class, line[s:e], g == 5 && code && !inString); rule != "" {
						add(lo+s, lo+e, rule, prioGenericOwn)
					}
				}
			}
			if strings.Contains(l, "</") {
				for _, m := range xmlSecretRe.FindAllStringSubmatchIndex(line, -1) {
					class := classifyKey(line[m[2]:m[3]])
					if class == keyNone {
						continue
					}
					if rule := r.judgeValue(class, strings.TrimSpace(line[m[4]:m[5]]), false); rule != "" {
						add(lo+m[4], lo+m[5], rule, prioGenericOwn)
					}
				}
			}
		}
		if strings.Contains(l, "://") && strings.Contains(l, "@") {
			for _, m := range urlPasswordRe.FindAllStringSubmatchIndex(line, -1) {
				user, pass := line[m[2]:m[3]], strings.TrimLeft(line[m[4]:m[5]], ":")
				if isPlaceholder(pass) || strings.EqualFold(user, pass) || strings.Contains(pass, markerPrefix) {
					continue // postgres:postgres, user:${DB_PASSWORD}, user:password
				}
				add(lo+m[5]-len(pass), lo+m[5], RuleURLPassword, prioStructured)
			}
		}
		if strings.Contains(l, "authorization") {
			for _, m := range authHeaderRe.FindAllStringSubmatchIndex(line, -1) {
				if cred := line[m[4]:m[5]]; authCredential(line[m[2]:m[3]], cred, r.minEntropy) {
					add(lo+m[4], lo+m[5], RuleAuthorizationHeader, prioStructured)
				}
			}
		}
	}
	return spans
}

// pemBeginRe and pemEndRe find the armour lines of a PEM private key.
var (
	pemBeginRe = regexp.MustCompile(`-----BEGIN [A-Z0-9 _-]{0,100}PRIVATE KEY(?: BLOCK)?-----`)
	pemEndRe   = regexp.MustCompile(`-----END [A-Z0-9 _-]{0,100}PRIVATE KEY(?: BLOCK)?-----`)
	// pemBodyRe matches a line of a PEM body: base64, optionally indented,
	// or an RFC 1421 header such as Proc-Type or DEK-Info.
	pemBodyRe = regexp.MustCompile(`^[ \t]*(?:[A-Za-z0-9+/=]+|[A-Za-z-]+: .*|)[ \t\r]*$`)
	// pemInlineRe matches base64 and \n escapes after a BEGIN line on the
	// same line, as in a JSON string.
	pemInlineRe = regexp.MustCompile(`^(?:[A-Za-z0-9+/=]|\\[nr])+`)
)

// minPEMBody is the number of base64 characters a PEM body needs before
// this package calls it a key; prose that merely names the armour line
// ("the file starts with -----BEGIN RSA PRIVATE KEY-----") is left alone.
const minPEMBody = 32

// pemSpans finds PEM private key blocks, complete or cut short. A block
// runs from its BEGIN armour through the body lines that follow, up to and
// including the END armour; without a BEGIN, body lines are taken backwards
// from an END armour to the start of the text or the first line that is
// not body.
func pemSpans(text string, lines []int) []span {
	if !strings.Contains(text, "PRIVATE KEY") {
		return nil
	}
	lineEnd := func(i int) int { // end of line i, excluding its line break
		if i+1 < len(lines) {
			return lines[i+1] - 1
		}
		return len(text)
	}
	add := func(spans []span, start, end, body int) []span {
		if body < minPEMBody {
			return spans
		}
		return append(spans, span{start: start, end: end, rule: RulePEMPrivateKey, prio: prioStructured})
	}
	var spans []span
	covered := -1 // last line inside a block already found
	for i := 0; i < len(lines); i++ {
		if i <= covered {
			continue
		}
		line := text[lines[i]:lineEnd(i)]
		if loc := pemBeginRe.FindStringIndex(line); loc != nil {
			start, end := lines[i]+loc[0], lines[i]+loc[1]
			rest := line[loc[1]:]
			if m := pemEndRe.FindStringIndex(rest); m != nil {
				// A one-line block, as in a JSON string with \n escapes.
				spans = add(spans, start, end+m[1], base64Len(rest[:m[0]]))
				covered = i
				continue
			}
			inline := pemInlineRe.FindString(rest)
			end += len(inline)
			body := base64Len(inline)
			j := i + 1
			for ; j < len(lines); j++ {
				l := text[lines[j]:lineEnd(j)]
				if m := pemEndRe.FindStringIndex(l); m != nil {
					end = lines[j] + m[1]
					break
				}
				if !pemBodyRe.MatchString(l) {
					j--
					break
				}
				if strings.TrimSpace(l) != "" {
					end = lineEnd(j)
					body += base64Len(l)
				}
			}
			covered = min(j, len(lines)-1)
			spans = add(spans, start, end, body)
			continue
		}
		if loc := pemEndRe.FindStringIndex(line); loc != nil {
			start, body := lines[i]+loc[0], 0
			for j := i - 1; j > covered; j-- {
				l := text[lines[j]:lineEnd(j)]
				if !pemBodyRe.MatchString(l) {
					break
				}
				if strings.TrimSpace(l) != "" {
					start = lines[j]
					body += base64Len(l)
				}
			}
			spans = add(spans, start, lines[i]+loc[1], body)
			covered = i
		}
	}
	return spans
}

// base64Len counts the base64 characters in s.
func base64Len(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '=' {
			n++
		}
	}
	return n
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// judgeValue decides whether value, assigned to a name of the given class,
// is a secret, and returns the rule id to report ("" when it is not).
// bareInCode is set for an unquoted value in a programming language, where a
// bare word is a variable or expression rather than a literal.
func (r *Redactor) judgeValue(class keyClass, value string, bareInCode bool) string {
	if value == "" || strings.ContainsAny(value, " \t") || strings.Contains(value, markerPrefix) || isPlaceholder(value) {
		return ""
	}
	if bareInCode && looksLikeExpression(value) {
		return ""
	}
	if looksLikePathOrURL(value) || isNumber(value) || namesItself(value) {
		return ""
	}
	entropy := shannonEntropy(value)
	switch class {
	case keyPassword:
		if len(value) < minPasswordLen {
			return ""
		}
		if entropy >= passwordEntropy || (hasDigit(value) && hasLetter(value)) || (hasSymbol(value) && hasLetter(value)) {
			return RuleGenericPassword
		}
	case keySecret:
		if len(value) >= minSecretLen && !hasISODate(value) && looksRandom(value, r.minEntropy) {
			return RuleGenericSecret
		}
	}
	return ""
}

// authCredential judges the credential of an Authorization header: Basic
// credentials are user:password in base64 and count when the password is
// not a placeholder; tokens must look generated.
func authCredential(scheme, cred string, minEntropy float64) bool {
	if isPlaceholder(cred) || namesItself(cred) {
		return false
	}
	if strings.EqualFold(scheme, "basic") {
		raw, err := base64.StdEncoding.DecodeString(cred)
		if err != nil {
			return false
		}
		user, pass, ok := strings.Cut(string(raw), ":")
		return ok && utf8.ValidString(pass) && !isPlaceholder(pass) && !strings.EqualFold(user, pass)
	}
	return len(cred) >= minSecretLen && looksRandom(cred, minEntropy)
}

// looksRandom reports whether a token-length value looks generated rather
// than written: entropy of at least minEntropy and a digit, or a very high
// entropy without one. Generated tokens of 12 characters or more almost
// always contain a digit; identifiers and phrases ("my-service-token") do
// not.
func looksRandom(v string, minEntropy float64) bool {
	e := shannonEntropy(v)
	return e >= minEntropy && (hasDigit(v) || e >= highEntropy)
}

// isoDateRe matches a calendar date; values holding one are versions or
// feature flags ("oidc-federation-2026-04-01"), not credentials.
var isoDateRe = regexp.MustCompile(`(?:19|20)\d\d-[01]\d-[0-3]\d`)

func hasISODate(v string) bool { return isoDateRe.MatchString(v) }

// nonSecretWords end names whose values are identifiers, digests or
// versions: openapi_spec_hash, image_digest, key_id, api_version.
var nonSecretWords = map[string]bool{
	"hash": true, "sha": true, "sha1": true, "sha256": true, "sha512": true, "md5": true,
	"digest": true, "checksum": true, "etag": true, "fingerprint": true, "id": true,
	"uuid": true, "guid": true, "version": true, "revision": true, "commit": true, "nonce": true,
}

// nonSecretName reports whether name's last word marks a non-secret value.
func nonSecretName(name string) bool {
	words := splitWords(name)
	return len(words) > 0 && nonSecretWords[words[len(words)-1]]
}

// keyClass says what a name suggests about the value assigned to it.
type keyClass int

const (
	keyNone keyClass = iota
	keyPassword
	keySecret
)

// keyQualifiers are the words that turn a trailing "key" into a secret:
// api_key, accessKey, SECRET_KEY, private-key… but not primary_key,
// public_key or cache_key.
var keyQualifiers = map[string]bool{
	"api": true, "access": true, "secret": true, "private": true, "signing": true,
	"encryption": true, "master": true, "account": true, "client": true, "auth": true,
	"app": true, "license": true, "service": true, "storage": true, "subscription": true,
	"shared": true, "hmac": true, "jwt": true, "webhook": true, "consumer": true,
	"admin": true, "sas": true, "crypt": true, "decryption": true, "session": true,
}

// compoundSecretWords are lower-case single words that end a secret-like
// name written without separators (apikey, secretkey, accesstoken…).
var compoundSecretWords = []string{
	"apikey", "secretkey", "accesskey", "privatekey", "signingkey", "masterkey",
	"accountkey", "clientsecret", "authtoken", "accesstoken", "refreshtoken",
	"apitoken", "apisecret", "secrettoken", "bearertoken", "sessiontoken",
}

// classifyKey reads a name such as "DB_PASSWORD", "apiKey",
// "spring.datasource.password" or "--auth-token" and says whether it names
// a password, some other secret, or neither. Only the name's last word
// counts: "password_min_length" and "token_url" name no secret.
func classifyKey(name string) keyClass {
	words := splitWords(name)
	if len(words) == 0 {
		return keyNone
	}
	last := words[len(words)-1]
	prev := ""
	if len(words) > 1 {
		prev = words[len(words)-2]
	}
	switch last {
	case "password", "passwd", "pwd", "passphrase", "passwords", "passcode":
		return keyPassword
	case "pass":
		if prev != "" && prev != "by" && prev != "no" && prev != "bypass" {
			return keyPassword // db_pass, smtpPass
		}
		return keyNone
	case "secret", "secrets", "token", "tokens", "credential", "credentials", "creds", "auth":
		if prev == "csrf" || prev == "xsrf" || prev == "page" || prev == "next" || prev == "continuation" || prev == "max" || prev == "cancel" || prev == "cancellation" || prev == "public" {
			return keyNone
		}
		return keySecret
	case "key", "keys":
		if keyQualifiers[prev] {
			return keySecret
		}
		return keyNone
	}
	for _, w := range compoundSecretWords {
		if strings.HasSuffix(last, w) {
			return keySecret
		}
	}
	if strings.HasSuffix(last, "password") || strings.HasSuffix(last, "passwd") {
		return keyPassword // dbpassword, adminpasswd
	}
	return keyNone
}

// splitWords splits a name into lower-case words at separators and at
// camelCase boundaries: "AWS_SECRET_ACCESS_KEY" → aws secret access key,
// "clientSecret" → client secret, "APIKey" → api key.
func splitWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, c := range rs {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			flush()
			continue
		}
		if unicode.IsUpper(c) && len(cur) > 0 {
			prevLower := unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1])
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if prevLower || (unicode.IsUpper(rs[i-1]) && nextLower) {
				flush()
			}
		}
		cur = append(cur, c)
	}
	flush()
	return words
}

// placeholderWords mark values that stand in for a secret in examples and
// templates. Matching is case-insensitive and on substrings.
var placeholderWords = []string{
	"changeme", "change_me", "change-me", "changethis", "example", "placeholder",
	"dummy", "fake", "sample", "your_", "your-", "yourkey", "yourtoken", "yoursecret",
	"yourpassword", "insert_", "insert-", "replace_", "replace-", "replaceme",
	"redacted", "notasecret", "not_a_secret", "not-a-secret", "xxx", "***", "...", "…",
	"todo", "tbd",
}

// placeholderExact are values that are placeholders only on their own.
var placeholderExact = map[string]bool{
	"password": true, "passwd": true, "pass": true, "secret": true, "token": true,
	"apikey": true, "api_key": true, "key": true, "none": true, "null": true,
	"nil": true, "undefined": true, "true": true, "false": true, "yes": true,
	"no": true, "string": true, "str": true, "int": true, "integer": true,
	"number": true, "boolean": true, "bool": true, "object": true, "array": true,
	"required": true, "optional": true, "empty": true, "hidden": true, "masked": true,
}

// placeholderRe matches template and environment references: ${VAR},
// $VAR, $(cmd), {{ .Value }}, %(name)s, %VAR%, <your-key>, @VAR@,
// process.env.X, os.Getenv("X") and friends.
var placeholderRe = regexp.MustCompile(`^\$\{[^}]*\}?$|^\$[A-Z_][A-Z0-9_]*$|^\$[a-z_][a-z0-9_.]*$|^\$\(|\{\{|\}\}|^%\([\w.]+\)s$|^%[\w.]+%$|^<[^>]*>?$|<[\w .:-]+>|^@[\w.]+@$|\$\{[\w.]+\}|\{[A-Za-z_][\w.]*\}|(?i)process\.env|os\.getenv|os\.environ|getenv\(|system\.getenv|env\[|env\(|^#\{`)

// isPlaceholder reports whether value is an example, template variable,
// environment lookup or other stand-in rather than a secret.
func isPlaceholder(value string) bool {
	v := strings.TrimSpace(value)
	if v == "" {
		return true
	}
	l := strings.ToLower(v)
	if placeholderExact[l] || placeholderRe.MatchString(v) {
		return true
	}
	for _, w := range placeholderWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return isOneRune(v)
}

// obviousPlaceholder is the narrow placeholder test applied to matches of
// gitleaks' specific rules, whose shape already makes them likely secrets:
// only unmistakable stand-ins are let through, such as the EXAMPLE keys of
// vendor documentation, runs of x, template variables and this package's
// own markers.
func obviousPlaceholder(secret string) bool {
	l := strings.ToLower(secret)
	return strings.Contains(secret, "EXAMPLE") || strings.Contains(l, "xxxxx") ||
		strings.Contains(l, "placeholder") || strings.Contains(l, "dummy") ||
		strings.Contains(secret, "${") || strings.Contains(secret, "{{") ||
		strings.Contains(secret, markerPrefix)
}

// isOneRune reports whether s repeats a single character ("aaaaaa", "000").
func isOneRune(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] != s[0] {
			return false
		}
	}
	return true
}

// identRe matches identifiers and selector chains: cfg.Password, API_KEY.
var identRe = regexp.MustCompile(`^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$`)

// looksLikeExpression reports whether an unquoted value in source code is
// a variable, selector or expression rather than a literal.
func looksLikeExpression(v string) bool {
	return identRe.MatchString(v) || strings.ContainsAny(v, "()[]{}+*&|!")
}

// looksLikePathOrURL reports whether v is a file path or a URL (a URL's
// password is the url-password rule's business).
func looksLikePathOrURL(v string) bool {
	return strings.HasPrefix(v, "/") || strings.HasPrefix(v, "./") || strings.HasPrefix(v, "../") ||
		strings.HasPrefix(v, "~/") || strings.Contains(v, "://") || relPathRe.MatchString(v) ||
		(len(v) > 2 && v[1] == ':' && (v[2] == '\\' || v[2] == '/'))
}

// selfWords are the words a value uses when it describes a secret rather
// than being one: "generic-password", "my-api-token", "secret123".
var selfWords = []string{"password", "passwd", "secret", "token", "apikey", "api_key", "api-key"}

// namesItself reports whether v contains a word naming a secret. Generated
// credentials never do; values that do are labels, identifiers or
// placeholders (a human-chosen password such as "Password1!" is let through
// too — that is the price of not flagging every constant named *Password).
func namesItself(v string) bool {
	return containsAny(asciiLower(v), selfWords)
}

// relPathRe matches relative file paths such as config/app.yaml:12.
var relPathRe = regexp.MustCompile(`^[\w.-]*(?:/[\w.-]+)+\.[A-Za-z][A-Za-z0-9]{0,5}(?::\d+)*$`)

func isNumber(v string) bool {
	seenDigit := false
	for i, c := range v {
		switch {
		case c >= '0' && c <= '9':
			seenDigit = true
		case c == '.' || c == '_' || ((c == '-' || c == '+') && i == 0):
		default:
			return false
		}
	}
	return seenDigit
}

func hasDigit(s string) bool { return strings.IndexFunc(s, unicode.IsDigit) >= 0 }

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

func hasSymbol(s string) bool {
	return strings.IndexFunc(s, func(c rune) bool { return unicode.IsPunct(c) || unicode.IsSymbol(c) }) >= 0
}

// shannonEntropy returns the Shannon entropy of s in bits per byte.
func shannonEntropy(s string) float64 {
	if s == "" {
		return 0
	}
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	n := float64(len(s))
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

// uuidRe matches a canonical UUID.
var uuidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func isUUID(s string) bool { return uuidRe.MatchString(s) }

// hashPrefixes precede digests in lock files, checksums and image
// references: "sha512-…" (npm integrity), "h1:…" (go.sum), "sha256:…".
var hashPrefixes = []string{"sha1-", "sha256-", "sha384-", "sha512-", "sha1:", "sha256:", "sha384:", "sha512:", "md5:", "md5-", "h1:", "sha1=", "sha256="}

// hashContext reports whether the value at text[at:] is a digest, judged by
// the algorithm prefix written just before it.
func hashContext(text string, at int) bool {
	lo := at - 8
	if lo < 0 {
		lo = 0
	}
	before := strings.ToLower(text[lo:at])
	for _, p := range hashPrefixes {
		if strings.HasSuffix(before, p) {
			return true
		}
	}
	return false
}

// keyBefore returns the name a value at text[at:] is assigned to, read
// backwards over quotes, blanks and an assignment operator on the same
// line; "" when there is none.
func keyBefore(text string, at int) string {
	i := at
	skip := func(set string) {
		for i > 0 && strings.IndexByte(set, text[i-1]) >= 0 {
			i--
		}
	}
	skip("\"'` \t")
	j := i
	skip(":=>?")
	if i == j {
		return ""
	}
	skip("\"'` \t")
	end := i
	for i > 0 {
		c := text[i-1]
		if c == '_' || c == '-' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			i--
			continue
		}
		break
	}
	return text[i:end]
}

// codeExtensions are the languages in which an unquoted word is an
// identifier rather than a literal value.
var codeExtensions = map[string]bool{
	".go": true, ".py": true, ".js": true, ".mjs": true, ".cjs": true, ".jsx": true,
	".ts": true, ".tsx": true, ".java": true, ".kt": true, ".kts": true, ".rb": true,
	".php": true, ".cs": true, ".rs": true, ".c": true, ".cc": true, ".cpp": true,
	".h": true, ".hpp": true, ".swift": true, ".scala": true, ".dart": true,
	".lua": true, ".ex": true, ".exs": true, ".groovy": true, ".vue": true, ".svelte": true,
}

// isCodeSource reports whether source names a file in a programming language.
func isCodeSource(source string) bool {
	return codeExtensions[strings.ToLower(path.Ext(source))]
}
