package redact

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	ignore "github.com/sabhiram/go-gitignore"
)

// IgnoreFile is the repository-root file whose gitignore-syntax patterns
// name further files that must never be sent to a model.
const IgnoreFile = ".groundplanignore"

// secretFileRule names a kind of file that exists to hold secrets.
type secretFileRule struct {
	match  func(base, rel string) bool
	reason string
}

// exampleEnvSuffixes mark .env files that document variables instead of
// holding them; they are not secret files (their text is still redacted).
var exampleEnvSuffixes = []string{".example", ".sample", ".template", ".dist", ".defaults", ".tmpl", ".tpl"}

func isEnvFile(base string) bool {
	switch {
	case base == ".env", base == ".envrc":
		return true
	case strings.HasPrefix(base, ".env."), strings.HasSuffix(base, ".env"):
		for _, s := range exampleEnvSuffixes {
			if strings.HasSuffix(base, s) || strings.Contains(base, s+".") {
				return false
			}
		}
		return true
	}
	return false
}

func hasExt(exts ...string) func(base, rel string) bool {
	return func(base, _ string) bool {
		for _, e := range exts {
			if strings.HasSuffix(base, e) {
				return true
			}
		}
		return false
	}
}

func baseIs(names ...string) func(base, rel string) bool {
	return func(base, _ string) bool {
		for _, n := range names {
			if base == n {
				return true
			}
		}
		return false
	}
}

func basePrefix(prefixes ...string) func(base, rel string) bool {
	return func(base, _ string) bool {
		for _, p := range prefixes {
			if strings.HasPrefix(base, p) {
				return true
			}
		}
		return false
	}
}

// pathEndsWith matches a file whose last path elements are suffix
// (".aws/credentials" matches "home/.aws/credentials").
func pathEndsWith(suffixes ...string) func(base, rel string) bool {
	return func(_, rel string) bool {
		for _, s := range suffixes {
			if rel == s || strings.HasSuffix(rel, "/"+s) {
				return true
			}
		}
		return false
	}
}

// underDir matches a file inside a directory with the given name.
func underDir(names ...string) func(base, rel string) bool {
	return func(_, rel string) bool {
		for _, n := range names {
			if strings.HasPrefix(rel, n+"/") || strings.Contains(rel, "/"+n+"/") {
				return true
			}
		}
		return false
	}
}

// secretFileRules are checked in order against the lower-cased path; the
// first match gives the reason shown to the user.
var secretFileRules = []secretFileRule{
	{func(base, _ string) bool { return isEnvFile(base) }, ".env files hold secrets and are never sent to a model (.env.example and similar templates are allowed)"},
	{hasExt(".pem"), ".pem files hold private keys and certificates and are never sent to a model"},
	{hasExt(".key"), ".key files hold private keys and are never sent to a model"},
	{basePrefix("id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"), "SSH key files (id_rsa, id_ecdsa, id_ed25519…) are never sent to a model"},
	{underDir(".ssh"), "files under .ssh/ hold SSH keys and are never sent to a model"},
	{underDir(".gnupg"), "files under .gnupg/ hold GPG keys and are never sent to a model"},
	{hasExt(".p12", ".pfx"), "PKCS#12 files (.p12, .pfx) hold private keys and are never sent to a model"},
	{hasExt(".keystore", ".jks", ".bks"), "Java keystores (.keystore, .jks) hold private keys and are never sent to a model"},
	{hasExt(".p8", ".ppk", ".kdbx", ".age"), "key and password-vault files (.p8, .ppk, .kdbx, .age) are never sent to a model"},
	{baseIs(".npmrc"), ".npmrc files hold registry tokens and are never sent to a model"},
	{baseIs(".pypirc"), ".pypirc files hold package index passwords and are never sent to a model"},
	{baseIs(".netrc", "_netrc"), ".netrc files hold login passwords and are never sent to a model"},
	{baseIs(".git-credentials"), ".git-credentials files hold git passwords and tokens and are never sent to a model"},
	{baseIs(".pgpass", ".htpasswd", ".my.cnf"), "password files (.pgpass, .htpasswd, .my.cnf) are never sent to a model"},
	{func(base, rel string) bool {
		return base == "kubeconfig" || strings.HasSuffix(base, ".kubeconfig") || pathEndsWith(".kube/config")(base, rel)
	}, "kubeconfig files hold cluster credentials and are never sent to a model"},
	{pathEndsWith(".aws/credentials"), ".aws/credentials holds AWS keys and is never sent to a model"},
	{pathEndsWith(".docker/config.json"), ".docker/config.json holds registry credentials and is never sent to a model"},
	{pathEndsWith(".config/gcloud/credentials.db", ".config/gcloud/access_tokens.db", "application_default_credentials.json"), "Google Cloud credential files are never sent to a model"},
	{baseIs("credentials.json"), "credentials.json files hold service credentials and are never sent to a model"},
	{func(base, _ string) bool {
		return strings.HasPrefix(base, "service-account") && strings.HasSuffix(base, ".json")
	}, "service-account key files hold cloud credentials and are never sent to a model"},
	{hasExt(".tfstate", ".tfstate.backup"), "Terraform state (.tfstate) holds resource secrets in clear text and is never sent to a model"},
}

