package plan

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

func TestJSONRoundTrip(t *testing.T) {
	p := structuredPlan()
	p.Schema = ""
	p.Verification = &Verification{Score: 0.9, Errors: 0, Warnings: 1, Passed: []string{"files exist"}, Failed: []string{"AC5 has no test"}}
	data, err := p.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if p.Schema != "" {
		t.Error("JSON changed the plan")
	}
	if !strings.Contains(string(data), "\n  \"schema\": \"groundplan.plan/v1\"") {
		t.Errorf("JSON is not indented or has no schema:\n%s", data)
	}
	q, err := FromJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	p.Schema = Schema
	if !reflect.DeepEqual(p, q) {
		t.Errorf("FromJSON(JSON()) differs:\n got %+v\nwant %+v", q, p)
	}
	if data2, _ := json.Marshal(p); !strings.Contains(string(data2), `"files":[{"path":"internal/models/order.go","action":"modify"`) {
		t.Errorf("json.Marshal does not use the struct tags: %s", data2)
	}
}

func TestJSONEmptyPlanHasSections(t *testing.T) {
	data, err := (&Plan{}).JSON()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"sections": []`) {
		t.Errorf("sections should be an empty array: %s", data)
	}
	if err := validateSchema(t, data); err != nil {
		t.Error(err)
	}
}

func TestFromJSONSchemaErrors(t *testing.T) {
	cases := []struct{ in, msg string }{
		{`{"title":"x","sections":[]}`, `no "schema" field`},
		{`{"schema":"groundplan.plan/v2","title":"x"}`, `"groundplan.plan/v2": this build reads "groundplan.plan/v1"`},
		{`{"schema":"something/else"}`, "not a groundplan plan"},
	}
	for _, c := range cases {
		_, err := FromJSON([]byte(c.in))
		if !errors.Is(err, ErrSchema) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("FromJSON(%s) error = %v, want ErrSchema mentioning %q", c.in, err, c.msg)
		}
	}
	if _, err := FromJSON([]byte(`{"schema":`)); err == nil || errors.Is(err, ErrSchema) {
		t.Errorf("broken JSON: error = %v", err)
	}
	if _, err := FromJSON([]byte(`{"schema":"groundplan.plan/v1","title":5}`)); err == nil {
		t.Error("a title that is a number should fail")
	}
	p, err := FromJSON([]byte(`{"schema":"groundplan.plan/v1","title":"x","future_field":1}`))
	if err != nil || p.Title != "x" || p.Sections == nil {
		t.Errorf("unknown fields should be ignored: %v, %+v", err, p)
	}
}

// TestGoldenJSONMatchesSchema validates every golden JSON file against
// schema.json.
func TestGoldenJSONMatchesSchema(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.golden.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden JSON files (%v)", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := validateSchema(t, data); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	full, _ := structuredPlan().JSON()
	if err := validateSchema(t, full); err != nil {
		t.Errorf("structured plan: %v", err)
	}
}

// TestSchemaCoversStruct checks that schema.json names exactly the JSON
// fields of the Go types, and requires exactly those without omitempty.
func TestSchemaCoversStruct(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal(JSONSchema(), &schema); err != nil {
		t.Fatalf("schema.json: %v", err)
	}
	defs := schema["$defs"].(map[string]any)
	check := func(name string, node map[string]any, typ reflect.Type) {
		props := node["properties"].(map[string]any)
		var want, wantReq, got, gotReq []string
		for i := 0; i < typ.NumField(); i++ {
			tag := typ.Field(i).Tag.Get("json")
			key, opts, _ := strings.Cut(tag, ",")
			want = append(want, key)
			if !strings.Contains(opts, "omitempty") {
				wantReq = append(wantReq, key)
			}
		}
		for k := range props {
			got = append(got, k)
		}
		for _, r := range node["required"].([]any) {
			gotReq = append(gotReq, r.(string))
		}
		sort.Strings(want)
		sort.Strings(got)
		sort.Strings(wantReq)
		sort.Strings(gotReq)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: schema properties %v, struct fields %v", name, got, want)
		}
		if !reflect.DeepEqual(gotReq, wantReq) {
			t.Errorf("%s: schema requires %v, struct always writes %v", name, gotReq, wantReq)
		}
	}
	check("plan", schema, reflect.TypeOf(Plan{}))
	for name, typ := range map[string]reflect.Type{
		"section": reflect.TypeOf(Section{}), "step": reflect.TypeOf(Step{}), "fileChange": reflect.TypeOf(FileChange{}),
		"test": reflect.TypeOf(Test{}), "risk": reflect.TypeOf(Risk{}), "estimate": reflect.TypeOf(Estimate{}),
		"estimatePart": reflect.TypeOf(EstimatePart{}), "verification": reflect.TypeOf(Verification{}),
	} {
		check(name, defs[name].(map[string]any), typ)
	}
	if c := schema["properties"].(map[string]any)["schema"].(map[string]any)["const"]; c != Schema {
		t.Errorf("schema.json const %v, Schema %q", c, Schema)
	}
}

// validateSchema checks a JSON document against schema.json with a small
// validator for the keywords the schema uses: type, const, enum, required,
// properties, additionalProperties, items, $ref, minimum and pattern.
func validateSchema(t *testing.T, data []byte) error {
	t.Helper()
	var schema, doc any
	if err := json.Unmarshal(JSONSchema(), &schema); err != nil {
		return fmt.Errorf("schema.json: %w", err)
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("document: %w", err)
	}
	root := schema.(map[string]any)
	return validate(root, root, doc, "$")
}

func validate(root, node map[string]any, v any, at string) error {
	if ref, ok := node["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/$defs/")
		return validate(root, root["$defs"].(map[string]any)[name].(map[string]any), v, at)
	}
	if c, ok := node["const"]; ok && v != c {
		return fmt.Errorf("%s: %v is not %v", at, v, c)
	}
	if enum, ok := node["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			found = found || e == v
		}
		if !found {
			return fmt.Errorf("%s: %v not in %v", at, v, enum)
		}
	}
	switch node["type"] {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: not an object", at)
		}
		props, _ := node["properties"].(map[string]any)
		for _, r := range node["required"].([]any) {
			if _, ok := obj[r.(string)]; !ok {
				return fmt.Errorf("%s: missing required %q", at, r)
			}
		}
		for k, x := range obj {
			p, ok := props[k].(map[string]any)
			if !ok {
				if node["additionalProperties"] == false {
					return fmt.Errorf("%s: unknown property %q", at, k)
				}
				continue
			}
			if err := validate(root, p, x, at+"."+k); err != nil {
				return err
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: not an array", at)
		}
		for i, x := range arr {
			if err := validate(root, node["items"].(map[string]any), x, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s: not a string", at)
		}
		if p, ok := node["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(s) {
			return fmt.Errorf("%s: %q does not match %s", at, s, p)
		}
	case "integer", "number":
		n, ok := v.(float64)
		if !ok || (node["type"] == "integer" && n != float64(int64(n))) {
			return fmt.Errorf("%s: %v is not an %s", at, v, node["type"])
		}
		if m, ok := node["minimum"].(float64); ok && n < m {
			return fmt.Errorf("%s: %v < %v", at, n, m)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: not a boolean", at)
		}
	}
	return nil
}

func TestValidatorRejects(t *testing.T) {
	for _, bad := range []string{
		`{"schema":"groundplan.plan/v1","sections":[]}`,
		`{"schema":"groundplan.plan/v1","title":"","sections":[],"extra":1}`,
		`{"schema":"groundplan.plan/v1","title":"","sections":[{"title":"x","key":"nope"}]}`,
		`{"schema":"groundplan.plan/v1","title":"","sections":[],"files":[{"path":"a","action":"rename"}]}`,
		`{"schema":"groundplan.plan/v1","title":"","sections":[],"steps":[{"number":1,"title":"a","criteria":["R1"]}]}`,
		`{"schema":"groundplan.plan/v2","title":"","sections":[]}`,
	} {
		if err := validateSchema(t, []byte(bad)); err == nil {
			t.Errorf("validator accepted %s", bad)
		}
	}
}

// TestDocExampleMatchesSchema keeps the example in docs/plan-schema.md
// valid.
func TestDocExampleMatchesSchema(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "plan-schema.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```json\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("no ```json example in docs/plan-schema.md")
	}
	if err := validateSchema(t, []byte(example)); err != nil {
		t.Error(err)
	}
	if _, err := FromJSON([]byte(example)); err != nil {
		t.Error(err)
	}
	if !strings.Contains(string(doc), "`"+Schema+"`") {
		t.Errorf("docs/plan-schema.md does not name %s", Schema)
	}
}
