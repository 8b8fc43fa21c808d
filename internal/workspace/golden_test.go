package workspace

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/groundplan/groundplan/internal/index"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden files from the current output")

// fixtures are the sample repositories under testdata, one per ecosystem.
var fixtures = []string{
	"go-chi",
	"node-express-ts",
	"python-fastapi",
	"python-django",
	"java-spring",
	"kotlin-ktor-gradle",
	"rust-axum",
	"ruby-rails",
	"php-laravel",
	"csharp-aspnet",
	"monorepo",
	"broken",
}

func detectFixture(t *testing.T, name string) *Facts {
	t.Helper()
	ctx := context.Background()
	ix, err := index.Build(ctx, filepath.Join("testdata", name), index.Options{NoCache: true, NoTokens: true})
	if err != nil {
		t.Fatalf("index %s: %v", name, err)
	}
	f, err := Detect(ctx, ix)
	if err != nil {
		t.Fatalf("detect %s: %v", name, err)
	}
	return f
}

func TestGolden(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			f := detectFixture(t, name)
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(f); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("facts of %s differ from %s (run go test -update after checking):\n%s", name, golden, got)
			}
		})
	}
}