// FileMatcher tells files that exist to hold secrets. It is safe for
// concurrent use; build one per repository with the patterns LoadIgnore
// returned.
type FileMatcher struct {
	extra *ignore.GitIgnore
}

// NewFileMatcher returns a matcher for the built-in secret files plus the
// extra patterns (gitignore syntax, typically from .groundplanignore).
func NewFileMatcher(extra []string) *FileMatcher {
	m := &FileMatcher{}
	if len(extra) > 0 {
		m.extra = ignore.CompileIgnoreLines(extra...)
	}
	return m
}

// Match reports whether rel, a repository-relative path with either
// separator, names a file that must never be sent to a model, and gives
// the reason as a sentence for the user.
func (m *FileMatcher) Match(rel string) (reason string, secret bool) {
	clean := path.Clean(strings.ReplaceAll(rel, `\`, "/"))
	clean = strings.TrimPrefix(clean, "./")
	clean = strings.TrimPrefix(clean, "/")
	lower := strings.ToLower(clean)
	base := path.Base(lower)
	for _, r := range secretFileRules {
		if r.match(base, lower) {
			return r.reason, true
		}
	}
	if m.extra != nil {
		if ok, how := m.extra.MatchesPathHow(clean); ok {
			pattern := ""
			if how != nil {
				pattern = strings.TrimSpace(how.Line)
			}
			return fmt.Sprintf("%s matches %q in %s and is never sent to a model", clean, pattern, IgnoreFile), true
		}
	}
	return "", false
}

// IsSecretFile reports whether rel names a file that exists to hold
// secrets — .env files, private keys, keystores, cloud and cluster
// credentials — or matches one of the extra gitignore-syntax patterns, and
// gives the reason as a sentence for the user, e.g. ".env files hold
// secrets and are never sent to a model". Checking many files against the
// same patterns is cheaper with one NewFileMatcher.
func IsSecretFile(rel string, extra []string) (reason string, secret bool) {
	return NewFileMatcher(extra).Match(rel)
}

// LoadIgnore reads the .groundplanignore patterns at the repository root
// through read (a repository-relative reader such as the index's). A
// missing file yields no patterns and no error. Blank lines and comments
// are dropped; the patterns are returned in file order.
func LoadIgnore(read func(rel string) ([]byte, error)) ([]string, error) {
	data, err := read(IgnoreFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("redact: read %s: %w", IgnoreFile, err)
	}
	var patterns []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		patterns = append(patterns, trimmed)
	}
	return patterns, nil
}
