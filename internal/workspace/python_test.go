package workspace

import "testing"

func TestParseRequirement(t *testing.T) {
	tests := []struct {
		in, name, version string
		err               bool
	}{
		{in: "Django==4.2.11", name: "Django", version: "==4.2.11"},
		{in: "fastapi >= 0.110, < 1.0", name: "fastapi", version: ">=0.110,<1.0"},
		{in: "uvicorn[standard]>=0.29", name: "uvicorn", version: ">=0.29"},
		{in: "httpx>=0.27; python_version >= '3.11'", name: "httpx", version: ">=0.27"},
		{in: "requests (>=2.31)", name: "requests", version: ">=2.31"},
		{in: "zope.interface~=6.0", name: "zope.interface", version: "~=6.0"},
		{in: "pkg @ https://example.com/pkg-1.0.tar.gz", name: "pkg"},
		{in: "numpy===1.26.4", name: "numpy", version: "===1.26.4"},
		{in: "foo!=1.*", name: "foo", version: "!=1.*"},
		{in: "ruff", name: "ruff"},
		{in: "requests=>2.0", err: true},
		{in: ">=1.0", err: true},
		{in: "-bad==1", err: true},
		{in: "bad-==1", err: true},
		{in: "x[extra>=1", err: true},
		{in: "x (>=1", err: true},
		{in: "x >=", err: true},
		{in: "x 1.0", err: true},
	}
	for _, tc := range tests {
		name, version, err := parseRequirement(tc.in)
		if (err != nil) != tc.err {
			t.Errorf("%q: error %v, want error %v", tc.in, err, tc.err)
			continue
		}
		if !tc.err && (name != tc.name || version != tc.version) {
			t.Errorf("%q = %q %q, want %q %q", tc.in, name, version, tc.name, tc.version)
		}
	}
}

func TestParseRequirements(t *testing.T) {
	runParserCases(t, "requirements.txt", parseRequirements, []parserCase{
		{
			name: "specifiers, comments and options",
			in: `# comment
-r base.txt
--index-url https://pypi.example.com/simple
-c constraints.txt
Django==4.2.11  # the framework
djangorestframework>=3.15,<4

celery[redis] >= 5.3 ; python_version >= "3.9"
`,
			deps: []string{"5 Django@==4.2.11", "6 djangorestframework@>=3.15,<4", "8 celery@>=5.3"},
		},
		{
			name: "continuation lines and hashes",
			in:   "psycopg==3.1.18 \\\n    --hash=sha256:abc \\\n    --hash=sha256:def\ngunicorn\n",
			deps: []string{"1 psycopg@==3.1.18", "4 gunicorn"},
		},
		{
			name: "editable and URL lines",
			in:   "-e git+https://github.com/a/b.git#egg=bee\ngit+https://github.com/a/c.git#egg=cee\nhttps://example.com/d-1.0.tar.gz\n./local/pkg\nname @ https://example.com/n.whl\n",
			deps: []string{"2 cee", "5 name"},
		},
		{
			name: "backslash on the last line",
			in:   "flask==3.0.3 \\",
			deps: []string{"1 flask@==3.0.3"},
		},
		{
			name: "invalid lines are reported and skipped",
			in:   "flask==3.0.3\nrequests=>2.0\n==1.0\nok>=1\n",
			deps: []string{"1 flask@==3.0.3", "4 ok@>=1"},
			warn: []string{
				`requirements.txt:2: invalid version specifier "=>2.0" for requests`,
				`requirements.txt:3: requirement "==1.0" does not start with a package name`,
			},
		},
	})
	runParserCases(t, "requirements/dev.txt", parseRequirements, []parserCase{
		{name: "development file", in: "pytest>=8\n", deps: []string{"1 pytest@>=8 dev"}},
	})
	runParserCases(t, "requirements-test.txt", parseRequirements, []parserCase{
		{name: "test file", in: "pytest\n", deps: []string{"1 pytest dev"}},
	})
	runParserCases(t, "requirements-prod.txt", parseRequirements, []parserCase{
		{name: "production file", in: "gunicorn\n", deps: []string{"1 gunicorn"}},
	})
}

