// Package planner is groundplan's pipeline: story → workspace facts → index
// → rank → pack → prompt → model → plan → verify. Every front door (CLI,
// HTTP, MCP) calls it; none of them repeats a stage.
package planner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/llm"
	"github.com/groundplan/groundplan/internal/llm/offline"
	"github.com/groundplan/groundplan/internal/pack"
	"github.com/groundplan/groundplan/internal/plan"
	"github.com/groundplan/groundplan/internal/prompt"
	"github.com/groundplan/groundplan/internal/rank"
	"github.com/groundplan/groundplan/internal/redact"
	"github.com/groundplan/groundplan/internal/story"
	"github.com/groundplan/groundplan/internal/verify"
	"github.com/groundplan/groundplan/internal/workspace"
)

// DefaultBudget is the context budget in tokens when a request sets none.
const DefaultBudget = 16000

// Request is one planning request, from any front door.
type Request struct {
	Repo        string            // repository root
	StoryFile   string            // a user story file (Markdown, YAML, JSON)
	SpecFile    string            // a component spec file (free-form Markdown)
	Story       *story.Story      // an input already parsed (flags, HTTP); wins over the files
	Template    string            // built-in name or file path; "" picks by input: story or backend
	Vars        map[string]string // extra template variables
	Budget      int               // context budget in tokens
	Model       string            // the model to ask; recorded in the plan
	MaxTokens   int               // the longest answer; 0 leaves the provider's default
	Temperature *float64          // sent only when set
	// NoRedact sends secret values found in the repository and the story
	// to the model as they are. Files that exist to hold secrets stay
	// refused.
	NoRedact bool
	// IncludeVendored indexes vendored and generated files too
	// (index.Options.IncludeVendored): their symbols become known, so
	// that verification finds the dependencies' names, but they are never
	// ranked or packed.
	IncludeVendored bool
	// NoGitHistory ranks without the repository's git history (by
	// default files changed by past commits like the story rank higher).
	NoGitHistory bool
	// Repair is how many times a plan that fails verification is sent back
	// to the model with the findings; 0 means DefaultRepair, a negative
	// value none.
	Repair int
}

// DefaultRepair is the number of repair rounds when a request sets none.
const DefaultRepair = 2

// Prepared is everything up to the rendered prompt.
type Prepared struct {
	Story        *story.Story
	Template     *prompt.Template
	Index        *index.Index
	Facts        *workspace.Facts
	Ranked       []rank.Result
	Context      *pack.Context
	Vars         map[string]string
	Prompt       string
	PromptTokens int
	// Redactions lists the secrets replaced by markers before the prompt
	// was built: where and which rule, never the value.
	Redactions []redact.Finding
}

// Result is a finished plan with what it was made from.
type Result struct {
	*Prepared
	Plan     *plan.Plan
	Markdown string // the plan as delivered: reasoning blocks removed
	Hidden   string // the reasoning blocks the model wrote, if any
	Provider string
	Model    string
	Usage    llm.Usage // summed over every round
	Report   *verify.Report
	Rounds   int  // model calls made: 1 plus the repair rounds used
	Cached   bool // every answer came from the response cache
}

// EventKind names a progress event.
type EventKind string

// The events a plan run reports.
const (
	EventStage  EventKind = "stage"  // a pipeline stage starts; Text names it
	EventText   EventKind = "text"   // visible plan text as it streams
	EventHidden EventKind = "hidden" // reasoning text, never shown as the plan
	EventVerify EventKind = "verify" // a verification report; Report is set
	EventRetry  EventKind = "repair" // a repair round starts: the streamed text so far is replaced
)

// Event is one progress report.
type Event struct {
	Kind   EventKind
	Text   string
	Report *verify.Report
}

// ProviderFunc opens the model provider for a request. A nil ProviderFunc,
// or one returning a nil provider, means the offline draft.
type ProviderFunc func(ctx context.Context, req Request) (llm.Provider, error)

