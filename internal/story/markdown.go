package story

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// mdLine is one line of a Markdown document with what the parser learnt
// about it.
type mdLine struct {
	n       int    // 1-based line number in the file
	raw     string // the line as written
	text    string // without blockquote markers and surrounding space
	indent  int    // columns before text, blockquote markers removed
	code    bool   // inside a fenced code block, fences included
	open    bool   // the opening fence of a code block
	skip    bool   // carries no content: a setext underline or a rule
	heading int    // 1–6 for a heading, 0 otherwise
	htext   string // the heading's text
	under   string // a setext heading's underline
	used    bool   // taken by the title, the story or a criterion
}

var (
	quoteRe    = regexp.MustCompile(`^[ \t]{0,3}>[ \t]?`)
	atxRe      = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$`)
	closingRe  = regexp.MustCompile(`(?:^|[ \t]+)#+$`)
	fenceRe    = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	setextRe   = regexp.MustCompile(`^ {0,3}(=+|-{2,})[ \t]*$`)
	listRe     = regexp.MustCompile(`^([-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$`)
	checkboxRe = regexp.MustCompile(`^\[[ xX]?\][ \t]*`)
	commentRe  = regexp.MustCompile(`(?s)<!--.*?-->`)

	// acTitleRe matches the title of an acceptance-criteria section.
	acTitleRe = regexp.MustCompile(`(?i)^(?:acceptance[ \t]+(?:criteria|criterion|tests?|conditions?)(?:[ \t]*[(\[–—-].*)?|acs?|a\.c\.)$`)
	// otherTopicRe matches a sub-heading that ends an acceptance-criteria
	// section rather than grouping criteria.
	otherTopicRe = regexp.MustCompile(`(?i)^(?:technical|implementation|design|open|additional|other|dev(?:eloper)?)?\s*(?:notes?|details|context|out\s+of\s+scope|scope|dependencies|questions|references|links|description|definition\s+of\s+done|assumptions|risks|mockups|screenshots|attachments|design|implementation)\b`)
	// storyHeadingRe matches headings that name the story section rather
	// than the story.
	storyHeadingRe = regexp.MustCompile(`(?i)^(?:user\s+)?stor(?:y|ies)$|^(?:description|summary|details|notes|background|context)$`)
	boldLineRe     = regexp.MustCompile(`^(?:\*\*|__)([^*_].*?)(?:\*\*|__)[ \t]*(:?)$`)
	examplesRe     = regexp.MustCompile(`(?i)^(?:[*_]{2})?examples?(?:[*_]{2})?\s*:`)
	featureRe      = regexp.MustCompile(`(?i)^(?:[*_]{2})?(?:feature|background|rule)(?:[*_]{2})?\s*:`)
	storyNameRe    = regexp.MustCompile(`(?i)^(?:user\s+)?story$`)
)

// normaliseText removes a byte-order mark, turns CRLF and CR into LF and
// blanks HTML comments while keeping their line breaks, so that line
// numbers stay those of the file.
func normaliseText(data []byte) string {
	s := strings.TrimPrefix(string(data), "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return commentRe.ReplaceAllStringFunc(s, func(c string) string {
		return strings.Repeat("\n", strings.Count(c, "\n"))
	})
}

// splitFrontMatter separates YAML front matter ("---" … "---" or "...")
// from the body. fm is "" when there is none; bodyFirst is the line number
// of the body's first line.
func splitFrontMatter(s string) (fm string, hasFM bool, body string, bodyFirst int) {
	lines := strings.Split(s, "\n")
	if len(lines) < 2 || strings.TrimRight(lines[0], " \t") != "---" {
		return "", false, s, 1
	}
	for j := 1; j < len(lines); j++ {
		if t := strings.TrimRight(lines[j], " \t"); t == "---" || t == "..." {
			return strings.Join(lines[1:j], "\n"), true, strings.Join(lines[j+1:], "\n"), j + 2
		}
	}
	return "", false, s, 1
}

