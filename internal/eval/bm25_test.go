package eval

import (
	"reflect"
	"testing"
)

func TestBM25Tokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"ImageList summary", []string{"image", "list", "summary"}},
		{"HTTPServer", []string{"httpserver"}},
		{"get_manifest_v2 for the a1B", []string{"get", "manifest", "v2", "a1"}},
		{"daemon/containerd: Store", []string{"daemon", "containerd", "store"}},
		{"x y", nil},
	}
	for _, tt := range tests {
		if got := bm25Tokens(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("bm25Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBM25Rank(t *testing.T) {
	names := []string{"a/server.go", "b/image_list.go", "c/other.go"}
	contents := []string{"func Serve() {}", "func ImageList() { summary }", "nothing here"}
	got := bm25Rank(names, contents, "Store the image list summary")
	if got[0] != "b/image_list.go" {
		t.Errorf("top = %s, want b/image_list.go (order %v)", got[0], got)
	}
	if got[1] != "a/server.go" || got[2] != "c/other.go" {
		t.Errorf("ties must keep input order, got %v", got)
	}
}