// Planner runs the pipeline. Its zero value plans offline.
type Planner struct {
	// Provider opens the model provider; nil plans offline.
	Provider ProviderFunc
	// IndexOptions tune the index build.
	IndexOptions index.Options
	// Redactor finds secrets; nil builds the default one on first use.
	Redactor *redact.Redactor

	redactOnce sync.Once
	redactErr  error
	memo       redactMemo
}

// InputError marks an error caused by what the user gave (a story, a
// template, a flag), as opposed to a failure of the pipeline.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func inputErr(err error) error {
	if err == nil {
		return nil
	}
	var ie *InputError
	if errors.As(err, &ie) {
		return err
	}
	return &InputError{Err: err}
}

// LoadStory reads the request's input: the parsed story, the spec file or
// the story file.
func LoadStory(req Request) (*story.Story, error) {
	switch {
	case req.Story != nil:
		return req.Story, nil
	case req.SpecFile != "":
		data, err := readInput(req.SpecFile)
		if err != nil {
			return nil, err
		}
		s, err := story.ParseSpec(req.SpecFile, data)
		return s, inputErr(err)
	case req.StoryFile != "":
		s, err := story.ParseFile(req.StoryFile)
		return s, inputErr(err)
	}
	return nil, inputErr(errors.New("no story given: pass a story file, --spec FILE, or --goal with --ac"))
}

// SelectTemplate loads the request's template, or picks the built-in that
// fits the input: "backend" for a spec, "story" for a user story.
func SelectTemplate(req Request, s *story.Story) (*prompt.Template, error) {
	name := req.Template
	if name == "" {
		name = "story"
		if s != nil && s.Kind == story.KindSpec {
			name = "backend"
		}
	}
	t, err := prompt.Load(name)
	return t, inputErr(err)
}

// Index builds (or refreshes, from the persistent cache) the index of a
// repository.
func (p *Planner) Index(ctx context.Context, repo string) (*index.Index, error) {
	return p.BuildIndex(ctx, Request{Repo: repo})
}

// BuildIndex builds (or refreshes, from the persistent cache) the index of
// req.Repo with the planner's index options and what the request asks
// for (IncludeVendored). Vendored and plain builds of one repository keep
// separate caches.
func (p *Planner) BuildIndex(ctx context.Context, req Request) (*index.Index, error) {
	repo := req.Repo
	if repo == "" {
		repo = "."
	}
	return index.Build(ctx, repo, p.indexOptions(req))
}

// historyTimeout bounds reading the git history: the ranking goes
// without it rather than wait on a huge or slow repository.
const historyTimeout = 10 * time.Second

// historyDir is where the history cache is kept: beside the index cache
// when the planner names one, the user cache directory otherwise, and
// nowhere when the index cache is off.
func (p *Planner) historyDir() string {
	switch {
	case p.IndexOptions.NoCache:
		return index.NoHistoryCache
	case p.IndexOptions.CacheDir != "":
		return filepath.Join(p.IndexOptions.CacheDir, "history")
	}
	return ""
}

// indexOptions returns the planner's index options with the request's.
func (p *Planner) indexOptions(req Request) index.Options {
	opts := p.IndexOptions
	if req.IncludeVendored {
		opts.IncludeVendored = true
	}
	return opts
}

// Context runs the pipeline up to the packed codebase context: the story,
// the workspace facts, the ranked files and what fits the budget, with
// secrets redacted. Prompt is left empty.
func (p *Planner) Context(ctx context.Context, req Request, events func(Event)) (*Prepared, error) {
	prep, sec, err := p.context(ctx, req, events)
	if err != nil {
		return nil, err
	}
	if err := sec.close(); err != nil {
		return nil, err
	}
	return prep, nil
}

