package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/groundplan/groundplan/internal/config"
	"github.com/groundplan/groundplan/internal/llm"
	"github.com/groundplan/groundplan/internal/llm/providers"
	"github.com/groundplan/groundplan/internal/planner"
)

// modelFlags choose and tune the model that writes the plan.
type modelFlags struct {
	Provider     string
	Model        string
	BaseURL      string
	NoCache      bool
	DryRun       bool
	KeepAnalysis string
	Repair       int
}

func (m *modelFlags) register(c *cobra.Command) {
	fl := c.Flags()
	fl.StringVar(&m.Provider, "provider", "", "model provider: openai, anthropic, gemini, ollama, openai-compatible or offline (default: from config or the API key found)")
	fl.StringVar(&m.Model, "model", "", "model name (default: the provider's default)")
	fl.StringVar(&m.BaseURL, "base-url", "", "endpoint of an OpenAI-compatible server (vLLM, llama.cpp, LM Studio, OpenRouter, Azure OpenAI)")
	fl.BoolVar(&m.NoCache, "no-cache", false, "ask the model even when the same request was answered before")
	fl.BoolVar(&m.DryRun, "dry-run", false, "print the prompt's token count and the estimated cost without calling the model")
	fl.StringVar(&m.KeepAnalysis, "keep-analysis", "", "save the model's reasoning blocks (e.g. <implementation_breakdown>) to this file")
	fl.IntVar(&m.Repair, "repair", planner.DefaultRepair, "rounds of sending verification findings back to the model (0 for none)")
	_ = c.RegisterFlagCompletionFunc("provider", fixedCompletions(config.Providers...))
}

// modelChoice is the provider and model a run uses, and why.
type modelChoice struct {
	cfg      config.Config
	name     string
	model    string
	reason   string
	provider llm.Provider // nil: offline
}

// choose loads the configuration (user config, the repo's
// .groundplan.yaml, environment), applies the flags and opens the provider.
func (m *modelFlags) choose(ctx context.Context, f *Factory, repo string, onRetry func(llm.RetryEvent)) (*modelChoice, error) {
	cfg, _, err := config.Load(ctx, repo)
	if err != nil {
		return nil, &planner.InputError{Err: err}
	}
	if m.Provider != "" {
		cfg.Provider = m.Provider
	}
	if m.Model != "" {
		cfg.Model = m.Model
	}
	if m.BaseURL != "" {
		cfg.BaseURL = m.BaseURL
		cfg.BaseURLFromRepo = false
	}
	if m.NoCache {
		cfg.NoCache = true
	}
	ch := &modelChoice{cfg: cfg}
	ch.name, ch.model, ch.reason = config.Resolve(cfg, f.Getenv)
	if ch.name == config.ProviderOffline || m.DryRun {
		return ch, nil
	}
	p, err := providers.OpenWith(ctx, cfg, f.Getenv, providers.Extras{OnRetry: onRetry})
	if errors.Is(err, providers.ErrOffline) {
		return ch, nil
	}
	if err != nil {
		return nil, &planner.InputError{Err: fmt.Errorf("provider %s: %w", ch.name, err)}
	}
	ch.provider = p
	return ch, nil
}

// apply puts the choice into a planner and a request.
func (ch *modelChoice) apply(p *planner.Planner, req *planner.Request) {
	if ch.provider != nil && p.Provider == nil {
		prov := ch.provider
		p.Provider = func(context.Context, planner.Request) (llm.Provider, error) { return prov, nil }
	}
	if ch.provider != nil {
		req.Model = ch.model
		req.MaxTokens = ch.cfg.MaxTokens
		req.Temperature = ch.cfg.Temperature
	}
}

// expectedOutputTokens is the answer size a dry run prices: plans run to a
// few thousand tokens.
const expectedOutputTokens = 4000

// costLine prices usage for the stderr summary.
func costLine(model string, u llm.Usage, prices map[string]llm.Price) string {
	usd, known := llm.Cost(model, u, prices)
	if !known {
		return fmt.Sprintf("cost unknown for %s (add its price to the config's prices)", model)
	}
	return fmt.Sprintf("$%.4f", usd)
}
