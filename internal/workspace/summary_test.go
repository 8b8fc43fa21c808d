package workspace

import "testing"

func TestPrimaryLanguageAndSummary(t *testing.T) {
	var nilFacts *Facts
	if nilFacts.PrimaryLanguage() != "unknown" || nilFacts.LanguageSummary() != "unknown" || nilFacts.Framework() != "none detected" || nilFacts.DependencySummary(3) != "none detected" {
		t.Error("nil facts")
	}
	if _, ok := nilFacts.Doc(DocPRD); ok {
		t.Error("nil facts have a document")
	}
	tests := []struct {
		langs   []Language
		primary string
		summary string
	}{
		{nil, "unknown", "unknown"},
		{[]Language{{Name: "Go", Bytes: 920}, {Name: "Shell", Bytes: 80}}, "Go", "Go (92%), Shell (8%)"},
		{[]Language{{Name: "Go", Bytes: 99990}, {Name: "Shell", Bytes: 10}}, "Go", "Go (100%), Shell (<1%)"},
		{[]Language{{Name: "Go"}, {Name: "Shell"}}, "Go", "Go, Shell"},
		{
			[]Language{{Name: "A", Bytes: 40}, {Name: "B", Bytes: 20}, {Name: "C", Bytes: 10}, {Name: "D", Bytes: 10}, {Name: "E", Bytes: 10}, {Name: "F", Bytes: 5}, {Name: "G", Bytes: 5}},
			"A", "A (40%), B (20%), C (10%), D (10%), E (10%), others (10%)",
		},
		{
			[]Language{{Name: "A", Bytes: 50}, {Name: "B", Bytes: 10}, {Name: "C", Bytes: 10}, {Name: "D", Bytes: 10}, {Name: "E", Bytes: 10}, {Name: "F", Bytes: 10}},
			"A", "A (50%), B (10%), C (10%), D (10%), E (10%), F (10%)",
		},
	}
	for _, tc := range tests {
		f := &Facts{Languages: tc.langs}
		if got := f.PrimaryLanguage(); got != tc.primary {
			t.Errorf("PrimaryLanguage = %q, want %q", got, tc.primary)
		}
		if got := f.LanguageSummary(); got != tc.summary {
			t.Errorf("LanguageSummary = %q, want %q", got, tc.summary)
		}
	}
}

func TestFramework(t *testing.T) {
	if got := (&Facts{}).Framework(); got != "none detected" {
		t.Errorf("got %q", got)
	}
	if got := (&Facts{Frameworks: []string{"Next.js", "React"}}).Framework(); got != "Next.js" {
		t.Errorf("got %q", got)
	}
}

func TestDependencySummary(t *testing.T) {
	f := &Facts{Dependencies: []Dependency{
		{Name: "jest", Version: "^29", Ecosystem: "npm", Dev: true},
		{Name: "github.com/go-chi/chi/v5", Version: "v5.2.1", Ecosystem: "go"},
		{Name: "express", Version: "^4", Ecosystem: "npm"},
		{Name: "express", Version: "^3", Ecosystem: "npm"},
		{Name: "zod", Ecosystem: "npm", Dev: true},
		{Name: "zod", Version: "^3", Ecosystem: "npm"},
		{Name: "typescript", Version: "^5", Ecosystem: "npm", Dev: true},
	}}
	tests := []struct {
		max  int
		want string
	}{
		{0, "github.com/go-chi/chi/v5 v5.2.1, express ^4, zod ^3, jest ^29 (dev), typescript ^5 (dev)"},
		{5, "github.com/go-chi/chi/v5 v5.2.1, express ^4, zod ^3, jest ^29 (dev), typescript ^5 (dev)"},
		{2, "github.com/go-chi/chi/v5 v5.2.1, express ^4, and 3 more"},
		{-1, "github.com/go-chi/chi/v5 v5.2.1, express ^4, zod ^3, jest ^29 (dev), typescript ^5 (dev)"},
	}
	for _, tc := range tests {
		if got := f.DependencySummary(tc.max); got != tc.want {
			t.Errorf("DependencySummary(%d) = %q, want %q", tc.max, got, tc.want)
		}
	}
	if got := (&Facts{}).DependencySummary(5); got != "none detected" {
		t.Errorf("empty: %q", got)
	}
}

func TestDoc(t *testing.T) {
	f := &Facts{Documents: []Document{{".ai/prd.md", DocPRD}, {"docs/prd.md", DocPRD}, {"README.md", DocReadme}}}
	if d, ok := f.Doc(DocPRD); !ok || d.Path != ".ai/prd.md" {
		t.Errorf("PRD = %v %v", d, ok)
	}
	if _, ok := f.Doc(DocOpenAPI); ok {
		t.Error("found an OpenAPI document that is not there")
	}
}