func (p *Planner) context(ctx context.Context, req Request, events func(Event)) (*Prepared, *secrets, error) {
	emit := emitter(events)
	if req.Repo == "" {
		req.Repo = "."
	}
	if req.Budget <= 0 {
		req.Budget = DefaultBudget
	}
	s, err := LoadStory(req)
	if err != nil {
		return nil, nil, err
	}
	t, err := SelectTemplate(req, s)
	if err != nil {
		return nil, nil, err
	}
	emit(Event{Kind: EventStage, Text: "indexing " + req.Repo})
	// The history is read while the index builds; it is an extra signal,
	// so a repository without git or history ranks without it.
	// Reading it is bounded, and abandoned (git killed) when the index
	// fails or the request ends first.
	histc := make(chan *index.History, 1)
	hctx, hcancel := context.WithTimeout(ctx, historyTimeout)
	defer hcancel()
	if req.NoGitHistory {
		histc <- nil
	} else {
		go func() {
			h, err := index.LoadHistory(hctx, req.Repo, p.historyDir(), index.HistoryOptions{})
			if err != nil {
				h = nil
			}
			histc <- h
		}()
	}
	ix, err := p.BuildIndex(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	facts, err := workspace.Detect(ctx, ix)
	if err != nil {
		return nil, nil, fmt.Errorf("workspace %s: %w", req.Repo, err)
	}
	emit(Event{Kind: EventStage, Text: "ranking files"})
	ranked, err := rank.Rank(ctx, ix, rank.NewQuery(s.QueryText()), rank.Options{Limit: 40, History: <-histc})
	if err != nil {
		return nil, nil, fmt.Errorf("rank %s: %w", req.Repo, err)
	}
	sec, err := p.newSecrets(ix, req.NoRedact)
	if err != nil {
		return nil, nil, err
	}
	emit(Event{Kind: EventStage, Text: "packing context"})
	packed, err := pack.Pack(ctx, ix, ranked, pack.Options{Budget: req.Budget, Skip: sec.refuse, Filter: sec.filterAt})
	if err != nil {
		return nil, nil, fmt.Errorf("pack %s: %w", req.Repo, err)
	}
	return &Prepared{Story: s, Template: t, Index: ix, Facts: facts, Ranked: ranked, Context: packed, Redactions: sec.list()}, sec, nil
}

// Prepare runs the pipeline up to the rendered prompt.
func (p *Planner) Prepare(ctx context.Context, req Request, events func(Event)) (*Prepared, error) {
	prep, sec, err := p.context(ctx, req, events)
	if err != nil {
		return nil, err
	}
	s, ix := prep.Story, prep.Index
	vars := Variables(ix, s, prep.Facts, prep.Context)
	storySource := s.Source
	if storySource == "" {
		storySource = "story"
	}
	for k, v := range vars {
		if storyVars[k] {
			vars[k] = sec.filter(storySource, v)
		}
	}
	for k, v := range req.Vars {
		vars[k] = sec.filter("--var "+k, v)
	}
	text, err := prep.Template.Render(vars, ix, prompt.RenderOptions{Refuse: sec.refuse, Filter: sec.filter})
	if err != nil {
		return nil, inputErr(err)
	}
	// A last pass over the whole prompt, template text included.
	text = sec.filter("prompt", text)
	prep.Vars = vars
	prep.Prompt = text
	prep.PromptTokens = pack.CountTokens(text)
	prep.Redactions = sec.list()
	if err := sec.close(); err != nil {
		return nil, err
	}
	return prep, nil
}

// storyVars are the variables that carry the user's story text.
var storyVars = map[string]bool{"userStoryActor": true, "userStoryGoal": true, "userStoryBenefit": true, "acceptanceCriteria": true, "storyTitle": true, "storyText": true, "componentSpec": true}

// Variables fills the standard template variables from the pipeline's
// stages.
func Variables(ix *index.Index, s *story.Story, f *workspace.Facts, c *pack.Context) map[string]string {
	spec := s.Spec
	if spec == "" {
		spec = storyAsSpec(s)
	}
	actor := s.Actor
	if actor == "" {
		actor = "user"
	}
	return map[string]string{
		"userStoryActor":      actor,
		"userStoryGoal":       s.Goal,
		"userStoryBenefit":    s.Benefit,
		"acceptanceCriteria":  s.CriteriaMarkdown(),
		"storyTitle":          s.Title,
		"storyText":           s.Text(),
		"componentSpec":       spec,
		"projectLanguage":     f.PrimaryLanguage(),
		"projectFramework":    f.Framework(),
		"projectDependencies": f.DependencySummary(20),
		"codebaseContext":     c.Text,
		"repoMap":             c.Map,
		"repoName":            filepath.Base(ix.Root()),
	}
}

func storyAsSpec(s *story.Story) string {
	var b strings.Builder
	if s.Title != "" {
		fmt.Fprintf(&b, "# %s\n\n", s.Title)
	}
	if s.Goal != "" {
		fmt.Fprintf(&b, "As a %s, I want %s", s.Actor, s.Goal)
		if s.Benefit != "" {
			fmt.Fprintf(&b, ", so that %s", s.Benefit)
		}
		b.WriteString(".\n\n")
	}
	if len(s.Criteria) > 0 {
		b.WriteString("Acceptance criteria:\n\n" + s.CriteriaMarkdown() + "\n")
	}
	if s.Notes != "" {
		b.WriteString("\n" + s.Notes + "\n")
	}
	return strings.TrimSpace(b.String())
}

// Plan runs the whole pipeline and returns the verified plan. events, when
// not nil, receives progress, the plan's visible text as it streams, and
// each verification report. A plan that fails verification goes back to the
// model with the findings, up to req.Repair rounds; the best plan is kept.
func (p *Planner) Plan(ctx context.Context, req Request, events func(Event)) (*Result, error) {
	emit := emitter(events)
	prep, err := p.Prepare(ctx, req, events)
	if err != nil {
		return nil, err
	}
	var prov llm.Provider
	if p.Provider != nil {
		if prov, err = p.Provider(ctx, req); err != nil {
			return nil, err
		}
	}
	if prov == nil {
		prov = offline.New(offline.Input{Story: prep.Story, Index: prep.Index, Ranked: prep.Ranked, Facts: prep.Facts, Sections: prep.Template.Sections, Template: prep.Template.Name})
	}
	rounds := req.Repair
	if rounds == 0 {
		rounds = DefaultRepair
	}
	if rounds < 0 || prov.Name() == "offline" {
		rounds = 0 // the draft is deterministic: asking again changes nothing
	}
	msgs := []llm.Message{{Role: llm.RoleUser, Content: prep.Prompt}}
	var best *Result
	var usage llm.Usage
	cached := true
	for round := 0; ; round++ {
		if round == 0 {
			emit(Event{Kind: EventStage, Text: "writing the plan with " + prov.Name()})
		} else {
			emit(Event{Kind: EventRetry, Text: fmt.Sprintf("repair round %d of %d", round, rounds)})
		}
		res, err := p.generate(ctx, prov, req, prep, msgs, emit)
		if err != nil {
			return nil, err
		}
		usage.InputTokens += res.Usage.InputTokens
		usage.OutputTokens += res.Usage.OutputTokens
		cached = cached && res.Cached
		emit(Event{Kind: EventStage, Text: "verifying the plan"})
		rep, err := verify.Verify(ctx, prep.Index, res.Plan, verify.Options{Story: prep.Story, Sections: prep.Template.Sections, Facts: prep.Facts, PlanText: res.Markdown})
		if err != nil {
			return nil, fmt.Errorf("verify the plan: %w", err)
		}
		res.Report = rep
		res.Rounds = round + 1
		emit(Event{Kind: EventVerify, Report: rep})
		if best == nil || rep.Score > best.Report.Score {
			best = res
		}
		if rep.OK || round >= rounds {
			break
		}
		msgs = append(msgs, llm.Message{Role: llm.RoleAssistant, Content: res.Markdown}, llm.Message{Role: llm.RoleUser, Content: rep.RepairPrompt(res.Markdown)})
	}
	best.Usage = usage
	best.Cached = cached
	attachVerification(best)
	return best, nil
}

// generate makes one model call and parses its answer.
func (p *Planner) generate(ctx context.Context, prov llm.Provider, req Request, prep *Prepared, msgs []llm.Message, emit func(Event)) (*Result, error) {
	stream, err := prov.Stream(ctx, llm.Request{Model: req.Model, Messages: msgs, MaxTokens: req.MaxTokens, Temperature: req.Temperature})
	if err != nil {
		return nil, providerErr(prov, err)
	}
	defer stream.Close()
	filter := plan.NewTagFilter(prep.Template.StripTags)
	var visible, hidden strings.Builder
	take := func(v, h string) {
		visible.WriteString(v)
		hidden.WriteString(h)
		if v != "" {
			emit(Event{Kind: EventText, Text: v})
		}
		if h != "" {
			emit(Event{Kind: EventHidden, Text: h})
		}
	}
	for stream.Next() {
		take(filter.Write(stream.Current()))
	}
	if err := stream.Err(); err != nil {
		return nil, providerErr(prov, err)
	}
	take(filter.Flush())
	md, _ := plan.StripTags(visible.String(), nil)
	pl, err := plan.ParseMarkdown(md)
	if err != nil {
		return nil, fmt.Errorf("parse the plan from %s: %w", prov.Name(), err)
	}
	pl.Template = prep.Template.Name
	pl.Provider = prov.Name()
	pl.Model = req.Model
	return &Result{Prepared: prep, Plan: pl, Markdown: md, Hidden: hidden.String(), Provider: prov.Name(), Model: req.Model, Usage: stream.Usage(), Cached: llm.FromCache(stream)}, nil
}

// attachVerification records the report's summary in the plan and appends
// it, as a Verification Report section, to the delivered Markdown.
func attachVerification(r *Result) {
	r.Plan.Verification = r.Report.Summary()
	body := r.Report.SummaryMarkdown(r.Rounds)
	title := plan.TitleFor(plan.KeyVerification)
	r.Plan.Sections = append(r.Plan.Sections, plan.Section{Key: plan.KeyVerification, Title: title, Body: body})
	r.Markdown = strings.TrimRight(r.Markdown, "\n") + "\n\n## " + title + "\n\n" + body + "\n"
}

// providerErr names the provider in an error unless the error already
// does.
func providerErr(prov llm.Provider, err error) error {
	if strings.HasPrefix(err.Error(), prov.Name()) {
		return err
	}
	return fmt.Errorf("%s: %w", prov.Name(), err)
}

func emitter(events func(Event)) func(Event) {
	if events == nil {
		return func(Event) {}
	}
	return events
}

// readInput reads an input file named by the user, wrapping the error with
// its path.
func readInput(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, inputErr(fmt.Errorf("read %s: %w", path, err))
	}
	return data, nil
}

// SymbolMap writes the symbol map of a whole repository, req.Repo (every
// indexed file with its symbols and signatures, no story; vendored files
// too with req.IncludeVendored) to w, leaving out files that exist to
// hold secrets and redacting secret values in signatures unless
// req.NoRedact.
func (p *Planner) SymbolMap(ctx context.Context, req Request, w io.Writer) (*index.Index, pack.MapStats, error) {
	repo := req.Repo
	ix, err := p.BuildIndex(ctx, req)
	if err != nil {
		return nil, pack.MapStats{}, err
	}
	sec, err := p.newSecrets(ix, req.NoRedact)
	if err != nil {
		return nil, pack.MapStats{}, err
	}
	st, err := pack.WriteSymbolMap(ctx, w, ix, pack.MapOptions{Skip: sec.refuse, Filter: sec.filterAt})
	if err != nil {
		return nil, st, fmt.Errorf("symbol map %s: %w", repo, err)
	}
	if err := sec.close(); err != nil {
		return nil, st, err
	}
	return ix, st, nil
}
