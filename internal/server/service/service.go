// Package service holds what the HTTP API and the MCP server both do over
// the planner: turn a posted story into a planner request, plan it, verify
// the plan, keep it in the history, build the context for a story, verify
// a posted plan and list templates. It is the one place that confines what
// a request may read to the repository root; the doors above it only
// translate their wire formats.
package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/llm"
	"github.com/groundplan/groundplan/internal/pack"
	"github.com/groundplan/groundplan/internal/plan"
	"github.com/groundplan/groundplan/internal/planner"
	"github.com/groundplan/groundplan/internal/prompt"
	"github.com/groundplan/groundplan/internal/store"
	"github.com/groundplan/groundplan/internal/story"
	"github.com/groundplan/groundplan/internal/verify"
)

// Defaults of Config.
const (
	DefaultMaxStoryBytes = 64 << 10
	DefaultIndexMaxAge   = 5 * time.Second
	DefaultMaxPlans      = 4
)

// Config sets up a Service.
type Config struct {
	// Repo is the repository root every request is planned against.
	Repo string
	// Planner returns the pipeline for a provider name ("" for the
	// configured default); it is called once per name and the pipeline
	// reused. Nil plans offline, and refuses any provider other than ""
	// and "offline".
	Planner func(provider string) (*planner.Planner, error)
	// Defaults, when set, fills the model settings a request leaves empty
	// (model name, answer length, temperature) for the provider it names.
	Defaults func(provider string, req *planner.Request)
	// Providers are the provider names offered to users (informative).
	Providers []string
	// Store keeps the history; nil keeps none.
	Store *store.Store
	// IndexOptions tune the index builds of verify requests and, unless the
	// planner sets its own, of planning.
	IndexOptions index.Options
	// IndexMaxAge is how long a built index is reused by verify requests;
	// 0 means DefaultIndexMaxAge.
	IndexMaxAge time.Duration
	// MaxStoryBytes bounds a story or spec; 0 means DefaultMaxStoryBytes.
	MaxStoryBytes int
	// MaxPlans bounds the plans written at once, whichever door they come
	// through; 0 means DefaultMaxPlans. See AcquirePlan.
	MaxPlans int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Service runs the operations of the HTTP and MCP doors.
type Service struct {
	cfg  Config
	root string // absolute, symlinks resolved

	mu   sync.Mutex // guards ix and ixAt, and serialises index builds
	ix   *index.Index
	ixAt time.Time

	pmu      sync.Mutex // guards planners
	planners map[string]*planner.Planner

	plans chan struct{} // a slot per plan being written
}

// New checks cfg and returns a Service.
func New(cfg Config) (*Service, error) {
	if cfg.Repo == "" {
		cfg.Repo = "."
	}
	abs, err := filepath.Abs(cfg.Repo)
	if err != nil {
		return nil, fmt.Errorf("repo %s: %w", cfg.Repo, err)
	}
	root, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("repo %s: %w", cfg.Repo, err)
	}
	st, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("repo %s: %w", cfg.Repo, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("repo %s: not a directory", cfg.Repo)
	}
	if cfg.IndexMaxAge <= 0 {
		cfg.IndexMaxAge = DefaultIndexMaxAge
	}
	if cfg.MaxStoryBytes <= 0 {
		cfg.MaxStoryBytes = DefaultMaxStoryBytes
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxPlans <= 0 {
		cfg.MaxPlans = DefaultMaxPlans
	}
	if cfg.IndexOptions.Memo == nil {
		cfg.IndexOptions.Memo = index.NewMemo()
	}
	return &Service{cfg: cfg, root: root, plans: make(chan struct{}, cfg.MaxPlans)}, nil
}

// AcquirePlan takes a slot for writing a plan and returns the func that
// gives it back; ok is false when every slot is taken (the doors answer
// "busy" rather than queue).
func (s *Service) AcquirePlan() (release func(), ok bool) {
	select {
	case s.plans <- struct{}{}:
		return func() { <-s.plans }, true
	default:
		return nil, false
	}
}

// MaxPlans returns how many plans may be written at once.
func (s *Service) MaxPlans() int { return cap(s.plans) }

// Root returns the repository root (absolute).
func (s *Service) Root() string { return s.root }

// Store returns the history, nil when none is kept.
func (s *Service) Store() *store.Store { return s.cfg.Store }

// Providers returns the provider names offered to users.
func (s *Service) Providers() []string { return s.cfg.Providers }

// LimitError reports an input over a size limit (HTTP 413).
type LimitError struct {
	What  string
	Limit int
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("the %s is larger than %d bytes", e.What, e.Limit)
}

func inputErrorf(format string, args ...any) error {
	return &planner.InputError{Err: fmt.Errorf(format, args...)}
}

// StoryInput is a story as a request gives it: the fields of a user story,
// or a whole story in Markdown (or YAML/JSON), or a component spec. Exactly
// one of the three forms.
type StoryInput struct {
	Actor    string   `json:"actor,omitempty" jsonschema:"who wants it, e.g. customer"`
	Goal     string   `json:"goal,omitempty" jsonschema:"what they want"`
	Benefit  string   `json:"benefit,omitempty" jsonschema:"why they want it"`
	Criteria []string `json:"criteria,omitempty" jsonschema:"acceptance criteria, one per item"`
	Markdown string   `json:"markdown,omitempty" jsonschema:"a whole user story in Markdown (As a … I want … so that …, then an Acceptance criteria list), instead of the fields"`
	Spec     string   `json:"spec,omitempty" jsonschema:"a free-form component spec in Markdown, instead of a user story"`
}

// empty reports whether no form is given.
func (in *StoryInput) empty() bool {
	return in == nil || (in.Goal == "" && len(in.Criteria) == 0 && in.Actor == "" && in.Benefit == "" &&
		strings.TrimSpace(in.Markdown) == "" && strings.TrimSpace(in.Spec) == "")
}

// Story parses the input into a story, enforcing the size limit.
func (s *Service) Story(in *StoryInput) (*story.Story, error) {
	if in.empty() {
		return nil, inputErrorf("no story given: send the fields (goal and criteria), markdown, or spec")
	}
	size := len(in.Actor) + len(in.Goal) + len(in.Benefit) + len(in.Markdown) + len(in.Spec)
	for _, c := range in.Criteria {
		size += len(c)
	}
	if size > s.cfg.MaxStoryBytes {
		return nil, &LimitError{What: "story", Limit: s.cfg.MaxStoryBytes}
	}
	fields := in.Goal != "" || len(in.Criteria) > 0 || in.Actor != "" || in.Benefit != ""
	forms := 0
	for _, b := range []bool{fields, strings.TrimSpace(in.Markdown) != "", strings.TrimSpace(in.Spec) != ""} {
		if b {
			forms++
		}
	}
	if forms > 1 {
		return nil, inputErrorf("give one form of story: the fields, markdown, or spec")
	}
	var (
		st  *story.Story
		err error
	)
	switch {
	case strings.TrimSpace(in.Spec) != "":
		st, err = story.ParseSpec("spec.md", []byte(in.Spec))
	case strings.TrimSpace(in.Markdown) != "":
		st, err = story.Parse("story.md", []byte(in.Markdown))
	default:
		st, err = story.FromFields(in.Actor, in.Goal, in.Benefit, in.Criteria)
	}
	if err != nil {
		return nil, &planner.InputError{Err: err}
	}
	return st, nil
}

// Template resolves a template name from a request: "" (the default for
// the input), a built-in name, or a path to a template file inside the
// repository. Anything that would read outside the repository root is
// refused.
func (s *Service) Template(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", nil
	}
	if _, err := prompt.Builtin(name); err == nil {
		return name, nil
	}
	rel := filepath.FromSlash(name)
	if filepath.IsAbs(rel) || strings.HasPrefix(name, "/") || strings.HasPrefix(name, `\`) || filepath.VolumeName(rel) != "" {
		return "", inputErrorf("template %q: give a built-in name (%s) or a path inside the repository", name, strings.Join(prompt.BuiltinNames(), ", "))
	}
	clean := filepath.Clean(rel)
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", inputErrorf("template %q: the path leads outside the repository", name)
	}
	full, err := filepath.EvalSymlinks(filepath.Join(s.root, clean))
	if err != nil {
		return "", inputErrorf("template %q: no built-in template and no such file in the repository (built-ins: %s)", name, strings.Join(prompt.BuiltinNames(), ", "))
	}
	if !within(s.root, full) {
		return "", inputErrorf("template %q: the path leads outside the repository", name)
	}
	st, err := os.Stat(full)
	if err != nil || !st.Mode().IsRegular() {
		return "", inputErrorf("template %q: not a regular file", name)
	}
	return full, nil
}

// within reports whether path is root or below it.
func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// planner returns the pipeline for a provider. Pipelines are made once per
// provider name and shared by the requests (a planner is safe for
// concurrent use and keeps costly state, such as its secret scanner).
func (s *Service) planner(provider string) (*planner.Planner, error) {
	provider = strings.TrimSpace(provider)
	s.pmu.Lock()
	defer s.pmu.Unlock()
	if p, ok := s.planners[provider]; ok {
		return p, nil
	}
	var p *planner.Planner
	if s.cfg.Planner != nil {
		pp, err := s.cfg.Planner(provider)
		if err != nil {
			var ie *planner.InputError
			if errors.As(err, &ie) {
				return nil, err
			}
			return nil, &planner.InputError{Err: fmt.Errorf("provider %q: %w", provider, err)}
		}
		p = pp
	} else if provider != "" && provider != "offline" {
		return nil, inputErrorf("provider %q is not available on this server (available: offline)", provider)
	}
	if p == nil {
		p = &planner.Planner{}
	}
	if p.IndexOptions == (index.Options{}) {
		p.IndexOptions = s.cfg.IndexOptions
	}
	if s.planners == nil {
		s.planners = map[string]*planner.Planner{}
	}
	s.planners[provider] = p
	return p, nil
}

// Request is what every operation that runs the pipeline takes.
type Request struct {
	Story    StoryInput        `json:"story" jsonschema:"the story to plan"`
	Template string            `json:"template,omitempty" jsonschema:"built-in template name (story, backend) or a template file inside the repository; empty picks by input"`
	Provider string            `json:"provider,omitempty" jsonschema:"model provider; empty uses the server's default, offline writes a draft without a model"`
	Model    string            `json:"model,omitempty" jsonschema:"model name for the provider"`
	Budget   int               `json:"budget,omitempty" jsonschema:"token budget of the codebase context (default 16000)"`
	Vars     map[string]string `json:"vars,omitempty" jsonschema:"extra template variables"`
	// IncludeVendored and NoGitHistory are the CLI's --include-vendored
	// and --no-git-history.
	IncludeVendored bool `json:"include_vendored,omitempty" jsonschema:"also index vendored and generated files, for their symbols only (never ranked or packed)"`
	NoGitHistory    bool `json:"no_git_history,omitempty" jsonschema:"rank files without the repository's git history"`
	// Repair is the CLI's --repair: nil means planner.DefaultRepair.
	Repair *int `json:"repair,omitempty" jsonschema:"rounds of sending verification findings back to the model, 0 to 5 (default 2; 0 for none)"`
}

// maxRepair bounds a request's repair rounds: each is a whole model call.
const maxRepair = 5

// maxBudget bounds a request's context budget.
const maxBudget = 200_000

func (s *Service) request(in *Request) (planner.Request, error) {
	st, err := s.Story(&in.Story)
	if err != nil {
		return planner.Request{}, err
	}
	tpl, err := s.Template(in.Template)
	if err != nil {
		return planner.Request{}, err
	}
	if in.Budget < 0 || in.Budget > maxBudget {
		return planner.Request{}, inputErrorf("budget %d: want 0 (the default) to %d tokens", in.Budget, maxBudget)
	}
	req := planner.Request{Repo: s.root, Story: st, Template: tpl, Vars: in.Vars, Budget: in.Budget, Model: in.Model,
		IncludeVendored: in.IncludeVendored, NoGitHistory: in.NoGitHistory}
	if in.Repair != nil {
		switch r := *in.Repair; {
		case r < 0 || r > maxRepair:
			return planner.Request{}, inputErrorf("repair %d: want 0 (none) to %d rounds", r, maxRepair)
		case r == 0:
			req.Repair = -1
		default:
			req.Repair = r
		}
	}
	if s.cfg.Defaults != nil {
		s.cfg.Defaults(strings.TrimSpace(in.Provider), &req)
	}
	return req, nil
}

// ContextFile is one file of the chosen context.
type ContextFile struct {
	Path    string   `json:"path"`
	Score   float64  `json:"score"`
	Tokens  int      `json:"tokens"`
	Reasons []string `json:"reasons,omitempty"`
	Symbols []string `json:"symbols,omitempty"`
}

// Context is the context chosen for a story: the files packed, with the
// reasons they were chosen, and the prompt's size.
type Context struct {
	Story        *story.Story   `json:"story"`
	Template     string         `json:"template"`
	Language     string         `json:"language,omitempty"`
	Framework    string         `json:"framework,omitempty"`
	Files        []ContextFile  `json:"files"`
	Omitted      []pack.Omitted `json:"omitted,omitempty"`
	Tokens       int            `json:"tokens"`
	Budget       int            `json:"budget"`
	PromptTokens int            `json:"prompt_tokens"`
	Map          string         `json:"map,omitempty"`
	Text         string         `json:"text,omitempty"`
}

func contextOf(p *planner.Prepared) *Context {
	c := &Context{Story: p.Story, PromptTokens: p.PromptTokens, Files: []ContextFile{}}
	if p.Template != nil {
		c.Template = p.Template.Name
	}
	if p.Facts != nil {
		c.Language, c.Framework = p.Facts.PrimaryLanguage(), p.Facts.Framework()
	}
	score := map[string]float64{}
	for _, r := range p.Ranked {
		score[r.Path] = r.Score
	}
	if p.Context != nil {
		c.Tokens, c.Budget, c.Map, c.Text, c.Omitted = p.Context.Tokens, p.Context.Budget, p.Context.Map, p.Context.Text, p.Context.Omitted
		for _, f := range p.Context.Files {
			c.Files = append(c.Files, ContextFile{Path: f.Path, Score: score[f.Path], Tokens: f.Tokens, Reasons: f.Reasons, Symbols: f.Symbols})
		}
	}
	return c
}

// BuildContext runs the pipeline up to the prompt and returns the context
// it chose.
func (s *Service) BuildContext(ctx context.Context, in *Request) (*Context, error) {
	req, err := s.request(in)
	if err != nil {
		return nil, err
	}
	p, err := s.planner(in.Provider)
	if err != nil {
		return nil, err
	}
	prep, err := p.Prepare(ctx, req, nil)
	if err != nil {
		return nil, err
	}
	return contextOf(prep), nil
}

// Event is one progress report of Plan. Kind is one of the Event…
// constants; Data is what the kind carries.
type Event struct {
	Kind string
	Data any
}

// The kinds of Event, in the order Plan reports them.
const (
	EventStage        = "stage"        // Data: Text
	EventText         = "text"         // Data: Text — the plan as it streams
	EventRepair       = "repair"       // Data: Text — a repair round starts: the text so far is replaced
	EventContext      = "context"      // Data: *Context
	EventTokens       = "tokens"       // Data: Tokens
	EventPlan         = "plan"         // Data: *Output without Report
	EventVerification = "verification" // Data: *verify.Report
	EventSaved        = "saved"        // Data: Saved
)

// Text is the payload of stage and text events.
type Text struct {
	Text string `json:"text"`
}

// Tokens is the payload of a tokens event.
type Tokens struct {
	PromptTokens int      `json:"prompt_tokens"`
	InputTokens  int      `json:"input_tokens"`
	OutputTokens int      `json:"output_tokens"`
	CostUSD      *float64 `json:"cost_usd,omitempty"`
}

// Saved is the payload of a saved event.
type Saved struct {
	ID int64 `json:"id"`
}

// Output is a finished plan.
type Output struct {
	ID       int64          `json:"id,omitempty"` // history ID; 0 when no history is kept
	Provider string         `json:"provider"`
	Model    string         `json:"model,omitempty"`
	Template string         `json:"template"`
	Commit   string         `json:"commit,omitempty"`
	Markdown string         `json:"markdown"`
	Plan     *plan.Plan     `json:"plan"`
	Tokens   Tokens         `json:"tokens"`
	Context  *Context       `json:"context,omitempty"`
	Report   *verify.Report `json:"verification,omitempty"`
}

// Plan runs the whole pipeline for a request, verifies the plan, keeps it
// in the history with the door's name, and returns it. events, when not
// nil, receives progress as it happens (called from this goroutine only).
func (s *Service) Plan(ctx context.Context, in *Request, door string, events func(Event)) (*Output, error) {
	emit := func(e Event) {
		if events != nil {
			events(e)
		}
	}
	req, err := s.request(in)
	if err != nil {
		return nil, err
	}
	p, err := s.planner(in.Provider)
	if err != nil {
		return nil, err
	}
	res, err := p.Plan(ctx, req, func(e planner.Event) {
		switch e.Kind {
		case planner.EventStage:
			emit(Event{EventStage, Text{e.Text}})
		case planner.EventText:
			emit(Event{EventText, Text{e.Text}})
		case planner.EventRetry:
			emit(Event{EventRepair, Text{e.Text}})
		}
	})
	if err != nil {
		return nil, err
	}
	out := &Output{Provider: res.Provider, Model: res.Model, Markdown: res.Markdown, Plan: res.Plan, Context: contextOf(res.Prepared)}
	if res.Template != nil {
		out.Template = res.Template.Name
	}
	out.Tokens = Tokens{PromptTokens: res.PromptTokens, InputTokens: res.Usage.InputTokens, OutputTokens: res.Usage.OutputTokens, CostUSD: cost(res)}
	emit(Event{EventContext, out.Context})
	emit(Event{EventTokens, out.Tokens})
	emit(Event{EventPlan, out})

	rep := res.Report
	if rep == nil {
		emit(Event{EventStage, Text{"verifying the plan"}})
		if rep, err = VerifyResult(ctx, res); err != nil {
			return nil, err
		}
		out.Plan.Verification = rep.Summary()
	}
	out.Report = rep
	emit(Event{EventVerification, rep})

	out.Commit = store.HeadCommit(ctx, s.root)
	if st := s.cfg.Store; st != nil {
		rec, err := NewRecord(door, s.root, out.Commit, res, rep)
		if err != nil {
			return nil, err
		}
		rec.CreatedAt = s.cfg.Now()
		id, err := st.Save(ctx, rec)
		if err != nil {
			return nil, err
		}
		out.ID = id
		emit(Event{EventSaved, Saved{id}})
	}
	return out, nil
}

// VerifyResult verifies a plan the planner wrote against the index it was
// grounded in, for a result the planner did not verify itself.
func VerifyResult(ctx context.Context, res *planner.Result) (*verify.Report, error) {
	opts := verify.Options{Story: res.Story, Facts: res.Facts, PlanText: res.Markdown}
	if res.Template != nil {
		opts.Sections = res.Template.Sections
	}
	rep, err := verify.Verify(ctx, res.Index, res.Plan, opts)
	if err != nil {
		return nil, fmt.Errorf("verify the plan: %w", err)
	}
	return rep, nil
}

func cost(res *planner.Result) *float64 {
	if res.Provider == "offline" {
		zero := 0.0
		return &zero
	}
	if usd, ok := llm.Cost(res.Model, res.Usage, nil); ok {
		return &usd
	}
	return nil
}

// NewRecord builds the history record of a planner result and its
// verification report (nil: the planner's own report, if any). door names the
// front door: cli, http or mcp; commit is the repository's HEAD.
func NewRecord(door, repo, commit string, res *planner.Result, rep *verify.Report) (*store.Record, error) {
	if rep == nil {
		rep = res.Report
	}
	r := &store.Record{Door: door, Repo: repo, Commit: commit, Provider: res.Provider, Model: res.Model,
		Markdown: res.Markdown, InputTokens: res.Usage.InputTokens, OutputTokens: res.Usage.OutputTokens, CostUSD: cost(res)}
	if res.Prepared != nil {
		r.PromptTokens = res.PromptTokens
		r.StoryKey, r.StoryTitle = store.StoryKey(res.Story), store.StoryTitle(res.Story)
		if res.Story != nil {
			data, err := json.Marshal(res.Story)
			if err != nil {
				return nil, fmt.Errorf("history: encode the story: %w", err)
			}
			r.StoryJSON = string(data)
		}
		if res.Template != nil {
			r.Template = res.Template.Name
		}
	}
	if res.Plan != nil {
		data, err := res.Plan.JSON()
		if err != nil {
			return nil, fmt.Errorf("history: encode the plan: %w", err)
		}
		r.PlanJSON = string(data)
		if r.StoryTitle == "" {
			r.StoryTitle = res.Plan.Title
		}
	}
	if rep != nil {
		data, err := rep.JSON()
		if err != nil {
			return nil, err
		}
		r.Verified, r.Score, r.Errors, r.Warnings, r.ReportJSON = true, rep.Score, rep.Errors, rep.Warnings, string(data)
	}
	return r, nil
}

// VerifyRequest is a plan to verify against the repository.
type VerifyRequest struct {
	Markdown string      `json:"markdown" jsonschema:"the plan in Markdown"`
	Story    *StoryInput `json:"story,omitempty" jsonschema:"the story the plan is for, to check acceptance-criterion coverage"`
	Template string      `json:"template,omitempty" jsonschema:"template whose required sections the plan must have"`
	// Refresh rebuilds the repository index first.
	Refresh bool `json:"refresh,omitempty" jsonschema:"rebuild the repository index before verifying"`
}

// VerifyOutput is a verified plan.
type VerifyOutput struct {
	Plan   *plan.Plan     `json:"plan"`
	Report *verify.Report `json:"report"`
}

// Verify parses a posted plan and checks it against the repository.
func (s *Service) Verify(ctx context.Context, in *VerifyRequest) (*VerifyOutput, error) {
	if strings.TrimSpace(in.Markdown) == "" {
		return nil, inputErrorf("no plan given: send the plan's Markdown in \"markdown\"")
	}
	opts := verify.Options{PlanText: in.Markdown}
	if !in.Story.empty() {
		st, err := s.Story(in.Story)
		if err != nil {
			return nil, err
		}
		opts.Story = st
	}
	if in.Template != "" {
		name, err := s.Template(in.Template)
		if err != nil {
			return nil, err
		}
		t, err := prompt.Load(name)
		if err != nil {
			return nil, &planner.InputError{Err: err}
		}
		opts.Sections = t.Sections
	}
	p, err := plan.ParseMarkdown(in.Markdown)
	if err != nil {
		return nil, &planner.InputError{Err: fmt.Errorf("read the plan: %w", err)}
	}
	ix, err := s.Index(ctx, in.Refresh)
	if err != nil {
		return nil, err
	}
	rep, err := verify.Verify(ctx, ix, p, opts)
	if err != nil {
		return nil, fmt.Errorf("verify the plan: %w", err)
	}
	p.Verification = rep.Summary()
	return &VerifyOutput{Plan: p, Report: rep}, nil
}

// Index returns the repository's index, rebuilt when it is older than the
// configured age or when refresh is set.
func (s *Service) Index(ctx context.Context, refresh bool) (*index.Index, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !refresh && s.ix != nil && s.cfg.Now().Sub(s.ixAt) < s.cfg.IndexMaxAge {
		return s.ix, nil
	}
	ix, err := index.Build(ctx, s.root, s.cfg.IndexOptions)
	if err != nil {
		return nil, err
	}
	s.ix, s.ixAt = ix, s.cfg.Now()
	return ix, nil
}

// TemplateInfo describes a built-in template.
type TemplateInfo struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Input       string   `json:"input"`
	Sections    []string `json:"sections,omitempty"`
	Variables   []string `json:"variables,omitempty"` // extra variables it takes
}

// Templates lists the built-in templates.
func (s *Service) Templates() []TemplateInfo {
	standard := map[string]bool{}
	for _, v := range prompt.StandardVariables() {
		standard[v] = true
	}
	out := []TemplateInfo{}
	for _, t := range prompt.Builtins() {
		ti := TemplateInfo{Name: strings.TrimPrefix(t.Name, "builtin:"), Description: t.Description, Input: t.Input, Sections: t.Sections}
		for _, v := range t.Variables {
			if standard[v.Name] {
				continue
			}
			ti.Variables = append(ti.Variables, v.Name)
		}
		out = append(out, ti)
	}
	return out
}
