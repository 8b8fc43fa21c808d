package workspace

import "testing"

func TestParsePackageJSON(t *testing.T) {
	runParserCases(t, "web/package.json", parsePackageJSON, []parserCase{
		{
			name: "dependencies then devDependencies, in file order",
			in: `{
  "name": "x",
  "devDependencies": {"typescript": "^5.4.5", "@types/node": "^20"},
  "dependencies": {
    "zod": "^3.23.8",
    "express": "^4.19.2"
  }
}`,
			deps: []string{"5 zod@^3.23.8", "6 express@^4.19.2", "3 typescript@^5.4.5 dev", "3 @types/node@^20 dev"},
		},
		{
			name: "null and missing sections",
			in:   `{"name": "x", "dependencies": null}`,
		},
		{
			name: "other sections and nested values are skipped",
			in:   `{"scripts": {"a": {"b": [1, 2]}}, "peerDependencies": {"react": "^18"}, "dependencies": {"react": "^18"}}`,
			deps: []string{"1 react@^18"},
		},
		{
			name: "syntax error keeps what came before",
			in:   "{\n  \"dependencies\": {\"express\": \"^4\"},\n  \"devDependencies\": {\"jest\": \"^29\",}\n}\n",
			deps: []string{"2 express@^4"},
			warn: []string{"web/package.json:3: invalid character '}'"},
		},
		{
			name: "version that is not a string",
			in:   "{\n  \"dependencies\": {\n    \"lodash\": 4,\n    \"zod\": \"^3\"\n  }\n}",
			deps: []string{"4 zod@^3"},
			warn: []string{`web/package.json:3: version of "lodash" in "dependencies" is not a string`},
		},
		{
			name: "section that is not an object",
			in:   "{\n\"dependencies\": [\"express\"]\n}",
			warn: []string{`web/package.json:2: "dependencies": expected an object`},
		},
		{
			name: "not an object at all",
			in:   `["express"]`,
			warn: []string{"web/package.json:1: expected an object"},
		},
		{
			name: "empty file",
			in:   "",
			warn: []string{"web/package.json:1: unexpected end of JSON"},
		},
		{
			name: "truncated",
			in:   "{\n\"dependencies\": {\n\"a\": \"1\"",
			warn: []string{"web/package.json:3: unexpected end of JSON"},
		},
		{
			name: "data after the object",
			in:   "{\"dependencies\": {\"a\": \"1\"}}\n{}",
			deps: []string{"1 a@1"},
			warn: []string{"web/package.json:2: unexpected data after the top-level object"},
		},
		{
			name: "empty package name",
			in:   `{"dependencies": {"": "1"}}`,
			warn: []string{`web/package.json:1: "dependencies" has an empty package name`},
		},
	})
}

func TestParseComposerJSON(t *testing.T) {
	runParserCases(t, "composer.json", parseComposerJSON, []parserCase{
		{
			name: "platform requirements are left out",
			in: `{
    "require": {
        "php": "^8.2",
        "ext-mbstring": "*",
        "lib-curl": "*",
        "composer-runtime-api": "^2",
        "laravel/framework": "^11.0"
    },
    "require-dev": {"phpunit/phpunit": "^11"}
}`,
			deps: []string{"7 laravel/framework@^11.0", "9 phpunit/phpunit@^11 dev"},
		},
		{
			name: "require-dev as a list",
			in:   "{\n\"require\": {\"slim/slim\": \"4.*\"},\n\"require-dev\": [\"x\"]\n}",
			deps: []string{"2 slim/slim@4.*"},
			warn: []string{`composer.json:3: "require-dev": expected an object`},
		},
	})
}
