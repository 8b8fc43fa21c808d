package plan

import (
	"regexp"
	"strings"
)

// This file reads the structured fields out of section bodies.

// parseDecisions returns the top-level list items of a decisions section,
// or its paragraphs when it has no list.
func parseDecisions(ls []mdLine) []string {
	var items, paras []string
	for _, b := range blocks(ls) {
		switch b.kind {
		case blockItem:
			if t := itemText(b.item); t != "" {
				items = append(items, t)
			}
		case blockPara:
			if _, ok := labelText(b.text); !ok {
				paras = append(paras, strings.TrimSpace(b.text))
			}
		}
	}
	if len(items) > 0 {
		return items
	}
	return paras
}

// itemText is an item's first line and its continuation lines.
func itemText(it item) string {
	return trimBlankLines(strings.TrimSpace(it.head + "\n" + joinLines(it.body)))
}

// stepHeadRe matches a step heading: "Step 3: Add the route", "3. Add the
// route", "Step 3".
var stepHeadRe = regexp.MustCompile(`(?i)^(?:step\s*#?\s*\d+\b\s*[:.)\-–—]?|\d+\s*[.):\-–—])\s*(.*)$`)

// parseSteps reads steps from "### Step N" headings or standalone bold
// step lines when there are any, else from the top-level numbered list
// items, else from the top-level bullet items.
func parseSteps(ls []mdLine) []Step {
	var marks []int
	var titles []string
	for i, l := range ls {
		if l.fence {
			continue
		}
		t, ok := "", false
		if _, ht, hok := atxHeading(l.text); hok {
			t, ok = ht, true
		} else if w, _ := indentWidth(l.text); w <= 1 {
			t, ok = boldLine(l.text)
		}
		if ok {
			if m := stepHeadRe.FindStringSubmatch(t); m != nil {
				marks = append(marks, i)
				titles = append(titles, cleanHeading(m[1]))
			}
		}
	}
	var steps []Step
	if len(marks) > 0 {
		for k, i := range marks {
			end := len(ls)
			if k+1 < len(marks) {
				end = marks[k+1]
			}
			steps = append(steps, stepFrom(titles[k], "", ls[i+1:end], ls[i].no))
		}
		return steps
	}
	bs := blocks(ls)
	for _, ordered := range []bool{true, false} {
		for _, b := range bs {
			if b.kind == blockItem && b.item.ordered == ordered {
				title, rest := splitTitle(b.item.head)
				steps = append(steps, stepFrom(title, rest, b.item.body, b.no))
			}
		}
		if len(steps) > 0 {
			break
		}
	}
	return steps
}

// stepLabelRe matches the labelled lines of a step: "Files: …",
// "**Symbols**: …", "- Covers: AC1, AC2".
var stepLabelRe = regexp.MustCompile(`(?i)^\s*(?:[-*+]\s+)?[*_]{0,2}(files?(?: touched| changed| to (?:change|modify|create))?|symbols?|functions?|methods?|covers|criteria|acceptance criteria|acs?|satisfies)[*_]{0,2}\s*:[*_]{0,2}\s*(.*)$`)

// stepFrom builds a step from its title, the rest of its first line and
// its other lines.
func stepFrom(title, first string, body []mdLine, no int) Step {
	st := Step{Line: no}
	var explicit, mentioned refs
	var detail []string
	if first != "" {
		detail = append(detail, first)
	}
	for _, l := range body {
		if !l.fence {
			if m := stepLabelRe.FindStringSubmatch(l.text); m != nil {
				switch lab := strings.ToLower(m[1]); {
				case strings.HasPrefix(lab, "file"):
					explicit.paths = appendUnique(explicit.paths, listedPaths(m[2])...)
				case strings.HasPrefix(lab, "symbol"), strings.HasPrefix(lab, "function"), strings.HasPrefix(lab, "method"):
					explicit.symbols = appendUnique(explicit.symbols, listedSymbols(m[2])...)
				default:
					explicit.criteria = appendUnique(explicit.criteria, CriteriaIn(m[2])...)
				}
				continue
			}
		}
		detail = append(detail, l.text)
	}
	st.Detail = trimBlankLines(strings.Join(detail, "\n"))
	if title == "" {
		line, rest, _ := strings.Cut(st.Detail, "\n")
		t, r := splitTitle(line)
		title, st.Detail = t, trimBlankLines(strings.TrimSpace(r+"\n"+rest))
	}
	st.Title = title
	mentioned.scan(title)
	mentioned.scan(first)
	for _, l := range body {
		if !l.fence && stepLabelRe.FindStringSubmatch(l.text) == nil {
			mentioned.scan(l.text)
		}
	}
	st.Files = appendUnique(explicit.paths, mentioned.paths...)
	st.Symbols = appendUnique(explicit.symbols, mentioned.symbols...)
	st.Criteria = appendUnique(explicit.criteria, mentioned.criteria...)
	return st
}

