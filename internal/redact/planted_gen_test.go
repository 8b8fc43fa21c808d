package redact

// This file (re)generates the planted-secret fixture under
// testdata/planted/: go test ./internal/redact -run TestRegeneratePlanted -regen-planted
//
// Every secret is made of seeded random characters in the shape a rule
// expects (prefix, alphabet, length); none is, or was copied from, a real
// credential. The seed is fixed, so regenerating gives the same bytes.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"text/template"
)

var regenPlanted = flag.Bool("regen-planted", false, "rewrite testdata/planted from the templates in planted_gen_test.go")

const plantedDir = "testdata/planted"

// plantedManifest is the layout of testdata/planted/MANIFEST.json.
type plantedManifest struct {
	Note       string          `json:"note"`
	Secrets    []plantedEntry  `json:"secrets"`
	LookAlikes []plantedEntry  `json:"look_alikes"`
	Kinds      map[string]int  `json:"kinds"`
	Files      map[string]bool `json:"files"`
}

// plantedEntry is one planted value.
type plantedEntry struct {
	File  string `json:"file"`
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

const (
	alUpper  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	alLower  = "abcdefghijklmnopqrstuvwxyz"
	alDigit  = "0123456789"
	alAlnum  = alUpper + alLower + alDigit
	alHex    = "0123456789abcdef"
	alB32    = alUpper + "234567"
	alURL    = alAlnum + "_-"
	alB64    = alAlnum + "+/"
	alPasswd = alAlnum + "!%^*-_+="
)

func pick(r *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

func randBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return b
}

// wrap splits s into lines of n characters.
func wrap(s string, n int) string {
	var lines []string
	for len(s) > n {
		lines = append(lines, s[:n])
		s = s[n:]
	}
	return strings.Join(append(lines, s), "\n")
}

func pemBlock(label, body string, width int) string {
	return "-----BEGIN " + label + "-----\n" + wrap(body, width) + "\n-----END " + label + "-----"
}

// plantedGenerators make values of one shape each.
var plantedGenerators = map[string]func(r *rand.Rand) string{
	"akid": func(r *rand.Rand) string { return "AKIA" + pick(r, alB32, 16) },
	"aws-secret": func(r *rand.Rand) string {
		return pick(r, alAlnum, 8) + "/" + pick(r, alB64, 22) + "+" + pick(r, alAlnum, 8)
	},
	"ghp":        func(r *rand.Rand) string { return "ghp_" + pick(r, alAlnum, 36) },
	"github-pat": func(r *rand.Rand) string { return "github_pat_" + pick(r, alAlnum, 22) + "_" + pick(r, alAlnum, 59) },
	"glpat":      func(r *rand.Rand) string { return "glpat-" + pick(r, alAlnum, 8) + "-" + pick(r, alAlnum, 11) },
	"xoxb": func(r *rand.Rand) string {
		return "xoxb-" + pick(r, alDigit, 12) + "-" + pick(r, alDigit, 13) + "-" + pick(r, alAlnum, 24)
	},
	"slack-hook": func(r *rand.Rand) string {
		return "https://hooks.slack.com/services/T" + pick(r, alUpper+alDigit, 8) + "/B" + pick(r, alUpper+alDigit, 10) + "/" + pick(r, alAlnum, 24)
	},
	"stripe-live": func(r *rand.Rand) string { return "sk_live_" + pick(r, alAlnum, 24) },
	"stripe-rk":   func(r *rand.Rand) string { return "rk_live_" + pick(r, alAlnum, 24) },
	"gcp":         func(r *rand.Rand) string { return "AIza" + pick(r, alURL, 35) },
	"openai": func(r *rand.Rand) string {
		return "sk-proj-" + pick(r, alURL, 74) + "T3BlbkFJ" + pick(r, alURL, 74)
	},
	"anthropic": func(r *rand.Rand) string { return "sk-ant-api03-" + pick(r, alURL, 93) + "AA" },
	"sendgrid":  func(r *rand.Rand) string { return "SG." + pick(r, alURL, 22) + "." + pick(r, alURL, 43) },
	"twilio":    func(r *rand.Rand) string { return "SK" + pick(r, alHex, 32) },
	"npm":       func(r *rand.Rand) string { return "npm_" + pick(r, alAlnum, 36) },
	"azure":     func(r *rand.Rand) string { return base64.StdEncoding.EncodeToString(randBytes(r, 64)) },
	"jwt": func(r *rand.Rand) string {
		enc := base64.RawURLEncoding
		header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
		payload := enc.EncodeToString([]byte(fmt.Sprintf(`{"sub":"%s","iat":%d,"scope":"orders:write"}`, pick(r, alDigit, 10), 1700000000+r.IntN(1e7))))
		return header + "." + payload + "." + enc.EncodeToString(randBytes(r, 32))
	},
	"password": func(r *rand.Rand) string { return pick(r, alAlnum, 5) + pick(r, alDigit, 2) + pick(r, alPasswd, 9) },
	"alnum40":  func(r *rand.Rand) string { return pick(r, alAlnum, 40) },
	"hex64":    func(r *rand.Rand) string { return pick(r, alHex, 64) },
	"b64-18":   func(r *rand.Rand) string { return base64.StdEncoding.EncodeToString(randBytes(r, 18)) },
	"django":   func(r *rand.Rand) string { return "django-insecure-" + pick(r, alLower+alDigit+"!@#%^*(-_=+)", 50) },
	"whsec":    func(r *rand.Rand) string { return "whsec_" + pick(r, alAlnum, 32) },
	"rsa": func(r *rand.Rand) string {
		return pemBlock("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA"+base64.StdEncoding.EncodeToString(randBytes(r, 1176)), 64)
	},
	"ec": func(r *rand.Rand) string {
		return pemBlock("EC PRIVATE KEY", "MHcCAQEEI"+base64.StdEncoding.EncodeToString(randBytes(r, 111)), 64)
	},
	"openssh": func(r *rand.Rand) string {
		return pemBlock("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"+base64.StdEncoding.EncodeToString(randBytes(r, 300)), 70)
	},
	// look-alike shapes
	"uuid": func(r *rand.Rand) string {
		h := pick(r, alHex, 32)
		return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:]
	},
	"sha1":   func(r *rand.Rand) string { return pick(r, alHex, 40) },
	"sha256": func(r *rand.Rand) string { return pick(r, alHex, 64) },
	"h1":     func(r *rand.Rand) string { return base64.StdEncoding.EncodeToString(randBytes(r, 32)) },
	"sha512": func(r *rand.Rand) string { return base64.StdEncoding.EncodeToString(randBytes(r, 64)) },
	"png": func(r *rand.Rand) string {
		return "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAA" + base64.StdEncoding.EncodeToString(randBytes(r, 150))
	},
}