// splitLines cuts text into classified lines numbered from first.
func splitLines(text string, first int) []mdLine {
	raw := strings.Split(text, "\n")
	ls := make([]mdLine, len(raw))
	var fence string // the open fence's marker, "" outside a fence
	gherkin := false // the open fence holds Gherkin
	for i, r := range raw {
		l := mdLine{n: first + i, raw: r}
		s := r
		for k := 0; k < 8 && quoteRe.MatchString(s); k++ {
			s = quoteRe.ReplaceAllString(s, "")
		}
		l.text = strings.TrimSpace(s)
		l.indent = indentOf(s)
		switch {
		case fence != "":
			closing := strings.HasPrefix(l.text, fence) && strings.Trim(l.text, fence[:1]) == ""
			if closing {
				fence = ""
			}
			// Gherkin blocks are read as criteria; "#" starts a comment.
			if gherkin {
				l.skip = closing || strings.HasPrefix(l.text, "#")
			} else {
				l.code = true
			}
		case fenceRe.MatchString(s):
			fence = fenceRe.FindStringSubmatch(s)[1]
			info := strings.ToLower(strings.TrimSpace(strings.Trim(l.text, fence[:1])))
			gherkin = info == "gherkin" || info == "feature" || info == "cucumber"
			l.code, l.skip, l.open = !gherkin, gherkin, !gherkin
		default:
			if m := atxRe.FindStringSubmatch(s); m != nil {
				l.heading = len(m[1])
				l.htext = strings.TrimSpace(closingRe.ReplaceAllString(m[2], ""))
			}
		}
		ls[i] = l
	}
	// Setext headings: a one-line paragraph underlined with === or ---.
	for i := 0; i+1 < len(ls); i++ {
		l, u := &ls[i], &ls[i+1]
		if l.code || u.code || l.heading > 0 || l.text == "" || l.indent > 3 || isList(l) {
			continue
		}
		if i > 0 && ls[i-1].text != "" && ls[i-1].heading == 0 && !ls[i-1].skip {
			continue
		}
		if m := setextRe.FindStringSubmatch(u.raw); m != nil {
			l.heading, l.htext = 2, l.text
			if m[1][0] == '=' {
				l.heading = 1
			}
			u.skip = true
			l.under = u.raw
			i++
		}
	}
	for i := range ls {
		if l := &ls[i]; !l.code && l.heading == 0 && isRule(l.text) {
			l.skip = true
		}
	}
	return ls
}

// indentOf counts the columns of leading space, a tab as four.
func indentOf(s string) int {
	n := 0
	for _, c := range s {
		switch c {
		case ' ':
			n++
		case '\t':
			n += 4 - n%4
		default:
			return n
		}
	}
	return n
}

// isRule tells a thematic break: three or more of one of - * _.
func isRule(t string) bool {
	t = strings.Join(strings.Fields(t), "")
	return len(t) >= 3 && strings.Trim(t, t[:1]) == "" && strings.Contains("-*_", t[:1])
}

// listContent returns the content of a list item, its marker and any
// checkbox removed; ok is false for a line that is not a list item.
func listContent(l *mdLine) (content string, ok bool) {
	if l.code || l.skip || l.heading > 0 {
		return "", false
	}
	m := listRe.FindStringSubmatch(l.text)
	if m == nil {
		return "", false
	}
	return checkboxRe.ReplaceAllString(strings.TrimSpace(m[2]), ""), true
}

func isList(l *mdLine) bool {
	_, ok := listContent(l)
	return ok
}

// content is the text of a line without list marker or heading marks.
func (l *mdLine) content() string {
	if l.heading > 0 {
		return l.htext
	}
	if c, ok := listContent(l); ok {
		return c
	}
	return l.text
}

// isACTitle tells whether a heading or label names the acceptance criteria.
func isACTitle(s string) bool {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(stripEmphasis(s)), ":"))
	return acTitleRe.MatchString(s)
}