// splitTitle splits a step's first line into a title and the rest: the
// leading bold text, else the first sentence or clause.
func splitTitle(head string) (title, rest string) {
	h := stripStepPrefix(strings.TrimSpace(head))
	if strings.HasPrefix(h, "**") {
		if end := strings.Index(h[2:], "**"); end >= 0 {
			title = stripStepPrefix(cleanHeading(h[2 : 2+end]))
			return title, trimSep(h[4+end:])
		}
	}
	best, sepLen := -1, 0
	for _, sep := range []string{" — ", " – ", ": ", ". ", " - "} {
		if k := indexOutsideCode(h, sep); k > 0 && (best < 0 || k < best) {
			best, sepLen = k, len(sep)
		}
	}
	if best < 0 {
		return strings.TrimSuffix(h, "."), ""
	}
	return strings.TrimSpace(h[:best]), strings.TrimSpace(h[best+sepLen:])
}

func stripStepPrefix(s string) string {
	if m := stepHeadRe.FindStringSubmatch(s); m != nil && strings.HasPrefix(strings.ToLower(s), "step") {
		return strings.TrimSpace(m[1])
	}
	return s
}

// trimSep drops white space and one leading separator ("—", ":", "-").
func trimSep(s string) string {
	s = strings.TrimSpace(s)
	for _, sep := range []string{"—", "–", "->", "→", ":", "-", ".", ","} {
		if strings.HasPrefix(s, sep) {
			return strings.TrimSpace(s[len(sep):])
		}
	}
	return s
}

// indexOutsideCode is strings.Index ignoring matches inside code spans.
func indexOutsideCode(s, sep string) int {
	code := false
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			code = !code
			continue
		}
		if !code && strings.HasPrefix(s[i:], sep) {
			return i
		}
	}
	return -1
}

// labelLineRe matches "Label: value" lines inside tests.
var labelLineRe = regexp.MustCompile(`(?i)^\s*(?:[-*+]\s+)?[*_]{0,2}([a-z][a-z ]{0,20}?)[*_]{0,2}\s*:[*_]{0,2}\s*(.*)$`)

// kindOf returns the test kind a text names: unit, integration or e2e.
func kindOf(s string) string {
	low := strings.ToLower(s)
	best, kind := -1, ""
	for _, k := range []struct{ word, kind string }{
		{"unit", "unit"}, {"integration", "integration"}, {"e2e", "e2e"},
		{"end-to-end", "e2e"}, {"end to end", "e2e"},
	} {
		if i := indexWord(low, k.word); i >= 0 && (best < 0 || i < best) {
			best, kind = i, k.kind
		}
	}
	return kind
}

// indexWord finds word in s at word boundaries.
func indexWord(s, word string) int {
	from := 0
	for {
		i := strings.Index(s[from:], word)
		if i < 0 {
			return -1
		}
		i += from
		j := i + len(word)
		if (i == 0 || !isWordByte(s[i-1])) && (j == len(s) || !isWordByte(s[j])) {
			return i
		}
		from = i + 1
	}
}

