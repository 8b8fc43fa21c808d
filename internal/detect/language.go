// Package detect names the language of a file and tells whether a path is
// third-party (vendored) code, generated output or binary content. It is
// groundplan's own set of rules, written from common file conventions. All
// of it is plain string checks and switch statements: nothing is built when
// the program starts, and no regular expression is compiled.
//
// Language names follow the names GitHub shows for languages ("Go", "C#",
// "TSX", "Protocol Buffer"), so that names read the same as elsewhere.
package detect

import (
	"bytes"
	"path"
	"strings"
)

// Language names the language of a file at path rel (slash separated) with
// the given content, or returns "" when it does not know. The name decides
// first, then the extension; the content is read only for an ambiguous
// extension (.h, .m, .pl, .ts) or a file without a known extension (its
// "#!" line). Only the first few hundred bytes of content are read.
func Language(rel string, content []byte) string {
	base := path.Base(rel)
	if lang := byFilename(base); lang != "" {
		return lang
	}
	if strings.HasSuffix(base, ".gradle.kts") {
		return "Gradle Kotlin DSL"
	}
	ext := extension(base)
	if ext != "" {
		if lang := byExtension(ext); lang != "" {
			if lang == ambiguous {
				return disambiguate(ext, content)
			}
			return lang
		}
	}
	if lang := Shebang(content); lang != "" {
		return lang
	}
	if ext == "" || byExtension(ext) == "" {
		head := bytes.TrimLeft(headOf(content, 64), " \t\r\n\ufeff")
		if bytes.HasPrefix(head, []byte("<?xml")) {
			return "XML"
		}
	}
	return ""
}

// ambiguous marks an extension several languages use.
const ambiguous = "?"

// extension returns the extension of a base name with its dot, as written
// (".go", ".C"), or "" for none. A name that starts with its only dot
// (".bashrc") has no extension.
func extension(base string) string {
	i := strings.LastIndexByte(base, '.')
	if i <= 0 {
		return ""
	}
	return base[i:]
}

func headOf(content []byte, n int) []byte {
	if len(content) > n {
		return content[:n]
	}
	return content
}

// byFilename knows files by their whole name.
func byFilename(base string) string {
	switch base {
	case "Makefile", "makefile", "GNUmakefile", "Makefile.inc", "Kbuild", "BSDmakefile":
		return "Makefile"
	case "Dockerfile", "Containerfile", "dockerfile":
		return "Dockerfile"
	case "CMakeLists.txt":
		return "CMake"
	case "go.mod":
		return "Go Module"
	case "go.sum", "go.work.sum":
		return "Go Checksums"
	case "go.work":
		return "Go Workspace"
	case "Gemfile", "Rakefile", "Podfile", "Vagrantfile", "Guardfile", "Brewfile", "Capfile",
		"Dangerfile", "Fastfile", "Appfile", "Berksfile", "Thorfile", "Steepfile", ".irbrc", ".pryrc":
		return "Ruby"
	case "Jenkinsfile":
		return "Groovy"
	case "pom.xml":
		return "Maven POM"
	case "BUILD", "BUILD.bazel", "WORKSPACE", "WORKSPACE.bazel", "MODULE.bazel", "Tiltfile":
		return "Starlark"
	case "Pipfile", "Cargo.lock", "poetry.lock", "uv.lock", "pdm.lock", "Gopkg.lock", ".flake8rc":
		return "TOML"
	case "requirements.txt", "requirements-dev.txt", "requirements-test.txt", "constraints.txt":
		return "Pip Requirements"
	case "tsconfig.json", "jsconfig.json", ".eslintrc.json", ".babelrc", ".jshintrc",
		"devcontainer.json", "language-configuration.json", "api-extractor.json", "tslint.json",
		".swcrc", "tsconfig.base.json":
		return "JSON with Comments"
	case ".bashrc", ".bash_profile", ".bash_logout", ".profile", ".zshrc", ".zshenv", ".zprofile",
		".zlogin", ".zlogout", ".kshrc", ".login", ".logout", "PKGBUILD", "APKBUILD", "bashrc", "zshrc",
		".bash_aliases", ".envrc":
		return "Shell"
	case ".gitignore", ".dockerignore", ".npmignore", ".eslintignore", ".prettierignore",
		".helmignore", ".gcloudignore", ".vscodeignore", ".stylelintignore":
		return "Ignore List"
	case ".gitattributes":
		return "Git Attributes"
	case ".gitmodules", ".gitconfig":
		return "Git Config"
	case ".editorconfig":
		return "EditorConfig"
	case ".env", ".env.example", ".env.local", ".env.sample", ".env.test", ".env.development", ".env.production":
		return "Dotenv"
	case "LICENSE", "COPYING", "LICENCE", "COPYING.LIB", "INSTALL", "FONTLOG", "NEWS":
		return "Text"
	case "CODEOWNERS":
		return "CODEOWNERS"
	case ".clang-format", ".clang-tidy", ".clangd", ".gemrc", "glide.lock", "pnpm-lock.yaml",
		".gitlab-ci.yml":
		return "YAML"
	case "package.json", "composer.json", ".watchmanconfig", "Pipfile.lock",
		"composer.lock", "package-lock.json", "flake.lock", ".arcconfig", "mcmod.info", ".tern-project":
		return "JSON"
	case "nginx.conf":
		return "Nginx"
	case "build.gradle", "settings.gradle":
		return "Gradle"
	case "Procfile":
		return "Procfile"
	case ".vimrc", "_vimrc", ".gvimrc", "vimrc", ".exrc", ".nvimrc":
		return "Vim Script"
	case ".emacs", ".emacs.desktop", ".spacemacs":
		return "Emacs Lisp"
	case "meson.build", "meson_options.txt":
		return "Meson"
	case "Snakefile":
		return "Snakemake"
	case "Justfile", "justfile", ".justfile":
		return "Just"
	case ".inputrc":
		return "Readline Config"
	case ".htaccess", "httpd.conf", "apache2.conf":
		return "ApacheConf"
	case "mix.lock":
		return "Elixir"
	}
	return ""
}

