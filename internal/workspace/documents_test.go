package workspace

import (
	"strings"
	"testing"
)

func TestClassifyDoc(t *testing.T) {
	for name, want := range map[string]DocKind{
		"prd.md":                     DocPRD,
		"PRD.md":                     DocPRD,
		"product-requirements.md":    DocPRD,
		"mvp-prd.md":                 DocPRD,
		"db-plan.md":                 DocDB,
		"db.md":                      DocDB,
		"database.md":                DocDB,
		"schema.md":                  DocDB,
		"db_schema.md":               DocDB,
		"tech-stack.md":              DocTechStack,
		"stack.md":                   DocTechStack,
		"techstack.md":               DocTechStack,
		"notes.md":                   DocContext,
		"api-plan.md":                DocContext,
		"dbz.md":                     DocContext,
		"approach.md":                DocContext,
		"feedback-on-prd-process.md": DocPRD,
	} {
		if got := classifyDoc(name); got != want {
			t.Errorf("classifyDoc(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestFindDocuments(t *testing.T) {
	big := "openapi: 3.0.0\n"
	f := detectMem(t, map[string]string{
		".ai/prd.md":                 "# PRD\n",
		".ai/plans/api-plan.md":      "# API plan\n",
		".ai/notes.txt":              "not markdown\n",
		"docs/prd.md":                "# older PRD\n",
		"docs/db-plan.md":            "# DB\n",
		"docs/guide.md":              "# guide, not a context document\n",
		"docs/deep/stack.md":         "# too deep\n",
		"api/openapi.yaml":           "openapi: 3.1.0\ninfo: {}\n",
		"api/v1.json":                "{\"openapi\": \"3.0.0\", \"info\": {}}",
		"legacy/swagger.yml":         "# comment\nswagger: \"2.0\"\n",
		"ci.yml":                     "on: push\njobs:\n  lint:\n    run: echo openapi: skip\n",
		"package.json":               "{\"name\": \"x\"}",
		"late.yaml":                  strings.Repeat("# padding\n", 500) + big,
		"examples/petstore/api.yaml": big,
		"tests/data/openapi.json":    "{\"openapi\": \"3.0.0\"}",
		"tsconfig.json":              "{\"openapi\": 1}",
		"README.md":                  "# x\n",
		"readme.txt":                 "x\n",
		"sub/README.md":              "# not the root\n",
	})
	var got []string
	for _, d := range f.Documents {
		got = append(got, d.Path+"="+string(d.Kind))
	}
	want := []string{
		".ai/prd.md=prd",
		".ai/plans/api-plan.md=context",
		"docs/db-plan.md=db",
		"docs/prd.md=prd",
		"api/openapi.yaml=openapi",
		"api/v1.json=openapi",
		"legacy/swagger.yml=openapi",
		"README.md=readme",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("documents:\n got: %q\nwant: %q", got, want)
	}
	if d, ok := f.Doc(DocPRD); !ok || d.Path != ".ai/prd.md" {
		t.Errorf("Doc(prd) = %v", d)
	}
}