func isWordByte(c byte) bool {
	return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

var (
	kindLabelRe = regexp.MustCompile(`(?i)^(?:unit|integration|e2e|end[- ]to[- ]end|acceptance|api|component|edge[- ]case|manual|performance|regression|contract|smoke)(?: and [a-z]+)?(?: tests?| testing| test cases| scenarios)?$`)
	testNameRes = []*regexp.Regexp{
		regexp.MustCompile(`^(?:[\w./\\-]+::)?(Test[A-Z0-9_]\w*(?:/\w+)*)$`),
		regexp.MustCompile(`^(?:[\w./\\-]+::)?(test_\w+)$`),
		regexp.MustCompile(`^(?:it|test|scenario)\s*\(\s*["'](.+?)["']`),
		regexp.MustCompile(`^(should[A-Z_]\w*|test[A-Z]\w*)(?:\(\))?$`),
		regexp.MustCompile(`^((?:should|must) \S.*)$`),
		regexp.MustCompile(`^([A-Z]\w*_(?:Should|Returns|When|Throws|Given)\w*)(?:\(\))?$`),
	}
)

// testNameIn finds a test name in a code span.
func testNameIn(code string) (string, bool) {
	for _, re := range testNameRes {
		if m := re.FindStringSubmatch(code); m != nil {
			return m[1], true
		}
	}
	return "", false
}

// hasTestName reports whether s names a test in a code span.
func hasTestName(s string) bool {
	for _, tok := range tokenize(s) {
		if _, ok := testNameIn(tok.Text); ok && tok.Code {
			return true
		}
	}
	return false
}

// boldPrefix splits "**Label**: rest" into the label and the rest.
func boldPrefix(s string) (label, rest string, ok bool) {
	t := strings.TrimSpace(s)
	for _, w := range []string{"**", "__"} {
		if strings.HasPrefix(t, w) {
			if end := strings.Index(t[2:], w); end > 0 {
				return cleanHeading(t[2 : 2+end]), t[4+end:], true
			}
		}
	}
	return "", "", false
}

// maxNesting bounds how deep parseTests and parseRisks look into nested
// lists, so that pathological nesting cannot make parsing slow.
const maxNesting = 6

// parseTests reads tests from list items (nested up to maxNesting) and
// tables. ctx is the nearest label or heading above, which may name the
// kind.
func parseTests(bs []block, ctx string, depth int) []Test {
	var out []Test
	for _, b := range bs {
		switch b.kind {
		case blockHeading:
			ctx = b.text
		case blockPara:
			if l, ok := labelText(b.text); ok {
				ctx = l
			}
		case blockTable:
			out = append(out, testsFromTable(b.table, ctx)...)
		case blockItem:
			_, after, bold := boldPrefix(b.item.head)
			group := bold && trimSep(after) == "" && depth < maxNesting && hasItems(b.item.body)
			t, ok := testFromItem(b.item, ctx)
			if ok && !group {
				out = append(out, t)
				continue
			}
			if depth >= maxNesting {
				continue
			}
			// A label over a nested list ("**Service tests**"), unless the
			// nested list names no test: then the item is the test.
			inner := ctx
			if kindOf(b.item.head) != "" {
				inner = b.item.head
			}
			nested := parseTests(blocks(b.item.body), inner, depth+1)
			if len(nested) == 0 && ok {
				nested = []Test{t}
			}
			out = append(out, nested...)
		}
	}
	return out
}

var kindMarkRe = regexp.MustCompile(`(?i)^\s*\((unit|integration|e2e)\)`)

// testFromItem reads one test from a list item that names one.
func testFromItem(it item, ctx string) (Test, bool) {
	t := Test{Line: it.no}
	head := strings.TrimSpace(it.head)
	head = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(head, "[ ]"), "[x]"))
	rest := ""
	if label, after, ok := boldPrefix(head); ok && !acIDRe.MatchString(label) && label != "" {
		kindLabel := kindLabelRe.MatchString(label)
		switch {
		case kindLabel && (trimSep(after) == "" || hasItems(it.body) || hasTestName(after)):
			// a kind label over tests: "**Unit tests:**", "**Unit**: `TestA`"
		case len(pathsIn(label)) > 0 && hasTestName(after):
			// "**`books.test.ts`** – `should reject …`": the label is the file
		default:
			t.Name, rest = label, after
			for _, tok := range tokenize(label) {
				if n, ok := testNameIn(tok.Text); ok && tok.Code {
					t.Name = n
				}
			}
		}
	}
	if t.Name == "" {
		for _, tok := range tokenize(head) {
			if !tok.Code {
				continue
			}
			if n, ok := testNameIn(tok.Text); ok {
				t.Name, rest = n, head[tok.End:]
				break
			}
		}
	}
	if t.Name == "" {
		return t, false
	}
	if m := kindMarkRe.FindStringSubmatch(rest); m != nil {
		t.Kind = strings.ToLower(m[1])
		rest = rest[len(m[0]):]
	}
	var desc []string
	if d := trimSep(dropFileMention(rest)); d != "" {
		desc = append(desc, d)
	}
	var r refs
	r.scan(head)
	explicitFile := ""
	var explicitAC []string
	for _, l := range it.body {
		if !l.fence {
			if m := labelLineRe.FindStringSubmatch(l.text); m != nil {
				switch strings.ToLower(strings.TrimSpace(m[1])) {
				case "file", "files", "location", "path", "in":
					if ps := listedPaths(m[2]); len(ps) > 0 && explicitFile == "" {
						explicitFile = ps[0]
					}
					continue
				case "covers", "criteria", "ac", "acs", "acceptance criteria", "verifies ac":
					explicitAC = appendUnique(explicitAC, CriteriaIn(m[2])...)
					continue
				case "kind", "type", "level":
					if k := kindOf(m[2]); k != "" && t.Kind == "" {
						t.Kind = k
					}
					continue
				}
			}
			r.scan(l.text)
		}
		desc = append(desc, l.text)
	}
	t.Description = trimBlankLines(strings.Join(desc, "\n"))
	t.File = explicitFile
	if t.File == "" {
		t.File = testFile(r.paths)
	}
	t.Criteria = appendUnique(explicitAC, r.criteria...)
	if t.Kind == "" {
		t.Kind = kindOf(head + "\n" + joinLines(it.body))
	}
	if t.Kind == "" {
		t.Kind = kindOf(ctx)
	}
	return t, true
}

