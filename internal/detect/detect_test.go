package detect

import (
	"strings"
	"testing"
)

func TestLanguage(t *testing.T) {
	for _, c := range []struct{ path, content, want string }{
		{"main.go", "", "Go"},
		{"a/b/app.py", "", "Python"},
		{"types/stub.pyi", "", "Python"},
		{"web/app.js", "", "JavaScript"},
		{"web/app.mjs", "", "JavaScript"},
		{"web/App.jsx", "", "JavaScript"},
		{"src/app.ts", "export const a = 1\n", "TypeScript"},
		{"types/index.d.ts", "", "TypeScript"},
		{"src/App.tsx", "", "TSX"},
		{"i18n/app_de.ts", "<?xml version=\"1.0\"?>\n<TS version=\"2.1\">", "XML"},
		{"src/Main.java", "", "Java"},
		{"src/lib.rs", "", "Rust"},
		{"Program.cs", "", "C#"},
		{"app/models/user.rb", "", "Ruby"},
		{"Gemfile", "", "Ruby"},
		{"Rakefile", "", "Ruby"},
		{"index.php", "", "PHP"},
		{"x.c", "", "C"},
		{"x.h", "int f(void);\n", "C"},
		{"x.h", "namespace a { class B; }\n", "C++"},
		{"x.h", "#import <Foundation/Foundation.h>\n@interface A : NSObject\n@end\n", "Objective-C"},
		{"x.m", "#import \"A.h\"\n@implementation A\n@end\n", "Objective-C"},
		{"x.m", "function y = f(x)\n  y = x;\nend\n", "MATLAB"},
		{"x.cc", "", "C++"},
		{"x.hpp", "", "C++"},
		{"x.mm", "", "Objective-C++"},
		{"A.kt", "", "Kotlin"},
		{"build.gradle.kts", "", "Gradle Kotlin DSL"},
		{"build.gradle", "", "Gradle"},
		{"A.swift", "", "Swift"},
		{"A.scala", "", "Scala"},
		{"run.sh", "", "Shell"},
		{".bashrc", "", "Shell"},
		{"x.ps1", "", "PowerShell"},
		{"README.md", "", "Markdown"},
		{"docs/index.rst", "", "reStructuredText"},
		{"notes.txt", "", "Text"},
		{"LICENSE", "", "Text"},
		{"CMakeLists.txt", "", "CMake"},
		{"requirements.txt", "", "Pip Requirements"},
		{"a.yml", "", "YAML"},
		{"a.yaml", "", "YAML"},
		{"a.json", "", "JSON"},
		{"tsconfig.json", "", "JSON with Comments"},
		{"Cargo.toml", "", "TOML"},
		{"pom.xml", "", "Maven POM"},
		{"a.xml", "", "XML"},
		{"index.html", "", "HTML"},
		{"a.css", "", "CSS"},
		{"a.scss", "", "SCSS"},
		{"schema.sql", "", "SQL"},
		{"api.proto", "", "Protocol Buffer"},
		{"Dockerfile", "", "Dockerfile"},
		{"build/app.dockerfile", "", "Dockerfile"},
		{"Makefile", "", "Makefile"},
		{"rules.mk", "", "Makefile"},
		{"main.tf", "", "HCL"},
		{"init.lua", "", "Lua"},
		{"x.pl", "use strict;\nmy $a = 1;\n", "Perl"},
		{"x.pl", "parent(a, b).\nanc(X, Y) :- parent(X, Y).\n", "Prolog"},
		{"x.R", "", "R"},
		{"main.dart", "", "Dart"},
		{"lib/a.ex", "", "Elixir"},
		{"src/a.erl", "", "Erlang"},
		{"Main.hs", "", "Haskell"},
		{"App.vue", "", "Vue"},
		{"App.svelte", "", "Svelte"},
		{"Jenkinsfile", "", "Groovy"},
		{"run.bat", "", "Batchfile"},
		{"setup.cfg", "", "INI"},
		{"data.csv", "", "CSV"},
		{"go.mod", "", "Go Module"},
		{"go.sum", "", "Go Checksums"},
		{".gitignore", "", "Ignore List"},
		{"BUILD.bazel", "", "Starlark"},
		{"docker.1", "", "Roff"},
		{"bin/tool", "#!/usr/bin/env python3\nprint(1)\n", "Python"},
		{"bin/tool", "#!/bin/bash\necho\n", "Shell"},
		{"bin/tool", "#!/usr/bin/env -S deno run\n", "TypeScript"},
		{"bin/tool", "#!/usr/bin/env node\n", "JavaScript"},
		{"bin/tool", "#!/usr/bin/perl -w\n", "Perl"},
		{"bin/tool", "#!/usr/bin/ruby\n", "Ruby"},
		{"bin/tool", "no shebang\n", ""},
		{"data/x.unknownext", "<?xml version=\"1.0\"?><a/>", "XML"},
		{"blob.bin", "", ""},
	} {
		if got := Language(c.path, []byte(c.content)); got != c.want {
			t.Errorf("Language(%q, %q) = %q, want %q", c.path, c.content, got, c.want)
		}
	}
}