// plantedFiles maps fixture paths to templates. «secret "kind" "generator"»
// plants a secret, «lookgen "kind" "generator"» a generated look-alike and
// «look "kind" "literal"» a literal look-alike.
var plantedFiles = map[string]string{
	"cmd/server/main.go": `package main

import (
	"log"
	"net/http"
	"os"
)

// githubToken lets the release bot open pull requests. TODO: move to the vault.
const githubToken = "«secret "github-pat-classic" "ghp"»"

var stripeKey = "«secret "stripe-secret-key" "stripe-live"»"

// jwtSigningKey signs session cookies.
var jwtSigningKey = []byte("«secret "generic-secret" "alnum40"»")

const «look "long-identifier" "maxTokenRefreshIntervalForBackgroundWorkers"» = 30

func «look "long-identifier" "NewAccessTokenValidatorWithCustomClaimsFactory"»() {}

func main() {
	«look "env-lookup" "apiKey := os.Getenv(\"API_KEY\")"»
	requestID := "«lookgen "uuid" "uuid"»"
	dsn := "postgres://orders:«secret "database-url-password" "password"»@db.internal:5432/orders?sslmode=disable"
	log.Println(apiKey != "", requestID, dsn, githubToken, stripeKey, len(jwtSigningKey))
	log.Fatal(http.ListenAndServe(":8080", nil))
}
`,
	"internal/auth/testkeys.go": `package auth

// Keys used by the integration tests. They were generated for this
// repository and must never be reused elsewhere.

const testRSAKey = ` + "`" + `«secret "rsa-private-key" "rsa"»
` + "`" + `

const testECKey = ` + "`" + `«secret "ec-private-key" "ec"»
` + "`" + `

// «look "test-fixture" "password: \"fake-password-for-tests\""»
`,
	"scripts/sync_s3.py": `"""Nightly export of order snapshots to S3."""
import os

import anthropic
import boto3

AWS_ACCESS_KEY_ID = "«secret "aws-access-key-id" "akid"»"
AWS_SECRET_ACCESS_KEY = "«secret "aws-secret-access-key" "aws-secret"»"
OPENAI_API_KEY = '«secret "openai-api-key" "openai"»'

«look "env-lookup" "DB_PASSWORD = os.environ[\"DB_PASSWORD\"]"»


def summarise(text: str) -> str:
    client = anthropic.Anthropic(api_key="«secret "anthropic-api-key" "anthropic"»")
    return client.messages.create(model="claude", max_tokens=512, messages=[{"role": "user", "content": text}])


def upload(path: str) -> None:
    s3 = boto3.client("s3", aws_access_key_id=AWS_ACCESS_KEY_ID, aws_secret_access_key=AWS_SECRET_ACCESS_KEY)
    s3.upload_file(path, "orders-snapshots", os.path.basename(path))
`,
	"app/settings.py": `from pathlib import Path
import os

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "«secret "django-secret-key" "django"»"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "orders",
        «look "env-lookup" "\"PASSWORD\": os.environ.get(\"DB_PASSWORD\", \"\")"»,
    }
}
«look "non-secret-setting" "AUTH_PASSWORD_VALIDATORS = []"»
`,
	"web/src/config.js": `// Front-end configuration.
export const config = {
  googleMapsApiKey: "«secret "google-api-key" "gcp"»",
  sendgridApiKey: '«secret "sendgrid-api-key" "sendgrid"»',
  twilio: {
    apiKey: "«secret "twilio-api-key" "twilio"»",
    apiSecret: "«secret "generic-secret" "alnum40"»",
  },
  «look "public-key" "stripePublishableKey: \"pk_live_51HxQmDExamplePublishableKeyOnly\""»,
  «look "env-lookup" "apiBase: process.env.API_BASE_URL"»,
};

// In unit tests the client is built with a stub key:
// «look "test-fixture" "sk_test_xxxxxxxxxxxxxxxxxxxxxxxx"»
`,
	"config/app.yaml": `server:
  port: 8080
database:
  url: mongodb+srv://svc_orders:«secret "database-url-password" "password"»@cluster0.k3x9q.mongodb.net/orders
  «look "placeholder" "password: changeme"»
slack:
  bot_token: «secret "slack-bot-token" "xoxb"»
  webhook_url: «secret "slack-webhook" "slack-hook"»
github:
  «look "env-reference" "token: ${GITHUB_TOKEN}"»
smtp:
  username: mailer
  password: «secret "generic-password" "password"»
image:
  digest: sha256:«lookgen "sha256-digest" "sha256"»
`,
	"config/settings.toml": `[gitlab]
token = "«secret "gitlab-pat" "glpat"»"

[github]
fine_grained_token = "«secret "github-fine-grained-pat" "github-pat"»"

[cache]
redis_url = "redis://:«secret "database-url-password" "password"»@cache.internal:6379/0"

[session]
secret_key = "«secret "generic-secret" "hex64"»"

[build]
commit = "«lookgen "git-sha" "sha1"»"
«look "non-secret-setting" "password_min_length = 12"»
`,
	"config/services.json": `{
  "storage": {
    "connectionString": "DefaultEndpointsProtocol=https;AccountName=ordersprod;AccountKey=«secret "azure-storage-key" "azure"»;EndpointSuffix=core.windows.net"
  },
  "auth": {
    "service_jwt": "«secret "jwt" "jwt"»",
    "webhook_secret": "«secret "generic-secret" "whsec"»",
    "client_id": "«lookgen "uuid" "uuid"»"
  },
  "request_id": "«lookgen "uuid" "uuid"»",
  «look "non-secret-setting" "\"api_version\": \"2024-06-01\""»
}
`,
	"config/legacy.ini": `[database]
host = db.internal
user = reporting
password = «secret "generic-password" "password"»

[mail]
api_key = «secret "generic-secret" "alnum40"»
«look "empty-value" "smtp_password ="»

[ldap]
«look "env-reference" "bind_password = ${LDAP_PASSWORD}"»
`,
	"README.md": `# orders

![logo](data:image/png;base64,«lookgen "base64-image" "png"»)

## Setup

Set your own key before running:

    «look "placeholder" "export OPENAI_API_KEY=<your-key>"»

The AWS docs use these example credentials:

    aws_access_key_id = «look "aws-example-key" "AKIAIOSFODNN7EXAMPLE"»
    aws_secret_access_key = «look "aws-example-key" "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"»

Try the API (token from the staging vault):

    curl -H "Authorization: Bearer «secret "bearer-token" "alnum40"»" https://api.staging.internal/v1/orders

Publishing uses:

    npm config set //registry.npmjs.org/:_authToken=«secret "npm-token" "npm"»

The flaky test was fixed in commit «lookgen "git-sha" "sha1"».
`,
	"docs/deploy.md": `# Deploying

The deploy key (do not commit!):

` + "```" + `
«secret "openssh-private-key" "openssh"»
` + "```" + `

Or use a token:

` + "```sh" + `
export GITHUB_TOKEN=«secret "github-pat-classic" "ghp"»
` + "```" + `

Check the download:

    «lookgen "sha256-sum" "sha256"»  orders_linux_amd64.tar.gz
`,
	"api/openapi.yaml": `openapi: 3.0.3
info:
  title: Orders API
  version: 1.4.0
components:
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
      bearerFormat: JWT
  examples:
    AuthorizationHeader:
      summary: A token copied from the staging environment
      value: "Bearer «secret "jwt" "jwt"»"
    RestrictedKey:
      summary: The key the reporting job uses
      value: «secret "stripe-restricted-key" "stripe-rk"»
  schemas:
    Login:
      type: object
      properties:
        password:
          type: string
          format: password
          «look "placeholder" "example: \"********\""»
paths:
  /orders:
    post:
      parameters:
        - name: Idempotency-Key
          in: header
          example: «lookgen "uuid" "uuid"»
        - name: X-API-Key
          in: header
          «look "test-fixture" "example: sk_test_xxxxxxxxxxxxxxxxxxxxxxxx"»
      responses:
        "201":
          description: created
`,
	"deploy/k8s/secret.yaml": `apiVersion: v1
kind: Secret
metadata:
  name: orders
type: Opaque
data:
  db-password: «secret "kubernetes-secret" "b64-18"»
stringData:
  api-token: «secret "generic-secret" "alnum40"»
`,
	"ci/release.yml": `name: release
on: push
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - run: npm publish
        env:
          «look "env-reference" "NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}"»
`,
	"go.sum": `github.com/golang-jwt/jwt/v5 v5.2.1 h1:«lookgen "go-sum-hash" "h1"»
golang.org/x/oauth2 v0.27.0 h1:«lookgen "go-sum-hash" "h1"»
`,
	"package-lock.json": `{
  "name": "orders-web",
  "lockfileVersion": 3,
  "packages": {
    "node_modules/jsonwebtoken": {
      "version": "9.0.2",
      "resolved": "https://registry.npmjs.org/jsonwebtoken/-/jsonwebtoken-9.0.2.tgz",
      "integrity": "sha512-«lookgen "lockfile-integrity" "sha512"»"
    }
  }
}
`,
}