// byExtension knows files by their extension (with its dot). It returns
// ambiguous for an extension shared by languages Language tells apart.
func byExtension(ext string) string {
	switch ext {
	// Extensions whose case tells something.
	case ".C", ".H", ".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++", ".ipp", ".tpp",
		".inl", ".ixx", ".cppm", ".tcc", ".ino":
		return "C++"
	case ".R", ".r", ".Rprofile":
		return "R"
	case ".S", ".s":
		return "Unix Assembly"
	}
	switch strings.ToLower(ext) {
	case ".go":
		return "Go"
	case ".py", ".pyi", ".pyw", ".gyp", ".gypi", ".wsgi", ".pyt":
		return "Python"
	case ".pyx", ".pxd":
		return "Cython"
	case ".asm", ".nasm":
		return "Assembly"
	case ".js", ".mjs", ".cjs", ".jsx", ".es6", ".jsm", ".jss":
		return "JavaScript"
	case ".ts":
		return ambiguous
	case ".mts", ".cts":
		return "TypeScript"
	case ".tsx":
		return "TSX"
	case ".java", ".jav":
		return "Java"
	case ".rs":
		return "Rust"
	case ".cs", ".csx":
		return "C#"
	case ".rb", ".rake", ".gemspec", ".ru", ".rbi", ".podspec", ".thor", ".jbuilder", ".rabl":
		return "Ruby"
	case ".erb":
		return "HTML+ERB"
	case ".php", ".php3", ".php4", ".php5", ".phtml", ".phpt", ".phps":
		return "PHP"
	case ".c":
		return "C"
	case ".h":
		return ambiguous
	case ".m":
		return ambiguous
	case ".mm":
		return "Objective-C++"
	case ".kt", ".kts", ".ktm":
		return "Kotlin"
	case ".swift":
		return "Swift"
	case ".scala", ".sc", ".sbt":
		return "Scala"
	case ".sh", ".bash", ".zsh", ".ksh", ".bats", ".command", ".tmux", ".ebuild", ".eclass":
		return "Shell"
	case ".fish":
		return "fish"
	case ".ps1", ".psm1", ".psd1":
		return "PowerShell"
	case ".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".ronn", ".workbook", ".livemd", ".scd":
		return "Markdown"
	case ".mdx":
		return "MDX"
	case ".yml", ".yaml", ".cff", ".yaml-tmlanguage", ".syntax", ".mir", ".reek", ".rviz", ".sublime-syntax":
		return "YAML"
	case ".json", ".geojson", ".jsonl", ".webmanifest", ".har", ".avsc", ".topojson", ".webapp",
		".mcmeta", ".gltf", ".tfstate", ".ice", ".yy", ".yyp", ".4dform", ".4dproject":
		return "JSON"
	case ".jsonld":
		return "JSONLD"
	case ".jsonc", ".code-workspace", ".code-snippets", ".sublime-settings", ".sublime-project",
		".sublime-workspace", ".sublime-build", ".sublime-commands", ".sublime-keymap",
		".sublime-menu", ".sublime-macro", ".sublime-completions", ".sublime-theme", ".sublime_metrics",
		".sublime_session":
		return "JSON with Comments"
	case ".json5":
		return "JSON5"
	case ".toml":
		return "TOML"
	case ".xml", ".xsd", ".csproj", ".vbproj", ".fsproj", ".vcxproj",
		".props", ".targets", ".resx", ".xaml", ".wsdl", ".rss", ".atom", ".nuspec",
		".manifest", ".storyboard", ".xib", ".iml", ".jelly", ".mxml", ".xliff", ".xlf", ".kml",
		".tld", ".wxs", ".wxi", ".wxl", ".ant", ".axml", ".ccxml", ".clixml", ".cproject",
		".dita", ".ditamap", ".ditaval", ".fxml", ".glade", ".grxml", ".jsproj",
		".launch", ".mdpolicy", ".mjml", ".natvis", ".ndproj", ".nproj", ".odd", ".osm",
		".pkgproj", ".pluginspec", ".proj", ".ps1xml", ".psc1", ".qhelp", ".rdf", ".sfproj",
		".shproj", ".srdf", ".urdf", ".ux", ".vssettings", ".vstemplate", ".vxml", ".wixproj",
		".wsf", ".x3d", ".xacro", ".xmi", ".xmp", ".xproj", ".xspec", ".xul", ".zcml", ".pom":
		return "XML"
	case ".xsl", ".xslt":
		return "XSLT"
	case ".plist":
		return "XML Property List"
	case ".dtd":
		return "DTD"
	case ".svg":
		return "SVG"
	case ".html", ".htm", ".xhtml", ".xht", ".hta":
		return "HTML"
	case ".css":
		return "CSS"
	case ".scss":
		return "SCSS"
	case ".sass":
		return "Sass"
	case ".less":
		return "Less"
	case ".styl":
		return "Stylus"
	case ".sql", ".ddl", ".dml", ".prc", ".tab", ".udf", ".viw":
		return "SQL"
	case ".pgsql", ".plpgsql":
		return "PLpgSQL"
	case ".proto":
		return "Protocol Buffer"
	case ".dockerfile", ".containerfile":
		return "Dockerfile"
	case ".mk", ".mak", ".make", ".mkfile":
		return "Makefile"
	case ".hcl", ".tf", ".tfvars", ".nomad", ".workflow":
		return "HCL"
	case ".lua", ".rockspec", ".nse", ".p8", ".pd_lua", ".rbxs", ".wlua":
		return "Lua"
	case ".luau":
		return "Luau"
	case ".pm":
		return "Perl"
	case ".pl", ".t":
		return ambiguous
	case ".psgi", ".perl", ".ph", ".plx", ".al":
		return "Perl"
	case ".pod":
		return "Pod"
	case ".raku", ".rakumod", ".p6", ".pl6", ".pm6":
		return "Raku"
	case ".rmd":
		return "RMarkdown"
	case ".rd":
		return "R"
	case ".dart":
		return "Dart"
	case ".ex", ".exs":
		return "Elixir"
	case ".eex", ".heex", ".leex":
		return "HTML+EEX"
	case ".erl", ".hrl", ".escript", ".xrl", ".yrl", ".app.src":
		return "Erlang"
	case ".hs", ".hs-boot", ".hsc":
		return "Haskell"
	case ".lhs":
		return "Literate Haskell"
	case ".vue":
		return "Vue"
	case ".svelte":
		return "Svelte"
	case ".astro":
		return "Astro"
	case ".rst", ".rest", ".rst.txt", ".rest.txt":
		return "reStructuredText"
	case ".txt", ".text":
		return "Text"
	case ".adoc", ".asciidoc":
		return "AsciiDoc"
	case ".org":
		return "Org"
	case ".cmake":
		return "CMake"
	case ".groovy", ".gvy", ".gy", ".gsh", ".grt", ".gtpl":
		return "Groovy"
	case ".gradle":
		return "Gradle"
	case ".bat", ".cmd":
		return "Batchfile"
	case ".ini", ".cfg", ".prefs", ".cnf", ".dof", ".lektorproject", ".url":
		return "INI"
	case ".properties":
		return "INI"
	case ".csv":
		return "CSV"
	case ".tsv":
		return "TSV"
	case ".f", ".f77", ".f90", ".f95", ".f03", ".f08", ".for", ".fpp":
		return "Fortran"
	case ".cu", ".cuh":
		return "Cuda"
	case ".glsl", ".vert", ".frag", ".geom", ".comp", ".tesc", ".tese", ".vsh", ".fsh":
		return "GLSL"
	case ".hlsl", ".hlsli", ".fx", ".fxh":
		return "HLSL"
	case ".clj", ".cljs", ".cljc", ".boot", ".cljscm":
		return "Clojure"
	case ".edn":
		return "edn"
	case ".fs", ".fsi", ".fsx":
		return "F#"
	case ".ml", ".mli", ".mll", ".mly":
		return "OCaml"
	case ".jl":
		return "Julia"
	case ".zig":
		return "Zig"
	case ".nim", ".nims", ".nimble":
		return "Nim"
	case ".cr":
		return "Crystal"
	case ".sv", ".svh", ".vh":
		return "SystemVerilog"
	case ".vhd", ".vhdl":
		return "VHDL"
	case ".vb":
		return "Visual Basic .NET"
	case ".vbs":
		return "VBScript"
	case ".tcl", ".tm", ".exp":
		return "Tcl"
	case ".awk", ".gawk", ".mawk", ".nawk":
		return "Awk"
	case ".vim", ".vimrc":
		return "Vim Script"
	case ".el":
		return "Emacs Lisp"
	case ".lisp", ".lsp", ".asd":
		return "Common Lisp"
	case ".scm", ".ss", ".sld", ".sls", ".sps":
		return "Scheme"
	case ".rkt", ".rktl", ".rktd", ".scrbl":
		return "Racket"
	case ".elm":
		return "Elm"
	case ".purs":
		return "PureScript"
	case ".coffee", "._coffee", ".cake", ".cjsx", ".iced":
		return "CoffeeScript"
	case ".cson":
		return "CSON"
	case ".graphql", ".gql", ".graphqls":
		return "GraphQL"
	case ".thrift":
		return "Thrift"
	case ".capnp":
		return "Cap'n Proto"
	case ".bzl", ".star", ".bazel", ".sky":
		return "Starlark"
	case ".nix":
		return "Nix"
	case ".jsonnet", ".libsonnet":
		return "Jsonnet"
	case ".cue":
		return "CUE"
	case ".rego":
		return "Open Policy Agent"
	case ".tex", ".sty", ".ltx", ".dtx", ".ins", ".bbx", ".cbx", ".lbx":
		return "TeX"
	case ".bib", ".bibtex":
		return "BibTeX"
	case ".ipynb":
		return "Jupyter Notebook"
	case ".diff", ".patch":
		return "Diff"
	case ".dot", ".gv":
		return "Graphviz (DOT)"
	case ".1", ".2", ".3", ".4", ".5", ".6", ".7", ".8", ".9", ".man", ".mdoc", ".roff", ".1in",
		".1m", ".1x", ".3in", ".3m", ".3p", ".3pm", ".3qt", ".3x", ".me", ".ms", ".nr", ".tmac":
		return "Roff"
	case ".hbs", ".handlebars":
		return "Handlebars"
	case ".mustache":
		return "Mustache"
	case ".j2", ".jinja", ".jinja2":
		return "Jinja"
	case ".djhtml":
		return "HTML+Django"
	case ".twig":
		return "Twig"
	case ".pug", ".jade":
		return "Pug"
	case ".haml":
		return "Haml"
	case ".slim":
		return "Slim"
	case ".liquid":
		return "Liquid"
	case ".ejs", ".ect", ".jst":
		return "EJS"
	case ".gotmpl", ".tmpl":
		return "Go Template"
	case ".sol":
		return "Solidity"
	case ".wat", ".wast":
		return "WebAssembly"
	case ".ml4":
		return "OCaml"
	case ".ahk":
		return "AutoHotkey"
	case ".applescript", ".scpt":
		return "AppleScript"
	case ".sas":
		return "SAS"
	case ".stan":
		return "Stan"
	case ".smali":
		return "Smali"
	case ".hx", ".hxsl":
		return "Haxe"
	case ".pony":
		return "Pony"
	case ".odin":
		return "Odin"
	case ".mojo":
		return "Mojo"
	case ".gleam":
		return "Gleam"
	case ".bicep":
		return "Bicep"
	case ".prisma":
		return "Prisma"
	case ".cshtml", ".razor":
		return "HTML+Razor"
	case ".aspx", ".ascx", ".asmx", ".asax", ".ashx", ".axd", ".master", ".asp":
		return "ASP.NET"
	case ".jsp":
		return "Java Server Pages"
	case ".csh", ".tcsh":
		return "Tcsh"
	case ".asn", ".asn1":
		return "ASN.1"
	case ".nginx", ".nginxconf", ".vhost":
		return "Nginx"
	case ".tmlanguage", ".tmtheme", ".tmpreferences", ".tmsnippet":
		return "XML Property List"
	case ".po", ".pot":
		return "Gettext Catalog"
	case ".ninja":
		return "Ninja"
	case ".meson":
		return "Meson"
	case ".wgsl":
		return "WGSL"
	case ".metal":
		return "Metal"
	case ".mlir":
		return "MLIR"
	case ".ll":
		return "LLVM"
	case ".sed":
		return "sed"
	case ".m4":
		return "M4"
	case ".ac":
		return "M4Sugar"
	case ".am":
		return "Makefile"
	case ".xproc", ".xpl":
		return "XProc"
	case ".textproto", ".pbtxt", ".txtpb":
		return "Protocol Buffer Text Format"
	case ".xq", ".xquery", ".xqy", ".xql":
		return "XQuery"
	case ".ron":
		return "RON"
	case ".kdl":
		return "KDL"
	case ".http":
		return "HTTP"
	case ".dhall":
		return "Dhall"
	case ".ps", ".eps", ".epsi", ".pfa":
		return "PostScript"
	case ".mcfunction":
		return "mcfunction"
	}
	// Unknown, or shared by unrelated languages with nothing cheap to tell
	// them apart (.d, .inc, .pp, .v, .conf, .cls): the "#!" line may
	// still tell.
	return ""
}

