package plan

import (
	"regexp"
	"strings"
	"unicode"
)

// StoryKeys returns the section keys a story plan (seed 000) is expected to
// have, in their canonical order.
func StoryKeys() []string {
	return []string{KeyDecisions, KeySteps, KeyTesting, KeyRisks, KeyFiles, KeyEstimate}
}

// BackendKeys returns the section keys a backend plan (seed 004) is
// expected to have, in their canonical order.
func BackendKeys() []string {
	return []string{KeyServiceLayer, KeyDataLayer, KeyBusinessLogic, KeyControllers, KeyErrorHandling, KeyTesting, KeyPerformance}
}

// TitleFor returns the heading Markdown uses for a section key when a plan
// has no title of its own for it, or "" for an unknown key.
func TitleFor(key string) string {
	switch key {
	case KeyDecisions:
		return "Architectural Decisions"
	case KeySteps:
		return "Implementation Steps"
	case KeyTesting:
		return "Testing Strategy"
	case KeyRisks:
		return "Risks & Considerations"
	case KeyFiles:
		return "Files Affected"
	case KeyEstimate:
		return "Time Estimate"
	case KeyServiceLayer:
		return "Service Layer Design"
	case KeyDataLayer:
		return "Data Layer Implementation"
	case KeyBusinessLogic:
		return "Business Logic Implementation"
	case KeyControllers:
		return "API Controller Design"
	case KeyErrorHandling:
		return "Error Handling Strategy"
	case KeyPerformance:
		return "Performance Optimization"
	case KeyVerification:
		return "Verification Report"
	}
	return ""
}

// KeyFor maps a section heading to its canonical key, or "" when the heading
// names no known section. It ignores case, numbering ("1.", "Step 2:"),
// emphasis, punctuation and a parenthesised suffix, tries a list of
// synonyms first and then falls back to keywords ("Files …" → files).
func KeyFor(title string) string {
	if k := exactKey(title); k != "" {
		return k
	}
	return keywordKey(normTitle(title, true))
}

// exactKey maps a heading to a key through the synonym list only.
func exactKey(title string) string {
	if k := synonymKey(normTitle(title, true)); k != "" {
		return k
	}
	return synonymKey(normTitle(title, false))
}

var (
	numberingRe = regexp.MustCompile(`^(?:(?:step|section|part|phase)\s+)?(?:\d+(?:\.\d+)*|[ivx]+|[a-z])\s*[.):\-–—]\s*`)
	numberedRe  = regexp.MustCompile(`^(?:(?:step|section|part|phase)\s+)?\d+(?:\.\d+)*\s*[.):\-–—]?\s+\S`)
	parensRe    = regexp.MustCompile(`\([^()]*\)|\[[^\[\]]*\]`)
)

// normTitle lowers a heading and strips numbering, emphasis and
// punctuation. keepParens keeps the words inside parentheses ("Controller(s)"
// → "controllers"); otherwise parenthesised groups are dropped.
func normTitle(t string, keepParens bool) string {
	t = strings.ToLower(strings.TrimSpace(t))
	t = strings.Trim(t, "*_` ")
	t = numberingRe.ReplaceAllString(t, "")
	if !keepParens {
		t = parensRe.ReplaceAllString(t, " ")
	}
	for _, c := range []string{"&", "/", "+"} {
		t = strings.ReplaceAll(t, c, " and ")
	}
	var b strings.Builder
	space := false
	for _, r := range t {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case r == '(' || r == ')' || r == '\'' || r == '’':
			// "controller(s)" → "controllers", "what's" → "whats"
		default:
			space = true
		}
	}
	return b.String()
}

// isNumberedTitle reports whether a heading starts with a section number.
func isNumberedTitle(t string) bool {
	return numberedRe.MatchString(strings.ToLower(strings.Trim(strings.TrimSpace(t), "*_` ")))
}