// acLabel tells whether a line that is not a heading opens an acceptance
// criteria section: "Acceptance Criteria:" or "**Acceptance Criteria**",
// possibly as a list item. It returns the label.
func acLabel(l *mdLine) (string, bool) {
	if l.code || l.skip || l.heading > 0 || l.text == "" {
		return "", false
	}
	c := l.content()
	if m := boldLineRe.FindStringSubmatch(c); m != nil {
		if isACTitle(m[1]) {
			return strings.TrimSuffix(strings.TrimSpace(m[1]), ":"), true
		}
		return "", false
	}
	if strings.HasSuffix(c, ":") && isACTitle(c) {
		return strings.TrimSpace(strings.TrimSuffix(stripEmphasis(c), ":")), true
	}
	return "", false
}

// isLabel tells a line that introduces some other part of the document:
// "Notes:", "**Technical details**".
func isLabel(l *mdLine) bool {
	if isList(l) || l.heading > 0 {
		return false
	}
	c := l.text
	if boldLineRe.MatchString(c) {
		return true
	}
	if !strings.HasSuffix(c, ":") || len(c) > 60 || opensItem(c) || examplesRe.MatchString(c) {
		return false
	}
	return true
}

// opensItem tells a line that starts a criterion wherever it stands: a
// scenario, a Given/When/Then step or an ID.
func opensItem(c string) bool {
	if scenarioRe.MatchString(c) {
		return true
	}
	if kw, _ := gwtKeyword(c); kw != "" {
		return true
	}
	id, _ := splitID(c)
	return id != ""
}

// acSection is an acceptance-criteria section: lines [start, end) of the
// document, under the heading head (nil for scenarios found without one).
type acSection struct {
	head       *mdLine
	name       string
	start, end int
}

// findSections finds the acceptance-criteria sections. A heading section
// runs to the next heading of its level or above (or a sub-heading that
// names another topic); a label section ("Acceptance criteria:") runs to
// the next heading or label, or to prose after a blank line once it has
// items. With no section at all, Gherkin scenarios or Given steps start
// one that runs to the next heading that is not a scenario.
func findSections(ls []mdLine) []acSection {
	var secs []acSection
	for i := 0; i < len(ls); i++ {
		l := &ls[i]
		level, bullet := 0, -1
		name := ""
		switch {
		case l.heading > 0 && isACTitle(l.htext):
			level, name = l.heading, l.htext
		default:
			label, ok := acLabel(l)
			if !ok {
				continue
			}
			level, name = 7, label
			if isList(l) {
				bullet = l.indent
			}
		}
		l.used = true
		end := sectionEnd(ls, i+1, level, bullet)
		secs = append(secs, acSection{head: l, name: name, start: i + 1, end: end})
		i = end - 1
	}
	if len(secs) > 0 {
		return secs
	}
	for i := range ls {
		l := &ls[i]
		if l.code || l.skip || !opensImplicit(l) {
			continue
		}
		end := len(ls)
		for j := i + 1; j < len(ls); j++ {
			if ls[j].heading > 0 && !scenarioRe.MatchString(ls[j].htext) {
				end = j
				break
			}
		}
		return []acSection{{start: i, end: end}}
	}
	return nil
}

// opensImplicit tells a line that starts acceptance criteria written
// without a heading: a scenario, a Given step or a line with an ID.
func opensImplicit(l *mdLine) bool {
	c := l.content()
	if scenarioRe.MatchString(c) {
		return true
	}
	if l.heading > 0 {
		return false
	}
	if kw, _ := gwtKeyword(c); kw == "given" {
		return true
	}
	id, _ := splitID(c)
	return id != ""
}

// sectionEnd finds where a section that starts at line index start ends.
// level is the heading level, 7 for a label; bullet is the indent of a
// label written as a list item, -1 otherwise.
func sectionEnd(ls []mdLine, start, level, bullet int) int {
	sawItem, blank := false, false
	for j := start; j < len(ls); j++ {
		l := &ls[j]
		if l.code || l.skip {
			blank = false
			continue
		}
		if l.text == "" {
			blank = true
			continue
		}
		if l.heading > 0 {
			if level <= 6 && l.heading > level && !isOtherTopic(l.htext) {
				blank = false
				continue
			}
			return j
		}
		if level > 6 {
			if bullet >= 0 && l.indent <= bullet {
				return j
			}
			if _, ok := acLabel(l); ok || isLabel(l) {
				return j
			}
			if _, _, ok := keyLine(l.content()); ok && !opensItem(l.text) {
				return j
			}
			if blank && sawItem && bullet < 0 && l.indent == 0 && !isList(l) && !opensItem(l.text) && !strings.HasPrefix(l.text, "|") {
				return j
			}
		}
		if isList(l) || opensItem(l.text) {
			sawItem = true
		}
		blank = false
	}
	return len(ls)
}

