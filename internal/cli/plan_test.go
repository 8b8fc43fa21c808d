package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/groundplan/groundplan/internal/planner"
	"github.com/groundplan/groundplan/internal/testenv"
)

func testFactory() (*Factory, *bytes.Buffer, *bytes.Buffer) {
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	f := &Factory{IO: Test(strings.NewReader(""), out, errOut), Getenv: os.Getenv, Planner: func() *planner.Planner { return &planner.Planner{} }}
	return f, out, errOut
}

// TestMain keeps every test of the package away from the user's real
// configuration, caches, history and API keys.
func TestMain(m *testing.M) { testenv.Main(m) }

func TestPlanFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
		check   func(t *testing.T, o *PlanOptions)
	}{
		{name: "story file", args: []string{"s.md", "--repo", "r"}, check: func(t *testing.T, o *PlanOptions) {
			req, err := o.Input.request(o.Args)
			if err != nil || req.StoryFile != "s.md" || req.Repo != "r" || o.Format != "md" {
				t.Fatalf("req %+v err %v", req, err)
			}
		}},
		{name: "spec and template", args: []string{"--spec", "x.md", "--template", "backend", "-f", "json"}, check: func(t *testing.T, o *PlanOptions) {
			req, err := o.Input.request(o.Args)
			if err != nil || req.SpecFile != "x.md" || req.Template != "backend" || o.Format != "json" {
				t.Fatalf("req %+v err %v", req, err)
			}
		}},
		{name: "flags story", args: []string{"--goal", "export orders", "--ac", "a file", "--ac", "one row per order"}, check: func(t *testing.T, o *PlanOptions) {
			req, err := o.Input.request(o.Args)
			if err != nil || req.Story == nil || len(req.Story.Criteria) != 2 {
				t.Fatalf("req %+v err %v", req, err)
			}
		}},
		{name: "vars", args: []string{"s.md", "--var", "team=payments"}, check: func(t *testing.T, o *PlanOptions) {
			req, err := o.Input.request(o.Args)
			if err != nil || req.Vars["team"] != "payments" {
				t.Fatalf("req %+v err %v", req, err)
			}
		}},
		{name: "bad format", args: []string{"s.md", "--format", "xml"}, wantErr: `--format "xml": want md or json`},
		{name: "two args", args: []string{"a.md", "b.md"}, wantErr: "accepts at most 1 arg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := testFactory()
			var got *PlanOptions
			c := NewCmdPlan(f, func(_ context.Context, o *PlanOptions) error { got = o; return nil })
			c.SetArgs(tt.args)
			c.SetOut(&bytes.Buffer{})
			c.SetErr(&bytes.Buffer{})
			err := c.Execute()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, got)
		})
	}
}

func TestRequestInputErrors(t *testing.T) {
	tests := []struct {
		name string
		in   inputFlags
		args []string
		want string
	}{
		{"nothing", inputFlags{}, nil, "no story given"},
		{"two inputs", inputFlags{Spec: "s.md"}, []string{"story.md"}, "give one input"},
		{"bad var", inputFlags{Vars: []string{"novalue"}}, []string{"story.md"}, `--var "novalue": want name=value`},
		{"goal without criteria", inputFlags{Goal: "export"}, nil, "--ac"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.in.request(tt.args)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if ExitCode(err) != ExitInput {
				t.Fatalf("exit code %d, want %d", ExitCode(err), ExitInput)
			}
		})
	}
}

func TestExitCodes(t *testing.T) {
	if ExitCode(errors.New("boom")) != ExitFailure {
		t.Fatal("plain errors are failures")
	}
	if ExitCode(&planner.InputError{Err: errors.New("bad story")}) != ExitInput {
		t.Fatal("input errors exit 2")
	}
	f, _, errOut := testFactory()
	if code := Main(context.Background(), f, []string{"plan", "--nope"}); code != ExitInput {
		t.Fatalf("unknown flag: exit %d, want 2", code)
	}
	if !strings.Contains(errOut.String(), "unknown flag: --nope") {
		t.Fatalf("stderr %q", errOut.String())
	}
}