func TestTypes(t *testing.T) {
	for lang, want := range map[string]Type{
		"Go": Programming, "Python": Programming, "TSX": Programming, "Shell": Programming,
		"Makefile": Programming, "Dockerfile": Programming, "HCL": Programming, "C#": Programming,
		"Markdown": Prose, "Text": Prose, "reStructuredText": Prose,
		"HTML": Markup, "CSS": Markup, "Vue": Markup, "Roff": Markup,
		"JSON": Data, "YAML": Data, "SQL": Data, "Protocol Buffer": Data, "Go Module": Data,
		"Gradle": Data, "Maven POM": Data, "Ignore List": Data, "": Unknown,
	} {
		if got := TypeOf(lang); got != want {
			t.Errorf("TypeOf(%q) = %v, want %v", lang, got, want)
		}
	}
	if Group("TSX") != "TypeScript" || Group("Go") != "" {
		t.Errorf("groups: TSX %q, Go %q", Group("TSX"), Group("Go"))
	}
}

func TestVendored(t *testing.T) {
	for _, c := range []struct {
		path string
		want bool
	}{
		{"vendor/github.com/x/y/a.go", true},
		{"web/node_modules/react/index.js", true},
		{"third_party/zlib/zlib.h", true},
		{"lib/third-party/a.c", true},
		{"bower_components/a/a.js", true},
		{"Godeps/_workspace/src/a/a.go", true},
		{".yarn/releases/yarn-3.js", true},
		{"static/jquery-3.6.0.min.js", true},
		{"static/app.min.css", true},
		{"static/jquery.js", true},
		{"dist/app.js", true},
		{"pkg/testdata/a.go", true},
		{"test/fixtures/a.json", true},
		{".github/workflows/ci.yml", true},
		{".gitignore", true},
		{"gradlew", true},
		{"gradle/wrapper/gradle-wrapper.properties", true},
		{"deps/lib/a.c", true},
		{"Pods/AFNetworking/a.m", true},
		{"types/index.d.ts", false}, // a project's own type declarations
		{"src/lib/deps/a.go", false},
		{"src/chart.js", false},
		{"src/app.js", false},
		{"internal/index/index.go", false},
		{"docs/vendoring.md", false},
		{"fixtures/a.json", false},
		{"app/build/x.go", false},
		{"cache/filecache/filecache.go", false}, // a project's own cache package
		{"src/cache/QueryResultCache.ts", false},
		{"internal/env/env.go", false},
		{"deps/deps.go", false}, // a Go package named deps
		{"deps/jemalloc/src/arena.c", true},
		{"env/lib/python3.12/site-packages/six.py", true}, // a virtual environment's libraries
		{"node_modules/.cache/x.js", true},
		{"web/.cache/x.js", true},
	} {
		if got := Vendored(c.path); got != c.want {
			t.Errorf("Vendored(%q) = %v, want %v", c.path, got, c.want)
		}
	}
	if !InVendoredDir("a/node_modules/b.js") || InVendoredDir("a/b.js") {
		t.Error("InVendoredDir")
	}
}

