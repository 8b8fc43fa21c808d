package plan

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// ErrEmpty is returned (wrapped) by ParseMarkdown when the text holds no
// plan: it is blank, or all of it is reasoning.
var ErrEmpty = errors.New("no plan content")

// ParseMarkdown reads a plan written in Markdown by a model, a person or
// another tool. It is tolerant by design:
//
//   - Reasoning blocks (see ReasoningTags) and a ```markdown fence wrapped
//     around the whole answer are dropped; line numbers still refer to text.
//     CRLF line ends are fine.
//   - The title is the first non-empty "# " heading; prose before the first
//     section is the summary; a draft banner there (see DraftBanner) sets
//     Draft.
//   - Sections are the "##" headings (and any later "#" heading); when there
//     are none, "#" headings; then lines that are all bold and either
//     numbered ("**1. ARCHITECTURAL DECISIONS**") or a known section name;
//     then the highest remaining heading level. KeyFor maps titles to keys;
//     unknown sections are kept with Key "".
//   - The structured fields (Decisions, Steps, Tests, Risks, Files,
//     Estimate) are read from the bodies of the sections with their keys;
//     see docs/plan-schema.md for what each accepts. Steps are numbered
//     1…n in plan order.
//
// The only error is ErrEmpty.
func ParseMarkdown(text string) (*Plan, error) {
	ls := splitLines(unwrapFence(blankTags(normNewlines(text), ReasoningTags())))
	p := &Plan{Schema: Schema, Sections: []Section{}}

	titleIdx, secs := structure(ls)
	end := len(ls)
	if len(secs) > 0 {
		end = secs[0].idx
	}
	pre := make([]mdLine, 0, end)
	for i := 0; i < end; i++ {
		l := ls[i]
		if i == titleIdx {
			l.text = ""
		}
		pre = append(pre, l)
	}
	if titleIdx >= 0 {
		_, p.Title, _ = atxHeading(ls[titleIdx].text)
	}
	p.Draft = dropBanner(pre)
	p.Summary = joinBody(pre)

	for k, s := range secs {
		stop := len(ls)
		if k+1 < len(secs) {
			stop = secs[k+1].idx
		}
		body := ls[s.idx+1 : stop]
		if titleIdx > s.idx && titleIdx < stop {
			body = append([]mdLine(nil), body...)
			body[titleIdx-s.idx-1].text = ""
		}
		sec := Section{Key: KeyFor(s.title), Title: s.title, Body: joinBody(body), Line: ls[s.idx].no}
		p.Sections = append(p.Sections, sec)
		p.extract(sec.Key, body, sec.Line)
	}
	for i := range p.Steps {
		p.Steps[i].Number = i + 1
	}
	if !p.hasContent() {
		return nil, fmt.Errorf("plan: parse Markdown (%d bytes): %w", len(text), ErrEmpty)
	}
	return p, nil
}

// hasContent reports whether a parsed plan holds anything: a title, a
// summary, the draft banner, or a section with a title or a body.
func (p *Plan) hasContent() bool {
	if p.Title != "" || p.Summary != "" || p.Draft {
		return true
	}
	for _, s := range p.Sections {
		if s.Title != "" || s.Body != "" {
			return true
		}
	}
	return false
}

// extract fills the structured fields a section's body carries.
func (p *Plan) extract(key string, body []mdLine, line int) {
	switch key {
	case KeyDecisions:
		p.Decisions = append(p.Decisions, parseDecisions(body)...)
	case KeySteps:
		p.Steps = append(p.Steps, parseSteps(body)...)
	case KeyTesting:
		p.Tests = append(p.Tests, parseTests(blocks(body), "", 0)...)
	case KeyRisks:
		p.Risks = append(p.Risks, parseRisks(blocks(body), "", 0)...)
	case KeyFiles:
		p.Files = mergeFiles(p.Files, parseFiles(body))
	case KeyEstimate:
		if p.Estimate == nil {
			p.Estimate = parseEstimate(body, line)
		}
	}
}

// secHead is a section heading found by structure.
type secHead struct {
	idx   int // index in the lines
	title string
}