// isOtherTopic tells a sub-heading that names another part of the story
// ("Technical notes", "Out of scope"), not a group of criteria.
func isOtherTopic(h string) bool {
	h = strings.TrimSpace(stripEmphasis(h))
	return !opensItem(h) && otherTopicRe.MatchString(h)
}

// itemKind tells how a criterion was written.
type itemKind int

const (
	itemBullet   itemKind = iota // a list item
	itemPlain                    // a line of its own, or one with an ID
	itemSteps                    // a block that opens with a Given/When step
	itemScenario                 // a "Scenario:" line or heading
	itemHeading                  // a sub-heading of the section
)

// acItem is one criterion as it is gathered from the lines.
type acItem struct {
	kind              itemKind
	line              int
	indent            int
	heading           bool     // written as a sub-heading
	weak              bool     // a heading that may only group the items below it
	pieces            []string // the head first, then attached lines
	seps              []string // the separator written before each piece
	steps             int      // pieces that open with Given/When/Then/And/But
	given, when, then bool
	dropped           bool
}

func newItem(kind itemKind, l *mdLine, head string) *acItem {
	l.used = true
	it := &acItem{kind: kind, line: l.n, indent: l.indent, pieces: []string{head}, seps: []string{""}}
	it.count(head)
	return it
}

// count notes which step a piece opens with.
func (it *acItem) count(piece string) {
	switch kw, _ := gwtKeyword(piece); kw {
	case "":
		return
	case "given":
		it.given = true
	case "when":
		it.when = true
	case "then":
		it.then = true
	}
	it.steps++
}

// attach adds a line to the item; sep is written before it.
func (it *acItem) attach(l *mdLine, piece, sep string) {
	l.used = true
	if piece == "" {
		return
	}
	it.pieces = append(it.pieces, piece)
	it.seps = append(it.seps, sep)
	it.count(piece)
}

// empty tells an item that is only its head.
func (it *acItem) empty() bool { return len(it.pieces) == 1 }

// takesStep tells whether a step with keyword kw continues this item
// rather than opening a new one.
func (it *acItem) takesStep(kw string) bool {
	named := it.kind == itemScenario || it.kind == itemHeading
	switch kw {
	case "given":
		return named && it.steps == 0
	case "when":
		return !it.when && !it.then && (it.given || named)
	case "then":
		return !it.then && (it.given || it.when || named)
	default: // and, but
		return it.steps > 0
	}
}

