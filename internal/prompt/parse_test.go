package prompt

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseFrontMatter(t *testing.T) {
	text := `---
name: wishlist
description: Plan a wish list feature.
input: spec
spec_tag: <feature_spec>
variables:
  - name: tone
    description: how formal to be
    default: plain
  - name: team
    required: true
  - audience
sections:
  - Overview
  - Steps
strip_tags: [thinking, "<scratch>"]
---
Write for {{team}} in a {{tone}} tone: {{audience}}.
@docs/a.md
`
	tp := mustParse(t, "tpl/wish.md", text)
	want := &Template{
		Name: "wishlist", Description: "Plan a wish list feature.", Input: InputSpec, SpecTag: "feature_spec",
		Variables: []Variable{
			{Name: "tone", Description: "how formal to be", Default: "plain", HasDefault: true, Line: 7},
			{Name: "team", Required: true, Line: 10},
			{Name: "audience", Line: 12},
		},
		Sections:  []string{"Overview", "Steps"},
		StripTags: []string{"thinking", "scratch"},
		Body:      "Write for {{team}} in a {{tone}} tone: {{audience}}.\n@docs/a.md\n",
		BodyLine:  18, Source: "tpl/wish.md", FrontMatter: true, inputLine: 4,
	}
	if !reflect.DeepEqual(tp, want) {
		t.Errorf("Parse =\n%+v\nwant\n%+v", tp, want)
	}
	if got := tp.Placeholders(); !reflect.DeepEqual(got, []Placeholder{{"team", 18}, {"tone", 18}, {"audience", 18}}) {
		t.Errorf("Placeholders = %v", got)
	}
	if got := tp.Includes(); !reflect.DeepEqual(got, []Include{{"docs/a.md", false, 19}}) {
		t.Errorf("Includes = %v", got)
	}
}

