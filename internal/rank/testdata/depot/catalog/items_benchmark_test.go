package catalog

import "testing"

func BenchmarkFind(b *testing.B) {
	items := []Item{{SKU: "a"}, {SKU: "b"}}
	for b.Loop() {
		Find(items, "b")
	}
}