func TestRegeneratePlanted(t *testing.T) {
	if !*regenPlanted {
		t.Skip("run with -regen-planted to rewrite testdata/planted")
	}
	m := plantedManifest{
		Note:  "Generated by planted_gen_test.go. Every secret value is random characters in a credential's shape; none is real.",
		Kinds: map[string]int{},
		Files: map[string]bool{},
	}
	names := make([]string, 0, len(plantedFiles))
	for name := range plantedFiles {
		names = append(names, name)
	}
	sort.Strings(names)
	if err := os.RemoveAll(plantedDir); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		h := fnv.New64a()
		h.Write([]byte(name))
		r := rand.New(rand.NewPCG(20240607, h.Sum64()))
		gen := func(g string) string {
			f, ok := plantedGenerators[g]
			if !ok {
				t.Fatalf("%s: no generator %q", name, g)
			}
			return f(r)
		}
		funcs := template.FuncMap{
			"secret": func(kind, g string) string {
				v := gen(g)
				m.Secrets = append(m.Secrets, plantedEntry{File: name, Kind: kind, Value: v})
				m.Kinds[kind]++
				return v
			},
			"lookgen": func(kind, g string) string {
				v := gen(g)
				m.LookAlikes = append(m.LookAlikes, plantedEntry{File: name, Kind: kind, Value: v})
				return v
			},
			"look": func(kind, v string) string {
				m.LookAlikes = append(m.LookAlikes, plantedEntry{File: name, Kind: kind, Value: v})
				return v
			},
		}
		tmpl, err := template.New(name).Delims("«", "»").Funcs(funcs).Parse(plantedFiles[name])
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var buf bytes.Buffer
		if err := tmpl.Execute(&buf, nil); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out := filepath.Join(plantedDir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		m.Files[name] = true
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(plantedDir, "MANIFEST.json"), append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d files, %d secrets of %d kinds, %d look-alikes", len(names), len(m.Secrets), len(m.Kinds), len(m.LookAlikes))
}
