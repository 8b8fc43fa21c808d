package story

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	// idRe matches an acceptance-criterion ID written at the start of an
	// item: "AC1:", "AC-2 —", "[AC3]", "**AC4**:", "`AC5`", "AC1.2".
	idRe = regexp.MustCompile("^[*_`]{0,2}\\[?((?i:ac)[-_ ]?\\d{1,6}(?:\\.\\d{1,6})*)\\]?[*_`]{0,2}(?:\\s*[:.)\\]–—-]+\\s*|\\s+|$)(?:[*_]{2}\\s*)?")

	// scenarioRe matches a Gherkin scenario line: "Scenario: name",
	// "Scenario Outline: name", "Example: name", optionally in bold.
	scenarioRe = regexp.MustCompile(`^(?i:[*_]{2})?(?i:scenario(?:\s+outline|\s+template)?|example)(?:[*_]{2})?\s*:\s*(?:[*_]{2})?\s*(.*)$`)

	// gwtRe matches a Given/When/Then/And/But keyword at the start of a line.
	gwtRe = regexp.MustCompile(`^(?:[*_]{2})?((?i:given|when|then|and|but))\b(?:[*_]{2})?\s*[:,]?\s*(?:[*_]{2})?\s*`)

	whenRe = regexp.MustCompile(`(?i)\bwhen\b`)
	thenRe = regexp.MustCompile(`(?i)\bthen\b`)
)

// gwtKeyword returns the lower-case Given/When/Then/And/But keyword that
// starts s and the text after it, or "" and s when s starts with none.
func gwtKeyword(s string) (kw, rest string) {
	m := gwtRe.FindStringSubmatchIndex(s)
	if m == nil {
		return "", s
	}
	return strings.ToLower(s[m[2]:m[3]]), s[m[1]:]
}

// splitID takes an acceptance-criterion ID off the start of s. It returns
// the ID in its written form with an upper-case "AC" ("" when s has none)
// and the text after it.
func splitID(s string) (id, rest string) {
	m := idRe.FindStringSubmatchIndex(s)
	if m == nil {
		return "", s
	}
	id = strings.ReplaceAll(s[m[2]:m[3]], " ", "")
	return "AC" + id[2:], s[m[1]:]
}

// idKey is the form in which two IDs are compared: "ac-1" and "AC1" are the
// same criterion ID.
func idKey(id string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', '_', ' ', '\t':
			return -1
		}
		return r
	}, strings.ToUpper(id))
}

// asID reads s as a criterion ID: "AC2", "ac-2", or a bare number as YAML
// and JSON items often give it ("2" is "AC2").
func asID(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s != "" && len(s) <= 6 && strings.Trim(s, "0123456789") == "" {
		return "AC" + s, true
	}
	if id, rest := splitID(s); id != "" && rest == "" {
		return id, true
	}
	return "", false
}

// normaliseID returns s as an ID: in the form asID gives when it reads as
// one, else as written.
func normaliseID(s string) string {
	if id, ok := asID(s); ok {
		return id
	}
	return strings.TrimSpace(s)
}

// collapse joins the words of s with single spaces.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// trimClause trims the spaces and the punctuation that separates clauses
// from both ends of s.
func trimClause(s string) string {
	return strings.Trim(collapse(s), " \t,;:.!?—–-*_")
}

// unbold removes Markdown bold markers.
func unbold(s string) string {
	return strings.ReplaceAll(s, "**", "")
}

// itemFromText builds a criterion from one line of text, as written in a
// bullet, a YAML string or a --ac flag: an ID written first is kept and a
// one-line "Given … when … then …" is split into its parts.
func itemFromText(text string, line int) Criterion {
	id, rest := splitID(strings.TrimSpace(text))
	c := Criterion{ID: id, Text: collapse(rest), Line: line}
	c.Given, c.When, c.Then = splitInlineGWT(c.Text)
	return c
}