// parseItems gathers the criteria written in the lines of a section.
// Lines it takes are marked used; the rest are notes.
func parseItems(ls []mdLine) []*acItem {
	hasList := false
	for i := range ls {
		if isList(&ls[i]) {
			hasList = true
			break
		}
	}
	var items []*acItem
	var cur *acItem
	open := func(it *acItem) {
		if cur != nil && cur.weak && cur.empty() && it.kind != itemHeading {
			cur.dropped = true // the heading only grouped what follows
		}
		cur = it
		items = append(items, it)
	}
	blank := false
	prev := ""
	var codeTo *acItem // the criterion the open code block belongs to
	for i := range ls {
		l := &ls[i]
		if l.skip {
			continue
		}
		if l.code {
			// A code block belongs to the criterion it is indented under or
			// that it directly follows; else it is a note.
			if l.open {
				codeTo = nil
				if cur != nil && (cur.heading || l.indent > cur.indent || !blank) {
					codeTo = cur
				}
				blank = false
			}
			if codeTo != nil {
				codeTo.attach(l, l.text, " ")
			}
			continue
		}
		if l.text == "" {
			blank = true
			continue
		}
		wasBlank := blank
		blank = false
		last := prev
		prev = l.text

		if l.heading > 0 {
			it := newItem(itemHeading, l, l.htext)
			it.heading, it.weak = true, true
			if scenarioRe.MatchString(l.htext) {
				it.kind, it.weak = itemScenario, false
			} else if id, _ := splitID(l.htext); id != "" {
				it.weak = false
			}
			open(it)
			continue
		}

		if c, ok := listContent(l); ok {
			kw, _ := gwtKeyword(c)
			named := cur != nil && cur.heading
			switch {
			case cur != nil && !named && l.indent > cur.indent:
				sep := "; "
				if strings.HasSuffix(cur.pieces[len(cur.pieces)-1], ":") || kw != "" {
					sep = " "
				}
				cur.attach(l, c, sep)
			case cur != nil && kw != "" && cur.takesStep(kw):
				cur.attach(l, c, " ")
			case scenarioRe.MatchString(c):
				open(newItem(itemScenario, l, c))
			default:
				open(newItem(itemBullet, l, c))
			}
			continue
		}

		c := l.text
		kw, _ := gwtKeyword(c)
		switch {
		case kw != "" && cur != nil && cur.takesStep(kw):
			cur.attach(l, c, " ")
		case cur != nil && cur.kind == itemBullet && (!wasBlank || l.indent > cur.indent):
			cur.attach(l, c, " ")
		case scenarioRe.MatchString(c):
			open(newItem(itemScenario, l, c))
		case featureRe.MatchString(c):
			// A feature's title is a note; a background's steps are no
			// criterion of their own.
			cur = nil
			if strings.HasPrefix(strings.ToLower(stripEmphasis(c)), "background") {
				bg := newItem(itemScenario, l, c)
				bg.dropped = true
				open(bg)
			}
		case kw != "":
			open(newItem(itemSteps, l, c))
		case opensItem(c):
			open(newItem(itemPlain, l, c))
		case cur != nil && (strings.HasPrefix(c, "|") || examplesRe.MatchString(c)):
			cur.attach(l, c, " ")
		case cur != nil && (cur.kind == itemHeading || cur.kind == itemScenario):
			sep := " "
			if cur.empty() && cur.kind == itemHeading && !strings.HasSuffix(cur.pieces[0], ":") {
				sep = ": "
			}
			cur.attach(l, c, sep)
		case cur != nil && !wasBlank && (cur.kind == itemSteps || cur.kind == itemPlain && wraps(last, c)):
			cur.attach(l, c, " ")
		case !hasList && !strings.HasSuffix(c, ":"):
			open(newItem(itemPlain, l, c))
		}
	}
	out := items[:0]
	for _, it := range items {
		if !it.dropped {
			out = append(out, it)
		}
	}
	return out
}

// wraps tells whether line next continues the sentence of line prev, as
// in a hard-wrapped paragraph.
func wraps(prev, next string) bool {
	if prev == "" || next == "" {
		return false
	}
	end, _ := utf8.DecodeLastRuneInString(prev)
	if strings.ContainsRune(".!?:;", end) {
		return false
	}
	c := next[0]
	return c >= 'a' && c <= 'z' || strings.ContainsRune(",(—–-", end)
}

// criterion turns the gathered item into a Criterion. ok is false for an
// item with neither text nor an ID.
func (it *acItem) criterion() (c Criterion, ok bool) {
	head := it.pieces[0]
	if it.kind == itemScenario {
		if m := scenarioRe.FindStringSubmatch(head); m != nil {
			head = m[1]
		}
	}
	id, head := splitID(head) // "AC2: name", "Scenario: AC2 – name"
	pieces := append([]string{head}, it.pieces[1:]...)

	var steps []clause
	var name []string
	for i, p := range pieces {
		kw, rest := gwtKeyword(p)
		switch {
		case kw != "" && (len(steps) > 0 || kw != "and" && kw != "but"):
			steps = append(steps, clause{kw: kw, text: rest})
		case len(steps) > 0:
			steps[len(steps)-1].text += " " + p
		default:
			if p != "" {
				if len(name) > 0 {
					name = append(name, strings.TrimSpace(it.seps[i]))
				}
				name = append(name, p)
			}
		}
	}
	named := it.kind == itemScenario || it.kind == itemHeading
	if len(steps) >= 2 || len(steps) == 1 && named && len(name) > 0 {
		c = gwtCriterion(id, joinName(name), steps, it.line)
	} else {
		var b strings.Builder
		for i, p := range pieces {
			if p == "" {
				continue
			}
			if b.Len() > 0 {
				sep := it.seps[i]
				if sep == "" {
					sep = " "
				}
				b.WriteString(sep)
			}
			b.WriteString(p)
		}
		c = itemFromText(b.String(), it.line)
		c.ID = id
	}
	c.Text = collapse(unbold(c.Text))
	return c, c.Text != "" || c.ID != ""
}