func TestGenerated(t *testing.T) {
	license := "// Copyright 2024 The Authors.\n//\n// Licensed under the Apache License, Version 2.0.\n" + strings.Repeat("// more licence text\n", 40) + "\n"
	for _, c := range []struct {
		path, content string
		want          bool
	}{
		{"api/x.pb.go", "package api\n", true},
		{"api/x_pb2.py", "", true},
		{"api/x_pb2_grpc.py", "", true},
		{"package-lock.json", "{}", true},
		{"web/yarn.lock", "", true},
		{"go.sum", "", true},
		{"Cargo.lock", "", true},
		{"poetry.lock", "", true},
		{"web/app.js.map", "", true},
		{"web/app.min.js", "", true},
		{"x/zz_gen.go", "// Code generated by stringer; DO NOT EDIT.\n\npackage x\n", true},
		{"x/zz_gen.go", license + "// Code generated by mockgen. DO NOT EDIT.\n\npackage x\n", true},
		{"x/a.go", "package x\n\n// Code generated by hand; DO NOT EDIT.\n", false}, // after the package clause
		{"x/a.go", "/*\nCode generated by tool. DO NOT EDIT.\n*/\npackage x\n", true},
		{"x/a.go", "package x\n", false},
		{"x/a.ts", "// Code generated by protoc-gen-ts. DO NOT EDIT.\nexport {}\n", true},
		{"x/A.cs", "//------\n// <auto-generated>\n//     This code was generated by a tool.\n", true},
		{"x/a.py", "# Generated by the protocol buffer compiler.  DO NOT EDIT!\n", true},
		{"x/a.py", "import os\n", false},
		{"tmpl/a.gotmpl", "// Code generated by go-swagger; DO NOT EDIT.\n", false}, // a template of generated code
	} {
		if got := Generated(c.path, []byte(c.content)); got != c.want {
			t.Errorf("Generated(%q) = %v, want %v", c.path, got, c.want)
		}
	}
}

func TestBinary(t *testing.T) {
	if Binary([]byte("hello\n")) || !Binary([]byte("PK\x03\x04\x00\x00")) || Binary(nil) {
		t.Error("Binary on short inputs")
	}
	late := append([]byte(strings.Repeat("a", sniffLen)), 0)
	if Binary(late) {
		t.Error("a NUL past the first 8000 bytes counted")
	}
}

func TestShebang(t *testing.T) {
	for in, want := range map[string]string{
		"#!/bin/sh\n":                       "Shell",
		"#! /usr/bin/env bash\n":            "Shell",
		"#!/usr/bin/env python3.12\n":       "Python",
		"#!/usr/bin/python2\n":              "Python",
		"#!/usr/bin/env -S node --flag\n":   "JavaScript",
		"#!/usr/bin/env FOO=1 ruby\n":       "Ruby",
		"#!/usr/local/bin/php\n":            "PHP",
		"#!/usr/bin/env Rscript\n":          "R",
		"#!/usr/bin/env pwsh\n":             "PowerShell",
		"#!/usr/bin/make -f\n":              "Makefile",
		"#!/usr/bin/env\n":                  "",
		"#!\n":                              "",
		"# not a shebang\n":                 "",
		"#!/usr/bin/env unknown-tool\n":     "",
		"#!/usr/bin/env python3\r\nx = 1\n": "Python",
	} {
		if got := Shebang([]byte(in)); got != want {
			t.Errorf("Shebang(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzHeaders runs the shebang, header and content checks on arbitrary
// bytes: they must not panic, and must read no further than they say.
func FuzzHeaders(f *testing.F) {
	for _, s := range []string{"#!/usr/bin/env -S deno run\n", "#!", "#!/bin/sh", "// Code generated by x. DO NOT EDIT.\npackage a\n",
		"/*\n", "/* a */ package x", "<?xml", "@interface", "\x00", "#!/usr/bin/env A=1 B=2\n", "// <auto-generated>"} {
		f.Add("a/b.go", []byte(s))
		f.Add("bin/tool", []byte(s))
		f.Add("x.h", []byte(s))
	}
	f.Fuzz(func(t *testing.T, rel string, content []byte) {
		lang := Language(rel, content)
		_ = TypeOf(lang)
		_ = Shebang(content)
		_ = Binary(content)
		_ = Vendored(rel)
		g := Generated(rel, content)
		// Only the head decides: bytes after it change nothing.
		if len(content) < goHeaderLen {
			more := append(append([]byte{}, content...), make([]byte, goHeaderLen)...)
			for i := len(content); i < len(more); i++ {
				more[i] = 'x'
			}
			if Generated(rel, more) != g && !strings.HasSuffix(rel, ".go") {
				t.Errorf("Generated(%q) changed with bytes past the header", rel)
			}
		}
	})
}
