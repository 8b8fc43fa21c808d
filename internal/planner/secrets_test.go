package planner

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/story"
)

const planted = "../redact/testdata/planted"

type manifest struct {
	Secrets []struct {
		File, Kind, Value string
	} `json:"secrets"`
	LookAlikes []struct {
		File, Kind, Value string
	} `json:"look_alikes"`
}

// plantedRepo copies the planted-secret fixture into a temporary repository
// and adds files that exist to hold secrets, which must never be read.
func plantedRepo(t *testing.T) (string, manifest) {
	t.Helper()
	dir := t.TempDir()
	err := filepath.WalkDir(planted, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(planted, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	data, err := os.ReadFile(filepath.Join(dir, "MANIFEST.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "MANIFEST.json"))
	files := map[string]string{
		".env":                 "PAYMENTS_SIGNING_SECRET=envfile-only-value-Zq81Lk2\n",
		"deploy/id_rsa":        "-----BEGIN OPENSSH PRIVATE KEY-----\nidrsa-only-value-P0o9I8u7\n-----END OPENSSH PRIVATE KEY-----\n",
		"config/vault.yaml":    "unseal: vault-only-value-W3e4R5t6\n",
		".groundplanignore":    "config/vault.yaml\n",
		"docs/payments-key.md": "The payments service rotates its keys monthly.\n",
	}
	for rel, content := range files {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, m
}

// leaks returns the secrets of which any 12-character piece is in text: a
// cut-off secret is still a leak.
func leaks(text string, values []string) []string {
	var out []string
	for _, v := range values {
		for i := 0; i+12 <= len(v); i++ {
			if strings.Contains(text, v[i:i+12]) {
				out = append(out, v[:6]+"…")
				break
			}
		}
	}
	return out
}

func TestPromptsCarryNoSecrets(t *testing.T) {
	repo, m := plantedRepo(t)
	var values []string
	for _, s := range m.Secrets {
		values = append(values, s.Value)
	}
	values = append(values, "envfile-only-value-Zq81Lk2", "idrsa-only-value-P0o9I8u7", "vault-only-value-W3e4R5t6")
	stories := [][]string{
		{"rotate the stripe, aws and github keys used by the payment service", "keys come from the environment, not the code"},
		{"move the database settings and passwords out of the settings module", "the server reads DATABASE_URL"},
		{"document the API authentication with bearer tokens in the OpenAPI file", "every endpoint lists its security scheme"},
		{"sign service tokens with the private key from the vault", "the keys in the repo are removed"},
	}
	p := &Planner{}
	everPacked := map[string]bool{}
	total := 0
	for _, st := range stories {
		s, err := story.FromFields("developer", st[0], "", []string{st[1]})
		if err != nil {
			t.Fatal(err)
		}
		prep, err := p.Prepare(context.Background(), Request{Repo: repo, Story: s, Budget: 64000}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if l := leaks(prep.Prompt, values); len(l) > 0 {
			t.Errorf("story %q: the prompt leaks %v", st[0], l)
		}
		packed := map[string]bool{}
		for _, f := range prep.Context.Files {
			if !f.Excerpt {
				packed[f.Path] = true
				everPacked[f.Path] = true
			}
			switch f.Path {
			case ".env", "deploy/id_rsa", "config/vault.yaml":
				t.Errorf("%s was packed", f.Path)
			}
		}
		for _, f := range prep.Redactions {
			if f.Line <= 0 || f.Source == "prompt" || strings.Contains(f.String(), "value") {
				t.Errorf("finding %v must name a file line", f)
			}
		}
		total += len(prep.Redactions)
		// Look-alikes of files packed whole must survive.
		for _, la := range m.LookAlikes {
			if packed[la.File] && !strings.Contains(prep.Prompt, la.Value) && !strings.Contains(prep.Context.Text, la.Value) {
				t.Errorf("look-alike %s in %s was redacted", la.Kind, la.File)
			}
		}
	}
	kept := 0
	for _, la := range m.LookAlikes {
		if everPacked[la.File] {
			kept++
		}
	}
	t.Logf("%d stories: %d redactions, 0 of %d secret values in any prompt; %d look-alikes in whole packed files, all kept", len(stories), total, len(values), kept)
}

func TestSecretFilesAreRefusedEvenWithoutRedaction(t *testing.T) {
	repo, _ := plantedRepo(t)
	tmpl := filepath.Join(t.TempDir(), "t.md")
	os.WriteFile(tmpl, []byte("---\nname: t\nsections: []\n---\n{{userStoryGoal}}\n@.env\n"), 0o644)
	s, _ := story.FromFields("dev", "read config", "", []string{"works"})
	for _, noRedact := range []bool{false, true} {
		_, err := (&Planner{}).Prepare(context.Background(), Request{Repo: repo, Story: s, Template: tmpl, NoRedact: noRedact}, nil)
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), ".env") || !strings.Contains(err.Error(), "secret") {
			t.Fatalf("noRedact=%v: err %v, want a refusal naming .env and why", noRedact, err)
		}
	}
}

func TestStoryTextIsRedactedUnlessAsked(t *testing.T) {
	repo, _ := plantedRepo(t)
	key := "sk_live_" + "51HbXq2eZvKYlo2C8Tq0mNpR7sW4xY6z"
	s, _ := story.FromFields("dev", "use the stripe key "+key+" in checkout", "", []string{"checkout charges cards"})
	prep, err := (&Planner{}).Prepare(context.Background(), Request{Repo: repo, Story: s}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(prep.Prompt, key) || !strings.Contains(prep.Prompt, "[REDACTED:") {
		t.Fatal("a key in the story must be redacted")
	}
	prep, err = (&Planner{}).Prepare(context.Background(), Request{Repo: repo, Story: s, NoRedact: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(prep.Prompt, key) || len(prep.Redactions) != 0 {
		t.Fatal("--no-redact sends values as they are")
	}
}
