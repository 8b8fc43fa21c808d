package textdist

import "testing"

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
		// OSAWithin counts bytes: "é" is two of them.
		d := tt.osa
		if tt.a == "héllo" {
			d = 2
		}
		if !OSAWithin(tt.a, tt.b, d) || (d > 0 && OSAWithin(tt.a, tt.b, d-1)) {
			t.Errorf("OSAWithin(%q, %q, k) is not true from k = %d on", tt.a, tt.b, d)
		}
	}
}
