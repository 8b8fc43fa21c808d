// Package pack fits the ranked files of a repository into a token budget:
// a repository map first (ranked files with their key symbols and the
// reasons they were chosen), then the files themselves, whole when they are
// small enough and as excerpts around their relevant symbols otherwise.
// Tokens are counted with a real BPE tokenizer (o200k_base, embedded), and
// the output is deterministic for a given index, ranking and budget.
package pack

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/rank"
	"github.com/groundplan/groundplan/internal/redact"
)

// Options tune a packing.
type Options struct {
	// Budget is the most tokens the context may take; 0 means 16000.
	Budget int
	// MapShare is the largest share of the budget the repository map may
	// take; 0 means 0.15.
	MapShare float64
	// MapFiles bounds the files listed in the map; 0 means 40.
	MapFiles int
	// Skip, when set, is asked about every ranked file before it is read;
	// a file it skips is listed as omitted with the reason (the planner
	// skips files that exist to hold secrets).
	Skip func(path string) (reason string, skip bool)
	// Filter, when set, rewrites text taken from a file before it enters
	// the context: the whole content before excerpts are cut from it, and
	// each symbol signature of the repository map (the planner redacts
	// secrets with it). line is the file line the text starts at. It must
	// keep the number of lines.
	Filter func(path string, line int, text string) string
}

// Context is a packed context.
type Context struct {
	Text    string       `json:"text"` // Markdown: repository map, then excerpts
	Map     string       `json:"map"`
	Tokens  int          `json:"tokens"`
	Budget  int          `json:"budget"`
	Files   []PackedFile `json:"files"`
	Omitted []Omitted    `json:"omitted,omitempty"`
}

// PackedFile is a file whose content is in the context.
type PackedFile struct {
	Path    string   `json:"path"`
	Tokens  int      `json:"tokens"`
	Reasons []string `json:"reasons,omitempty"`
	Symbols []string `json:"symbols,omitempty"`
	Excerpt bool     `json:"excerpt"` // false: the whole file
	Lines   [][2]int `json:"lines,omitempty"`
}

// Omitted is a ranked file left out, with why.
type Omitted struct {
	Path   string `json:"path"`
	Tokens int    `json:"tokens"`
	Reason string `json:"reason"`
}

// CountTokens returns the number of o200k_base BPE tokens of s.
func CountTokens(s string) int { return index.CountTokens(s) }

const (
	defaultBudget   = 16000
	defaultMapShare = 0.15
	// wholeShare is the largest share of the budget one file may take whole;
	// larger files are excerpted, and an excerpt may take at most
	// excerptShare, so that the budget reaches many ranked files rather than
	// a few large ones.
	wholeShare   = 0.125
	excerptShare = 0.2
	// maxSymbolLines bounds the lines one symbol contributes to an excerpt.
	maxSymbolLines = 80
	// contextLines surround every excerpted range.
	contextLines = 2
	// headerLines bounds the opening lines (package, imports) of an excerpt.
	headerLines = 12
	// minUseful is the smallest remainder worth trying to fill.
	minUseful = 40
)

