// Package mcpserver exposes groundplan to editors' agents as a Model
// Context Protocol server, with the official Go SDK: the tools plan_story,
// build_context, verify_plan and list_templates, over stdio
// (groundplan mcp) or streamable HTTP (/mcp on groundplan serve). The
// tools call the same service as the HTTP API; plans they write are kept
// in the history with the door "mcp".
package mcpserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/groundplan/groundplan/internal/server/service"
	"github.com/groundplan/groundplan/internal/verify"
)

// Options configure the MCP server.
type Options struct {
	// Version is reported to clients.
	Version string
}

// New returns an MCP server whose tools run on svc.
func New(svc *service.Service, opts Options) *mcp.Server {
	version := opts.Version
	if version == "" {
		version = "dev"
	}
	t := &tools{svc: svc}
	s := mcp.NewServer(&mcp.Implementation{Name: "groundplan", Title: "groundplan", Version: version}, &mcp.ServerOptions{
		Instructions: "groundplan writes implementation plans grounded in the repository " + svc.Root() + ". " +
			"Call build_context to see which files matter for a story, plan_story for a verified plan, " +
			"verify_plan to check a plan you wrote against the repository (files, symbols, criteria coverage), " +
			"and list_templates for the plan formats.",
	})
	mcp.AddTool(s, &mcp.Tool{
		Name:        "plan_story",
		Title:       "Plan a user story",
		Description: "Write a technical implementation plan for a user story (actor, goal, benefit, acceptance criteria; or a Markdown story; or a component spec) grounded in the repository: it names real files and functions, orders the steps, maps tests to criteria and estimates the time. The plan is verified against the repository and kept in the history. With no model configured it writes an offline draft.",
		Annotations: &mcp.ToolAnnotations{Title: "Plan a user story", OpenWorldHint: ptr(false)},
	}, t.planStory)
	mcp.AddTool(s, &mcp.Tool{
		Name:        "build_context",
		Title:       "Codebase context for a story",
		Description: "Find the files of the repository that a story concerns, with the reasons each was chosen, packed within a token budget; returns the packed context text an agent can read.",
		Annotations: &mcp.ToolAnnotations{Title: "Codebase context for a story", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: ptr(false)},
	}, t.buildContext)
	mcp.AddTool(s, &mcp.Tool{
		Name:        "verify_plan",
		Title:       "Verify a plan",
		Description: "Check an implementation plan (Markdown) against the repository: files it modifies exist, new files do not, named functions and types exist or are created, every acceptance criterion has a step and a test, required sections and a plausible estimate are present. Returns findings with plan lines and fixes, a score, and a repair prompt.",
		Annotations: &mcp.ToolAnnotations{Title: "Verify a plan", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: ptr(false)},
	}, t.verifyPlan)
	mcp.AddTool(s, &mcp.Tool{
		Name:        "list_templates",
		Title:       "List plan templates",
		Description: "List the built-in plan templates: their input (story or spec), the sections a plan must have, and extra variables.",
		Annotations: &mcp.ToolAnnotations{Title: "List plan templates", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: ptr(false)},
	}, t.listTemplates)
	return s
}

func ptr[T any](v T) *T { return &v }

// HTTPHandler serves s over streamable HTTP, for /mcp.
func HTTPHandler(s *mcp.Server) http.Handler {
	return mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return s },
		&mcp.StreamableHTTPOptions{SessionTimeout: 30 * time.Minute})
}

// ServeStdio runs s over the given streams (a process's stdin and stdout)
// until the client disconnects or ctx is done.
func ServeStdio(ctx context.Context, s *mcp.Server, in io.Reader, out io.Writer) error {
	err := s.Run(ctx, &mcp.IOTransport{Reader: io.NopCloser(in), Writer: nopWriteCloser{out}})
	if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, io.EOF) {
		return fmt.Errorf("mcp: %w", err)
	}
	return nil
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

type tools struct {
	svc *service.Service
}

// Finding is a verification finding as the tools report it.
type Finding struct {
	Rule       string   `json:"rule"`
	Severity   string   `json:"severity"`
	Line       int      `json:"line,omitempty" jsonschema:"the plan line (1-based) the finding concerns; 0 for the whole plan"`
	Message    string   `json:"message"`
	Suggestion string   `json:"suggestion,omitempty"`
	Candidates []string `json:"candidates,omitempty" jsonschema:"existing names close to the one the plan used"`
}

// Verification is a verification report as the tools return it.
type Verification struct {
	OK       bool      `json:"ok" jsonschema:"true when the plan has no errors"`
	Score    float64   `json:"score" jsonschema:"1 is perfect"`
	Errors   int       `json:"errors"`
	Warnings int       `json:"warnings"`
	Findings []Finding `json:"findings"`
	// RepairPrompt is the message to send back to a model to fix the plan.
	RepairPrompt string `json:"repair_prompt,omitempty" jsonschema:"instructions to correct the plan, empty when nothing needs fixing"`
}

func verification(rep *verify.Report, markdown string) Verification {
	v := Verification{OK: rep.OK, Score: rep.Score, Errors: rep.Errors, Warnings: rep.Warnings, Findings: []Finding{}, RepairPrompt: rep.RepairPrompt(markdown)}
	for _, f := range rep.Findings {
		v.Findings = append(v.Findings, Finding{Rule: f.Rule, Severity: string(f.Severity), Line: f.Line, Message: f.Message, Suggestion: f.Suggestion, Candidates: f.Candidates})
	}
	return v
}

