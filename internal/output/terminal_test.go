package output

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

func plain(s string) string { return ansi.ReplaceAllString(s, "") }

func TestRenderTerminalLayout(t *testing.T) {
	md := "# Plan: `x`\n\nSome *emph*, **strong** and `code` with a [link](https://example.com).\n\n" +
		"> quoted\n\n" +
		"## Steps\n\n1. **First** — do `a.go`\n   - Files: `a.go`\n2. Second\n\n" +
		"- [x] done\n- [ ] open\n\n" +
		"---\n\n" +
		"```go\nfunc main() {\n\tprintln()\n}\n```\n\n" +
		"| File | Change |\n| --- | ---: |\n| `a.go` | modify |\n| b.go | new |\n\n" +
		"###### small\n"
	got := plain(RenderTerminal(md, 100))
	want := `
   Plan:  x  

  Some emph, strong and  code  with a link https://example.com.

  │ quoted

  ## Steps

  1. First — do  a.go 
     • Files:  a.go 
  2. Second

  [✓] done
  [ ] open

  --------

    func main() {
    	println()
    }

   File   │ Change
  ────────┼────────
    a.go  │ modify
   b.go   │    new

  ###### small
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestRenderTerminalStyles(t *testing.T) {
	out := RenderTerminal("## Head\n\nSome **strong** and `code`.\n", 100)
	for _, want := range []string{
		"\x1b[38;5;39;1m## Head\x1b[0m",
		"\x1b[38;5;252;1mstrong\x1b[0m",
		"\x1b[38;5;203;48;5;236m code \x1b[0m",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in %q", want, out)
		}
	}
	if strings.Count(out, "\x1b[0m") != strings.Count(out, "\x1b[")-strings.Count(out, "\x1b[0m") {
		t.Errorf("every style should be reset once: %q", out)
	}
}

func TestRenderTerminalWraps(t *testing.T) {
	long := strings.Repeat("word ", 60)
	md := long + "\n\n- " + long + "\n  1. " + long + "\n\n> " + long + "\n"
	out := plain(RenderTerminal(md, 60))
	for _, l := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(l); n > 60 {
			t.Errorf("line of %d columns: %q", n, l)
		}
	}
	if got := strings.Count(out, "word"); got != 4*60 {
		t.Errorf("%d words, want %d", got, 4*60)
	}
	// Continuation lines of an item are indented under its text.
	if !strings.Contains(out, "\n    word") || !strings.Contains(out, "\n       word") {
		t.Errorf("item continuations not indented:\n%s", out)
	}
}

func TestRenderTerminalOddInput(t *testing.T) {
	for _, md := range []string{"", "\n\n", "<div>\nhtml\n</div>\n", "> - a\n>   > b\n", "| a |\n| - |\n", "line  \nbreak\n", "![alt](i.png)\n", "<https://x.y>\n", "1. \n"} {
		out := RenderTerminal(md, 100)
		if !strings.HasPrefix(out, "\n") {
			t.Errorf("%q: %q", md, out)
		}
	}
}
