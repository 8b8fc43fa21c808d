package plan

import (
	"os"
	"path/filepath"
	"testing"
)

func FuzzParseMarkdown(f *testing.F) {
	inputs, _ := filepath.Glob(filepath.Join("testdata", "*.md"))
	for _, in := range inputs {
		if b, err := os.ReadFile(in); err == nil {
			f.Add(string(b))
		}
	}
	for _, s := range []string{
		"", "#", "# T\n## A\n- x", "**1. ARCHITECTURAL DECISIONS**\n- a\n**2. STEPS**\n1. **x** — `a/b.go`",
		"```markdown\n# T\n```", "<think>x</think>\n# T", "> draft\n\n## Files\n- `a.go` (new)",
		"## Estimate\n| Task | Hours |\n|--|--|\n| a | 1.5 |", "## Testing\n- **Unit tests:**\n  - `TestX`",
		"## Steps\n### Step 1\nx\n### Step 2: y", "1. a\n   ```\n   b\n   ```\n2. c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		p, err := ParseMarkdown(text)
		if err != nil {
			return
		}
		md := p.Markdown()
		q, err := ParseMarkdown(md)
		if err != nil {
			t.Fatalf("Markdown() of a parsed plan does not parse: %v\ninput: %q\nmarkdown: %q", err, text, md)
		}
		if md2 := q.Markdown(); md2 != md {
			t.Fatalf("Markdown() is not stable\ninput: %q\nfirst:  %q\nsecond: %q", text, md, md2)
		}
		data, err := p.JSON()
		if err != nil {
			t.Fatal(err)
		}
		if err := validateSchema(t, data); err != nil {
			t.Fatalf("JSON does not match the schema: %v\ninput: %q", err, text)
		}
	})
}
