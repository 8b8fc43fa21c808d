package plan

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

//go:embed schema.json
var schemaJSON []byte

// JSONSchema returns the JSON Schema (draft 2020-12) of the plan JSON that
// this build writes, for Schema. The caller may keep the slice; it is a
// copy.
func JSONSchema() []byte {
	return append([]byte(nil), schemaJSON...)
}

// ErrSchema is returned (wrapped) by FromJSON for a plan JSON whose schema
// field is missing or names a version this build cannot read.
var ErrSchema = errors.New("unsupported plan schema")

// JSON encodes the plan as indented JSON with the schema field set to
// Schema. The plan itself is not changed.
func (p *Plan) JSON() ([]byte, error) {
	c := *p
	c.Schema = Schema
	if c.Sections == nil {
		c.Sections = []Section{}
	}
	b, err := json.MarshalIndent(&c, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("plan: encode JSON: %w", err)
	}
	return append(b, '\n'), nil
}

// FromJSON decodes a plan written by JSON (or by anything that follows
// docs/plan-schema.md). The "schema" field must be Schema; unknown fields
// are ignored, as the versioning rule allows new optional fields within a
// version.
func FromJSON(data []byte) (*Plan, error) {
	var head struct {
		Schema *string `json:"schema"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("plan: decode JSON: %w", err)
	}
	switch {
	case head.Schema == nil:
		return nil, fmt.Errorf("plan: decode JSON: %w: no \"schema\" field (this build reads %q)", ErrSchema, Schema)
	case *head.Schema == Schema:
	case strings.HasPrefix(*head.Schema, "groundplan.plan/"):
		return nil, fmt.Errorf("plan: decode JSON: %w %q: this build reads %q; a newer or older groundplan wrote it", ErrSchema, *head.Schema, Schema)
	default:
		return nil, fmt.Errorf("plan: decode JSON: %w %q: not a groundplan plan (want %q)", ErrSchema, *head.Schema, Schema)
	}
	var p Plan
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("plan: decode JSON: %w", err)
	}
	if p.Sections == nil {
		p.Sections = []Section{}
	}
	return &p, nil
}