var fileMentionRe = regexp.MustCompile(`(?i)^\s*,?\s*(?:(?:in|at|within|inside|from|file)\s+)?(\(?)` + "(`[^`]+`|[^\\s()]+)" + `\)?`)

// dropFileMention removes a leading "in `path`" or "(path)" from what
// follows a test's name, so that the description starts with what the test
// does.
func dropFileMention(s string) string {
	m := fileMentionRe.FindStringSubmatchIndex(s)
	if m == nil {
		return s
	}
	if len(pathsIn(s[m[4]:m[5]])) == 0 {
		return s
	}
	return s[m[1]:]
}

// testFile picks the path that looks most like a test file.
func testFile(paths []string) string {
	for _, p := range paths {
		low := strings.ToLower(p)
		if strings.Contains(low, "test") || strings.Contains(low, "spec") {
			return p
		}
	}
	if len(paths) > 0 {
		return paths[0]
	}
	return ""
}

// testsFromTable reads tests from a table with a test name column or test
// names in backticks.
func testsFromTable(tb table, ctx string) []Test {
	acCol := tb.column(func(h string) bool {
		return h == "ac" || h == "acs" || strings.Contains(h, "criteri") || strings.Contains(h, "covers") || strings.Contains(h, "acceptance")
	})
	fileCol := tb.column(func(h string) bool {
		return strings.Contains(h, "file") || strings.Contains(h, "path") || strings.Contains(h, "location")
	})
	kindCol := tb.column(func(h string) bool {
		return strings.Contains(h, "type") || strings.Contains(h, "kind") || strings.Contains(h, "level") || strings.Contains(h, "category")
	})
	descCol := tb.column(func(h string) bool {
		for _, w := range []string{"description", "what", "verif", "expect", "assert", "check", "purpose", "details"} {
			if strings.Contains(h, w) {
				return true
			}
		}
		return false
	})
	nameCol := -1
	for i, h := range tb.header {
		h = strings.ToLower(stripEmphasis(h))
		if i != acCol && i != fileCol && i != kindCol && i != descCol &&
			(strings.Contains(h, "test") || strings.Contains(h, "name") || strings.Contains(h, "case") || strings.Contains(h, "scenario")) {
			nameCol = i
			break
		}
	}
	var out []Test
	for _, row := range tb.rows {
		t := Test{Line: row.no}
		all := strings.Join(row.cells, " | ")
		for _, tok := range tokenize(all) {
			if n, ok := testNameIn(tok.Text); ok && tok.Code {
				t.Name = n
				break
			}
		}
		if t.Name == "" && nameCol >= 0 {
			t.Name = stripEmphasis(row.cell(nameCol))
		}
		if t.Name == "" {
			continue
		}
		if fileCol >= 0 {
			t.File = testFile(pathsIn(row.cell(fileCol)))
			if t.File == "" {
				if ps := listedPaths(row.cell(fileCol)); len(ps) > 0 {
					t.File = ps[0]
				}
			}
		}
		if t.File == "" {
			t.File = testFile(pathsIn(all))
		}
		if acCol >= 0 {
			t.Criteria = CriteriaIn(row.cell(acCol))
		}
		t.Criteria = appendUnique(t.Criteria, CriteriaIn(all)...)
		if kindCol >= 0 {
			t.Kind = kindOf(row.cell(kindCol))
		}
		if t.Kind == "" {
			t.Kind = kindOf(all)
		}
		if t.Kind == "" {
			t.Kind = kindOf(ctx)
		}
		if descCol >= 0 {
			t.Description = row.cell(descCol)
		}
		out = append(out, t)
	}
	return out
}

