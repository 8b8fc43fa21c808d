package index

import (
	"path"
	"strings"

	"github.com/go-enry/go-enry/v2"
)

// detectLanguage names the language of a file with go-enry, by name first
// and by content only when the name is ambiguous.
func detectLanguage(rel string, data []byte) string {
	base := path.Base(rel)
	if lang, safe := enry.GetLanguageByFilename(base); safe && lang != "" {
		return lang
	}
	if lang, safe := enry.GetLanguageByExtension(base); safe && lang != "" {
		return lang
	}
	head := data
	if len(head) > 16<<10 {
		head = head[:16<<10]
	}
	return enry.GetLanguage(base, head)
}

func isDocLanguage(lang string) bool {
	switch lang {
	case "Markdown", "Text", "reStructuredText", "AsciiDoc", "Org":
		return true
	}
	return false
}

// IsProgramming reports whether the language is a programming language in
// go-enry's classification (not data, markup or prose).
func IsProgramming(lang string) bool {
	return lang != "" && enry.GetLanguageType(lang) == enry.Programming
}

// IsVendored reports whether a path lies in vendored or third-party code
// the index skips by default.
func IsVendored(rel string) bool { return isVendored(rel) }

func isVendored(rel string) bool {
	return vendoredDir(rel) || enry.IsVendor(rel)
}

// vendoredDir is the cheap part of isVendored: a path under a folder of
// third-party code. The walk prunes such folders; the rest of go-enry's
// (costly) vendor patterns run in the analysis, whose verdict is cached.
func vendoredDir(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		switch part {
		case "node_modules", "vendor", "third_party", ".git", "bower_components":
			return true
		}
	}
	return false
}

func isGenerated(rel string, data []byte) bool {
	head := data
	if len(head) > 4<<10 {
		head = head[:4<<10]
	}
	return enry.IsGenerated(rel, head)
}

func isBinary(data []byte) bool { return enry.IsBinary(data) }