// splitInlineGWT splits "Given a, when b, then c" (or "When b then c")
// written on one line into its parts. It returns empty strings unless the
// text starts with "given" or "when" and has a "then".
func splitInlineGWT(text string) (given, when, then string) {
	t := unbold(text)
	kw, rest := gwtKeyword(t)
	if kw != "given" && kw != "when" {
		return "", "", ""
	}
	off := len(t) - len(rest)
	if kw == "given" {
		w := whenRe.FindStringIndex(rest)
		from := 0
		if w != nil {
			from = w[1]
		}
		th := thenRe.FindStringIndex(rest[from:])
		if th == nil {
			return "", "", ""
		}
		thStart, thEnd := from+th[0], from+th[1]
		if w != nil {
			given = rest[:w[0]]
			when = rest[w[1]:thStart]
		} else {
			given = rest[:thStart]
		}
		then = rest[thEnd:]
	} else {
		th := thenRe.FindStringIndex(t[off:])
		if th == nil {
			return "", "", ""
		}
		when = t[off : off+th[0]]
		then = t[off+th[1]:]
	}
	return trimClause(given), trimClause(when), trimClause(then)
}

// clause is one Given/When/Then step of a multi-line scenario.
type clause struct {
	kw   string // given, when, then, and, but
	text string
}

// gwtCriterion builds a criterion from a scenario: a name (may be empty)
// and its steps. Text reads as one sentence: "name: Given a, when b, then c".
func gwtCriterion(id, name string, steps []clause, line int) Criterion {
	c := Criterion{ID: id, Line: line}
	var b strings.Builder
	field := ""
	for i, st := range steps {
		kw := st.kw
		switch kw {
		case "given", "when", "then":
			field = kw
		}
		text := collapse(st.text)
		add := func(dst *string) {
			part := trimClause(unbold(text))
			if part == "" {
				return
			}
			switch {
			case *dst == "":
				*dst = part
			case kw == "but":
				*dst += " but " + part
			default:
				*dst += " and " + part
			}
		}
		switch field {
		case "given":
			add(&c.Given)
		case "when":
			add(&c.When)
		case "then":
			add(&c.Then)
		}
		word := kw
		if i == 0 {
			word = strings.ToUpper(kw[:1]) + kw[1:]
		} else {
			prev := b.String()
			if kw != "and" && kw != "but" && !strings.HasSuffix(prev, ",") && !strings.HasSuffix(prev, ";") && !strings.HasSuffix(prev, ".") {
				b.WriteString(",")
			}
			b.WriteString(" ")
		}
		b.WriteString(word)
		if text != "" {
			b.WriteString(" ")
			b.WriteString(text)
		}
	}
	body := b.String()
	name = collapse(name)
	switch {
	case name == "":
		c.Text = body
	case body == "":
		c.Text = name
	case strings.HasSuffix(name, ":"):
		c.Text = name + " " + body
	default:
		c.Text = name + ": " + body
	}
	return c
}

// composeGWT writes a criterion's text from its Given/When/Then parts, for
// YAML and JSON items that give only the parts.
func composeGWT(given, when, then string) string {
	var parts []string
	for _, p := range []struct{ kw, text string }{{"given", given}, {"when", when}, {"then", then}} {
		if p.text != "" {
			parts = append(parts, p.kw+" "+p.text)
		}
	}
	s := strings.Join(parts, ", ")
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// assignIDs checks the IDs written in the criteria for duplicates and gives
// the others AC1, AC2, … in order, skipping the numbers already taken.
// where names a criterion in an error message by its index.
func assignIDs(file string, cs []Criterion, where func(i int) string, fix string) error {
	seen := make(map[string]int, len(cs))
	for i, c := range cs {
		if c.ID == "" {
			continue
		}
		k := idKey(c.ID)
		if j, ok := seen[k]; ok {
			return &Error{
				File: file,
				Line: cs[i].Line,
				Msg:  fmt.Sprintf("%s and %s both have the ID %q", where(j), where(i), c.ID),
				Fix:  fix,
			}
		}
		seen[k] = i
	}
	n := 0
	for i := range cs {
		if cs[i].ID != "" {
			continue
		}
		for {
			n++
			id := fmt.Sprintf("AC%d", n)
			if _, taken := seen[idKey(id)]; !taken {
				cs[i].ID = id
				seen[idKey(id)] = i
				break
			}
		}
	}
	return nil
}
