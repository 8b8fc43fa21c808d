package redact

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// TestOwnRules checks this package's rules in isolation (gitleaks' broad
// generic-api-key rule switched off, so the rule named is the one that
// fired) on secrets and on the look-alikes they must leave alone.
func TestOwnRules(t *testing.T) {
	r, err := New(Options{DisableRules: []string{"generic-api-key"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		source, text string
		secret       string // value that must disappear; "" means nothing is redacted
		rule         string
	}{
		// secrets
		{".env.example", "DB_PASSWORD=Tr0ub4dor&3\n", "Tr0ub4dor&3", RuleGenericPassword},
		{"app.yaml", "smtp:\n  password: hunter22\n", "hunter22", RuleGenericPassword},
		{"app.yaml", "smtp:\r\n  password: hunter22\r\n", "hunter22", RuleGenericPassword},
		{"app.yaml", "password: correcthorsebatterystaple\n", "correcthorsebatterystaple", RuleGenericPassword},
		{"main.go", `cfg := Config{Password: "s3cr3t-Pa55"}`, "s3cr3t-Pa55", RuleGenericPassword},
		{"main.go", "var dbPass = `n0t-Obv10us`", "n0t-Obv10us", RuleGenericPassword},
		{"main_test.go", `cfg := "smtp:\n  password: hunter22\n  port: 25"`, "hunter22", RuleGenericPassword},
		{"app.py", `password: str = "Xk9#mP2$vL"`, "Xk9#mP2$vL", RuleGenericPassword},
		{"app.py", `conn = connect(user="app", password="Qp4!xZ81")`, "Qp4!xZ81", RuleGenericPassword},
		{"db.php", `$db_pass = 'n0tS0Secr3t!';`, "n0tS0Secr3t!", RuleGenericPassword},
		{"application.properties", "spring.datasource.password=Sup3rS3cret\n", "Sup3rS3cret", RuleGenericPassword},
		{"pom.xml", "<password>Qw3rty!Zx9</password>", "Qw3rty!Zx9", RuleGenericPassword},
		{"client.ts", `const apiKey: string = "a8f5f167f44f4964e6c998dee827110c";`, "a8f5f167f44f4964e6c998dee827110c", RuleGenericSecret},
		{"config.json", `{"client_secret": "q8Z2vN5xR7tL1mK4pW9s"}`, "q8Z2vN5xR7tL1mK4pW9s", RuleGenericSecret},
		{"legacy.ini", "api_key = 9f8e7d6c5b4a39281706f5e4d3c2b1a0\n", "9f8e7d6c5b4a39281706f5e4d3c2b1a0", RuleGenericSecret},
		{"deploy.sh", "export DEPLOY_TOKEN=a1b2c3d4e5f6g7h8i9j0k1l2\n", "a1b2c3d4e5f6g7h8i9j0k1l2", RuleGenericSecret},
		{"main.go", `var signingKey = []byte("Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5")`, "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5", RuleGenericSecret},
		{"story", "Use credentials: Vb7kQ2mX9pL4wR8n to log in", "Vb7kQ2mX9pL4wR8n", RuleGenericSecret},
		{"compose.yaml", "AMQP_URL: amqp://guest:Zq83nfPq1x@rabbit:5672/", "Zq83nfPq1x", RuleURLPassword},
		{"README.md", "git remote add origin https://deploy:glx9Qm2VnR7c@git.example.org/a/b.git", "glx9Qm2VnR7c", RuleURLPassword},
		{"api.http", "Authorization: Basic dXNlcjpQNHNzdzByZCE=", "dXNlcjpQNHNzdzByZCE=", RuleAuthorizationHeader},
		// look-alikes
		{"app.yaml", "password: changeme\n", "", ""},
		{"app.yaml", "password: \"\"\n", "", ""},
		{"app.yaml", "password: ${DB_PASSWORD}\n", "", ""},
		{"app.yaml", "password: '{{ .Values.db.password }}'\n", "", ""},
		{"app.yaml", "password: \"********\"\n", "", ""},
		{"app.yaml", "password_min_length: 12\n", "", ""},
		{"app.yaml", "token_url: https://auth.example.com/oauth/token\n", "", ""},
		{"app.yaml", "max_tokens: 4096\n", "", ""},
		{"app.yaml", "secret_name: orders-db-credentials\n", "", ""},
		{"app.yaml", "token: my-service-token\n", "", ""},
		{"app.yaml", "primary_key: order_id\n", "", ""},
		{"app.yaml", "auth: true\n", "", ""},
		{"app.yaml", "public_key: MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE\n", "", ""},
		{"de.json", `{"password": "Passwort", "forgot_password": "Passwort vergessen?"}`, "", ""},
		{"main.go", `password := os.Getenv("DB_PASSWORD")`, "", ""},
		{"main.go", `password = cfg.Database.Password`, "", ""},
		{"main.go", "type Login struct {\n\tPassword string `json:\"password\"`\n}", "", ""},
		{"main.go", `if password == "" { return errMissing }`, "", ""},
		{"app.py", "password: str\n", "", ""},
		{"app.py", `password = os.environ.get("DB_PASSWORD2", "")`, "", ""},
		{"app.py", `token = f"{prefix}-{suffix}"`, "", ""},
		{"app.js", `const apiKey = process.env.API_KEY;`, "", ""},
		{"app.js", `headers["X-Api-Key"] = apiKey;`, "", ""},
		{"README.md", "export OPENAI_API_KEY=<your-key>", "", ""},
		{"README.md", "Set `api_key: YOUR_API_KEY` in the config.", "", ""},
		{"compose.yaml", "DATABASE_URL: postgres://postgres:postgres@localhost:5432/app", "", ""},
		{"compose.yaml", "DATABASE_URL: postgres://app:${DB_PASSWORD}@db:5432/app", "", ""},
		{"errors_test.go", `parse("postgresql://foo::password@host:1:")`, "", ""},
		{"docs.md", "curl -H 'Authorization: Bearer <token>' https://api", "", ""},
		{"docs.md", "curl -H \"Authorization: Bearer $TOKEN\" https://api", "", ""},
		{"test.yaml", "password: \"fake-password-for-tests\"\n", "", ""},
		{"ids.yaml", "request_id: 3f1c2b7e-9a4d-4e2b-8c1f-5d6e7a8b9c0d\n", "", ""},
		{"rules.go", `RuleGenericPassword = "generic-password"`, "", ""},
		{"notes.md", "redacted 3 secrets: config/app.yaml:12 (generic-api-key)", "", ""},
		{"app.yaml", "secret_file: secrets/prod/db.json\n", "", ""},
		{"app.yaml", "db_password: secret123\n", "", ""},
		{"ws.go", `r.Header.Set("Authorization", "Bearer synthetic-key")`, "", ""},
		{"api.http", "Authorization: Basic dXNlcjpwYXNzd29yZA==", "", ""},
		{"ws.go", `want := "Authorization: Bearer private-retry-read-token"`, "", ""},
		{"story", "As an admin I want to reset a user's password so that they can log in again.", "", ""},
		{"story", "Given the token has expired, when the user calls /refresh, then a new token is issued.", "", ""},
	}
	for i, tc := range tests {
		t.Run(fmt.Sprintf("%d_%s", i, tc.source), func(t *testing.T) {
			out, findings := r.Redact(tc.text, tc.source)
			if tc.secret == "" {
				if out != tc.text || len(findings) != 0 {
					t.Errorf("look-alike changed:\n in: %q\nout: %q\n%v", tc.text, out, findings)
				}
				return
			}
			if strings.Contains(out, tc.secret) {
				t.Errorf("secret survived: %q", out)
			}
			if len(findings) != 1 || findings[0].Rule != tc.rule {
				t.Errorf("findings %v, want one %s; out %q", findings, tc.rule, out)
			}
			if !strings.Contains(out, Marker(tc.rule)) {
				t.Errorf("marker %s missing: %q", Marker(tc.rule), out)
			}
		})
	}
}

func TestShannonEntropy(t *testing.T) {
	tests := []struct {
		in       string
		min, max float64
	}{
		{"", 0, 0},
		{"aaaaaaaa", 0, 0},
		{"abababab", 1, 1},
		{"abcdefgh", 3, 3},
		{"Passwort", 2.7, 2.8},
		{"0123456789abcdef", 4, 4},
	}
	for _, tc := range tests {
		if got := shannonEntropy(tc.in); got < tc.min-1e-9 || got > tc.max+1e-9 {
			t.Errorf("shannonEntropy(%q) = %v, want in [%v, %v]", tc.in, got, tc.min, tc.max)
		}
	}
}

func TestClassifyKey(t *testing.T) {
	tests := map[string]keyClass{
		"password": keyPassword, "DB_PASSWORD": keyPassword, "dbPassword": keyPassword,
		"spring.datasource.password": keyPassword, "smtp_pass": keyPassword, "pwd": keyPassword,
		"adminpasswd": keyPassword, "$db_pass": keyPassword,
		"api_key": keySecret, "apiKey": keySecret, "APIKey": keySecret, "X-API-Key": keySecret,
		"AWS_SECRET_ACCESS_KEY": keySecret, "client_secret": keySecret, "clientSecret": keySecret,
		"GITHUB_TOKEN": keySecret, "accessToken": keySecret, "credentials": keySecret, "apikey": keySecret,
		"AccountKey": keySecret, "auth": keySecret,
		"password_min_length": keyNone, "token_url": keyNone, "csrf_token": keyNone, "max_tokens": keyNone,
		"primary_key": keyNone, "public_key": keyNone, "key": keyNone, "secret_name": keyNone,
		"bypass": keyNone, "keyboard": keyNone, "monkey": keyNone, "author": keyNone, "tokenizer": keyNone,
	}
	for name, want := range tests {
		if got := classifyKey(name); got != want {
			t.Errorf("classifyKey(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestGitleaksRules spot-checks that gitleaks' specific rules are in use
// and that its documented example key is kept.
func TestGitleaksRules(t *testing.T) {
	r := testRedactor(t)
	tests := []struct{ text, rule string }{
		{"key = AKIAZ3MHQW7RLP4XTC2N", "aws-access-token"},
		{"GH=ghp_97f9aGkRrl6XHuByypSYBl0iSFgV3ws4O6bX", "github-pat"},
		{"aws_access_key_id = AKIAIOSFODNN7EXAMPLE", ""},
		{"stripe: sk_test_xxxxxxxxxxxxxxxxxxxxxxxx", ""},
		{"golang.org/x/oauth2 v0.27.0 h1:da9Vo7/tDv5RH/7nZDz1eMGS/q1Vv1N/7FCrBhI9I3M=", ""},
		{`"integrity": "sha512-Wq4ZzvB5XwIz3kVfYTe0ZAsdnCMjkvGRYJgX2E7T6TeR4fZhHVEy+Jx1s0dZ6N9tA/UOzrvl3bBUvgtR8bhGEg=="`, ""},
		{"idempotency_key: 3f1c2b7e-9a4d-4e2b-8c1f-5d6e7a8b9c0d", ""},
		{"openapi_spec_hash: 2391a0f3ce8c5649a0b2f49a58457806", ""},
		{`api_beta = "oidc-federation-2026-04-01"`, ""},
		{"api_key: 3f1c2b7e-9a4d-4e2b-8c1f-5d6e7a8b9c0d", "generic-api-key"},
	}
	for _, tc := range tests {
		out, findings := r.Redact(tc.text, "x.txt")
		if tc.rule == "" {
			if out != tc.text {
				t.Errorf("%q changed to %q (%v)", tc.text, out, findings)
			}
			continue
		}
		if len(findings) != 1 || findings[0].Rule != tc.rule {
			t.Errorf("%q: findings %v, want one %s", tc.text, findings, tc.rule)
		}
	}
}

func TestRedactKeepsLines(t *testing.T) {
	r := testRedactor(t)
	key := "-----BEGIN EC PRIVATE KEY-----\r\n" +
		"MHcCAQEEIBkq0mXUQ2o5Zl3b8h7rWvZk4Q1vN2xYp8sTn3cR6dLmoAoGCCqGSM49\r\n" +
		"AwEHoUQDQgAE5Vt0u1Xk9wH2pQ7sLmN3bR8cZ4vY6eT1aK0jF9gD2hS5xW7qP3nM\r\n" +
		"-----END EC PRIVATE KEY-----"
	text := "line 1\r\nconst k = `" + key + "`\r\ntoken := \"ghp_97f9aGkRrl6XHuByypSYBl0iSFgV3ws4O6bX\"\r\nend"
	out, findings := r.Redact(text, "keys.go")
	if strings.Count(out, "\n") != strings.Count(text, "\n") || strings.Count(out, "\r") != strings.Count(text, "\r") {
		t.Fatalf("line breaks changed:\n%q", out)
	}
	if strings.Contains(out, "MHcCAQEE") || strings.Contains(out, "ghp_") {
		t.Fatalf("secret survived:\n%q", out)
	}
	want := []Finding{
		{Source: "keys.go", Line: 2, Rule: "private-key", Redacted: "[REDACTED:private-key]"},
		{Source: "keys.go", Line: 6, Rule: "github-pat", Redacted: "[REDACTED:github-pat]"},
	}
	if !reflect.DeepEqual(findings, want) {
		t.Fatalf("findings %v, want %v", findings, want)
	}
	outLines := strings.Split(out, "\n")
	if outLines[5] != "token := \"[REDACTED:github-pat]\"\r" || outLines[6] != "end" {
		t.Fatalf("lines after the key moved: %q", outLines)
	}
}

func TestRedactRepeatedValue(t *testing.T) {
	r := testRedactor(t)
	text := "api_key: q8Z2vN5xR7tL1mK4pW9s\n# the same key again, in prose: q8Z2vN5xR7tL1mK4pW9s\n"
	out, findings := r.Redact(text, "notes.yaml")
	if strings.Contains(out, "q8Z2vN5xR7tL1mK4pW9s") || len(findings) != 2 || findings[1].Line != 2 {
		t.Fatalf("out %q findings %v", out, findings)
	}
}

func TestRedactRepeatedOwnValue(t *testing.T) {
	r, err := New(Options{DisableRules: []string{"generic-api-key"}})
	if err != nil {
		t.Fatal(err)
	}
	text := "password: Tr0ub4dor&3x\n# log in with Tr0ub4dor&3x and change it\n"
	out, findings := r.Redact(text, "notes.yaml")
	if strings.Contains(out, "Tr0ub4dor") || len(findings) != 2 || findings[0].Rule != RuleGenericPassword || findings[1].Line != 2 {
		t.Fatalf("out %q findings %v", out, findings)
	}
}

func TestFindingNeverHoldsValue(t *testing.T) {
	r := testRedactor(t)
	const secret = "ghp_97f9aGkRrl6XHuByypSYBl0iSFgV3ws4O6bX"
	_, findings := r.Redact("token: "+secret, "a.yaml")
	if len(findings) != 1 {
		t.Fatalf("findings %v", findings)
	}
	texts := []string{findings[0].String(), fmt.Sprintf("%v %+v %#v", findings, findings[0], findings[0]), Summary(findings)}
	v := reflect.ValueOf(findings[0])
	for i := 0; i < v.NumField(); i++ {
		texts = append(texts, fmt.Sprint(v.Field(i).Interface()))
	}
	for _, s := range texts {
		for n := 6; n <= len(secret); n++ {
			for i := 0; i+n <= len(secret); i += n {
				if part := secret[i : i+n]; strings.Contains(s, part) && part != "ghp_97" {
					t.Fatalf("%q shows part of the secret (%q)", s, part)
				}
			}
		}
	}
}

func TestSummary(t *testing.T) {
	one := []Finding{{Source: "config/app.yaml", Line: 12, Rule: "generic-api-key", Redacted: Marker("generic-api-key")}}
	many := []Finding{
		{Source: "b.go", Line: 3, Rule: "github-pat"},
		{Source: "a.yaml", Line: 9, Rule: "generic-password"},
		{Source: "a.yaml", Line: 2, Rule: "aws-access-token"},
	}
	var lots []Finding
	for i := 1; i <= 25; i++ {
		lots = append(lots, Finding{Source: "x.env", Line: i, Rule: "generic-secret"})
	}
	tests := []struct {
		in   []Finding
		want string
	}{
		{nil, ""},
		{one, "redacted 1 secret: config/app.yaml:12 (generic-api-key)"},
		{many, "redacted 3 secrets: a.yaml:2 (aws-access-token), a.yaml:9 (generic-password), b.go:3 (github-pat)"},
	}
	for _, tc := range tests {
		if got := Summary(tc.in); got != tc.want {
			t.Errorf("Summary = %q, want %q", got, tc.want)
		}
	}
	if got := Summary(lots); !strings.HasPrefix(got, "redacted 25 secrets: x.env:1 (generic-secret)") || !strings.HasSuffix(got, "x.env:20 (generic-secret), and 5 more") {
		t.Errorf("Summary(25) = %q", got)
	}
	if many[0].Source != "b.go" {
		t.Error("Summary reordered its argument")
	}
}

func TestNewOptions(t *testing.T) {
	if _, err := New(Options{DisableRules: []string{"no-such-rule"}}); err == nil || !strings.Contains(err.Error(), "no-such-rule") {
		t.Errorf("unknown rule: err %v", err)
	}
	if _, err := New(Options{Allow: []string{"("}}); err == nil {
		t.Error("bad allow pattern accepted")
	}
	if _, err := New(Options{MinEntropy: -1}); err == nil {
		t.Error("negative MinEntropy accepted")
	}
	r, err := New(Options{Allow: []string{`^ghp_97f9a`}, DisableRules: []string{RuleURLPassword}})
	if err != nil {
		t.Fatal(err)
	}
	text := "t: ghp_97f9aGkRrl6XHuByypSYBl0iSFgV3ws4O6bX\nurl: amqp://guest:Zq83nfPq1x@rabbit:5672/\n"
	if out, f := r.Redact(text, "a.yaml"); out != text {
		t.Errorf("allowed or disabled values redacted: %q %v", out, f)
	}
	rules := r.Rules()
	if len(rules) < 200 || !contains(rules, RuleGenericPassword) || contains(rules, RuleURLPassword) {
		t.Errorf("Rules() = %d ids", len(rules))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestRedactConcurrent(t *testing.T) {
	r := testRedactor(t)
	_, files := loadPlanted(t)
	want := map[string]string{}
	for name, text := range files {
		want[name], _ = r.Redact(text, name)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name, text := range files {
				if got, _ := r.Redact(text, name); got != want[name] {
					t.Errorf("%s: concurrent result differs", name)
				}
			}
		}()
	}
	wg.Wait()
}

func TestIsSecretFile(t *testing.T) {
	extra := []string{"secrets/", "*.sql", "!keep.sql", "config/prod-*.yaml"}
	tests := []struct {
		rel    string
		secret bool
		reason string // substring of the reason
	}{
		{".env", true, ".env files"},
		{"config/.env.production", true, ".env files"},
		{`config\.env.local`, true, ".env files"},
		{"prod.env", true, ".env files"},
		{".envrc", true, ".env files"},
		{".env.example", false, ""},
		{"web/.env.sample", false, ""},
		{".env.template", false, ""},
		{".env.dist", false, ""},
		{"certs/server.pem", true, ".pem"},
		{"tls/SERVER.KEY", true, ".key"},
		{"id_rsa", true, "SSH"},
		{"deploy/id_ed25519.pub", true, "SSH"},
		{"id_ecdsa", true, "SSH"},
		{"home/.ssh/config", true, ".ssh/"},
		{"android/release.keystore", true, "keystore"},
		{"keys/app.jks", true, "keystore"},
		{"cert.p12", true, "PKCS#12"},
		{"cert.pfx", true, "PKCS#12"},
		{".npmrc", true, ".npmrc"},
		{"web/.npmrc", true, ".npmrc"},
		{".pypirc", true, ".pypirc"},
		{".netrc", true, ".netrc"},
		{".git-credentials", true, ".git-credentials"},
		{"kubeconfig", true, "kubeconfig"},
		{"clusters/prod.kubeconfig", true, "kubeconfig"},
		{".kube/config", true, "kubeconfig"},
		{"home/.aws/credentials", true, ".aws/credentials"},
		{".docker/config.json", true, ".docker/config.json"},
		{"credentials.json", true, "credentials.json"},
		{"gcp/service-account-prod.json", true, "service-account"},
		{"infra/terraform.tfstate", true, "Terraform"},
		{"infra/terraform.tfstate.backup", true, "Terraform"},
		{"secrets/db.txt", true, `"secrets/" in .groundplanignore`},
		{"dumps/prod.sql", true, `"*.sql"`},
		{"config/prod-eu.yaml", true, "config/prod-*.yaml"},
		{"keep.sql", false, ""},
		{".aws/config", false, ""},
		{"docker/config.json", false, ""},
		{"main.go", false, ""},
		{"internal/keyboard/keys.go", false, ""},
		{"docs/environment.md", false, ""},
		{"config/app.yaml", false, ""},
		{"src/monkey.key.ts", false, ""},
	}
	m := NewFileMatcher(extra)
	for _, tc := range tests {
		reason, secret := IsSecretFile(tc.rel, extra)
		if secret != tc.secret || !strings.Contains(reason, tc.reason) || (secret && !strings.Contains(reason, "never sent to a model")) {
			t.Errorf("IsSecretFile(%q) = %q, %v; want %v with %q", tc.rel, reason, secret, tc.secret, tc.reason)
		}
		if r2, s2 := m.Match(tc.rel); r2 != reason || s2 != secret {
			t.Errorf("FileMatcher.Match(%q) differs from IsSecretFile", tc.rel)
		}
	}
	if _, secret := IsSecretFile("dumps/prod.sql", nil); secret {
		t.Error("extra pattern applied without extra")
	}
}

func TestLoadIgnore(t *testing.T) {
	files := map[string]string{IgnoreFile: "# local secrets\nsecrets/\r\n\n  *.sql  \n!keep.sql\n"}
	read := func(rel string) ([]byte, error) {
		if s, ok := files[rel]; ok {
			return []byte(s), nil
		}
		return nil, fmt.Errorf("read %s: %w", rel, fs.ErrNotExist)
	}
	got, err := LoadIgnore(read)
	if err != nil || !reflect.DeepEqual(got, []string{"secrets/", "*.sql", "!keep.sql"}) {
		t.Errorf("LoadIgnore = %q, %v", got, err)
	}
	delete(files, IgnoreFile)
	if got, err := LoadIgnore(read); got != nil || err != nil {
		t.Errorf("missing file: %q, %v", got, err)
	}
	boom := errors.New("disk on fire")
	_, err = LoadIgnore(func(string) ([]byte, error) { return nil, boom })
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), IgnoreFile) {
		t.Errorf("read error: %v", err)
	}
}

func FuzzRedact(f *testing.F) {
	r, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	seeds := []string{
		"", "\n", "password: hunter22\n", "token = \"ghp_97f9aGkRrl6XHuByypSYBl0iSFgV3ws4O6bX\"",
		"postgres://a:Zq83nfPq1x@h/d", "Authorization: Bearer dXNlcjpQNHNzdzByZCE=dXNlcjpQ",
		"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123\n-----END RSA PRIVATE KEY-----\n",
		"api_key=[REDACTED:generic-secret]x9Qm2VnR7c", "password: \"[REDACTED:generic-password]\"", "\r\n\r\ntoken:\r\n",
	}
	filepath.WalkDir(plantedDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, err := os.ReadFile(p); err == nil {
				seeds = append(seeds, string(b))
			}
		}
		return nil
	})
	for _, s := range seeds {
		f.Add(s, "fuzz.yaml")
	}
	f.Add("password = \"Qp4!xZ81\"", "main.go")
	f.Fuzz(func(t *testing.T, text, source string) {
		out, findings := r.Redact(text, source)
		if strings.Count(out, "\n") != strings.Count(text, "\n") {
			t.Fatalf("line count changed: %q -> %q", text, out)
		}
		lines := strings.Count(out, "\n") + 1
		for _, f := range findings {
			if f.Line < 1 || f.Line > lines || f.Source != source || f.Redacted != Marker(f.Rule) {
				t.Fatalf("bad finding %+v for %q", f, text)
			}
			if !strings.Contains(lineOf(out, f.Line), f.Redacted) {
				t.Fatalf("finding %+v: marker not on its line in %q", f, out)
			}
		}
		if again, more := r.Redact(out, source); again != out || len(more) != 0 {
			t.Fatalf("not idempotent:\n in: %q\nout: %q\nagain: %q %v", text, out, again, more)
		}
	})
}

func TestPEMFragments(t *testing.T) {
	r := testRedactor(t)
	body := []string{
		"MIIEpAIBAAKCAQEAx8Kq3Vb9Zr2T1uYp0mWnQ5sLhJ7dGfE4cA6bN8oP2iR5tU1v",
		"Wy9Xz3Aa4Bb5Cc6Dd7Ee8Ff9Gg0Hh1Ii2Jj3Kk4Ll5Mm6Nn7Oo8Pp9Qq0Rr1Ss2Tt",
		"Uu3Vv4Ww5Xx6Yy7Zz8aA9bB0cC1dD2eE3fF4gG5hH6iI7jJ8kK9lL0mM1nN2oO3p==",
	}
	tests := []struct {
		name, text string
		redacted   bool
	}{
		{"begin without end", "// excerpt\n-----BEGIN RSA PRIVATE KEY-----\n" + strings.Join(body, "\n") + "\n", true},
		{"end without begin", body[1] + "\n" + body[2] + "\n-----END RSA PRIVATE KEY-----\n}\n", true},
		{"indented with headers", "    -----BEGIN RSA PRIVATE KEY-----\n    Proc-Type: 4,ENCRYPTED\n    DEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\n    " + strings.Join(body, "\n    ") + "\n    -----END RSA PRIVATE KEY-----\n", true},
		{"json one line", `{"private_key": "-----BEGIN PRIVATE KEY-----\n` + body[0] + `\n` + body[1] + `\n-----END PRIVATE KEY-----\n"}`, true},
		{"prose", "The file starts with -----BEGIN RSA PRIVATE KEY----- and ends with -----END RSA PRIVATE KEY-----.\n", false},
		{"armour only", "-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----\n", false},
	}
	for _, tc := range tests {
		out, findings := r.Redact(tc.text, "key.txt")
		if strings.Count(out, "\n") != strings.Count(tc.text, "\n") {
			t.Errorf("%s: line count changed", tc.name)
		}
		if !tc.redacted {
			if out != tc.text {
				t.Errorf("%s: changed to %q", tc.name, out)
			}
			continue
		}
		for _, b := range body {
			if strings.Contains(out, b[:20]) {
				t.Errorf("%s: body survived: %q", tc.name, out)
			}
		}
		if len(findings) != 1 {
			t.Errorf("%s: findings %v", tc.name, findings)
		}
	}
}
