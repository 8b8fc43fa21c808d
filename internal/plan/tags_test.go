package plan

import (
	"math/rand"
	"strings"
	"testing"
)

// streamed feeds text to a new filter in the given chunks.
func streamed(tags []string, chunks []string) (visible, hidden string) {
	f := NewTagFilter(tags)
	var v, h strings.Builder
	for _, c := range chunks {
		a, b := f.Write(c)
		v.WriteString(a)
		h.WriteString(b)
	}
	a, b := f.Flush()
	v.WriteString(a)
	h.WriteString(b)
	return v.String(), h.String()
}

func TestStripTags(t *testing.T) {
	tags := []string{"implementation_breakdown", "think"}
	cases := []struct {
		name, in, visible, hidden string
	}{
		{"none", "# Plan\n\ntext", "# Plan\n\ntext", ""},
		{"block before plan", "<implementation_breakdown>\nanalysis\n</implementation_breakdown>\n# Plan", "\n# Plan", "\nanalysis\n"},
		{"case-insensitive", "a<THINK>x</Think>b", "ab", "x"},
		{"other tags inside are hidden text", "<think>see <component_spec>x</component_spec> and <b>y</b></think>plan", "plan", "see <component_spec>x</component_spec> and <b>y</b>"},
		{"first close ends the block", "<think>a<think>b</think>c</think>d", "cd", "a<think>b"},
		{"unterminated block hides the rest", "plan<think>never closed\n# Not plan", "plan", "never closed\n# Not plan"},
		{"stray close tag is dropped", "plan</think> more", "plan more", ""},
		{"attributes are not tags", `<think id="1">x</think>`, `<think id="1">x`, ""},
		{"tag in inline code is text", "use `<think>` blocks", "use `<think>` blocks", ""},
		{"tag in a string literal is text", `strings.Index(s, "<think>") or '<think>'`, `strings.Index(s, "<think>") or '<think>'`, ""},
		{"lone angle brackets", "a < b > c <<", "a < b > c <<", ""},
		{"partial tag at the end", "text <thi", "text <thi", ""},
		{"two blocks", "<think>1</think>a<think>2</think>b", "ab", "12"},
		{"unknown tag untouched", "<analysis>x</analysis>", "<analysis>x</analysis>", ""},
		{"multibyte text", "é<think>ü</think>ß", "éß", "ü"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, h := StripTags(c.in, tags)
			if v != c.visible || h != c.hidden {
				t.Errorf("StripTags(%q) = %q, %q; want %q, %q", c.in, v, h, c.visible, c.hidden)
			}
		})
	}
}

// tagSample exercises every path of the filter: open and close tags of two
// names, case changes, a stray close, a backtick, lone brackets and an
// unterminated block.
const tagSample = "Intro <b>x</b> `<think>` \"<think>\" a<IMPLEMENTATION_breakdown>\nplan A <think> inner\n</implementation_breakdown>\n# Plan\n</think> stray <thin k> <think>hidden < > </thinK>done <think>tail"

func TestTagFilterEverySplit(t *testing.T) {
	tags := []string{"implementation_breakdown", "think"}
	wantV, wantH := StripTags(tagSample, tags)
	if strings.Contains(wantV, "plan A") || !strings.Contains(wantV, "# Plan") || !strings.Contains(wantH, "tail") {
		t.Fatalf("unexpected whole-text result %q / %q", wantV, wantH)
	}
	for i := 0; i <= len(tagSample); i++ {
		v, h := streamed(tags, []string{tagSample[:i], tagSample[i:]})
		if v != wantV || h != wantH {
			t.Fatalf("split at %d: got %q / %q, want %q / %q", i, v, h, wantV, wantH)
		}
	}
	// Every pair of split points, too.
	for i := 0; i <= len(tagSample); i++ {
		for j := i; j <= len(tagSample); j++ {
			v, h := streamed(tags, []string{tagSample[:i], tagSample[i:j], tagSample[j:]})
			if v != wantV || h != wantH {
				t.Fatalf("splits at %d,%d: got %q / %q", i, j, v, h)
			}
		}
	}
}

func TestTagFilterRandomSplits(t *testing.T) {
	tags := ReasoningTags()
	rng := rand.New(rand.NewSource(1))
	texts := []string{tagSample, readTestdata(t, "backend_breakdown.md"), "<think>" + strings.Repeat("x<", 50) + "</think>ok"}
	for _, text := range texts {
		wantV, wantH := StripTags(text, tags)
		for n := 0; n < 300; n++ {
			var chunks []string
			rest := text
			for rest != "" {
				k := rng.Intn(min(len(rest), 12) + 1)
				chunks = append(chunks, rest[:k])
				rest = rest[k:]
			}
			if v, h := streamed(tags, chunks); v != wantV || h != wantH {
				t.Fatalf("chunks %q: got %q / %q, want %q / %q", chunks, v, h, wantV, wantH)
			}
		}
	}
}