// PlanResult is what plan_story returns.
type PlanResult struct {
	ID           int64        `json:"id,omitempty" jsonschema:"the plan's ID in the history"`
	Provider     string       `json:"provider"`
	Model        string       `json:"model,omitempty"`
	Template     string       `json:"template"`
	Draft        bool         `json:"draft" jsonschema:"true when written by the offline provider"`
	Markdown     string       `json:"markdown" jsonschema:"the plan"`
	ContextFiles []string     `json:"context_files" jsonschema:"the files the plan was grounded in"`
	PromptTokens int          `json:"prompt_tokens"`
	InputTokens  int          `json:"input_tokens"`
	OutputTokens int          `json:"output_tokens"`
	Verification Verification `json:"verification"`
}

func (t *tools) planStory(ctx context.Context, req *mcp.CallToolRequest, in service.Request) (*mcp.CallToolResult, PlanResult, error) {
	// The slots are the service's: shared with the HTTP door.
	release, ok := t.svc.AcquirePlan()
	if !ok {
		return nil, PlanResult{}, fmt.Errorf("busy: %d plans are already being written; try again in a few seconds", t.svc.MaxPlans())
	}
	defer release()
	progress := progressReporter(ctx, req)
	out, err := t.svc.Plan(ctx, &in, "mcp", func(e service.Event) {
		if e.Kind == service.EventStage {
			progress(e.Data.(service.Text).Text)
		}
	})
	if err != nil {
		return nil, PlanResult{}, err
	}
	r := PlanResult{ID: out.ID, Provider: out.Provider, Model: out.Model, Template: out.Template, Draft: out.Plan != nil && out.Plan.Draft,
		Markdown: out.Markdown, ContextFiles: []string{}, PromptTokens: out.Tokens.PromptTokens,
		InputTokens: out.Tokens.InputTokens, OutputTokens: out.Tokens.OutputTokens}
	if out.Context != nil {
		for _, f := range out.Context.Files {
			r.ContextFiles = append(r.ContextFiles, f.Path)
		}
	}
	if out.Report != nil {
		r.Verification = verification(out.Report, out.Markdown)
	}
	var b strings.Builder
	b.WriteString(out.Markdown)
	fmt.Fprintf(&b, "\n\n---\nVerification: score %.2f, %d error(s), %d warning(s)", r.Verification.Score, r.Verification.Errors, r.Verification.Warnings)
	for _, f := range r.Verification.Findings {
		if f.Severity == "info" {
			continue
		}
		fmt.Fprintf(&b, "\n- line %d: %s: %s", f.Line, f.Severity, f.Message)
	}
	if r.Draft {
		b.WriteString("\n(offline draft: no model is configured on this server)")
	}
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: b.String()}}}, r, nil
}

// progressReporter sends progress notifications when the client asked for
// them with a progress token.
func progressReporter(ctx context.Context, req *mcp.CallToolRequest) func(msg string) {
	if req == nil || req.Params == nil || req.Session == nil {
		return func(string) {}
	}
	token := req.Params.GetProgressToken()
	if token == nil {
		return func(string) {}
	}
	n := 0.0
	return func(msg string) {
		n++
		_ = req.Session.NotifyProgress(ctx, &mcp.ProgressNotificationParams{ProgressToken: token, Progress: n, Message: msg})
	}
}

// ContextResult is what build_context returns.
type ContextResult struct {
	Language     string                `json:"language,omitempty"`
	Framework    string                `json:"framework,omitempty"`
	Files        []service.ContextFile `json:"files" jsonschema:"the files chosen, best first, with the reasons"`
	Tokens       int                   `json:"tokens" jsonschema:"tokens of the packed context"`
	Budget       int                   `json:"budget"`
	PromptTokens int                   `json:"prompt_tokens" jsonschema:"tokens of the whole prompt that would be sent"`
	Text         string                `json:"text" jsonschema:"the packed context: repository map and file excerpts"`
}

func (t *tools) buildContext(ctx context.Context, _ *mcp.CallToolRequest, in service.Request) (*mcp.CallToolResult, ContextResult, error) {
	c, err := t.svc.BuildContext(ctx, &in)
	if err != nil {
		return nil, ContextResult{}, err
	}
	r := ContextResult{Language: c.Language, Framework: c.Framework, Files: c.Files, Tokens: c.Tokens, Budget: c.Budget, PromptTokens: c.PromptTokens, Text: c.Text}
	if r.Files == nil {
		r.Files = []service.ContextFile{}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d file(s), %d of %d tokens:\n", len(r.Files), r.Tokens, r.Budget)
	for _, f := range r.Files {
		fmt.Fprintf(&b, "- %s — %s\n", f.Path, strings.Join(f.Reasons, "; "))
	}
	b.WriteString("\n" + c.Text)
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: b.String()}}}, r, nil
}

func (t *tools) verifyPlan(ctx context.Context, _ *mcp.CallToolRequest, in service.VerifyRequest) (*mcp.CallToolResult, Verification, error) {
	out, err := t.svc.Verify(ctx, &in)
	if err != nil {
		return nil, Verification{}, err
	}
	v := verification(out.Report, in.Markdown)
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: out.Report.Text()}}}, v, nil
}

// Templates is what list_templates returns.
type Templates struct {
	Templates []service.TemplateInfo `json:"templates"`
}

func (t *tools) listTemplates(context.Context, *mcp.CallToolRequest, struct{}) (*mcp.CallToolResult, Templates, error) {
	return nil, Templates{Templates: t.svc.Templates()}, nil
}