func TestParseVariants(t *testing.T) {
	tests := []struct {
		name, text string
		check      func(t *testing.T, tp *Template)
	}{
		{"empty front matter", "---\n---\nbody {{repoName}}", func(t *testing.T, tp *Template) {
			if !tp.FrontMatter || tp.Body != "body {{repoName}}" || tp.BodyLine != 3 || tp.Name != "x" {
				t.Errorf("got %+v", tp)
			}
		}},
		{"comment-only front matter closed by dots", "---\n# nothing here\n...\nbody", func(t *testing.T, tp *Template) {
			if !tp.FrontMatter || tp.Body != "body" || tp.BodyLine != 4 {
				t.Errorf("got %+v", tp)
			}
		}},
		{"front matter at end of file", "---\nname: n\n---", func(t *testing.T, tp *Template) {
			if tp.Body != "" || tp.Name != "n" {
				t.Errorf("got %+v", tp)
			}
		}},
		{"CRLF line endings", "---\r\nname: n\r\n---\r\nline {{a}}\r\n", func(t *testing.T, tp *Template) {
			if tp.Body != "line {{a}}\n" || tp.BodyLine != 4 {
				t.Errorf("got %q at %d", tp.Body, tp.BodyLine)
			}
		}},
		{"byte order mark", "\ufeff---\nname: n\n---\nbody", func(t *testing.T, tp *Template) {
			if !tp.FrontMatter || tp.Name != "n" {
				t.Errorf("got %+v", tp)
			}
		}},
		{"explicitly no sections", "---\nsections: []\nstrip_tags: []\n---\n1. **Plan** now\nThink inside <thinking> tags.\n", func(t *testing.T, tp *Template) {
			if len(tp.Sections) != 0 || len(tp.StripTags) != 0 {
				t.Errorf("Sections=%q StripTags=%q", tp.Sections, tp.StripTags)
			}
		}},
		{"front matter without sections infers them", "---\nname: n\n---\nYour plan includes:\n- **Scope**: what\n- **Steps**: how\n", func(t *testing.T, tp *Template) {
			if !reflect.DeepEqual(tp.Sections, []string{"Scope", "Steps"}) {
				t.Errorf("Sections=%q", tp.Sections)
			}
		}},
		{"front matter without input infers it", "---\nname: n\n---\nThe spec is in <api_spec> tags.\n", func(t *testing.T, tp *Template) {
			if tp.Input != InputSpec || tp.SpecTag != "api_spec" {
				t.Errorf("Input=%q SpecTag=%q", tp.Input, tp.SpecTag)
			}
		}},
		{"spec_tag given keeps it", "---\nspec_tag: my_spec\n---\nThe spec is in <component_spec> tags.\n", func(t *testing.T, tp *Template) {
			if tp.Input != InputSpec || tp.SpecTag != "my_spec" {
				t.Errorf("Input=%q SpecTag=%q", tp.Input, tp.SpecTag)
			}
		}},
		{"a rule later is not front matter", "text\n---\nmore\n---\n", func(t *testing.T, tp *Template) {
			if tp.FrontMatter || tp.BodyLine != 1 {
				t.Errorf("got %+v", tp)
			}
		}},
		{"null values", "---\nname:\nvariables:\nsections:\n---\nbody", func(t *testing.T, tp *Template) {
			if tp.Name != "x" || len(tp.Variables) != 0 || len(tp.Sections) != 0 {
				t.Errorf("got %+v", tp)
			}
		}},
		{"a word containing spec is not a spec tag", "Use <inspection> notes.\n", func(t *testing.T, tp *Template) {
			if tp.Input != InputStory {
				t.Errorf("Input=%q", tp.Input)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.check(t, mustParse(t, "dir/x.md", tc.text))
		})
	}
}

func TestInferSections(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"last list introduced as output wins",
			"Steps to follow while thinking:\n1. **Read** it\n2. **Map** it\n\nThen write a plan that includes:\n- **Design**: x\n- **Tests**: y\n",
			[]string{"Design", "Tests"}},
		{"list inside a reasoning tag is skipped",
			"Think inside <thinking> tags.\n\nYour answer should contain:\n1. **Summary**\n2. **Steps**\n\n<thinking>\n1. **Notes**\n</thinking>\n",
			[]string{"Summary", "Steps"}},
		{"list introduced as the reasoning is skipped",
			"Reason inside <scratch_pad> tags.\n\nIn your scratch pad, include:\n- **Facts**\n- **Doubts**\n\nOutput:\n- **Answer**\n",
			[]string{"Answer"}},
		{"without output words the last list is used",
			"Cover:\n- **One**\n- **Two**\n",
			[]string{"One", "Two"}},
		{"capitals become title case, acronyms stay",
			"The output has:\n1. **RISKS & CONSIDERATIONS:**\n2. **API DESIGN OF THE SERVICE**\n",
			[]string{"Risks & Considerations", "API Design of the Service"}},
		{"sub-items and continuation lines keep the list together",
			"Plan:\n1. **A** - x\n   - detail\n     more\n\n2. **B**\n",
			[]string{"A", "B"}},
		{"prose between items splits lists",
			"Plan:\n- **A**\nSome prose.\n- **B**\n",
			[]string{"B"}},
		{"lists in code fences are ignored",
			"Plan:\n- **A**\n\n```\n- **B**\n```\n",
			[]string{"A"}},
		{"no bold list", "Just write a plan.\n- a\n- b\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tags := inferStripTags(tc.body, DefaultSpecTag)
			if got := inferSections(tc.body, tags); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("sections = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestInferStripTags(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"think inside, answer inside", "Think step by step inside <thinking> tags, then give your answer in <answer> tags.", []string{"thinking"}},
		{"final output tag is kept", "Write your final plan inside <plan> tags.", nil},
		{"analysis within tags", "First, analyse the code within <analysis></analysis> tags.", []string{"analysis"}},
		{"omitted later", "Put your notes in <notes> tags. Then answer. Do not include the notes in your reply.", []string{"notes"}},
		{"omitted later by tag", "Collect facts in <facts> tags.\n\nNever repeat <facts> in the answer.", []string{"facts"}},
		{"not omitted, no reasoning", "Put your notes in <notes> tags. Then answer.", nil},
		{"the spec tag is never stripped", "The spec to analyse is inside <component_spec> tags.", nil},
		{"several", "Brainstorm inside <ideas> tags. Reflect within <review> tags. Reason in <ideas> tags again.", []string{"ideas", "review"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := inferStripTags(tc.body, DefaultSpecTag); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("strip tags = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestStandardVariables(t *testing.T) {
	names := StandardVariables()
	if len(names) != 13 {
		t.Fatalf("%d standard variables", len(names))
	}
	for _, n := range names {
		if !IsStandardVariable(n) || !identRe.MatchString(n) {
			t.Errorf("%s", n)
		}
	}
	names[0] = "changed"
	if StandardVariables()[0] != VarUserStoryActor {
		t.Error("StandardVariables shares its slice")
	}
	if IsStandardVariable("userstoryactor") {
		t.Error("names are case-sensitive")
	}
	if !strings.Contains(docText(t), "repoName") {
		t.Error("doc.go does not document the standard variables")
	}
}
