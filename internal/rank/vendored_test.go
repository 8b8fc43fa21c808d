package rank

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/groundplan/groundplan/internal/index"
)

// TestRankNeverReturnsVendored builds the shop fixture with a vendored copy
// of its billing code (Options.IncludeVendored) and checks that the vendored
// file is indexed (path, symbols) but never ranked, and that the project's
// own file still comes first.
func TestRankNeverReturnsVendored(t *testing.T) {
	var files []index.SourceFile
	err := filepath.WalkDir("testdata/shop", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("testdata/shop", p)
		files = append(files, index.SourceFile{Path: filepath.ToSlash(rel), Data: data})
		if rel == filepath.Join("billing", "invoice.go") {
			files = append(files, index.SourceFile{Path: "vendor/example.com/billing/invoice.go", Data: data})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.BuildFromFiles(context.Background(), "shop", files, index.Options{IncludeVendored: true})
	if err != nil {
		t.Fatal(err)
	}
	vf, ok := ix.File("vendor/example.com/billing/invoice.go")
	if !ok || !vf.Vendored || len(vf.Symbols) == 0 {
		t.Fatalf("vendored file not indexed with its symbols: %+v", vf)
	}
	for _, story := range []string{"Change `ComputeTax` to round half-even", "invoice tax rounding", "billing/invoice.go totals"} {
		res, err := Rank(context.Background(), ix, NewQuery(story), Options{IncludeTests: true, IncludeDocs: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(res) == 0 || res[0].Path != "billing/invoice.go" {
			t.Errorf("%q: top = %v", story, res)
		}
		for _, r := range res {
			if index.IsVendored(r.Path) {
				t.Errorf("%q: vendored %s ranked", story, r.Path)
			}
		}
	}
}