func TestTagFilterHoldsBackOnlyPartialTags(t *testing.T) {
	f := NewTagFilter([]string{"implementation_breakdown"})
	steps := []struct{ in, visible, hidden string }{
		{"Hello <", "Hello ", ""},
		{"b>", "<b>", ""},
		{"<implemen", "", ""},
		{"tation_breakdown>secret<", "", "secret"},
		{"/implementation_breakdown", "", ""},
		{">Plan", "Plan", ""},
		{" a<x", " a<x", ""},
		{"<IMPL", "", ""},
	}
	for _, s := range steps {
		v, h := f.Write(s.in)
		if v != s.visible || h != s.hidden {
			t.Fatalf("Write(%q) = %q, %q; want %q, %q", s.in, v, h, s.visible, s.hidden)
		}
	}
	if v, h := f.Flush(); v != "<IMPL" || h != "" {
		t.Fatalf("Flush = %q, %q", v, h)
	}
	// After Flush the filter starts afresh.
	if v, _ := f.Write("again"); v != "again" {
		t.Fatalf("Write after Flush = %q", v)
	}
}

func TestTagFilterUnterminatedFlushIsHidden(t *testing.T) {
	f := NewTagFilter([]string{"think"})
	v, h := f.Write("ok <think>partial </thi")
	if v != "ok " || h != "partial " {
		t.Fatalf("Write = %q, %q", v, h)
	}
	if v, h := f.Flush(); v != "" || h != "</thi" {
		t.Fatalf("Flush = %q, %q", v, h)
	}
}

func TestNewTagFilterIgnoresBadNames(t *testing.T) {
	f := NewTagFilter([]string{"", "a b", "<x>", "ok", "OK"})
	if len(f.open) != 1 || f.open[0] != "<ok>" {
		t.Fatalf("open tags = %q", f.open)
	}
}

func TestCleanAnswer(t *testing.T) {
	cases := []struct{ in, plan, reasoning string }{
		{"<think>hmm</think>\n```markdown\n# Plan\n\n## Steps\n\n```go\nx := 1\n```\n```\n", "# Plan\n\n## Steps\n\n```go\nx := 1\n```", "hmm"},
		{"```md\n# Plan\ntext", "# Plan\ntext", ""},
		{"```\n# Plan\n```", "# Plan", ""},
		{"```\ncode only\n```", "```\ncode only\n```", ""},
		{"```go\nfunc main() {}\n```", "```go\nfunc main() {}\n```", ""},
		{"```markdown\n# Plan\n```go\nx\n```", "# Plan\n```go\nx\n```", ""},
		{"Intro\n```markdown\n# Plan\n```", "Intro\n```markdown\n# Plan\n```", ""},
		{"\r\n```markdown\r\n# Plan\r\n```\r\n", "# Plan", ""},
	}
	for _, c := range cases {
		p, r := CleanAnswer(c.in)
		if p != c.plan || r != c.reasoning {
			t.Errorf("CleanAnswer(%q) = %q, %q; want %q, %q", c.in, p, r, c.plan, c.reasoning)
		}
	}
}

func FuzzTagFilter(f *testing.F) {
	f.Add(tagSample, uint64(1))
	f.Add("<think>x</think>y", uint64(7))
	f.Add("a<implementation_breakdown", uint64(3))
	f.Add("`<think>`</THINK><think", uint64(99))
	f.Fuzz(func(t *testing.T, text string, seed uint64) {
		tags := []string{"implementation_breakdown", "think", "thinking"}
		wantV, wantH := StripTags(text, tags)
		if len(wantV)+len(wantH) > len(text) {
			t.Fatalf("output longer than input")
		}
		rng := rand.New(rand.NewSource(int64(seed)))
		for n := 0; n < 4; n++ {
			var chunks []string
			rest := text
			for rest != "" {
				k := rng.Intn(len(rest) + 1)
				chunks = append(chunks, rest[:k])
				rest = rest[k:]
			}
			if v, h := streamed(tags, chunks); v != wantV || h != wantH {
				t.Fatalf("chunks %q: got %q / %q, want %q / %q", chunks, v, h, wantV, wantH)
			}
		}
		// Byte by byte is the hardest split.
		chunks := make([]string, len(text))
		for i := 0; i < len(text); i++ {
			chunks[i] = text[i : i+1]
		}
		if v, h := streamed(tags, chunks); v != wantV || h != wantH {
			t.Fatalf("byte by byte: got %q / %q, want %q / %q", v, h, wantV, wantH)
		}
	})
}