// Pack builds the context for ranked files within opts.Budget tokens.
func Pack(ctx context.Context, ix *index.Index, ranked []rank.Result, opts Options) (*Context, error) {
	if opts.Budget <= 0 {
		opts.Budget = defaultBudget
	}
	if opts.MapShare <= 0 || opts.MapShare > 1 {
		opts.MapShare = defaultMapShare
	}
	if opts.MapFiles <= 0 {
		opts.MapFiles = 40
	}
	out := &Context{Budget: opts.Budget}
	out.Map = repoMap(ranked, int(float64(opts.Budget)*opts.MapShare), opts.MapFiles, opts.Filter)
	const filesHeading = "\n# Files\n\n"
	used := CountTokens(out.Map) + CountTokens(filesHeading)
	if used > opts.Budget {
		out.Map = ""
		used = CountTokens(filesHeading)
	}
	var blocks []string
	for _, r := range ranked {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("pack: %w", err)
		}
		if why, secret := redact.IsSecretFile(r.Path, nil); secret {
			out.Omitted = append(out.Omitted, Omitted{Path: r.Path, Reason: why})
			continue
		}
		if opts.Skip != nil {
			if why, skip := opts.Skip(r.Path); skip {
				out.Omitted = append(out.Omitted, Omitted{Path: r.Path, Reason: why})
				continue
			}
		}
		left := opts.Budget - used
		data, err := ix.Read(r.Path, 0)
		if err != nil {
			out.Omitted = append(out.Omitted, Omitted{Path: r.Path, Reason: "unreadable: " + err.Error()})
			continue
		}
		if index.IsBinary(data) {
			out.Omitted = append(out.Omitted, Omitted{Path: r.Path, Reason: "binary"})
			continue
		}
		if opts.Filter != nil {
			data = []byte(opts.Filter(r.Path, 1, string(data)))
		}
		whole := ix.FileTokens(r.Path)
		if left < minUseful {
			out.Omitted = append(out.Omitted, Omitted{Path: r.Path, Tokens: whole, Reason: "budget exhausted"})
			continue
		}
		lines := splitLines(data)
		pf := PackedFile{Path: r.Path, Reasons: r.Reasons}
		var block string
		if whole <= int(wholeShare*float64(opts.Budget)) {
			block = render(r.Path, lines, [][2]int{{1, len(lines)}}, false)
			pf.Lines = [][2]int{{1, len(lines)}}
			pf.Tokens = CountTokens(block)
			if pf.Tokens > left {
				block = ""
			}
		}
		if block == "" {
			block, pf = excerpt(r, lines, min(left, int(excerptShare*float64(opts.Budget))), pf)
			if block == "" {
				out.Omitted = append(out.Omitted, Omitted{Path: r.Path, Tokens: whole, Reason: fmt.Sprintf("no excerpt fits the %d tokens left", left)})
				continue
			}
		}
		for _, s := range r.Symbols {
			if covered(pf.Lines, s.Line) {
				pf.Symbols = append(pf.Symbols, s.QualifiedName())
			}
		}
		blocks = append(blocks, block)
		used += pf.Tokens
		out.Files = append(out.Files, pf)
	}
	var text strings.Builder
	text.WriteString(out.Map)
	text.WriteString(filesHeading)
	for _, b := range blocks {
		text.WriteString(b)
	}
	out.Text = text.String()
	out.Tokens = CountTokens(out.Text)
	// Blocks were counted apart; BPE merges across a join can differ by a
	// token or two. Drop trailing files in the rare case that tips it over.
	for out.Tokens > opts.Budget && len(blocks) > 0 {
		last := out.Files[len(out.Files)-1]
		out.Omitted = append(out.Omitted, Omitted{Path: last.Path, Tokens: last.Tokens, Reason: "budget exhausted"})
		out.Files = out.Files[:len(out.Files)-1]
		blocks = blocks[:len(blocks)-1]
		text.Reset()
		text.WriteString(out.Map)
		text.WriteString(filesHeading)
		for _, b := range blocks {
			text.WriteString(b)
		}
		out.Text = text.String()
		out.Tokens = CountTokens(out.Text)
	}
	return out, nil
}

// repoMap lists the ranked files, best first, with their reasons and key
// symbols, within budget tokens.
func repoMap(ranked []rank.Result, budget, maxFiles int, filter func(string, int, string) string) string {
	var b strings.Builder
	b.WriteString("# Repository map\n\nFiles ranked by relevance to the story, with why each was chosen and its key symbols.\n\n")
	used := CountTokens(b.String())
	for k, r := range ranked {
		if k >= maxFiles {
			break
		}
		var e strings.Builder
		fmt.Fprintf(&e, "%d. `%s`", k+1, r.Path)
		if len(r.Reasons) > 0 {
			fmt.Fprintf(&e, " — %s", strings.Join(r.Reasons, "; "))
		}
		e.WriteString("\n")
		for j, s := range r.Symbols {
			if j >= 4 {
				break
			}
			sig := s.Signature
			if sig == "" {
				sig = string(s.Kind) + " " + s.QualifiedName()
			}
			if filter != nil {
				// before shortening: a cut secret no longer looks like one
				sig = filter(r.Path, s.Line, sig)
			}
			if len(sig) > 160 {
				sig = sig[:160] + "…"
			}
			fmt.Fprintf(&e, "   - `%s` (L%d-%d)\n", sig, s.Line, s.EndLine)
		}
		t := CountTokens(e.String())
		if used+t > budget {
			break
		}
		used += t
		b.WriteString(e.String())
	}
	return b.String()
}

// excerpt renders the parts of a file that matter for the query within
// left tokens: its opening lines and its most relevant symbols, or, for
// files without symbols, the lines around matched terms. It drops the least
// relevant parts until the excerpt fits.
func excerpt(r rank.Result, lines []string, left int, pf PackedFile) (string, PackedFile) {
	ranges := excerptRanges(r, lines)
	for len(ranges) > 0 {
		merged := mergeRanges(ranges, len(lines))
		block := render(r.Path, lines, merged, true)
		t := CountTokens(block)
		if t <= left {
			pf.Excerpt = true
			pf.Lines = merged
			pf.Tokens = t
			return block, pf
		}
		if len(ranges) == 1 {
			// Shorten the one remaining range to what fits.
			lo, hi := ranges[0][0], ranges[0][1]
			if hi-lo < 8 {
				break
			}
			ranges[0][1] = lo + (hi-lo)/2
			continue
		}
		ranges = ranges[:len(ranges)-1]
	}
	return "", pf
}

