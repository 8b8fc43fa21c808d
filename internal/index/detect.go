package index

import "github.com/groundplan/groundplan/internal/detect"

// detectLanguage names the language of a file, by name first and by
// content only when the name does not tell.
func detectLanguage(rel string, data []byte) string { return detect.Language(rel, data) }

func isDocLanguage(lang string) bool {
	switch lang {
	case "Markdown", "Text", "reStructuredText", "AsciiDoc", "Org":
		return true
	}
	return false
}

// IsProgramming reports whether the language is a programming language
// (not data, markup or prose).
func IsProgramming(lang string) bool { return detect.IsProgramming(lang) }

// IsVendored reports whether a path lies in vendored or third-party code
// the index skips by default.
func IsVendored(rel string) bool { return isVendored(rel) }

func isVendored(rel string) bool { return detect.Vendored(rel) }

// vendoredDir is the cheap part of isVendored: a path under (or named as)
// a folder of third-party code. The walk prunes such folders; the rest of
// the vendor rules run in the analysis, whose verdict is cached.
func vendoredDir(rel string) bool { return detect.InVendoredDir(rel) }

func isGenerated(rel string, data []byte) bool { return detect.Generated(rel, data) }

func isBinary(data []byte) bool { return detect.Binary(data) }
