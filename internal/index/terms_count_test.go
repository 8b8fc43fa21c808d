package index

import (
	"maps"
	"testing"
)

// contentTerms must count exactly what splitting every occurrence does.
func TestContentTermsMatchesSplitTerms(t *testing.T) {
	for _, s := range []string{
		"",
		"func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }",
		"err := doThing(); if err != nil { return err }; err = other(err)",
		"HTTPServer http_server http-server 123abc abc123 x_1_y ÜberCamelCase naïve_straße 日本語テキスト",
		"the the the and stores storing stored manifests",
		"a\nb\r\nc\t__init__ _private __",
	} {
		want := map[string]int{}
		splitTerms(s, func(t string) { want[t]++ }, nil)
		for _, memo := range []*termMemo{nil, {}} {
			got := map[string]int{}
			contentTerms(s, got, memo)
			contentTerms(s, map[string]int{}, memo) // a warm memo gives the same
			got2 := map[string]int{}
			contentTerms(s, got2, memo)
			if !maps.Equal(got, want) || !maps.Equal(got2, want) {
				t.Errorf("%q (memo %v):\n got %v\nwant %v", s, memo != nil, got, want)
			}
		}
	}
}

func FuzzContentTerms(f *testing.F) {
	f.Add("func ServeHTTP(w http.ResponseWriter) { w.WriteHeader(200) }")
	f.Add("ÜberCamelCase naïve_straße 123abc")
	f.Fuzz(func(t *testing.T, s string) {
		want := map[string]int{}
		splitTerms(s, func(t string) { want[t]++ }, nil)
		got := map[string]int{}
		contentTerms(s, got, &termMemo{})
		if !maps.Equal(got, want) {
			t.Fatalf("%q: got %v, want %v", s, got, want)
		}
	})
}
