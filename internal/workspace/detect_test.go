package workspace

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/index"
)

// memRepo builds an index over files held in memory, path → content.
func memRepo(t *testing.T, files map[string]string) *index.Index {
	t.Helper()
	var list []index.SourceFile
	for p, c := range files {
		list = append(list, index.SourceFile{Path: p, Data: []byte(c)})
	}
	ix, err := index.BuildFromFiles(context.Background(), "mem", list, index.Options{NoCache: true, NoTokens: true})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func detectMem(t *testing.T, files map[string]string) *Facts {
	t.Helper()
	f, err := Detect(context.Background(), memRepo(t, files))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestDetectErrors(t *testing.T) {
	if _, err := Detect(context.Background(), nil); err == nil {
		t.Error("nil index accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Detect(ctx, memRepo(t, map[string]string{"go.mod": "module m\n"}))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v", err)
	}
}

func TestDetectSkipsVendoredExampleAndFixtureManifests(t *testing.T) {
	f := detectMem(t, map[string]string{
		"go.mod":                            "module m\nrequire github.com/go-chi/chi/v5 v5.0.0\n",
		"examples/demo/go.mod":              "module d\nrequire github.com/gin-gonic/gin v1.0.0\n",
		"internal/x/testdata/p/go.mod":      "module t\nrequire github.com/labstack/echo/v4 v4.0.0\n",
		"web/fixtures/package.json":         `{"dependencies": {"express": "4"}}`,
		"samples/app/requirements.txt":      "django\n",
		"services/api/go.mod":               "module api\nrequire github.com/gofiber/fiber/v2 v2.0.0\n",
		"services/api/e2e/requirements.txt": "pytest\n",
	})
	want := []string{"go.mod", "services/api/go.mod", "services/api/e2e/requirements.txt"}
	if strings.Join(f.Manifests, ",") != strings.Join(want, ",") {
		t.Errorf("manifests %q, want %q", f.Manifests, want)
	}
	var names []string
	for _, d := range f.Dependencies {
		names = append(names, depString(d))
	}
	wantDeps := []string{"2 github.com/go-chi/chi/v5@v5.0.0", "2 github.com/gofiber/fiber/v2@v2.0.0", "1 pytest dev"}
	if strings.Join(names, ",") != strings.Join(wantDeps, ",") {
		t.Errorf("dependencies %q, want %q", names, wantDeps)
	}
}

func TestDetectMalformedManifestsOnlyWarn(t *testing.T) {
	f := detectMem(t, map[string]string{
		"go.mod":           "module m\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.0\n",
		"web/package.json": "{\n  \"dependencies\": {\n",
		"Cargo.toml":       "[dependencies]\naxum = 0.7\n",
	})
	if len(f.Warnings) != 3 {
		t.Fatalf("warnings %q", f.Warnings)
	}
	for i, prefix := range []string{"Cargo.toml:2: dependency axum should be", "go.mod:2: require block is never closed", "web/package.json:3: "} {
		if !strings.HasPrefix(f.Warnings[i], prefix) {
			t.Errorf("warning %q, want prefix %q", f.Warnings[i], prefix)
		}
	}
	if f.Framework() != "chi" {
		t.Errorf("framework %q, want chi from the salvaged require", f.Framework())
	}
}

func TestDetectResolvesInheritedVersions(t *testing.T) {
	f := detectMem(t, map[string]string{
		"Cargo.toml":               "[workspace]\nmembers = [\"api\"]\n[workspace.dependencies]\naxum = \"0.7.5\"\n",
		"api/Cargo.toml":           "[package]\nname = \"api\"\n[dependencies]\naxum = { workspace = true }\nserde.workspace = true\n",
		"Directory.Packages.props": "<Project><ItemGroup><PackageVersion Include=\"Dapper\" Version=\"2.1.35\" /></ItemGroup></Project>",
		"src/App/App.csproj":       "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><ItemGroup><PackageReference Include=\"dapper\" /></ItemGroup></Project>",
	})
	got := map[string]string{}
	for _, d := range f.Dependencies {
		got[d.Manifest+" "+d.Name] = d.Version
	}
	for key, want := range map[string]string{
		"api/Cargo.toml axum":       "0.7.5",
		"api/Cargo.toml serde":      cargoInherited,
		"src/App/App.csproj dapper": "2.1.35",
		"Cargo.toml axum":           "0.7.5",
	} {
		if got[key] != want {
			t.Errorf("%s = %q, want %q (all: %v)", key, got[key], want, got)
		}
	}
	if len(f.Warnings) != 0 {
		t.Errorf("warnings %q", f.Warnings)
	}
}

func TestDetectLanguages(t *testing.T) {
	f := detectMem(t, map[string]string{
		"main.go":          strings.Repeat("package main\n", 30),
		"main_test.go":     strings.Repeat("package main\n", 10),
		"web/App.tsx":      "export const App = () => <div/>;\n",
		"web/index.ts":     "export {};\n",
		"schema.sql":       "CREATE TABLE t (id int);\n",
		"README.md":        "# x\n",
		"config.yaml":      "a: 1\n",
		"scripts/build.sh": "#!/bin/sh\necho hi\n",
	})
	var got []string
	for _, l := range f.Languages {
		got = append(got, l.Name)
	}
	if strings.Join(got, ",") != "Go,TypeScript,Shell" {
		t.Errorf("languages %q", got)
	}
	if f.Languages[0].Files != 2 || f.Languages[1].Files != 2 {
		t.Errorf("file counts %+v", f.Languages)
	}
}

func TestDetectNetHTTP(t *testing.T) {
	plain := map[string]string{
		"go.mod":  "module m\n",
		"main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n",
	}
	if got := detectMem(t, plain).Framework(); got != "net/http" {
		t.Errorf("plain net/http: %q", got)
	}
	plain["go.mod"] = "module m\nrequire github.com/gorilla/mux v1.8.1\n"
	if got := detectMem(t, plain).Frameworks; strings.Join(got, ",") != "gorilla/mux" {
		t.Errorf("with gorilla/mux: %q", got)
	}
	cli := map[string]string{
		"go.mod":      "module m\n",
		"main.go":     "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println() }\n",
		"srv_test.go": "package main\n\nimport \"net/http\"\n\nvar _ = http.StatusOK\n",
	}
	if got := detectMem(t, cli).Framework(); got != "none detected" {
		t.Errorf("CLI tool: %q", got)
	}
}