// canonArea maps a risk label to security, migration, compatibility or
// performance, or "" when it names none of them.
func canonArea(s string) string {
	low := strings.ToLower(s)
	has := func(ws ...string) bool {
		for _, w := range ws {
			if strings.Contains(low, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("secur", "auth", "permission", "privacy", "injection", "xss", "csrf", "secret"):
		return "security"
	case has("migrat", "data", "schema"):
		return "migration"
	case has("compat", "breaking", "backward", "regression"):
		return "compatibility"
	case has("perform", "latency", "scalab", "throughput", "n+1", "slow"):
		return "performance"
	}
	return ""
}

var mitigationRe = regexp.MustCompile(`(?i)(?:^|\s|[-*+]\s+|\()[*_]{0,2}(?:mitigations?|mitigate|mitigated by)[*_]{0,2}\s*:[*_]{0,2}\s*`)

// parseRisks reads risks from list items and tables. Items that are only a
// label ("**Security**" with a nested list) pass the label down as the
// area of their children.
func parseRisks(bs []block, ctx string, depth int) []Risk {
	var out []Risk
	for _, b := range bs {
		switch b.kind {
		case blockHeading:
			ctx = b.text
		case blockPara:
			if l, ok := labelText(b.text); ok {
				ctx = l
			}
		case blockTable:
			out = append(out, risksFromTable(b.table, ctx)...)
		case blockItem:
			if l, ok := labelText(b.item.head); ok && depth < maxNesting && hasItems(b.item.body) {
				out = append(out, parseRisks(blocks(b.item.body), l, depth+1)...)
				continue
			}
			out = append(out, riskFromItem(b.item, ctx))
		}
	}
	return out
}

func hasItems(ls []mdLine) bool {
	for _, b := range blocks(ls) {
		if b.kind == blockItem {
			return true
		}
	}
	return false
}

// riskFromItem reads one risk: "**Area**: text" plus an optional
// "Mitigation: …" inline or on a continuation line.
func riskFromItem(it item, ctx string) Risk {
	r := Risk{Line: it.no}
	head := it.head
	if label, after, ok := boldPrefix(head); ok && strings.TrimSpace(label) != "" {
		if a := canonArea(label); a != "" {
			r.Area = a
		} else {
			r.Area = label
		}
		head = trimSep(after)
	} else if label, after, ok := strings.Cut(head, ":"); ok && len(strings.Fields(label)) <= 3 && canonArea(label) != "" && !strings.Contains(label, "`") {
		r.Area, head = canonArea(label), strings.TrimSpace(after)
	}
	full := trimBlankLines(strings.TrimSpace(head + "\n" + joinLines(it.body)))
	if loc := mitigationRe.FindStringIndex(full); loc != nil {
		r.Mitigation = strings.TrimSpace(full[loc[1]:])
		if full[loc[0]] == '(' {
			r.Mitigation = strings.TrimSpace(strings.TrimSuffix(r.Mitigation, ")"))
		}
		full = strings.TrimSpace(full[:loc[0]])
		for _, sep := range []string{"—", "–", " -", ";"} {
			full = strings.TrimSpace(strings.TrimSuffix(full, sep))
		}
	}
	r.Text = trimBlankLines(full)
	if r.Area == "" {
		r.Area = canonArea(ctx)
	}
	if r.Area == "" {
		r.Area = canonArea(r.Text)
	}
	return r
}

func risksFromTable(tb table, ctx string) []Risk {
	mitCol := tb.column(func(h string) bool {
		return strings.Contains(h, "mitigat") || strings.Contains(h, "response") || strings.Contains(h, "handling")
	})
	areaCol := tb.column(func(h string) bool {
		return strings.Contains(h, "area") || strings.Contains(h, "category") || h == "type"
	})
	textCol := tb.column(func(h string) bool {
		return strings.Contains(h, "risk") || strings.Contains(h, "description") || strings.Contains(h, "concern") || strings.Contains(h, "issue")
	})
	if textCol < 0 {
		for i := range tb.header {
			if i != mitCol && i != areaCol {
				textCol = i
				break
			}
		}
	}
	var out []Risk
	for _, row := range tb.rows {
		r := Risk{Line: row.no, Text: row.cell(textCol), Mitigation: row.cell(mitCol)}
		if r.Text == "" {
			continue
		}
		if a := row.cell(areaCol); a != "" {
			if r.Area = canonArea(a); r.Area == "" {
				r.Area = stripEmphasis(a)
			}
		}
		if r.Area == "" {
			r.Area = canonArea(ctx)
		}
		if r.Area == "" {
			r.Area = canonArea(r.Text)
		}
		out = append(out, r)
	}
	return out
}
