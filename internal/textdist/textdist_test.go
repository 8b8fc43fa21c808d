package textdist

import (
	"math/rand"
	"testing"
)

func TestDistances(t *testing.T) {
	tests := []struct {
		a, b     string
		lev, osa int
	}{
		{"", "", 0, 0}, {"a", "", 1, 1}, {"", "abc", 3, 3}, {"service", "servcie", 2, 1}, {"kitten", "sitting", 3, 3},
		{"repository", "repositories", 3, 3}, {"ab", "ba", 2, 1}, {"abc", "ca", 3, 3}, {"héllo", "hello", 1, 1},
	}
	for _, tt := range tests {
		if got := Levenshtein(tt.a, tt.b); got != tt.lev {
			t.Errorf("Levenshtein(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.lev)
		}
		if got := OSA(tt.a, tt.b); got != tt.osa {
			t.Errorf("OSA(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.osa)
		}
	}
	if OSAWithin("héllo", "hello", 1) {
		t.Error(`OSAWithin("héllo", "hello", 1): bytes, not runes, are counted`)
	}
}

// TestOSAWithin checks the banded distance against the full one.
func TestOSAWithin(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	word := func() string {
		b := make([]byte, r.Intn(12))
		for i := range b {
			b[i] = "abcd/._"[r.Intn(7)]
		}
		return string(b)
	}
	for i := 0; i < 20000; i++ {
		a, b, k := word(), word(), r.Intn(5)
		if got, want := OSAWithin(a, b, k), OSA(a, b) <= k; got != want {
			t.Fatalf("OSAWithin(%q, %q, %d) = %v, OSA %d", a, b, k, got, OSA(a, b))
		}
	}
}