func synonymKey(n string) string {
	n = strings.TrimSuffix(n, " section")
	if n == "verification report" || n == "groundplan verification" {
		return KeyVerification
	}
	switch n {
	case "architecture", "architectural decisions", "architecture decisions", "architectural approach",
		"architecture and design", "architectural design", "architecture overview", "technical approach",
		"technical decisions", "technical design", "design decisions", "key decisions", "key technical decisions",
		"decisions", "approach", "solution design", "solution approach", "high level design", "design",
		"design and architecture", "architectural decisions and approach", "overall approach":
		return KeyDecisions
	case "implementation steps", "steps", "implementation plan", "implementation", "step by step plan",
		"step by step implementation", "step by step", "detailed steps", "implementation details",
		"implementation tasks", "tasks", "task breakdown", "development steps", "ordered steps",
		"ordered implementation steps", "detailed implementation steps", "implementation order", "plan", "work plan":
		return KeySteps
	case "testing strategy", "testing approach", "testing", "tests", "test plan", "test strategy",
		"testing plan", "test approach", "validation", "testing and validation", "verification", "qa",
		"quality assurance", "test cases", "testing strategy and validation":
		return KeyTesting
	case "risks", "risks and considerations", "risks and mitigations", "risks and mitigation",
		"risk assessment", "risk analysis", "considerations", "potential risks", "risks and challenges",
		"technical challenges", "challenges", "concerns", "risks and concerns", "challenges and risks",
		"risks considerations", "risks and edge cases", "known risks":
		return KeyRisks
	case "files affected", "files changed", "file changes", "affected files", "files", "files to modify",
		"files to create or modify", "files to create and modify", "files modified", "changed files",
		"file summary", "file list", "files touched", "files summary", "list of files", "files created and modified",
		"files modified and created", "files to change":
		return KeyFiles
	case "time estimate", "estimate", "effort", "estimated time", "effort estimate", "estimation",
		"time estimation", "timeline", "estimates", "estimated effort", "time estimates", "time and effort",
		"effort estimation", "time":
		return KeyEstimate
	case "service layer design", "service layer", "services", "service design", "service classes",
		"service layer implementation":
		return KeyServiceLayer
	case "data layer implementation", "data layer", "data access layer", "repository layer", "persistence",
		"persistence layer", "database layer", "data layer design", "data access", "repositories", "data model",
		"data models":
		return KeyDataLayer
	case "business logic implementation", "business logic", "business rules", "domain logic",
		"business logic design", "core business logic":
		return KeyBusinessLogic
	case "api controller design", "api controllers design", "api controller", "api controllers",
		"controllers", "controller design", "controllers design", "api design", "api endpoints", "endpoints",
		"api layer", "api controller implementation", "api controllers implementation":
		return KeyControllers
	case "error handling strategy", "error handling", "errors", "exception handling", "error strategy",
		"error handling and validation":
		return KeyErrorHandling
	case "performance optimization", "performance optimisation", "performance considerations",
		"performance", "scalability", "performance and scalability", "caching", "performance optimizations",
		"performance optimisations", "caching and performance":
		return KeyPerformance
	}
	return ""
}

// keywordKey is the fallback when no synonym matches: the first keyword
// rule that fires wins.
func keywordKey(n string) string {
	words := strings.Fields(n)
	has := func(prefixes ...string) bool {
		for _, w := range words {
			for _, p := range prefixes {
				if strings.HasPrefix(w, p) {
					return true
				}
			}
		}
		return false
	}
	word := func(ws ...string) bool {
		for _, w := range words {
			for _, x := range ws {
				if w == x {
					return true
				}
			}
		}
		return false
	}
	switch {
	case has("file"):
		return KeyFiles
	case has("estimat", "effort", "timeline") || word("time"):
		return KeyEstimate
	case has("risk", "concern", "pitfall", "caveat", "consideration"):
		return KeyRisks
	case has("test") || word("qa"):
		return KeyTesting
	case has("decision", "architect"):
		return KeyDecisions
	case strings.Contains(n, "business logic") || has("business", "domain"):
		return KeyBusinessLogic
	case strings.Contains(n, "data layer") || strings.Contains(n, "data access") || has("repositor", "persistence", "database"):
		return KeyDataLayer
	case has("controller", "endpoint") || word("api"):
		return KeyControllers
	case has("service"):
		return KeyServiceLayer
	case has("error", "exception"):
		return KeyErrorHandling
	case has("performance", "caching", "scalab", "optimi"):
		return KeyPerformance
	case has("step", "implementation", "task"):
		return KeySteps
	}
	return ""
}
