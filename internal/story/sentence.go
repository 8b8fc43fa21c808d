package story

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

var (
	// actorRe marks the actor clause: "as a", "as an", "as the".
	actorRe = regexp.MustCompile(`(?i)\bas\s+(?:an?|the|one)\s+`)
	// bareActorRe marks an actor written without an article ("As Jane,")
	// at the very start of the sentence.
	bareActorRe = regexp.MustCompile(`(?i)^as\s+`)
	// goalRe marks the goal clause: "I want", "I'd like", "we need", …
	goalRe = regexp.MustCompile(`(?i)\b(?:i|we)(?:\s+(?:want|wanna|need|wish|would\s+(?:like|love)|should\s+be\s+able)|\s*['’]d\s+(?:like|love))\b`)
	// benefitRe marks the benefit clause: "so that", "in order to", and
	// "so" followed by a subject ("so I can"), whose subject stays in the
	// benefit.
	benefitRe = regexp.MustCompile(`(?i)\b(?:so\s+that|in\s+order\s+to)\b|\bso\s+((?:i|we|they|you|he|she|it|users?|customers?|my|our|the)\b)`)

	// storyStartRe tells a line that can open a story sentence, after an
	// optional "Story:" label.
	storyStartRe = regexp.MustCompile(`(?i)^(?:(?:user\s+)?story\s*:\s*)?(?:as\s|in\s+order\s+to\b|so\s+that\b|(?:i|we)\s+(?:want|would|need)\b|i\s*['’]d\s)`)
	// clauseStartRe tells a line that continues a story sentence split over
	// lines.
	clauseStartRe = regexp.MustCompile(`(?i)^(?:as\s+(?:an?|the)\b|(?:i|we)\s+(?:want|would|need|wish)\b|i\s*['’]d\s|so\s+(?:that|i|we)\b|in\s+order\s+to\b)`)
	// sentenceEndRe finds where a sentence ends and another starts.
	sentenceEndRe = regexp.MustCompile(`[.!?]\s+[A-Z]`)

	// keyLineRe matches "Actor: …", "**Goal:** …", "- Benefit: …" lines.
	keyLineRe = regexp.MustCompile(`(?i)^(?:[*_]{2})?\s*(actor|role|persona|user\s+role|as\s+an?|who|goal|i\s+want(?:\s+to)?|want|what|benefit|so\s+that|value|why|title)\s*(?:[*_]{2})?\s*:\s*(?:[*_]{2})?\s*(.*?)\s*$`)
)

// sentence is what a story sentence says.
type sentence struct {
	actor, goal, benefit string
	rest                 string // prose after the sentence
}

type marker struct {
	kind       byte // 'a' actor, 'g' goal, 'b' benefit
	start, end int  // the marker; the clause text starts at end
}

// parseSentence reads "As a <actor>, I want <goal>, so that <benefit>" in
// any order that reads naturally ("In order to <benefit>, as a <actor>, I
// want <goal>"). ok is false when there is no goal clause; hasActor tells
// whether an actor clause was seen anyway.
func parseSentence(s string) (st sentence, ok, hasActor bool) {
	s = collapse(stripEmphasis(s))
	var goal *marker
	if m := goalRe.FindStringIndex(s); m != nil {
		goal = &marker{'g', m[0], m[1]}
	}
	limit := len(s)
	if goal != nil {
		limit = goal.start
	}

	var actor *marker
	for _, m := range actorRe.FindAllStringIndex(s[:limit], -1) {
		if atClauseStart(s, m[0]) {
			actor = &marker{'a', m[0], m[1]}
			break
		}
		// Off a clause boundary, take the first "as a", unless a benefit
		// comes first ("in order to work as a team as a manager I want"):
		// then the last, which is the one next to the goal.
		if actor == nil || benefitRe.MatchString(s[:m[0]]) {
			actor = &marker{'a', m[0], m[1]}
		}
	}
	if actor == nil {
		if m := bareActorRe.FindStringIndex(s[:limit]); m != nil {
			actor = &marker{'a', m[0], m[1]}
		}
	}
	if goal == nil {
		return st, false, actor != nil
	}
	if actor == nil { // "I want …, as a …, so that …"
		for _, m := range actorRe.FindAllStringIndex(s[goal.end:], -1) {
			if at := goal.end + m[0]; atClauseStart(s, at) {
				actor = &marker{'a', at, goal.end + m[1]}
				break
			}
		}
	}

	// The benefit follows the goal, or else comes before it ("In order
	// to …, as a …, I want …").
	var benefit *marker
	for _, m := range benefitRe.FindAllStringSubmatchIndex(s, -1) {
		end := m[1]
		if m[2] >= 0 { // "so I can …": the subject stays in the benefit
			end = m[2]
		}
		if m[0] >= goal.end {
			benefit = &marker{'b', m[0], end}
			break
		}
		if benefit == nil && m[0] < goal.start && (actor == nil || m[0] < actor.start || m[0] >= actor.end) {
			benefit = &marker{'b', m[0], end}
		}
	}

	ms := []*marker{goal}
	if actor != nil {
		ms = append(ms, actor)
	}
	if benefit != nil {
		ms = append(ms, benefit)
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].start < ms[j].start })
	for i, m := range ms {
		end := len(s)
		if i+1 < len(ms) {
			end = ms[i+1].start
		}
		text := s[m.end:end]
		if i == len(ms)-1 {
			if e := sentenceEndRe.FindStringIndex(text); e != nil {
				st.rest = strings.TrimSpace(text[e[0]+1:])
				text = text[:e[0]]
			}
		}
		text = trimClause(text)
		switch m.kind {
		case 'a':
			st.actor = text
		case 'g':
			st.goal = text
		case 'b':
			st.benefit = text
		}
	}
	return st, st.goal != "", actor != nil
}

// atClauseStart tells whether position i of s begins a clause: the start
// of the text, or after punctuation.
func atClauseStart(s string, i int) bool {
	before := strings.TrimRight(s[:i], " \t")
	if before == "" {
		return true
	}
	end, _ := utf8.DecodeLastRuneInString(before)
	return strings.ContainsRune(",;.:!?)—–-", end)
}

// stripEmphasis removes Markdown emphasis markers (*, **, _, __) around
// words. Underscores inside identifiers and anything inside `code` stay.
func stripEmphasis(s string) string {
	if !strings.ContainsAny(s, "*_") {
		return s
	}
	var b strings.Builder
	code := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '`':
			code = !code
		case code:
		case c == '*':
			continue
		case c == '_':
			j := i
			for j < len(s) && s[j] == '_' {
				j++
			}
			if i == 0 || !isWordByte(s[i-1]) || j == len(s) || !isWordByte(s[j]) {
				i = j - 1
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// keyLine reads an "Actor: …"-style line. field is "actor", "goal",
// "benefit" or "title"; ok is false for any other line.
func keyLine(s string) (field, value string, ok bool) {
	m := keyLineRe.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	value = trimClause(stripEmphasis(m[2]))
	if value == "" {
		return "", "", false
	}
	switch key := strings.Join(strings.Fields(strings.ToLower(m[1])), " "); key {
	case "actor", "role", "persona", "user role", "as a", "as an", "who":
		return "actor", value, true
	case "goal", "i want", "i want to", "want", "what":
		if key == "i want to" {
			value = "to " + value
		}
		return "goal", value, true
	case "benefit", "so that", "value", "why":
		return "benefit", value, true
	default:
		return "title", value, true
	}
}
