package detect

// Type is the kind of a language: code, data, markup or prose.
type Type int

// The kinds of language.
const (
	Unknown Type = iota
	Programming
	Data
	Markup
	Prose
)

// TypeOf returns the kind of a language Language names. A name it does
// not know is Unknown.
func TypeOf(lang string) Type {
	switch lang {
	case "":
		return Unknown
	case "Markdown", "Text", "reStructuredText", "AsciiDoc", "Org", "RMarkdown", "MDX", "BibTeX", "Pod",
		"Gettext Catalog", "Literate Haskell", "TeX":
		switch lang {
		case "Literate Haskell":
			return Programming
		case "TeX":
			return Markup
		}
		return Prose
	case "HTML", "CSS", "SCSS", "Sass", "Less", "Stylus", "Vue", "Svelte", "Astro", "HTML+ERB", "HTML+EEX",
		"HTML+Django", "HTML+Razor", "Jinja", "Twig", "Pug", "Haml", "Slim", "Liquid", "EJS", "Handlebars",
		"Mustache", "Roff", "Jupyter Notebook", "XSLT", "Go Template", "ASP.NET", "Java Server Pages":
		switch lang {
		case "XSLT", "ASP.NET", "Java Server Pages":
			return Programming
		}
		return Markup
	case "JSON", "JSON with Comments", "JSON5", "JSONLD", "YAML", "TOML", "XML", "XML Property List", "SVG",
		"INI", "CSV", "TSV", "SQL", "Protocol Buffer", "Protocol Buffer Text Format", "Go Module",
		"Go Checksums", "Go Workspace", "Ignore List", "Git Attributes", "Git Config", "EditorConfig",
		"Dotenv", "Pip Requirements", "Gradle", "Gradle Kotlin DSL", "Maven POM", "CODEOWNERS", "Java Properties", "Diff", "Graphviz (DOT)", "GraphQL",
		"Nginx", "ApacheConf", "Readline Config", "Procfile", "CSON", "edn", "DTD", "RON", "KDL", "HTTP",
		"ASN.1", "Cap'n Proto", "CUE", "Jsonnet", "Dhall":
		switch lang {
		case "Cap'n Proto", "Jsonnet", "CUE", "Dhall":
			return Programming
		}
		return Data
	}
	return Programming
}

// IsProgramming reports whether lang is a programming language (not data,
// markup or prose).
func IsProgramming(lang string) bool { return TypeOf(lang) == Programming }

// Group returns the language a language is a dialect or variant of (TSX
// of TypeScript), or "" for none.
func Group(lang string) string {
	switch lang {
	case "TSX":
		return "TypeScript"
	case "JSON with Comments", "JSON5", "JSONLD":
		return "JSON"
	case "Literate Haskell":
		return "Haskell"
	case "Cython":
		return "Python"
	case "PLpgSQL":
		return "SQL"
	case "HTML+ERB", "HTML+EEX", "HTML+Django", "HTML+Razor":
		return "HTML"
	case "Objective-C++":
		return ""
	case "Unix Assembly":
		return "Assembly"
	case "Luau":
		return "Lua"
	case "XML Property List", "XSLT":
		return "XML"
	}
	return ""
}
