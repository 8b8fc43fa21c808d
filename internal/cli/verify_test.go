package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/planner"
	"github.com/groundplan/groundplan/internal/verify"
)

const verifyCorpus = "../verify/testdata/corpus"

// verifyFactory is a test factory whose index builds leave no cache.
func verifyFactory(stdin string) (*Factory, *bytes.Buffer, *bytes.Buffer) {
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	f := &Factory{IO: Test(strings.NewReader(stdin), out, errOut), Getenv: func(string) string { return "" },
		Planner: func() *planner.Planner { return &planner.Planner{IndexOptions: index.Options{NoCache: true}} }}
	return f, out, errOut
}

// runVerify runs the verify command as Main would and returns the exit
// code, stdout and stderr.
func runVerify(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	f, out, errOut := verifyFactory(stdin)
	c := NewCmdVerify(f, nil)
	c.SetArgs(args)
	c.SetOut(out)
	c.SetErr(errOut)
	c.SilenceUsage, c.SilenceErrors = true, true
	c.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &usageError{err: err} })
	err := c.ExecuteContext(context.Background())
	var ec *exitCodeError
	switch {
	case err == nil:
		return ExitOK, out.String(), errOut.String()
	case errors.As(err, &ec):
		return ec.code, out.String(), errOut.String()
	}
	fmt.Fprintln(errOut, "groundplan: "+err.Error())
	return ExitCode(err), out.String(), errOut.String()
}

func TestVerifyFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
		check   func(t *testing.T, o *VerifyOptions)
	}{
		{name: "defaults", args: []string{"plan.md"}, check: func(t *testing.T, o *VerifyOptions) {
			if o.PlanFile != "plan.md" || o.Repo != "." || o.Format != "text" || o.Story != "" || o.Template != "" || o.Diff != "" {
				t.Fatalf("%+v", o)
			}
		}},
		{name: "all flags", args: []string{"p.md", "--repo", "r", "--story", "s.md", "-t", "backend", "-f", "json", "--diff", "main..HEAD"}, check: func(t *testing.T, o *VerifyOptions) {
			if o.Repo != "r" || o.Story != "s.md" || o.Template != "backend" || o.Format != "json" || o.Diff != "main..HEAD" {
				t.Fatalf("%+v", o)
			}
		}},
		{name: "spec", args: []string{"-", "--spec", "x.md"}, check: func(t *testing.T, o *VerifyOptions) {
			if o.PlanFile != "-" || o.Spec != "x.md" {
				t.Fatalf("%+v", o)
			}
		}},
		{name: "bad format", args: []string{"p.md", "--format", "md"}, wantErr: `--format "md": want text or json`},
		{name: "story and spec", args: []string{"p.md", "--story", "a", "--spec", "b"}, wantErr: "not both"},
		{name: "no plan", args: nil, wantErr: "one plan file"},
		{name: "two plans", args: []string{"a.md", "b.md"}, wantErr: "got 2 arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := verifyFactory("")
			var got *VerifyOptions
			c := NewCmdVerify(f, func(_ context.Context, o *VerifyOptions) error { got = o; return nil })
			c.SetArgs(tt.args)
			c.SetOut(&bytes.Buffer{})
			c.SetErr(&bytes.Buffer{})
			err := c.Execute()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if ExitCode(err) != ExitInput {
					t.Fatalf("exit code %d, want %d", ExitCode(err), ExitInput)
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

func TestVerifyCommand(t *testing.T) {
	good := filepath.Join(verifyCorpus, "good/book-reviews.md")
	fault := filepath.Join(verifyCorpus, "faults/missing-file.md")
	backend := filepath.Join(verifyCorpus, "good/inventory-reservations.md")
	story := filepath.Join(exampleRepo, "stories/book-reviews.md")
	spec := filepath.Join(exampleRepo, "specs/inventory-reservations.md")
	goodText, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		stdin   string
		args    []string
		code    int
		want    []string // in stdout
		wantErr []string // in stderr
	}{
		{name: "correct plan", args: []string{"verify", good, "--repo", exampleRepo, "--story", story},
			code: ExitOK, want: []string{"with the story template", "AC5", "OK: score 1.00"}},
		{name: "planted fault", args: []string{"verify", fault, "--repo", exampleRepo, "--story", story},
			code: ExitFailure, want: []string{"error [file-missing]", "internal/service/books_service.go", "Did you mean `internal/service/book_service.go`", "FAILED"}},
		{name: "backend plan, template from the spec", args: []string{"verify", backend, "--repo", exampleRepo, "--spec", spec},
			code: ExitOK, want: []string{"with the backend template", "OK"}},
		{name: "backend plan, template from its sections", args: []string{"verify", backend, "--repo", exampleRepo},
			code: ExitOK, want: []string{"with the backend template"}},
		{name: "story plan checked against the backend template", args: []string{"verify", good, "--repo", exampleRepo, "--template", "backend"},
			code: ExitFailure, want: []string{"[section-missing]", "Service Layer Design"}},
		{name: "no template", args: []string{"verify", good, "--repo", exampleRepo, "--template", "none"},
			code: ExitOK, want: []string{"without a template", "OK"}},
		{name: "plan from standard input", stdin: string(goodText), args: []string{"verify", "-", "--repo", exampleRepo, "--story", story},
			code: ExitOK, want: []string{"OK: score 1.00"}},
		{name: "missing plan file", args: []string{"verify", "nope.md", "--repo", exampleRepo},
			code: ExitInput, wantErr: []string{"read the plan", "nope.md"}},
		{name: "empty plan", stdin: "\n\n", args: []string{"verify", "-", "--repo", exampleRepo},
			code: ExitInput, wantErr: []string{"no plan content"}},
		{name: "missing repository", args: []string{"verify", good, "--repo", "no/such/dir"},
			code: ExitInput, wantErr: []string{"--repo"}},
		{name: "missing story", args: []string{"verify", good, "--repo", exampleRepo, "--story", "no-story.md"},
			code: ExitInput, wantErr: []string{"no-story.md"}},
		{name: "unknown template", args: []string{"verify", good, "--repo", exampleRepo, "--template", "nosuch"},
			code: ExitInput, wantErr: []string{"nosuch"}},
		{name: "unknown flag", args: []string{"verify", good, "--nope"},
			code: ExitInput, wantErr: []string{"unknown flag"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runVerify(t, tt.stdin, tt.args[1:]...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
		})
	}
}

func TestVerifyJSON(t *testing.T) {
	fault := filepath.Join(verifyCorpus, "faults/ac-no-test.md")
	story := filepath.Join(exampleRepo, "stories/book-reviews.md")
	code, out, errOut := runVerify(t, "", fault, "--repo", exampleRepo, "--story", story, "--format", "json")
	if code != ExitFailure {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	var r verify.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("stdout is not a report: %v\n%s", err, out)
	}
	if r.Schema != verify.Schema || r.OK || r.Errors != 1 || len(r.Coverage) != 5 {
		t.Fatalf("report %+v", r)
	}
	if f := r.Findings[0]; f.Rule != verify.RuleACNoTest || f.Criterion != "AC2" || f.Line == 0 {
		t.Fatalf("finding %+v", f)
	}
}

func TestVerifyDiff(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(rel, content string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("init", "-q", "-b", "main")
	write("shop/cart.go", "package shop\n\n// Cart holds items.\ntype Cart struct{ Items []string }\n")
	git("add", "-A")
	git("commit", "-q", "-m", "base")
	git("tag", "base")
	write("shop/cart.go", "package shop\n\n// Cart holds items.\ntype Cart struct{ Items []string }\n\n// Total counts the items.\nfunc (c Cart) Total() int { return len(c.Items) }\n")
	write("shop/cart_test.go", "package shop\n\nimport \"testing\"\n\nfunc TestCartTotal(t *testing.T) {}\n")
	write("NOTES.txt", "unplanned\n")
	git("add", "-A")
	git("commit", "-q", "-m", "change")

	storyFile := filepath.Join(dir, "story.md")
	planFile := filepath.Join(t.TempDir(), "plan.md")
	if err := os.WriteFile(storyFile, []byte("# Cart total\n\nAs a shopper, I want to see how many items my cart holds, so that I know what I buy.\n\n## Acceptance criteria\n\n- The cart shows the number of its items.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	planText := "# Plan: cart total\n\n## Implementation Steps\n\n1. Add the new method `Cart.Total` to `shop/cart.go`. Covers: AC1\n\n" +
		"## Testing Strategy\n\n- `TestCartTotal` in `shop/cart_test.go` — covers AC1\n\n## Files Affected\n\n- `shop/cart.go` (modify)\n- `shop/cart_test.go` (new)\n\n" +
		"## Time Estimate\n\nTotal: 30 minutes\n"
	if err := os.WriteFile(planFile, []byte(planText), 0o644); err != nil {
		t.Fatal(err)
	}
	// the change follows the plan; NOTES.txt was touched but not planned
	code, out, errOut := runVerify(t, "", planFile, "--repo", dir, "--story", storyFile, "--diff", "base..HEAD", "--template", "story")
	if code != ExitFailure || !strings.Contains(out, "NOTES.txt (added)") || !strings.Contains(out, "the change follows the plan") || !strings.Contains(out, "[section-missing]") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	// a plan that names a file the change did not touch fails
	if err := os.WriteFile(planFile, []byte(strings.Replace(planText, "- `shop/cart_test.go` (new)\n", "- `shop/cart_test.go` (new)\n- `shop/price.go` (new)\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runVerify(t, "", planFile, "--repo", dir, "--story", storyFile, "--diff", "base", "--format", "json")
	var r verify.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if code != ExitFailure || r.Diff == nil || r.Diff.OK || len(r.Diff.NotTouched) != 1 || r.Diff.NotTouched[0].Path != "shop/price.go" {
		t.Fatalf("exit %d, diff %+v", code, r.Diff)
	}
	// a bad range is bad input
	code, _, errOut = runVerify(t, "", planFile, "--repo", dir, "--diff", "nosuch..HEAD")
	if code != ExitInput || !strings.Contains(errOut, "--diff") {
		t.Fatalf("bad range: exit %d\n%s", code, errOut)
	}
}

// TestVerifyRegistered checks that the root command offers verify, once
// root.go registers it.
func TestVerifyRegistered(t *testing.T) {
	f, _, _ := verifyFactory("")
	for _, c := range NewRootCmd(f).Commands() {
		if c.Name() == "verify" {
			return
		}
	}
	t.Skip("verify is not registered in NewRootCmd yet")
}