// joinName joins the name pieces of a scenario, whose separators sit
// between them as pieces of their own.
func joinName(parts []string) string {
	var b strings.Builder
	for _, p := range parts {
		switch p {
		case ";", ":":
			b.WriteString(p)
		default:
			if b.Len() > 0 {
				b.WriteString(" ")
			}
			b.WriteString(p)
		}
	}
	return b.String()
}

// parseMarkdown reads a story (or, with lenient set, a spec) written in
// Markdown. With lenient set, front matter that does not parse is ignored.
func parseMarkdown(name string, data []byte, lenient bool) (*draft, error) {
	text := normaliseText(data)
	fmText, hasFM, body, first := splitFrontMatter(text)
	var fm *draft
	if hasFM && strings.TrimSpace(fmText) != "" {
		var doc yaml.Node
		err := yaml.Unmarshal([]byte(fmText), &doc)
		if err != nil && !lenient {
			return nil, yamlError(name, []byte(fmText), err, 1)
		}
		if err == nil && len(doc.Content) > 0 {
			fm, err = storyFromNode(name, &doc, formatMarkdown, 1)
			if err != nil && !lenient {
				return nil, err
			}
		}
	}

	ls := splitLines(body, first)
	d := &draft{format: formatMarkdown}
	firstAC := len(ls) + first
	for _, sec := range findSections(ls) {
		if sec.start < len(ls) && ls[sec.start].n-1 < firstAC {
			firstAC = ls[sec.start].n - 1
		}
		if sec.head != nil && d.acLine == 0 {
			d.acLine, d.acName = sec.head.n, sec.name
		}
		for _, it := range parseItems(ls[sec.start:sec.end]) {
			if c, ok := it.criterion(); ok {
				d.story.Criteria = append(d.story.Criteria, c)
			}
		}
	}

	// Titles: the first heading (for specs), the first "# " heading, or
	// the first heading that is not a section name.
	fallback := ""
	for i := range ls {
		l := &ls[i]
		if l.heading == 0 || l.used || l.htext == "" {
			continue
		}
		if d.heading == "" {
			d.heading = l.htext
		}
		if l.heading == 1 && d.story.Title == "" && !storyHeadingRe.MatchString(stripEmphasis(l.htext)) {
			d.story.Title = l.htext
			l.used = true
		}
		if fallback == "" && l.n < firstAC && l.heading <= 3 && !storyHeadingRe.MatchString(stripEmphasis(l.htext)) {
			fallback = l.htext
		}
	}

	storyLine := 0
	for i := range ls {
		l := &ls[i]
		if l.heading > 0 && storyHeadingRe.MatchString(stripEmphasis(l.htext)) && storyLine == 0 {
			storyLine = l.n
		}
		if l.used || l.code || l.skip || l.heading > 0 {
			continue
		}
		f, v, ok := keyLine(l.content())
		if !ok {
			continue
		}
		switch f {
		case "title":
			if d.story.Title != "" {
				continue
			}
			d.story.Title = v
		case "actor":
			if d.story.Actor != "" {
				continue
			}
			d.story.Actor = v
			if d.goalLine == 0 {
				storyLine = l.n
			}
		case "goal":
			if d.story.Goal != "" {
				continue
			}
			d.story.Goal, d.goalLine = v, l.n
		case "benefit":
			if d.story.Benefit != "" {
				continue
			}
			d.story.Benefit = v
		}
		l.used = true
	}
	if d.story.Title == "" {
		d.story.Title = fallback
	}

	rest := readSentence(ls, d, &storyLine)
	if d.story.Goal != "" {
		for i := range ls {
			if ls[i].heading > 0 && storyNameRe.MatchString(stripEmphasis(ls[i].htext)) {
				ls[i].used = true
			}
		}
	}
	if d.goalLine == 0 {
		d.goalLine = storyLine
	}
	d.story.Notes = joinNotes(rest, collectNotes(ls))

	if fm != nil {
		d.merge(fm)
	}
	return d, nil
}

