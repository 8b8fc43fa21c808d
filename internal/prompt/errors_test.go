package prompt

import (
	"errors"
	"strings"
	"testing"
)

// laxReader ignores the size limit, like a Reader that does not enforce it.
type laxReader map[string]string

func (l laxReader) Read(rel string, _ int64) ([]byte, error) {
	return []byte(l[rel]), nil
}

func TestErrors(t *testing.T) {
	secrets := func(p string) (string, bool) {
		if strings.HasPrefix(p, ".env") {
			return "environment files hold secrets", true
		}
		return "", false
	}
	tests := []struct {
		name     string
		text     string
		vars     map[string]string
		files    map[string]string
		outside  []string
		reader   Reader // overrides files
		opts     RenderOptions
		atParse  bool // the problem is found by Parse
		wantLine string
		wantMsg  string
	}{
		{name: "unknown variable", text: "Hello\n{{ who }} is here\n",
			wantLine: "t.md:2:", wantMsg: `unknown variable "who": no value was given`},
		{name: "unknown variable suggests a standard one", text: "{{userStoryActr}}\n",
			wantLine: "t.md:1:", wantMsg: `did you mean "userStoryActor"?`},
		{name: "undeclared variable with front matter", text: "---\nname: x\n---\nHi {{whom}}\n", vars: map[string]string{"whom": "you"},
			wantLine: "t.md:4:", wantMsg: `unknown variable "whom": it is not declared in the front matter`},
		{name: "declared variable without value", text: "---\nvariables: [whom]\n---\nHi {{whom}}\n",
			wantLine: "t.md:4:", wantMsg: `variable "whom" has no value`},
		{name: "missing required variable", text: "---\nvariables:\n  - name: goal\n    required: true\n---\nGoal: {{goal}}\n",
			wantLine: "t.md:6:", wantMsg: `required variable "goal" was not given`},
		{name: "empty required variable", text: "---\nvariables:\n  - name: goal\n    required: true\n---\n\nGoal: {{goal}}\n", vars: map[string]string{"goal": " \n"},
			wantLine: "t.md:7:", wantMsg: `required variable "goal" is empty`},
		{name: "required variable the body does not use", text: "---\nvariables:\n  - name: x\n  - name: goal\n    required: true\n---\nbody\n",
			wantLine: "t.md:4:", wantMsg: `required variable "goal" was not given`},
		{name: "missing include", text: "intro\n@docs/plan.md\n",
			wantLine: "t.md:2:", wantMsg: "include @docs/plan.md: file not found"},
		{name: "missing include after front matter", text: "---\nname: x\n---\n\n@docs/plan.md\n",
			wantLine: "t.md:5:", wantMsg: "include @docs/plan.md: file not found"},
		{name: "dot-dot escape", text: "see @../secret.txt\n", files: map[string]string{"../secret.txt": "x"},
			wantLine: "t.md:1:", wantMsg: "include @../secret.txt: the path leaves the repository"},
		{name: "dot-dot escape after a folder", text: "\n\n@docs/../../etc/passwd\n",
			wantLine: "t.md:3:", wantMsg: "the path leaves the repository"},
		{name: "absolute path", text: "a\nb\nsee @/etc/passwd\n",
			wantLine: "t.md:3:", wantMsg: "include @/etc/passwd: absolute paths are not allowed"},
		{name: "symlink leading outside", text: "@docs/link.md\n", outside: []string{"docs/link.md"},
			wantLine: "t.md:1:", wantMsg: "include @docs/link.md: the path leads outside the repository"},
		{name: "binary include with NUL", text: "x\n@img/logo.png\n", files: map[string]string{"img/logo.png": "\x89PNG\x00\x00"},
			wantLine: "t.md:2:", wantMsg: "include @img/logo.png: binary content (NUL byte)"},
		{name: "binary include not UTF-8", text: "@data/blob.bin\n", files: map[string]string{"data/blob.bin": "ab\xff\xfe"},
			wantLine: "t.md:1:", wantMsg: "binary content (not valid UTF-8)"},
		{name: "oversized include", text: "\n@docs/big.md\n", files: map[string]string{"docs/big.md": strings.Repeat("x", 101)}, opts: RenderOptions{MaxIncludeBytes: 100},
			wantLine: "t.md:2:", wantMsg: "include @docs/big.md: file is too large; the limit is 100 bytes"},
		{name: "oversized include from a lax reader", text: "@docs/big.md\n", reader: laxReader{"docs/big.md": strings.Repeat("x", 101)}, opts: RenderOptions{MaxIncludeBytes: 100},
			wantLine: "t.md:1:", wantMsg: "file is too large (101 bytes); the limit is 100 bytes"},
		{name: "oversized include over the default limit", text: "@docs/big.md\n", files: map[string]string{"docs/big.md": strings.Repeat("x", int(DefaultMaxIncludeBytes)+1)},
			wantLine: "t.md:1:", wantMsg: "the limit is 262144 bytes"},
		{name: "refused include", text: "config:\n  @.env.local\n", files: map[string]string{".env.local": "KEY=1"}, opts: RenderOptions{Refuse: secrets},
			wantLine: "t.md:2:", wantMsg: "include @.env.local refused: environment files hold secrets"},
		{name: "refused optional include", text: "@?.env\n", files: map[string]string{".env": "KEY=1"}, opts: RenderOptions{Refuse: secrets},
			wantLine: "t.md:1:", wantMsg: "include @?.env refused"},
		{name: "include without a repository", text: "@docs/a.md\n", reader: Reader(nil),
			wantLine: "t.md:1:", wantMsg: "no repository to read it from"},
		{name: "spec template without spec", text: "Plan the spec in <component_spec>.\n",
			wantLine: "t.md:1:", wantMsg: "no spec was given"},
		{name: "spec template without spec, front matter", text: "---\nname: x\ninput: spec\n---\nPlan it.\n",
			wantLine: "t.md:3:", wantMsg: "no spec was given"},

		{name: "bad YAML", text: "---\nname: x\nsections: [a, b\n---\nbody\n", atParse: true,
			wantLine: "t.md:", wantMsg: "front matter is not valid YAML"},
		{name: "bad YAML indentation", text: "---\nname: x\n  description: y\n---\nbody\n", atParse: true,
			wantLine: "t.md:3:", wantMsg: "front matter is not valid YAML: mapping values are not allowed"},
		{name: "unknown front matter key", text: "---\nname: x\ncolour: red\n---\nbody\n", atParse: true,
			wantLine: "t.md:3:", wantMsg: `unknown front matter key "colour"`},
		{name: "variable without a name", text: "---\nvariables:\n  - name: a\n  - description: what\n    required: true\n---\nbody\n", atParse: true,
			wantLine: "t.md:4:", wantMsg: "variable has no name"},
		{name: "variable with a bad name", text: "---\nvariables:\n  - name: my var\n---\nbody\n", atParse: true,
			wantLine: "t.md:3:", wantMsg: `variable name "my var" is not a valid name`},
		{name: "unknown variable key", text: "---\nvariables:\n  - name: a\n    requred: true\n---\nbody\n", atParse: true,
			wantLine: "t.md:4:", wantMsg: `unknown variable key "requred"`},
		{name: "required is not a bool", text: "---\nvariables:\n  - name: a\n    required: maybe\n---\nbody\n", atParse: true,
			wantLine: "t.md:4:", wantMsg: "required of a variable must be true or false"},
		{name: "duplicate variable", text: "---\nvariables: [a, b, a]\n---\nbody\n", atParse: true,
			wantLine: "t.md:2:", wantMsg: `variable "a" is declared twice`},
		{name: "bad input", text: "---\ninput: epic\n---\nbody\n", atParse: true,
			wantLine: "t.md:2:", wantMsg: `input "epic" is not a kind of input`},
		{name: "sections not a list", text: "---\nsections: {a: b}\n---\nbody\n", atParse: true,
			wantLine: "t.md:2:", wantMsg: `front matter "sections" must be a list of strings`},
		{name: "front matter not a mapping", text: "---\n- a\n- b\n---\nbody\n", atParse: true,
			wantLine: "t.md:2:", wantMsg: "front matter must be a mapping"},
		{name: "unclosed front matter", text: "---\nname: x\nbody\n", atParse: true,
			wantLine: "t.md:1:", wantMsg: "front matter starts with \"---\" but is never closed"},
		{name: "template not UTF-8", text: "hello \xff\n", atParse: true,
			wantLine: "t.md:", wantMsg: "template is not UTF-8 text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tp, err := Parse("t.md", []byte(tc.text))
			if tc.atParse {
				assertProblem(t, err, tc.wantLine, tc.wantMsg)
				assertFixed(t, err)
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			var r Reader = &mapReader{files: tc.files, outside: map[string]bool{}}
			for _, p := range tc.outside {
				r.(*mapReader).outside[p] = true
			}
			if tc.reader != nil || strings.Contains(tc.name, "without a repository") {
				r = tc.reader
			}
			out, err := tp.Render(tc.vars, r, tc.opts)
			if out != "" {
				t.Errorf("output %q returned with an error", out)
			}
			assertProblem(t, err, tc.wantLine, tc.wantMsg)
			assertFixed(t, err)
		})
	}
}

