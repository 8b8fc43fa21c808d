package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadHead(t *testing.T) {
	root := t.TempDir()
	big := strings.Repeat("x", 10000)
	os.WriteFile(filepath.Join(root, "big.yaml"), []byte(big), 0o644)
	os.WriteFile(filepath.Join(root, "small.yaml"), []byte("openapi: 3"), 0o644)
	os.WriteFile(filepath.Join(root, "empty.json"), nil, 0o644)
	os.Mkdir(filepath.Join(root, "dir"), 0o755)
	ix, err := Build(context.Background(), root, Options{CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	mem, err := BuildFromFiles(context.Background(), root, []SourceFile{{Path: "big.yaml", Data: []byte(big)}, {Path: "small.yaml", Data: []byte("openapi: 3")}, {Path: "empty.json"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, ix := range map[string]*Index{"disk": ix, "memory": mem} {
		for _, c := range []struct {
			rel  string
			want string
		}{{"big.yaml", big[:4096]}, {"small.yaml", "openapi: 3"}, {"empty.json", ""}} {
			got, err := ix.ReadHead(c.rel, 4096)
			if err != nil || string(got) != c.want {
				t.Errorf("%s: ReadHead(%s) = %d bytes, %v; want %d bytes", name, c.rel, len(got), err, len(c.want))
			}
		}
		for _, rel := range []string{"../x", "/etc/passwd", `\x`} {
			if _, err := ix.ReadHead(rel, 10); !errors.Is(err, ErrOutsideRoot) {
				t.Errorf("%s: ReadHead(%s): %v, want ErrOutsideRoot", name, rel, err)
			}
		}
		if _, err := ix.ReadHead("missing", 10); err == nil {
			t.Errorf("%s: ReadHead(missing) succeeded", name)
		}
	}
	if _, err := ix.ReadHead("dir", 10); err == nil {
		t.Error("ReadHead(dir) succeeded")
	}
}