// readSentence finds the story sentence, which may run over several lines,
// and fills the fields the key lines left empty. It returns prose that
// followed the sentence on its lines. storyLine is set to the line of a
// sentence that has an actor but no goal.
func readSentence(ls []mdLine, d *draft, storyLine *int) string {
	for i := range ls {
		l := &ls[i]
		if l.code || l.skip || l.used && !(l.heading == 1 && l.htext == d.story.Title) {
			continue
		}
		start := stripEmphasis(l.content())
		if !storyStartRe.MatchString(start) {
			continue
		}
		lines := []*mdLine{l}
		text := start
		for j := i + 1; l.heading == 0 && j < len(ls) && len(lines) < 20; j++ {
			next := &ls[j]
			if next.text == "" {
				k := j + 1
				for k < len(ls) && ls[k].text == "" && !ls[k].code {
					k++
				}
				if k >= len(ls) || !continuesStory(&ls[k], text, true) {
					break
				}
				j = k
				next = &ls[k]
			} else if !continuesStory(next, text, false) {
				break
			}
			lines = append(lines, next)
			text += " " + stripEmphasis(next.content())
		}
		st, ok, hasActor := parseSentence(text)
		if !ok {
			if hasActor && *storyLine == 0 {
				*storyLine = l.n
			}
			continue
		}
		if d.story.Goal == "" {
			d.goalLine = l.n
		}
		fill(&d.story.Actor, st.actor)
		fill(&d.story.Goal, st.goal)
		fill(&d.story.Benefit, st.benefit)
		for _, m := range lines {
			m.used = true
		}
		return st.rest
	}
	return ""
}

// continuesStory tells whether line l carries on the story sentence text
// gathered so far; afterBlank is set when a blank line comes between.
func continuesStory(l *mdLine, text string, afterBlank bool) bool {
	if l.code || l.skip || l.used || l.heading > 0 {
		return false
	}
	c := stripEmphasis(l.content())
	if clauseStartRe.MatchString(c) {
		return true
	}
	if afterBlank || isList(l) || c == "" {
		return false
	}
	return !goalRe.MatchString(text) || wraps(strings.TrimSpace(text), c)
}

// collectNotes joins the lines nothing else took, dropping headings left
// with nothing under them.
func collectNotes(ls []mdLine) string {
	var keep []*mdLine
	for i := range ls {
		if l := &ls[i]; !l.used && !l.skip {
			keep = append(keep, l)
		}
	}
	drop := make([]bool, len(keep))
	for i := len(keep) - 1; i >= 0; i-- {
		h := keep[i]
		if h.heading == 0 || h.code {
			continue
		}
		empty := true
		for j := i + 1; j < len(keep); j++ {
			if drop[j] {
				continue
			}
			if keep[j].heading > 0 && keep[j].heading <= h.heading {
				break
			}
			if keep[j].text != "" {
				empty = false
				break
			}
		}
		drop[i] = empty
	}
	var b strings.Builder
	blank := false
	for i, l := range keep {
		if drop[i] {
			continue
		}
		if l.text == "" && !l.code {
			blank = true
			continue
		}
		if blank && b.Len() > 0 {
			b.WriteString("\n")
		}
		blank = false
		b.WriteString(strings.TrimRight(l.raw, " \t"))
		b.WriteString("\n")
		if l.under != "" {
			b.WriteString(strings.TrimRight(l.under, " \t"))
			b.WriteString("\n")
		}
	}
	return strings.TrimSpace(b.String())
}

// joinNotes joins pieces of prose with a blank line between.
func joinNotes(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}