// disambiguate decides an extension several languages share, from a
// look at the first bytes of the content.
func disambiguate(ext string, content []byte) string {
	head := headOf(content, 4<<10)
	switch strings.ToLower(ext) {
	case ".h":
		switch {
		case hasObjC(head):
			return "Objective-C"
		case hasCPP(head):
			return "C++"
		}
		return "C"
	case ".m":
		if hasObjC(head) || len(bytes.TrimSpace(head)) == 0 {
			return "Objective-C"
		}
		if bytes.Contains(head, []byte("function")) || bytes.HasPrefix(bytes.TrimSpace(head), []byte("%")) {
			return "MATLAB"
		}
		return "Objective-C"
	case ".pl", ".t":
		if lang := Shebang(content); lang != "" {
			return lang
		}
		if ext == ".pl" && bytes.Contains(head, []byte(":-")) && !bytes.Contains(head, []byte("use ")) &&
			!bytes.Contains(head, []byte("my ")) && !bytes.Contains(head, []byte("sub ")) {
			return "Prolog"
		}
		if ext == ".t" && !bytes.Contains(head, []byte("use ")) && !bytes.Contains(head, []byte("my ")) &&
			!bytes.Contains(head, []byte("#!")) && !bytes.Contains(head, []byte("sub ")) && !bytes.Contains(head, []byte("=")) {
			return ""
		}
		return "Perl"
	case ".ts":
		t := bytes.TrimLeft(head, " \t\r\n\ufeff")
		if bytes.HasPrefix(t, []byte("<?xml")) || bytes.HasPrefix(t, []byte("<TS")) || bytes.HasPrefix(t, []byte("<!DOCTYPE TS")) {
			return "XML"
		}
		return "TypeScript"
	}
	return ""
}