// excerptRanges lists the line ranges worth showing, most relevant first.
func excerptRanges(r rank.Result, lines []string) [][2]int {
	n := len(lines)
	if n == 0 {
		return nil
	}
	var ranges [][2]int
	matched := map[string]bool{}
	for _, t := range r.Matched {
		matched[t] = true
	}
	for k, s := range r.Symbols {
		if s.Kind == index.KindRoute {
			continue
		}
		relevant := k < 2
		index.SplitTerms(s.Name, func(t string) {
			if matched[t] {
				relevant = true
			}
		})
		if !relevant || s.Line < 1 || s.Line > n {
			continue
		}
		end := s.EndLine
		if end < s.Line {
			end = s.Line
		}
		if end-s.Line > maxSymbolLines {
			end = s.Line + maxSymbolLines
		}
		// Include the doc comment just above.
		start := s.Line
		for start > 1 && isCommentLine(lines[start-2]) {
			start--
		}
		ranges = append(ranges, [2]int{start, min(end, n)})
	}
	if len(ranges) == 0 {
		ranges = termWindows(lines, matched)
	}
	head := min(headerLines, n)
	ranges = append([][2]int{{1, head}}, ranges...)
	return ranges
}

// termWindows returns windows around the lines with the most matched
// terms, best first.
func termWindows(lines []string, matched map[string]bool) [][2]int {
	type hit struct{ line, n int }
	var hits []hit
	for i, ln := range lines {
		c := 0
		index.SplitTerms(ln, func(t string) {
			if matched[t] {
				c++
			}
		})
		if c > 0 {
			hits = append(hits, hit{i + 1, c})
		}
	}
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].n > hits[b].n })
	var out [][2]int
	for _, h := range hits {
		if len(out) >= 6 {
			break
		}
		out = append(out, [2]int{max(1, h.line-8), min(len(lines), h.line+8)})
	}
	return out
}

func isCommentLine(s string) bool {
	t := strings.TrimSpace(s)
	return strings.HasPrefix(t, "//") || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "*") || strings.HasPrefix(t, "/*") || strings.HasPrefix(t, "///")
}

// mergeRanges widens ranges by the context lines, sorts and merges them.
func mergeRanges(in [][2]int, n int) [][2]int {
	rs := make([][2]int, len(in))
	for i, r := range in {
		rs[i] = [2]int{max(1, r[0]-contextLines), min(n, r[1]+contextLines)}
	}
	sort.Slice(rs, func(a, b int) bool { return rs[a][0] < rs[b][0] })
	var out [][2]int
	for _, r := range rs {
		if len(out) > 0 && r[0] <= out[len(out)-1][1]+1 {
			if r[1] > out[len(out)-1][1] {
				out[len(out)-1][1] = r[1]
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

func covered(rs [][2]int, line int) bool {
	for _, r := range rs {
		if line >= r[0] && line <= r[1] {
			return true
		}
	}
	return false
}

// render writes one file's block: a heading, then a fenced code block per
// range, with a marker where lines were left out.
func render(rel string, lines []string, ranges [][2]int, isExcerpt bool) string {
	var b strings.Builder
	if isExcerpt {
		fmt.Fprintf(&b, "## %s (excerpt)\n\n", rel)
	} else {
		fmt.Fprintf(&b, "## %s\n\n", rel)
	}
	fence := "```"
	for _, ln := range lines {
		for strings.Contains(ln, fence) {
			fence += "`"
		}
	}
	lang := fenceLang(rel)
	fmt.Fprintf(&b, "%s%s\n", fence, lang)
	prev := 0
	for _, r := range ranges {
		if r[0] > prev+1 {
			fmt.Fprintf(&b, "… (lines %d-%d omitted)\n", prev+1, r[0]-1)
		}
		for i := r[0]; i <= r[1] && i <= len(lines); i++ {
			b.WriteString(lines[i-1])
			b.WriteByte('\n')
		}
		prev = r[1]
	}
	if isExcerpt && prev < len(lines) {
		fmt.Fprintf(&b, "… (lines %d-%d omitted)\n", prev+1, len(lines))
	}
	fmt.Fprintf(&b, "%s\n\n", fence)
	return b.String()
}

func fenceLang(rel string) string {
	switch path.Ext(rel) {
	case ".go":
		return "go"
	case ".py":
		return "python"
	case ".js", ".mjs", ".cjs", ".jsx":
		return "javascript"
	case ".ts", ".tsx":
		return "typescript"
	case ".java":
		return "java"
	case ".rs":
		return "rust"
	case ".cs":
		return "csharp"
	case ".rb":
		return "ruby"
	case ".php":
		return "php"
	case ".md":
		return "markdown"
	case ".yaml", ".yml":
		return "yaml"
	case ".json":
		return "json"
	}
	return ""
}

func splitLines(data []byte) []string {
	data = bytes.TrimSuffix(data, []byte("\n"))
	if len(data) == 0 {
		return nil
	}
	return strings.Split(string(data), "\n")
}