func TestIsRequirementsFile(t *testing.T) {
	for path, want := range map[string]bool{
		"requirements.txt":         true,
		"requirements-dev.txt":     true,
		"requirements_test.txt":    true,
		"requirements.in.txt":      true,
		"requirements/base.txt":    true,
		"svc/requirements.txt":     true,
		"docs/notes.txt":           false,
		"requirements.in":          false,
		"myrequirements.txt":       false,
		"requirements-dev.txt.bak": false,
	} {
		if got := isRequirementsFile(path); got != want {
			t.Errorf("isRequirementsFile(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestParsePyproject(t *testing.T) {
	runParserCases(t, "pyproject.toml", parsePyproject, []parserCase{
		{
			name: "PEP 621 with optional and PEP 735 groups",
			in: `[project]
name = "notes"
dependencies = [
  "fastapi>=0.110",   # web
  "sqlalchemy~=2.0",
]

[project.optional-dependencies]
postgres = ["asyncpg"]
test = ["pytest>=8"]

[dependency-groups]
lint = ["ruff", {include-group = "test"}]
`,
			deps: []string{"4 fastapi@>=0.110", "5 sqlalchemy@~=2.0", "9 asyncpg", "10 pytest@>=8 dev", "13 ruff dev"},
		},
		{
			name: "Poetry tables",
			in: `[tool.poetry]
name = "app"

[tool.poetry.dependencies]
python = "^3.11"
flask = "^3.0"
sqlalchemy = { version = "^2.0", extras = ["asyncio"] }
mylib = { git = "https://github.com/me/mylib.git" }
numpy = [
  { version = "^1.26", python = ">=3.11" },
  { version = "^1.24", python = "<3.11" },
]

[tool.poetry.dev-dependencies]
black = "^24"

[tool.poetry.group.test.dependencies]
pytest = "^8"

[tool.poetry.group.main.dependencies]
gunicorn = "*"
`,
			deps: []string{"6 flask@^3.0", "7 sqlalchemy@^2.0", "8 mylib", "9 numpy@^1.26", "15 black@^24 dev", "18 pytest@^8 dev", "21 gunicorn@*"},
		},
		{
			name: "Poetry dependencies as a dotted sub-table",
			in:   "[tool.poetry.dependencies.requests]\nversion = \"^2.31\"\nextras = [\"socks\"]\n",
			deps: []string{"2 requests@^2.31"},
		},
		{
			name: "uv dev-dependencies",
			in:   "[project]\ndependencies = []\n[tool.uv]\ndev-dependencies = [\"mypy\"]\n",
			deps: []string{"4 mypy dev"},
		},
		{
			name: "bad requirement and wrong shapes",
			in: `[project]
dependencies = [
  "fastapi>=0.110",
  "requests=>2",
  42,
]

[project.optional-dependencies]
dev = "pytest"

[tool.poetry.dependencies]
flask = 3
`,
			deps: []string{"3 fastapi@>=0.110"},
			warn: []string{
				`pyproject.toml:4: invalid version specifier "=>2" for requests`,
				"pyproject.toml:5: [project] dependencies holds a non-string entry",
				"pyproject.toml:9: optional dependency group dev should be an array",
				"pyproject.toml:12: dependency flask has a value of an unexpected type",
			},
		},
		{
			name: "TOML syntax error is reported and the rest still read",
			in:   "[project]\nname = notes\ndependencies = [\"django>=5\"]\n",
			deps: []string{"3 django@>=5"},
			warn: []string{`pyproject.toml:2: invalid value "notes" (strings need quotes)`},
		},
	})
}

func TestIsDevName(t *testing.T) {
	for name, want := range map[string]bool{
		"requirements-dev": true, "test": true, "lint_tools": true, "development": true,
		"requirements": false, "postgres": false, "production": false, "devices": false,
	} {
		if got := isDevName(name); got != want {
			t.Errorf("isDevName(%q) = %v, want %v", name, got, want)
		}
	}
}
