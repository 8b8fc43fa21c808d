package plan

import (
	"math/rand"
	"os"
	"path/filepath"
	"testing"
)

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func newRand(seed int64) *rand.Rand { return rand.New(rand.NewSource(seed)) }