// assertFixed checks every problem carries a fix and formats as
// "source:line: msg (fix: …)".
func assertFixed(t *testing.T, err error) {
	t.Helper()
	var perr *Error
	if !errors.As(err, &perr) {
		return
	}
	for _, p := range perr.Problems {
		if p.Fix == "" || !strings.HasSuffix(p.String(), "(fix: "+p.Fix+")") {
			t.Errorf("problem without a fix: %s", p)
		}
	}
}

// Render reports every problem at once, in line order.
func TestRenderCollectsEveryProblem(t *testing.T) {
	text := "---\nvariables:\n  - name: goal\n    required: true\n---\n" +
		"{{goal}}\n{{mystery}}\n@docs/missing.md\n@../up.md\n@/abs.md\n@bin/x.dat\n{{mystery}}\n"
	tp := mustParse(t, "many.md", text)
	_, err := tp.Render(map[string]string{"mystery": "m"}, &mapReader{files: map[string]string{"bin/x.dat": "\x00"}}, RenderOptions{})
	var perr *Error
	if !errors.As(err, &perr) {
		t.Fatalf("error %T, want *Error", err)
	}
	want := []string{
		`many.md:6: required variable "goal" was not given`,
		`many.md:7: unknown variable "mystery": it is not declared in the front matter (also used on line 12)`,
		"many.md:8: include @docs/missing.md: file not found",
		"many.md:9: include @../up.md: the path leaves the repository",
		"many.md:10: include @/abs.md: absolute paths are not allowed",
		"many.md:11: include @bin/x.dat: binary content (NUL byte)",
	}
	if len(perr.Problems) != len(want) {
		t.Fatalf("%d problems, want %d:\n%v", len(perr.Problems), len(want), err)
	}
	lines := strings.Split(err.Error(), "\n")
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w+" (fix: ") {
			t.Errorf("problem %d = %q, want prefix %q", i, lines[i], w)
		}
	}
}

// Parse reports every front matter problem at once.
func TestParseCollectsEveryProblem(t *testing.T) {
	_, err := Parse("fm.md", []byte("---\ncolour: red\ninput: epic\nvariables:\n  - required: true\n---\n"))
	var perr *Error
	if !errors.As(err, &perr) || len(perr.Problems) != 3 {
		t.Fatalf("want 3 problems, got %v", err)
	}
	for i, line := range []string{"fm.md:2:", "fm.md:3:", "fm.md:5:"} {
		if !strings.HasPrefix(perr.Problems[i].String(), line) {
			t.Errorf("problem %d = %s, want %s…", i, perr.Problems[i], line)
		}
	}
}

func TestProblemString(t *testing.T) {
	for _, tc := range []struct {
		p    Problem
		want string
	}{
		{Problem{"a.md", 3, "bad", "fix it"}, "a.md:3: bad (fix: fix it)"},
		{Problem{"a.md", 0, "bad", ""}, "a.md: bad"},
	} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
	if (&Error{}).Error() == "" {
		t.Error("empty Error prints nothing")
	}
}
