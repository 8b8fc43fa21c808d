package workspace

import (
	"fmt"
	"strings"
	"testing"
)

// renderTOML prints a value compactly: strings quoted, arrays in [], tables
// in {} with dotted keys.
func renderTOML(v tomlValue) string {
	switch v.Kind {
	case tomlString:
		return fmt.Sprintf("%q", v.Str)
	case tomlArray:
		parts := make([]string, len(v.Items))
		for i, it := range v.Items {
			parts[i] = renderTOML(it)
		}
		return "[" + strings.Join(parts, ",") + "]"
	case tomlTable:
		parts := make([]string, len(v.Fields))
		for i, f := range v.Fields {
			parts[i] = strings.Join(f.Key, ".") + "=" + renderTOML(f.Value)
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	return v.Str
}

func renderEntries(entries []tomlEntry) []string {
	var out []string
	for _, e := range entries {
		prefix := ""
		if e.ArrayTable {
			prefix = "[[]]"
		}
		out = append(out, fmt.Sprintf("%d %s%s=%s", e.Line, prefix, strings.Join(e.Path(), "."), renderTOML(e.Value)))
	}
	return out
}

func TestParseTOML(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
		errs []string // "line: message prefix"
	}{
		{
			name: "scalars and strings",
			in:   "a = 1\nb = true\nc = \"x\\ty\\u00e9\\\"\"\nd = 'C:\\path'\ne = 1979-05-27 07:32:00Z\nf = -0.5e3 # comment\n",
			want: []string{`1 a=1`, `2 b=true`, `3 c="x\tyé\""`, `4 d="C:\\path"`, `5 e=1979-05-27 07:32:00Z`, `6 f=-0.5e3`},
		},
		{
			name: "tables, quoted and dotted keys",
			in:   "[tool.poetry]\nname = \"x\"\n[ target.'cfg(unix)'.dependencies ]\nlibc = \"0.2\"\n[\"quoted key\"]\nsite.\"google.com\" = true\n",
			want: []string{`2 tool.poetry.name="x"`, `4 target.cfg(unix).dependencies.libc="0.2"`, `6 quoted key.site.google.com=true`},
		},
		{
			name: "array tables",
			in:   "[[bin]]\nname = \"a\"\n[[bin]]\nname = \"b\"\n",
			want: []string{`2 [[]]bin.name="a"`, `4 [[]]bin.name="b"`},
		},
		{
			name: "multi-line arrays with comments and trailing comma",
			in:   "deps = [\n  \"a\", # first\n  # nothing\n  \"b\",\n]\nnested = [[1, 2], [\"x\"]]\n",
			want: []string{`1 deps=["a","b"]`, `6 nested=[[1,2],["x"]]`},
		},
		{
			name: "inline tables",
			in:   "tokio = { version = \"1\", features = [\"full\"], default.x = false }\nempty = {}\n",
			want: []string{`1 tokio={version="1",features=["full"],default.x=false}`, `2 empty={}`},
		},
		{
			name: "multi-line strings",
			in:   "a = \"\"\"\nline one\nline two\"\"\"\nb = '''\nraw \\n'''\nc = \"\"\"fold \\\n    ed\"\"\"\nd = \"\"\"x\"\"\"\"\"\ne = 1\n",
			want: []string{`1 a="line one\nline two"`, `4 b="raw \\n"`, `6 c="fold ed"`, `8 d="x\"\""`, `9 e=1`},
		},
		{
			name: "CRLF",
			in:   "[a]\r\nb = \"c\"\r\n",
			want: []string{`2 a.b="c"`},
		},
		{
			name: "unquoted string",
			in:   "a = latest\nb = \"ok\"\n",
			want: []string{`2 b="ok"`},
			errs: []string{`1: invalid value "latest"`},
		},
		{
			name: "missing equals",
			in:   "a \"x\"\nb = 2\n",
			want: []string{`2 b=2`},
			errs: []string{`1: expected '='`},
		},
		{
			name: "unterminated string",
			in:   "a = \"x\nb = 2\n",
			want: []string{`2 b=2`},
			errs: []string{`1: string is never closed`},
		},
		{
			name: "unterminated array reports its opening line",
			in:   "a = [\n  \"x\",\n",
			errs: []string{`1: array is never closed`},
		},
		{
			name: "unterminated inline table",
			in:   "t = { a = 1\nb = 2\n",
			errs: []string{`2: expected , or } in inline table`},
		},
		{
			name: "text after a value",
			in:   "a = \"x\" \"y\"\nb = 1\n",
			want: []string{`1 a="x"`, `2 b=1`},
			errs: []string{`1: unexpected '"' after the value`},
		},
		{
			name: "bad header",
			in:   "[a\nb = 1\n[[c]\nd = 2\n",
			want: []string{`2 b=1`, `4 d=2`},
			errs: []string{`1: expected ']'`, `3: expected ]] to close`},
		},
		{
			name: "bad escape",
			in:   "a = \"\\q\"\n",
			errs: []string{`1: invalid escape \q`},
		},
		{
			name: "unterminated multi-line string reports its opening line",
			in:   "x = 1\na = \"\"\"\nno end\n",
			want: []string{`1 x=1`},
			errs: []string{`2: multi-line string is never closed`},
		},
		{
			name: "too deep",
			in:   "a = " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n",
			errs: []string{`1: values nested deeper than 64 levels`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			entries, errs := parseTOML([]byte(tc.in))
			if got := renderEntries(entries); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("entries:\n got: %q\nwant: %q", got, tc.want)
			}
			if len(errs) != len(tc.errs) {
				t.Fatalf("errors: got %v, want %q", errs, tc.errs)
			}
			for i, e := range errs {
				if got := fmt.Sprintf("%d: %s", e.Line, e.Msg); !strings.HasPrefix(got, tc.errs[i]) {
					t.Errorf("error %d = %q, want prefix %q", i, got, tc.errs[i])
				}
			}
		})
	}
}

func TestParseTOMLStopsAfterManyErrors(t *testing.T) {
	_, errs := parseTOML([]byte(strings.Repeat("bad\n", 50)))
	if len(errs) != maxTOMLErrors {
		t.Fatalf("%d errors, want %d", len(errs), maxTOMLErrors)
	}
}

func TestTOMLChildren(t *testing.T) {
	in := `[dependencies]
serde = "1"
tokio.version = "1"
tokio.features = ["full"]

[dependencies.sqlx]
version = "0.7"

[dependencies.serde]
features = ["derive"]
`
	entries, errs := parseTOML([]byte(in))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, c := range tomlChildren(entries, []string{"dependencies"}) {
		got = append(got, fmt.Sprintf("%d %s=%s", c.Line, c.Key[0], renderTOML(c.Value)))
	}
	want := []string{`2 serde="1"`, `3 tokio={version="1",features=["full"]}`, `7 sqlx={version="0.7"}`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if v, ok := tomlLookup(entries, "dependencies", "tokio"); !ok || v.Kind != tomlTable {
		t.Errorf("lookup tokio = %v %v", v, ok)
	}
	if _, ok := tomlLookup(entries, "nothing", "here"); ok {
		t.Error("lookup of a missing key succeeded")
	}
}
