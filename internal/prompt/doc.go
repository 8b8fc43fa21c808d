// Package prompt is groundplan's template engine. A template is Markdown
// text with optional YAML front matter, {{ name }} placeholders and
// @relative/path includes; rendering it produces the prompt that is sent to
// the model.
//
// # Front matter
//
// A template may start with a YAML block fenced by "---" lines:
//
//	---
//	name: backend
//	description: Plan backend business logic from a component spec.
//	input: spec                # "story" or "spec"
//	spec_tag: component_spec   # tag wrapping an appended spec
//	variables:
//	  - name: componentSpec
//	    required: true
//	  - name: projectFramework
//	    default: "(none detected)"
//	  - repoName               # shorthand: a name only
//	sections: [Service Layer Design, Implementation Steps]
//	strip_tags: [implementation_breakdown]
//	---
//
// Unknown keys, malformed YAML and variables without a valid name are
// errors that name the offending line. A template with front matter must
// declare every placeholder it uses unless the placeholder is one of the
// standard variables below. When sections or strip_tags are absent they are
// inferred from the body, as they are for a template without front matter
// (for example the seed prompts the product was created from, which are
// accepted unchanged). Line endings ("\r\n" or a lone "\r") are normalised to "\n".
//
// # Placeholders
//
// {{name}} and {{ name }} are replaced by the value of the variable name.
// Names are made of letters, digits, '_', '.' and '-' and start with a
// letter or '_'. \{{ produces a literal "{{". Substitution is a single pass:
// values and included files are inserted verbatim and never expanded again.
// Text between "{{" and "}}" that is not a valid name is left as it is.
//
// # Includes
//
// An @path token at the start of a line or after whitespace, outside fenced
// code blocks, whose path (characters A-Z a-z 0-9 . _ / -) contains a '/' or
// a '.', is replaced by the content of that file, read through a Reader
// confined to the repository (see index.Index.Read). Trailing dots are taken
// as punctuation. @?path is an optional include: a file that does not exist
// renders as "(not present in this repository)", and one over the size limit
// as a note saying it was left out. \@path keeps the token literally.
// Absolute paths, paths leaving the repository, binary files, files over the
// size limit and files refused by RenderOptions.Refuse are errors.
//
// # Standard variables
//
// The planner always supplies these variables, so templates may use them
// without declaring them:
//
//	userStoryActor       the "As a …" part of a user story
//	userStoryGoal        the "I want …" part
//	userStoryBenefit     the "So that …" part
//	acceptanceCriteria   the criteria as a Markdown list, each with its ID (AC1, AC2, …)
//	storyTitle           the story's title
//	storyText            the whole story as written
//	componentSpec        the component spec document (spec input)
//	projectLanguage      the repository's main language(s)
//	projectFramework     detected frameworks
//	projectDependencies  key dependencies from the manifests
//	codebaseContext      ranked file excerpts packed to the token budget
//	repoMap              a compact map of the repository's files and symbols
//	repoName             the repository's name
//
// # Errors
//
// Parse and Render report every problem they find at once in an *Error;
// each Problem names the template source, the line in that source, what is
// wrong and how to fix it.
package prompt

// Names of the standard variables the planner supplies to every template.
const (
	VarUserStoryActor      = "userStoryActor"
	VarUserStoryGoal       = "userStoryGoal"
	VarUserStoryBenefit    = "userStoryBenefit"
	VarAcceptanceCriteria  = "acceptanceCriteria"
	VarStoryTitle          = "storyTitle"
	VarStoryText           = "storyText"
	VarComponentSpec       = "componentSpec"
	VarProjectLanguage     = "projectLanguage"
	VarProjectFramework    = "projectFramework"
	VarProjectDependencies = "projectDependencies"
	VarCodebaseContext     = "codebaseContext"
	VarRepoMap             = "repoMap"
	VarRepoName            = "repoName"
)

// StandardVariables returns the names of the variables the planner always
// supplies, in the order they are documented. The slice is new on each call.
func StandardVariables() []string {
	return []string{
		VarUserStoryActor, VarUserStoryGoal, VarUserStoryBenefit,
		VarAcceptanceCriteria, VarStoryTitle, VarStoryText, VarComponentSpec,
		VarProjectLanguage, VarProjectFramework, VarProjectDependencies,
		VarCodebaseContext, VarRepoMap, VarRepoName,
	}
}

// IsStandardVariable reports whether name is one of StandardVariables.
func IsStandardVariable(name string) bool {
	switch name {
	case VarUserStoryActor, VarUserStoryGoal, VarUserStoryBenefit,
		VarAcceptanceCriteria, VarStoryTitle, VarStoryText, VarComponentSpec,
		VarProjectLanguage, VarProjectFramework, VarProjectDependencies,
		VarCodebaseContext, VarRepoMap, VarRepoName:
		return true
	}
	return false
}
