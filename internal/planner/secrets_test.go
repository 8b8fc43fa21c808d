package planner

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/redact"
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

// memoPlanner returns a planner, as a new process would have, whose caches
// live under dir.
func memoPlanner(dir string) *Planner {
	return &Planner{IndexOptions: index.Options{CacheDir: filepath.Join(dir, "index")}}
}

// contextRun runs one context request and ends it as Context does,
// returning the request's secrets for its counters.
func contextRun(t *testing.T, p *Planner, req Request) (*Prepared, *secrets) {
	t.Helper()
	prep, sec, err := p.context(context.Background(), req, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := sec.close(); err != nil {
		t.Fatal(err)
	}
	return prep, sec
}

func plantedRequest(t *testing.T, repo string) Request {
	t.Helper()
	s, err := story.FromFields("developer", "rotate the stripe, aws and github keys used by the payment service", "", []string{"keys come from the environment, not the code"})
	if err != nil {
		t.Fatal(err)
	}
	return Request{Repo: repo, Story: s, Budget: 64000}
}

func memoFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "redact", "clean-*.bin"))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestSecretsCleanMemoAcrossRuns(t *testing.T) {
	repo, m := plantedRepo(t)
	var values []string
	for _, s := range m.Secrets {
		values = append(values, s.Value)
	}
	dir := t.TempDir()
	req := plantedRequest(t, repo)

	first, sec1 := contextRun(t, memoPlanner(dir), req)
	if sec1.remembered != 0 || sec1.found == 0 || sec1.scanned <= sec1.found {
		t.Fatalf("first run: scanned %d (%d with secrets), remembered %d; want clean and secret-bearing texts scanned, none remembered", sec1.scanned, sec1.found, sec1.remembered)
	}
	if files := memoFiles(t, dir); len(files) != 1 {
		t.Fatalf("memo files %v, want one beside the index cache", files)
	}

	p := memoPlanner(dir)
	second, sec2 := contextRun(t, p, req)
	if sec2.remembered != sec1.scanned-sec1.found {
		t.Errorf("second run remembered %d texts, want the %d clean ones", sec2.remembered, sec1.scanned-sec1.found)
	}
	if sec2.scanned != sec1.found || sec2.found != sec1.found {
		t.Errorf("second run scanned %d texts (%d with secrets), want only the %d secret-bearing ones", sec2.scanned, sec2.found, sec1.found)
	}
	if second.Context.Text != first.Context.Text {
		t.Error("the context differs between runs")
	}
	if l := leaks(second.Context.Text, values); len(l) > 0 {
		t.Errorf("the second run leaks %v", l)
	}
	if len(second.Redactions) == 0 || len(second.Redactions) != len(first.Redactions) {
		t.Errorf("second run redacted %d secrets, first %d", len(second.Redactions), len(first.Redactions))
	}
	for i := range min(len(first.Redactions), len(second.Redactions)) {
		if first.Redactions[i] != second.Redactions[i] {
			t.Errorf("redaction %d: %v, then %v", i, first.Redactions[i], second.Redactions[i])
		}
	}

	// A file that changes is scanned again: a secret added to a file that
	// was clean is found.
	planted := "token = \"" + "ghp_" + "k2QvX9mZ4tR7wY1pL8sN3bH6cJ0dF5gA2eU" + "\"\n"
	var changed string
	for _, f := range first.Context.Files {
		if !f.Excerpt && !strings.Contains(f.Path, "secret") {
			changed = f.Path
			break
		}
	}
	if changed == "" {
		t.Fatal("no file packed whole")
	}
	orig, err := os.ReadFile(filepath.Join(repo, changed))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, changed), append([]byte(planted), orig...), 0o644); err != nil {
		t.Fatal(err)
	}
	third, _ := contextRun(t, memoPlanner(dir), req)
	if strings.Contains(third.Context.Text, "k2QvX9mZ4tR7wY1p") {
		t.Errorf("the token planted in %s leaks", changed)
	}
	found := false
	for _, f := range third.Redactions {
		found = found || f.Source == changed
	}
	if !found {
		t.Errorf("no redaction in %s after a token was planted in it: %v", changed, third.Redactions)
	}
}