// structure finds the title line (-1 if none) and the section headings.
func structure(ls []mdLine) (titleIdx int, secs []secHead) {
	type heading struct {
		idx, level int
		text       string
	}
	var hs []heading
	has2 := false
	for i, l := range ls {
		if l.fence {
			continue
		}
		if lv, t, ok := atxHeading(l.text); ok {
			hs = append(hs, heading{i, lv, t})
			has2 = has2 || lv == 2
		}
	}
	titleIdx = -1
	for _, h := range hs {
		if h.level == 2 {
			break
		}
		if h.level == 1 {
			if h.text != "" {
				titleIdx = h.idx
			}
			break
		}
	}
	if titleIdx >= 0 && !has2 {
		// "# Risks" at the top of a document of "#" sections is a section.
		_, t, _ := atxHeading(ls[titleIdx].text)
		if k := exactKey(t); k != "" && k != KeySteps {
			titleIdx = -1
		}
	}
	pick := func(keep func(h heading) bool) []secHead {
		var out []secHead
		for _, h := range hs {
			if h.idx != titleIdx && keep(h) {
				out = append(out, secHead{h.idx, h.text})
			}
		}
		return out
	}
	if has2 {
		return titleIdx, pick(func(h heading) bool { return h.level <= 2 })
	}
	if s := pick(func(h heading) bool { return h.level == 1 }); len(s) > 0 {
		return titleIdx, s
	}
	if s := boldSections(ls, titleIdx); len(s) > 0 {
		return titleIdx, s
	}
	minLevel := 7
	for _, h := range hs {
		if h.idx != titleIdx && h.level < minLevel {
			minLevel = h.level
		}
	}
	return titleIdx, pick(func(h heading) bool { return h.level == minLevel })
}

// boldSections finds bold-line section headings. When any numbered bold
// line names a section ("**1. ARCHITECTURAL DECISIONS**"), only numbered
// bold lines count (known names, or ALL CAPS); otherwise bold lines that
// are exactly a known section name ("**Testing Strategy:**").
func boldSections(ls []mdLine, titleIdx int) []secHead {
	var numbered, named []secHead
	for i, l := range ls {
		if l.fence || i == titleIdx {
			continue
		}
		if w, _ := indentWidth(l.text); w > 1 {
			continue
		}
		t, ok := boldLine(l.text)
		if !ok {
			continue
		}
		if isNumberedTitle(t) {
			if KeyFor(t) != "" || isAllCaps(t) {
				numbered = append(numbered, secHead{i, t})
			}
			continue
		}
		if exactKey(t) != "" {
			named = append(named, secHead{i, t})
		}
	}
	for _, s := range numbered {
		if KeyFor(s.title) != "" {
			return numbered
		}
	}
	return named
}

func isAllCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' {
			return false
		}
		if r >= 'A' && r <= 'Z' {
			letters++
		}
	}
	return letters >= 3
}

// DraftBanner is the line Markdown writes under the title of a draft plan
// (Plan.Draft). ParseMarkdown recognises it, and before the first section
// any blockquote that mentions "draft" or any line whose first word is
// "Draft" ("**Draft plan**", "_DRAFT: offline_").
const DraftBanner = "> **Draft plan** — written by groundplan without a language model, from the ranked files and the acceptance criteria. Check every step against the code before relying on it."

// dropBanner blanks draft banner lines in the preamble and reports whether
// there was one.
func dropBanner(pre []mdLine) bool {
	found := false
	inQuote := false
	for i := range pre {
		l := &pre[i]
		if l.fence {
			inQuote = false
			continue
		}
		t := strings.TrimSpace(l.text)
		quote := strings.HasPrefix(t, ">")
		low := strings.ToLower(t)
		switch {
		case quote && (inQuote || strings.Contains(low, "draft")):
			inQuote = true
		case !quote && startsWithDraft(low):
			inQuote = false
		default:
			inQuote = false
			continue
		}
		found = true
		l.text = ""
	}
	return found
}

// startsWithDraft reports whether the first word of a line, after
// emphasis and other marks, is "draft".
func startsWithDraft(low string) bool {
	t := strings.TrimLeftFunc(low, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if !strings.HasPrefix(t, "draft") {
		return false
	}
	rest := t[len("draft"):]
	return rest == "" || !unicode.IsLetter([]rune(rest)[0])
}
