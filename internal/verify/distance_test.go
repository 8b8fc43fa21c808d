package verify

import (
	"math/rand"
	"testing"
)

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"service", "servcie", 1}, {"kitten", "sitting", 3},
		{"repository", "repositories", 3}, {"ab", "ba", 1}, {"abc", "ca", 3}, {"héllo", "hello", 1},
	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b); got != tt.d {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.d)
		}
	}
}

// TestDistanceWithin checks the banded distance against the full one.
func TestDistanceWithin(t *testing.T) {
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
		if got, want := distanceWithin(a, b, k), distance(a, b) <= k; got != want {
			t.Fatalf("distanceWithin(%q, %q, %d) = %v, distance %d", a, b, k, got, distance(a, b))
		}
	}
}

func TestIdentWordsAndStem(t *testing.T) {
	if got := identWords("parsePageHTTPError_x2"); len(got) != 6 || got[0] != "parse" || got[2] != "http" || got[3] != "error" || got[5] != "2" {
		t.Errorf("identWords = %v", got)
	}
	for in, want := range map[string]string{"cancelled": "cancel", "cancelling": "cancel", "cancellation": "cancel", "reviews": "review", "stories": "story", "rate": "rat", "rating": "rat"} {
		if got := stem(in); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
}
