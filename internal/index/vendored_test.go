package index

import (
	"context"
	"testing"
)

// TestVendoredKeptOutOfTermsAndGraph checks that with IncludeVendored a
// vendored file is indexed for existence, size, tokens and symbols, but
// holds no lexical terms and no edges of the reference graph.
func TestVendoredKeptOutOfTermsAndGraph(t *testing.T) {
	files := []SourceFile{
		{Path: "app/main.go", Data: []byte("package app\n\nfunc Run() { WidgetFactory() }\n")},
		{Path: "app/util.go", Data: []byte("package app\n\nfunc WidgetHelper() { Run() }\n")},
		{Path: "vendor/lib/widget.go", Data: []byte("package lib\n\n// WidgetFactory makes widgets.\nfunc WidgetFactory() { WidgetHelper() }\n\nfunc widgetInternal() {}\n")},
	}
	ix, err := BuildFromFiles(context.Background(), "r", files, Options{IncludeVendored: true})
	if err != nil {
		t.Fatal(err)
	}
	vf, ok := ix.File("vendor/lib/widget.go")
	if !ok || !vf.Vendored || vf.Tokens == 0 || vf.Size == 0 || vf.Language != "Go" {
		t.Fatalf("vendored file = %+v", vf)
	}
	if len(ix.Symbols("WidgetFactory")) != 1 {
		t.Errorf("vendored symbol missing: %v", ix.Symbols("WidgetFactory"))
	}
	if len(ix.Symbols("widgetInternal")) != 0 {
		t.Errorf("unexported vendored Go symbol kept: %v", ix.Symbols("widgetInternal"))
	}
	if s := ix.Symbols("WidgetFactory"); len(s) == 1 && (s[0].Signature != "" || s[0].Doc != "") {
		t.Errorf("vendored symbol keeps signature or doc: %+v", s[0])
	}
	vi := ix.FileIndex("vendor/lib/widget.go")
	for _, p := range ix.Postings("widget") {
		if int(p.File) == vi {
			t.Errorf("vendored file in postings of %q", "widget")
		}
	}
	if len(ix.Postings("factory")) != 1 { // app/main.go only
		t.Errorf("postings(factory) = %v", ix.Postings("factory"))
	}
	if n := len(ix.References(vi)) + len(ix.ReferencedBy(vi)); n != 0 {
		t.Errorf("vendored file has %d graph edges", n)
	}
	if ix.DocLen(vi) != 0 {
		t.Errorf("vendored doc length = %v", ix.DocLen(vi))
	}
	main, util := ix.FileIndex("app/main.go"), ix.FileIndex("app/util.go")
	if len(ix.References(util)) != 1 || int(ix.References(util)[0].File) != main {
		t.Errorf("util references = %v", ix.References(util))
	}
	// Without IncludeVendored the file is not indexed at all.
	ix, err = BuildFromFiles(context.Background(), "r", files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ix.File("vendor/lib/widget.go"); ok {
		t.Error("vendored file indexed by default")
	}
}
