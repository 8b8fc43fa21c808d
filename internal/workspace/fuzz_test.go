package workspace

import (
	"os"
	"path/filepath"
	"testing"
)

// addFixtureSeeds adds every fixture file with the given base name to the
// corpus, so fuzzing starts from realistic manifests.
func addFixtureSeeds(f *testing.F, base string) {
	matches, _ := filepath.Glob(filepath.Join("testdata", "*", base))
	more, _ := filepath.Glob(filepath.Join("testdata", "*", "*", base))
	for _, m := range append(matches, more...) {
		if data, err := os.ReadFile(m); err == nil {
			f.Add(data)
		}
	}
}

func FuzzParseGoMod(f *testing.F) {
	addFixtureSeeds(f, "go.mod")
	f.Add([]byte("require (\n\t\"a\\\"b\" v1 // indirect\n)\nrequire(\n"))
	f.Add([]byte("require `x` v1.0.0\n)\n("))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParserInvariants(t, "go.mod", parseGoMod, data)
	})
}

func FuzzParseRequirements(f *testing.F) {
	addFixtureSeeds(f, "requirements.txt")
	f.Add([]byte("a[b]>=1,<2 ; x\n-r y\nz @ https://q\\\n\\"))
	f.Add([]byte("-e git+https://h/x.git#egg=x\n# c\nfoo (==1)\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParserInvariants(t, "requirements.txt", parseRequirements, data)
	})
}

func FuzzParseTOML(f *testing.F) {
	addFixtureSeeds(f, "pyproject.toml")
	addFixtureSeeds(f, "Cargo.toml")
	f.Add([]byte("a = \"\"\"\\\n x\"\"\"\"\"\nb = '''\n'''\n[c.'d'.\"e\"]\nf = [{g = [1, {h = 2}]},]\n"))
	f.Add([]byte("[[a]]\nb.c = \"\\U0001F600\\x41\"\n[dependencies.x]\nversion = \"1\"\n"))
	f.Add([]byte("x = [[[[[\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, errs := parseTOML(data)
		for _, e := range errs {
			if e.Line < 1 {
				t.Fatalf("error without a line: %v", e)
			}
		}
		for _, e := range entries {
			if len(e.Key) == 0 || e.Line < 1 {
				t.Fatalf("bad entry %+v", e)
			}
		}
		checkParserInvariants(t, "pyproject.toml", parsePyproject, data)
		checkParserInvariants(t, "Cargo.toml", parseCargo, data)
	})
}

func FuzzParseGemfile(f *testing.F) {
	addFixtureSeeds(f, "Gemfile")
	f.Add([]byte("gem(\"a\", '1', group: [:x, \"y\"], :require => false)\nend\nif x\ngroup :a do |g|\n"))
	f.Add([]byte("gem 'a\\'b', %i[ x ]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParserInvariants(t, "Gemfile", parseGemfile, data)
	})
}

func FuzzParseGradle(f *testing.F) {
	addFixtureSeeds(f, "build.gradle")
	addFixtureSeeds(f, "build.gradle.kts")
	f.Add([]byte("plugins { id 'a.b' version '1' }\ndependencies {\nimplementation(platform(\"g:a:1\")) { x }\napi group: 'g', name: 'n'\n/* \n"))
	f.Add([]byte("implementation \"a:b:${v}\" {\n}\n}}}\n'\n\"\\"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParserInvariants(t, "build.gradle", parseGradle, data)
	})
}

func FuzzParseJSONManifests(f *testing.F) {
	addFixtureSeeds(f, "package.json")
	addFixtureSeeds(f, "composer.json")
	f.Add([]byte(`{"dependencies": {"a": "1", "b": {"c": []}}, "require": null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParserInvariants(t, "package.json", parsePackageJSON, data)
		checkParserInvariants(t, "composer.json", parseComposerJSON, data)
	})
}

func FuzzParseXMLManifests(f *testing.F) {
	addFixtureSeeds(f, "pom.xml")
	addFixtureSeeds(f, "Orders.Api.csproj")
	f.Add([]byte(`<?xml version="1.0" encoding="latin1"?><project><parent><groupId>a</groupId></parent></project>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParserInvariants(t, "pom.xml", parsePOM, data)
		checkParserInvariants(t, "a.csproj", parseMSBuildProject, data)
	})
}