func TestSecretsCleanMemoSkipsTheRedactor(t *testing.T) {
	repo := t.TempDir()
	files := map[string]string{
		"go.mod":           "module example.com/shop\n\ngo 1.22\n",
		"cart/cart.go":     "package cart\n\n// Cart holds the items a customer is buying.\ntype Cart struct{ Items []Item }\n\n// Item is one line of a cart.\ntype Item struct {\n\tSKU   string\n\tCount int\n}\n\n// Total counts the items.\nfunc (c *Cart) Total() int {\n\tn := 0\n\tfor _, it := range c.Items {\n\t\tn += it.Count\n\t}\n\treturn n\n}\n",
		"cart/limit.go":    "package cart\n\n// MaxItems limits how many items a cart may hold.\nconst MaxItems = 100\n",
		"README.md":        "# shop\n\nA cart service. Carts hold at most MaxItems items.\n",
		"cmd/shop/main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"shop\") }\n",
	}
	for rel, content := range files {
		p := filepath.Join(repo, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, _ := story.FromFields("shopper", "a limit on the items in a cart", "", []string{"adding more than the limit fails"})
	req := Request{Repo: repo, Story: s}
	dir := t.TempDir()
	first, sec1 := contextRun(t, memoPlanner(dir), req)
	if sec1.scanned == 0 || sec1.found != 0 {
		t.Fatalf("first run scanned %d texts, found secrets in %d", sec1.scanned, sec1.found)
	}
	p := memoPlanner(dir)
	second, sec2 := contextRun(t, p, req)
	if p.memo.r != nil || sec2.scanned != 0 || sec2.remembered != sec1.scanned {
		t.Errorf("second run: redactor built %v, scanned %d, remembered %d of %d", p.memo.r != nil, sec2.scanned, sec2.remembered, sec1.scanned)
	}
	if second.Context.Text != first.Context.Text {
		t.Error("the context differs between runs")
	}
}

func TestSecretsCleanMemoKeyedByRules(t *testing.T) {
	repo, _ := plantedRepo(t)
	dir := t.TempDir()
	req := plantedRequest(t, repo)
	_, sec1 := contextRun(t, memoPlanner(dir), req)

	r, err := redact.New(redact.Options{MinEntropy: 3.5})
	if err != nil {
		t.Fatal(err)
	}
	p := memoPlanner(dir)
	p.Redactor = r
	_, sec2 := contextRun(t, p, req)
	if sec2.remembered != 0 || sec2.scanned != sec1.scanned {
		t.Errorf("other rules: remembered %d, scanned %d of %d texts; want every text scanned", sec2.remembered, sec2.scanned, sec1.scanned)
	}
	if files := memoFiles(t, dir); len(files) != 2 {
		t.Errorf("memo files %v, want one per rules fingerprint", files)
	}

	// A memo file of other rules under this fingerprint's name is ignored.
	want := filepath.Join(dir, "redact", cleanFileName(redact.Fingerprint(redact.Options{})))
	other := filepath.Join(dir, "redact", cleanFileName(r.Fingerprint()))
	if err := os.Rename(other, want); err != nil {
		t.Fatal(err)
	}
	_, sec3 := contextRun(t, memoPlanner(dir), req)
	if sec3.remembered != 0 || sec3.scanned != sec1.scanned {
		t.Errorf("foreign memo file: remembered %d, scanned %d of %d texts", sec3.remembered, sec3.scanned, sec1.scanned)
	}
}

func TestSecretsCorruptCleanMemoIsIgnored(t *testing.T) {
	repo, _ := plantedRepo(t)
	req := plantedRequest(t, repo)
	for name, spoil := range map[string]func([]byte) []byte{
		"truncated": func(b []byte) []byte { return b[:len(b)-7] },
		"flipped":   func(b []byte) []byte { b[len(b)/2] ^= 0x40; return b },
		"garbage":   func([]byte) []byte { return []byte("not a memo\n") },
		"empty":     func([]byte) []byte { return nil },
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			first, sec1 := contextRun(t, memoPlanner(dir), req)
			files := memoFiles(t, dir)
			if len(files) != 1 {
				t.Fatalf("memo files %v", files)
			}
			data, err := os.ReadFile(files[0])
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(files[0], spoil(data), 0o600); err != nil {
				t.Fatal(err)
			}
			second, sec2 := contextRun(t, memoPlanner(dir), req)
			if sec2.remembered != 0 || sec2.scanned != sec1.scanned || second.Context.Text != first.Context.Text {
				t.Errorf("remembered %d, scanned %d of %d texts, same context %v", sec2.remembered, sec2.scanned, sec1.scanned, second.Context.Text == first.Context.Text)
			}
			// The request rewrote the memo.
			_, sec3 := contextRun(t, memoPlanner(dir), req)
			if sec3.remembered != sec1.scanned-sec1.found {
				t.Errorf("after the rewrite: remembered %d, want %d", sec3.remembered, sec1.scanned-sec1.found)
			}
		})
	}
}

func TestSecretsNoRedactKeepsNoMemo(t *testing.T) {
	repo, _ := plantedRepo(t)
	dir := t.TempDir()
	req := plantedRequest(t, repo)
	req.NoRedact = true
	p := memoPlanner(dir)
	prep, sec := contextRun(t, p, req)
	if len(prep.Redactions) != 0 || sec.scanned+sec.remembered != 0 || p.memo.r != nil {
		t.Errorf("--no-redact: %d redactions, %d texts scanned or remembered, redactor built %v", len(prep.Redactions), sec.scanned+sec.remembered, p.memo.r != nil)
	}
	if files := memoFiles(t, dir); len(files) != 0 {
		t.Errorf("--no-redact wrote %v", files)
	}
}
