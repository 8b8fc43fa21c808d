package pack

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/rank"
)

var update = flag.Bool("update", false, "rewrite golden files")

func rankShop(t testing.TB, story string) (*index.Index, []rank.Result) {
	t.Helper()
	ix, err := index.Build(context.Background(), "../rank/testdata/shop", index.Options{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := rank.Rank(context.Background(), ix, rank.NewQuery(story), rank.Options{IncludeDocs: true})
	if err != nil {
		t.Fatal(err)
	}
	return ix, res
}

func TestPackBudget(t *testing.T) {
	ix, res := rankShop(t, "Cancelling a shipped order should refund the invoice")
	for _, budget := range []int{150, 300, 600, 1200, 5000, 16000} {
		c, err := Pack(context.Background(), ix, res, Options{Budget: budget})
		if err != nil {
			t.Fatal(err)
		}
		if c.Tokens > budget {
			t.Errorf("budget %d: %d tokens", budget, c.Tokens)
		}
		if got := CountTokens(c.Text); got != c.Tokens {
			t.Errorf("budget %d: Tokens = %d, text counts %d", budget, c.Tokens, got)
		}
		if !strings.HasPrefix(c.Text, c.Map) {
			t.Errorf("budget %d: the map must come first", budget)
		}
		if len(c.Files)+len(c.Omitted) != len(res) {
			t.Errorf("budget %d: %d packed + %d omitted != %d ranked", budget, len(c.Files), len(c.Omitted), len(res))
		}
		for _, f := range c.Files {
			if !strings.Contains(c.Text, "## "+f.Path) {
				t.Errorf("budget %d: %s listed but not in the text", budget, f.Path)
			}
		}
	}
	big, _ := Pack(context.Background(), ix, res, Options{Budget: 16000})
	if len(big.Omitted) != 0 || big.Files[0].Excerpt {
		t.Errorf("a small repository fits whole in 16k: omitted %v", big.Omitted)
	}
	small, _ := Pack(context.Background(), ix, res, Options{Budget: 300})
	if len(small.Omitted) == 0 {
		t.Errorf("300 tokens cannot hold everything")
	}
}

func TestPackExcerpt(t *testing.T) {
	ix, res := rankShop(t, "Cancel order")
	// A budget that forces excerpts of the top file.
	c, err := Pack(context.Background(), ix, res[:1], Options{Budget: 330, MapShare: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Files) != 1 || !c.Files[0].Excerpt {
		t.Fatalf("want one excerpt, got %+v omitted %+v", c.Files, c.Omitted)
	}
	if !strings.Contains(c.Text, "omitted") {
		t.Errorf("an excerpt marks the lines it leaves out:\n%s", c.Text)
	}
}

func TestPackDeterministicGolden(t *testing.T) {
	ix, res := rankShop(t, "notify: include the order total in the email")
	first, err := Pack(context.Background(), ix, res, Options{Budget: 700})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		again, _ := Pack(context.Background(), ix, res, Options{Budget: 700})
		if again.Text != first.Text {
			t.Fatal("packing differs between runs")
		}
	}
	golden := "testdata/notify_700.golden.md"
	if *update {
		if err := os.WriteFile(golden, []byte(first.Text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if first.Text != string(want) {
		t.Errorf("context differs from %s:\n%s", golden, first.Text)
	}
}

func TestPackSkipsSecrets(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		".env":                    "API_KEY=abc-env\n",
		".env.production":         "API_KEY=abc-prod\n",
		"deploy/server.pem":       "-----BEGIN PRIVATE KEY-----\nabc-pem\n",
		"config/credentials.json": "{\"secret\": \"abc-cred\"}\n",
		".env.example":            "API_KEY=\n",
		"main.go":                 "package main\n\n// API_KEY is read from the environment.\nfunc main() {}\n",
	}
	var res []rank.Result
	for name, body := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
		res = append(res, rank.Result{Path: name})
	}
	sort.Slice(res, func(a, b int) bool { return res[a].Path < res[b].Path })
	ix, err := index.Build(context.Background(), dir, index.Options{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Pack(context.Background(), ix, res, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path   string
		packed bool
	}{
		{".env", false},
		{".env.production", false},
		{"deploy/server.pem", false},
		{"config/credentials.json", false},
		{".env.example", true}, // a template documents variables, as redaction allows
		{"main.go", true},
	}
	for _, tt := range tests {
		omitted := ""
		for _, o := range c.Omitted {
			if o.Path == tt.path {
				omitted = o.Reason
			}
		}
		if tt.packed && omitted != "" {
			t.Errorf("%s omitted (%s), want packed", tt.path, omitted)
		}
		if !tt.packed {
			if !strings.Contains(omitted, "never sent to a model") {
				t.Errorf("%s: omitted reason %q, want redaction's reason", tt.path, omitted)
			}
			if strings.Contains(c.Text, "abc-") {
				t.Errorf("secret content of %s was packed", tt.path)
			}
		}
	}
}

func BenchmarkPack(b *testing.B) {
	ix, res := rankShop(b, "Cancelling a shipped order should refund the invoice")
	for b.Loop() {
		Pack(context.Background(), ix, res, Options{Budget: 2000})
	}
}
