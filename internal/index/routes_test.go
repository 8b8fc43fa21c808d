package index

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// routeCallRef is the regular expression extractRoutes stands for.
var routeCallRef = regexp.MustCompile(`\.(Get|Post|Put|Patch|Delete|Head|Options|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|Handle|HandleFunc|Any|Method)\(\s*"([^"]*/[^"]*)"`)

// extractRoutesRef is extractRoutes as it was: routeCallRef over each line.
func extractRoutesRef(rel string, data []byte) []Symbol {
	var out []Symbol
	lines := bytes.Split(data, []byte("\n"))
	for i, ln := range lines {
		for _, m := range routeCallRef.FindAllSubmatch(ln, -1) {
			method, pattern := string(m[1]), string(m[2])
			name := pattern
			switch strings.ToUpper(method) {
			case "HANDLE", "HANDLEFUNC", "METHOD":
			case "ANY":
				name = "ANY " + pattern
			default:
				name = strings.ToUpper(method) + " " + pattern
			}
			out = append(out, Symbol{Name: name, Kind: KindRoute, Path: rel, Line: i + 1, EndLine: i + 1, Signature: strings.TrimSpace(string(ln))})
		}
	}
	return out
}

func TestExtractRoutesMatchesRegexp(t *testing.T) {
	inputs := []string{
		``,
		`mux.HandleFunc("GET /books/{id}", h.get)`,
		`r.Get("/books", h.list)`,
		`e.GET("/books", h.list)`,
		`r.Handle("/static/", fs)`,
		`r.Method("PATCH", "/x", h)`,
		`r.Any("/any", h)`,
		`g.POST( "/a" , h); g.PUT(	"/b", h)`,
		"g.DELETE(\t\r\f \"/a\", h)",
		"g.Get(\n\"/a\", h)",
		`g.Get("/a`,
		"g.Get(\"/a\n\", h)",
		`g.Get("noslash", h)`,
		`g.Get("", h)`,
		`g.Get("/", h)`,
		`g.Get(` + "`/raw`" + `, h)`,
		`g.get("/lower", h)`,
		`g.GetX("/x", h)`,
		`g.xGet("/x", h)`,
		`g._Get("/x", h)`,
		`g.1Get("/x", h)`,
		`Get("/nodot", h)`,
		`g..Get("/dots", h)`,
		`g.Handle.Get("/chain", h)`,
		`g.Get("/a").Post("/b").Put("/c")`,
		`g.Get("/a".Get("/b")`,
		`g.Get("abc".Get("/b")`,
		`g.Get("a/b" + "/c")`,
		`g.Get("a\"/b")`,
		`x := "g.Get(" + "\"/a\""`,
		`// r.Get("/commented", h)`,
		`s := "r.Post(\"/in/string\")"`,
		"first line\n\tr.Get(\"/second\", h)\r\n\tr.Post(\"/third\", h)\n",
		"r.Head(\"/h\")\nr.Options(\"/o\")\nr.HEAD(\"/H\")\nr.OPTIONS(\"/O\")\nr.Patch(\"/p\")\nr.PATCH(\"/P\")",
		"r.HandleFunc(\"/é/ü\", h) // ünïcode",
		"r.Get(\"/\xff\xfe\", h)",
		"\xffr.Get(\"/bad\", h)",
		`r.Get ("/space-before-paren", h)`,
		`r.Get(("/paren"), h)`,
		`r.Get(` + "\v" + `"/vtab", h)`,
		`"r.Get("/quoted-start")`,
		`r.Get("/a", "/b")`,
		`.Get("/start")`,
		`r.Get("/end"`,
		"r.Get(\"/x\")\n\n\n   r.Method(\"GET\", \"/y\")   \n",
	}
	for _, in := range inputs {
		want := extractRoutesRef("f.go", []byte(in))
		got := extractRoutes("f.go", []byte(in))
		if !slices.Equal(want, got) {
			t.Errorf("%q:\ngot  %v\nwant %v", in, got, want)
		}
	}
	// Every input should be found somewhere: the table covers matches.
	n := 0
	for _, in := range inputs {
		n += len(extractRoutesRef("f.go", []byte(in)))
	}
	if n < 20 {
		t.Errorf("only %d matches in the table", n)
	}
}

func FuzzExtractRoutes(f *testing.F) {
	for _, s := range []string{
		`mux.HandleFunc("GET /books/{id}", h.get)`,
		"r.Get(\"/a\").Post( \"/b\")\nr.Any(\t\"/c\")",
		`g.Get("abc".Get("/b")`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want := extractRoutesRef("f.go", data)
		got := extractRoutes("f.go", data)
		if !slices.Equal(want, got) {
			t.Errorf("%q:\ngot  %v\nwant %v", data, got, want)
		}
	})
}

func BenchmarkExtractRoutes(b *testing.B) {
	var src bytes.Buffer
	for i := range 2000 {
		fmt.Fprintf(&src, "\tx%d := fmt.Sprintf(\"%%d/%%s\", a.b(c), \"d\") // comment %d\n", i, i)
		if i%100 == 0 {
			fmt.Fprintf(&src, "\tr.Get(\"/route/%d\", h)\n", i)
		}
	}
	data := src.Bytes()
	b.Run("regexp", func(b *testing.B) {
		for b.Loop() {
			extractRoutesRef("f.go", data)
		}
	})
	b.Run("matcher", func(b *testing.B) {
		for b.Loop() {
			extractRoutes("f.go", data)
		}
	})
}
