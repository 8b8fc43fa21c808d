package detect

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/go-enry/go-enry/v2"
)

// TestAgainstEnry compares this package's decisions with go-enry's, the
// library groundplan used before, over this repository or, when
// GROUNDPLAN_DETECT_TREE names one, over that tree. Every difference is
// logged with its class; a difference in no expected class fails the test.
func TestAgainstEnry(t *testing.T) {
	root := os.Getenv("GROUNDPLAN_DETECT_TREE")
	if root == "" {
		root = "../.."
	}
	type diff struct{ class, line string }
	var diffs []diff
	var unexpected []string
	counts := map[string]int{}
	note := func(kind, rel, mine, theirs string) {
		class := expectedDiff(kind, rel, mine, theirs)
		line := kind + " " + rel + ": ours " + mine + ", go-enry " + theirs
		if class == "" {
			unexpected = append(unexpected, line)
			class = "UNEXPECTED"
		}
		counts[kind+"/"+class]++
		diffs = append(diffs, diff{class, line})
	}
	files := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if d.Name() == ".git" {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := readHead(p, 16<<10)
		if err != nil {
			return nil
		}
		files++
		if a, b := Binary(data), enry.IsBinary(data); a != b {
			note("binary", rel, yes(a), yes(b))
		}
		if a, b := Vendored(rel), InVendoredDir(rel) || enry.IsVendor(rel); a != b {
			note("vendored", rel, yes(a), yes(b))
		}
		if enry.IsBinary(data) {
			return nil
		}
		head := data
		if len(head) > 4<<10 {
			head = head[:4<<10]
		}
		if a, b := Generated(rel, data), enry.IsGenerated(rel, head); a != b {
			note("generated", rel, yes(a), yes(b))
		}
		mine, theirs := Language(rel, data), enryLanguage(rel, data)
		if mine != theirs {
			note("language", rel, mine, theirs)
		} else if mine != "" {
			a, b := IsProgramming(mine), enry.GetLanguageType(mine) == enry.Programming
			if a != b {
				note("programming", rel+" ("+mine+")", yes(a), yes(b))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(diffs, func(i, j int) bool {
		if diffs[i].class != diffs[j].class {
			return diffs[i].class < diffs[j].class
		}
		return diffs[i].line < diffs[j].line
	})
	for _, d := range diffs {
		t.Logf("[%s] %s", d.class, d.line)
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t.Logf("%d files under %s, %d differences", files, root, len(diffs))
	for _, k := range keys {
		t.Logf("  %-60s %d", k, counts[k])
	}
	for _, u := range unexpected {
		t.Errorf("unexpected difference: %s", u)
	}
}

// enryLanguage is the way groundplan used go-enry: by name, then by
// extension, then by content.
func enryLanguage(rel string, data []byte) string {
	base := path.Base(rel)
	if lang, safe := enry.GetLanguageByFilename(base); safe && lang != "" {
		return lang
	}
	if lang, safe := enry.GetLanguageByExtension(base); safe && lang != "" {
		return lang
	}
	return enry.GetLanguage(base, data)
}

func readHead(p string, n int) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, n)
	k, _ := f.Read(buf)
	for k < n {
		m, err := f.Read(buf[k:])
		if m == 0 || err != nil {
			break
		}
		k += m
	}
	return buf[:k], nil
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// expectedDiff names the class of a deliberate difference from go-enry, or
// returns "" for a difference nobody meant.
func expectedDiff(kind, rel, mine, theirs string) string {
	base := path.Base(rel)
	switch kind {
	case "vendored":
		if mine == "no" && strings.HasSuffix(base, ".d.ts") {
			return "type declarations are the project's source"
		}
		if mine == "no" && VendoredDir(base) {
			return "a file (not a folder) named like a vendor folder"
		}
		if mine == "yes" && strings.HasSuffix(base, ".bundle.js") {
			return "bundled build output"
		}
		if mine == "no" && (strings.HasPrefix(rel, "cache/") || strings.Contains(rel, "/cache/") || strings.HasPrefix(rel, "env/") || strings.Contains(rel, "/env/")) {
			return "folders named cache or env hold a project's own code"
		}
		if mine == "no" && strings.HasPrefix(rel, "deps/") && strings.HasSuffix(base, ".go") {
			return "Go code in deps/ is a package of the module"
		}
	case "generated":
		if mine == "yes" && generatedName(base) {
			return "lock files and generator outputs named by convention"
		}
		if Vendored(rel) {
			return "in a vendored folder, where the vendored verdict decides"
		}
	case "language":
		if (theirs == "Assembly" || theirs == "Motorola 68K Assembly") && mine == "Unix Assembly" {
			return "assembly dialects are not told apart"
		}
		if !caredFor[theirs] && (mine == "" || !caredFor[mine]) {
			return "a language groundplan does not name or tell apart"
		}
		if !caredFor[theirs] && theirs != "" && (mine == "INI" || mine == "Text") {
			return "go-enry guesses a rare format from the content of a plain one"
		}
		if theirs == "JavaScript" && mine == "TypeScript" && strings.HasSuffix(base, ".ts") {
			return "a .ts file run by node through its #! line is still TypeScript"
		}
		if theirs == "Hack" && mine == "PHP" {
			return "PHP files are not guessed to be Hack"
		}
		if theirs == "Shell" && mine == "" && strings.HasSuffix(base, "env") {
			return "environment files are not shell scripts"
		}
		if strings.HasPrefix(theirs, "OAS") && (mine == "YAML" || mine == "JSON") {
			return "OpenAPI documents keep the name of their format"
		}
	}
	return ""
}

// caredFor holds the languages this package must name as go-enry does:
// those the index parses and the common ones of repositories.
var caredFor = map[string]bool{}

func init() {
	for _, l := range strings.Split("Go,Python,JavaScript,TypeScript,TSX,Java,Rust,C#,Ruby,PHP,C,C++,"+
		"Objective-C,Objective-C++,Kotlin,Swift,Scala,Shell,PowerShell,Markdown,YAML,JSON,"+
		"JSON with Comments,TOML,XML,HTML,CSS,SCSS,Less,Sass,SQL,Protocol Buffer,Dockerfile,Makefile,"+
		"HCL,Lua,Perl,R,Dart,Elixir,Erlang,Haskell,Vue,Svelte,reStructuredText,Text,CMake,Groovy,"+
		"Gradle,Batchfile,INI,CSV,Go Module,Go Checksums,Go Workspace,AsciiDoc,Org,Starlark,"+
		"Ignore List,Git Attributes,EditorConfig,Go Template,Jsonnet,Nix,Zig,Clojure,F#,OCaml,Julia", ",") {
		caredFor[l] = true
	}
}