// hasObjC reports signs of Objective-C in a header.
func hasObjC(head []byte) bool {
	for _, s := range []string{"@interface", "@implementation", "@protocol", "@property", "@end", "#import ", "@class", "NS_ASSUME_NONNULL"} {
		if bytes.Contains(head, []byte(s)) {
			return true
		}
	}
	return false
}

// hasCPP reports signs of C++ in a header.
func hasCPP(head []byte) bool {
	for _, s := range []string{"namespace ", "template <", "template<", "std::", "class ", "#include <iostream>",
		"#include <string>", "#include <vector>", "#include <memory>", "#include <map>", "#include <cstdint>",
		"#include <cstddef>", "#include <cstdlib>", "#include <cstring>", "#include <cstdio>", "public:",
		"private:", "protected:", "virtual ", "nullptr", "constexpr", "typename "} {
		if bytes.Contains(head, []byte(s)) {
			return true
		}
	}
	return false
}

// Shebang names the language of a script from its first line, "#!" and an
// interpreter ("#!/bin/sh", "#!/usr/bin/env python3", "#!/usr/bin/env -S
// deno run"), or returns "" without one.
func Shebang(content []byte) string {
	if !bytes.HasPrefix(content, []byte("#!")) {
		return ""
	}
	line := content[2:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if len(line) > 256 {
		line = line[:256]
	}
	fields := strings.Fields(string(line))
	if len(fields) == 0 {
		return ""
	}
	prog := path.Base(fields[0])
	if prog == "env" {
		prog = ""
		for _, f := range fields[1:] {
			if strings.HasPrefix(f, "-") || strings.Contains(f, "=") {
				continue // an option of env (-S, -i) or a variable
			}
			prog = path.Base(f)
			break
		}
	}
	return interpreter(prog)
}

// interpreter names the language an interpreter runs, with its version
// ("python3.12", "perl5") left out.
func interpreter(prog string) string {
	name := strings.TrimRight(prog, "0123456789.-")
	switch name {
	case "sh", "bash", "zsh", "ksh", "dash", "ash", "mksh", "pdksh", "busybox":
		return "Shell"
	case "fish":
		return "fish"
	case "csh", "tcsh":
		return "Tcsh"
	case "python", "pypy", "python-dbg", "jython", "ipython":
		return "Python"
	case "node", "nodejs", "rhino", "qjs", "gjs", "js", "d8", "v8", "chakra":
		return "JavaScript"
	case "ts-node", "deno", "tsx", "ts-node-esm":
		return "TypeScript"
	case "bun":
		return "JavaScript"
	case "ruby", "macruby", "rake", "jruby", "rbx":
		return "Ruby"
	case "perl", "cperl":
		return "Perl"
	case "raku", "perl6", "rakudo":
		return "Raku"
	case "php":
		return "PHP"
	case "lua", "luajit":
		return "Lua"
	case "Rscript", "R", "littler", "r":
		return "R"
	case "pwsh", "powershell":
		return "PowerShell"
	case "escript":
		return "Erlang"
	case "elixir":
		return "Elixir"
	case "runhaskell", "runghc", "stack", "runhugs":
		return "Haskell"
	case "make", "gmake", "bmake":
		return "Makefile"
	case "awk", "gawk", "mawk", "nawk":
		return "Awk"
	case "tclsh", "wish", "expect":
		return "Tcl"
	case "groovy":
		return "Groovy"
	case "scala":
		return "Scala"
	case "swift":
		return "Swift"
	case "dart":
		return "Dart"
	case "julia":
		return "Julia"
	case "kotlin":
		return "Kotlin"
	case "osascript":
		return "AppleScript"
	case "sed", "gsed", "ssed":
		return "sed"
	case "guile", "csi", "gosh", "chicken", "scheme":
		return "Scheme"
	case "racket":
		return "Racket"
	case "sbcl", "clisp", "ccl", "ecl", "lisp":
		return "Common Lisp"
	case "ocaml", "ocamlscript":
		return "OCaml"
	case "crystal":
		return "Crystal"
	case "nim":
		return "Nim"
	case "emacs":
		return "Emacs Lisp"
	case "nix-shell":
		return "Nix"
	case "qmake":
		return "QMake"
	case "dtrace":
		return "DTrace"
	case "gnuplot":
		return "Gnuplot"
	case "fsharpi":
		return "F#"
	}
	return ""
}
