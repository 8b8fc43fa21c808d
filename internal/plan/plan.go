// Package plan is the implementation plan as data: sections, ordered steps
// naming files and symbols, files modified or created, tests mapped to
// acceptance criteria, risks and a time estimate. It converts between
// Markdown, the Plan struct and JSON.
package plan

// Schema names the JSON schema version of Plan. Bump it on any incompatible
// change and document the change in docs/plan-schema.md.
const Schema = "groundplan.plan/v1"

// Action says what a plan does to a file.
type Action string

// The actions on a file.
const (
	ActionModify Action = "modify"
	ActionNew    Action = "new"
	ActionDelete Action = "delete"
)

// Canonical section keys. Story plans (seed 000) use the first six;
// backend plans (seed 004) use the backend keys and may carry steps, files
// and estimate too.
const (
	KeyDecisions     = "decisions"
	KeySteps         = "steps"
	KeyTesting       = "testing"
	KeyRisks         = "risks"
	KeyFiles         = "files"
	KeyEstimate      = "estimate"
	KeyServiceLayer  = "service_layer"
	KeyDataLayer     = "data_layer"
	KeyBusinessLogic = "business_logic"
	KeyControllers   = "controllers"
	KeyErrorHandling = "error_handling"
	KeyPerformance   = "performance"
	// KeyVerification is the report groundplan appends after checking a
	// plan; it is not part of what a model writes.
	KeyVerification = "verification"
)

// Plan is one implementation plan.
type Plan struct {
	Schema   string `json:"schema"`
	Title    string `json:"title"`
	Template string `json:"template,omitempty"`
	Draft    bool   `json:"draft,omitempty"` // written by the offline provider
	Provider string `json:"provider,omitempty"`
	Model    string `json:"model,omitempty"`
	Summary  string `json:"summary,omitempty"` // prose before the first section

	// Sections hold the plan's text, in order. Markdown() renders them;
	// a section whose Body is empty is rendered from the structured fields
	// below that belong to its Key.
	Sections []Section `json:"sections"`

	Decisions []string     `json:"decisions,omitempty"`
	Steps     []Step       `json:"steps,omitempty"`
	Tests     []Test       `json:"tests,omitempty"`
	Risks     []Risk       `json:"risks,omitempty"`
	Files     []FileChange `json:"files,omitempty"`
	Estimate  *Estimate    `json:"estimate,omitempty"`

	Verification *Verification `json:"verification,omitempty"`
}

// Section is one top-level section of the plan.
type Section struct {
	Key   string `json:"key,omitempty"` // canonical key, "" when unrecognised
	Title string `json:"title"`
	Body  string `json:"body,omitempty"` // Markdown, without the heading
	Line  int    `json:"line,omitempty"` // line of the heading in the parsed text
}

// Step is one ordered implementation step.
type Step struct {
	Number   int      `json:"number"`
	Title    string   `json:"title"`
	Detail   string   `json:"detail,omitempty"`
	Files    []string `json:"files,omitempty"`    // paths the step touches
	Symbols  []string `json:"symbols,omitempty"`  // functions, types, methods named
	Criteria []string `json:"criteria,omitempty"` // AC IDs the step serves
	Line     int      `json:"line,omitempty"`
}

// FileChange is one file the plan modifies, creates or deletes.
type FileChange struct {
	Path   string `json:"path"`
	Action Action `json:"action"`
	Reason string `json:"reason,omitempty"`
	Line   int    `json:"line,omitempty"`
}

// Test is one test the plan adds or changes.
type Test struct {
	Name        string   `json:"name"`
	File        string   `json:"file,omitempty"`
	Kind        string   `json:"kind,omitempty"` // unit, integration, e2e
	Description string   `json:"description,omitempty"`
	Criteria    []string `json:"criteria,omitempty"` // AC IDs the test checks
	Line        int      `json:"line,omitempty"`
}

// Risk is one risk or consideration.
type Risk struct {
	Area       string `json:"area,omitempty"` // security, migration, compatibility, performance…
	Text       string `json:"text"`
	Mitigation string `json:"mitigation,omitempty"`
	Line       int    `json:"line,omitempty"`
}

// Estimate is the time estimate in minutes.
type Estimate struct {
	Minutes   int            `json:"minutes"`
	Breakdown []EstimatePart `json:"breakdown,omitempty"`
	Line      int            `json:"line,omitempty"`
}

// EstimatePart is one line of the estimate's breakdown.
type EstimatePart struct {
	Label   string `json:"label"`
	Minutes int    `json:"minutes"`
}

// Verification is the summary of a verification run carried by the plan.
type Verification struct {
	Score    float64  `json:"score"`
	Errors   int      `json:"errors"`
	Warnings int      `json:"warnings"`
	Passed   []string `json:"passed,omitempty"`
	Failed   []string `json:"failed,omitempty"`
}
