package llm

import (
	"strings"
)

// Price is what a model costs, in US dollars per million tokens.
type Price struct {
	Input  float64 `json:"input" yaml:"input"`
	Output float64 `json:"output" yaml:"output"`
}

// builtinPrices holds list prices in USD per million tokens for standard
// (non-batch, non-cached, short-context) use, as the vendors published them
// in October 2025. Prices change: users override them with `prices:` in the
// config. Keys are model names without date suffixes; a dated snapshot
// ("claude-sonnet-4-5-20250929") takes the price of its family.
var builtinPrices = map[string]Price{
	// OpenAI
	"gpt-5":        {1.25, 10.00},
	"gpt-5-mini":   {0.25, 2.00},
	"gpt-5-nano":   {0.05, 0.40},
	"gpt-4.1":      {2.00, 8.00},
	"gpt-4.1-mini": {0.40, 1.60},
	"gpt-4.1-nano": {0.10, 0.40},
	"gpt-4o":       {2.50, 10.00},
	"gpt-4o-mini":  {0.15, 0.60},
	"o3":           {2.00, 8.00},
	"o3-mini":      {1.10, 4.40},
	"o4-mini":      {1.10, 4.40},
	// Anthropic
	"claude-opus-4-1":   {15.00, 75.00},
	"claude-opus-4":     {15.00, 75.00},
	"claude-sonnet-4-5": {3.00, 15.00},
	"claude-sonnet-4":   {3.00, 15.00},
	"claude-haiku-4-5":  {1.00, 5.00},
	"claude-3-5-haiku":  {0.80, 4.00},
	// Google Gemini
	"gemini-2.5-pro":        {1.25, 10.00},
	"gemini-2.5-flash":      {0.30, 2.50},
	"gemini-2.5-flash-lite": {0.10, 0.40},
	"gemini-2.0-flash":      {0.10, 0.40},
}

// BuiltinPrices returns a copy of the built-in price table.
func BuiltinPrices() map[string]Price {
	out := make(map[string]Price, len(builtinPrices))
	for k, v := range builtinPrices {
		out[k] = v
	}
	return out
}

// LookupPrice finds the price of model, in overrides first, then in the
// built-in table. Names match without case, without a "models/" or vendor
// prefix ("openai/gpt-4o" as OpenRouter writes it), and by family: the
// longest known name that model starts with, followed by '-', ':' or '@'.
func LookupPrice(model string, overrides map[string]Price) (Price, bool) {
	name := normalizeModel(model)
	if name == "" {
		return Price{}, false
	}
	if len(overrides) > 0 {
		norm := make(map[string]Price, len(overrides))
		for k, v := range overrides {
			norm[normalizeModel(k)] = v
		}
		if p, ok := matchPrice(name, norm); ok {
			return p, true
		}
	}
	return matchPrice(name, builtinPrices)
}

// Cost is what u cost on model in US dollars; known is false when the model
// has no price (a local model, or one missing from the table).
func Cost(model string, u Usage, overrides map[string]Price) (usd float64, known bool) {
	p, ok := LookupPrice(model, overrides)
	if !ok {
		return 0, false
	}
	return (float64(u.InputTokens)*p.Input + float64(u.OutputTokens)*p.Output) / 1e6, true
}

func normalizeModel(model string) string {
	name := strings.ToLower(strings.TrimSpace(model))
	name = strings.TrimPrefix(name, "models/")
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return name
}

func matchPrice(name string, table map[string]Price) (Price, bool) {
	if p, ok := table[name]; ok {
		return p, true
	}
	best, found := "", false
	var price Price
	for k, p := range table {
		if len(k) <= len(best) || len(name) <= len(k) || !strings.HasPrefix(name, k) {
			continue
		}
		switch name[len(k)] {
		case '-', ':', '@':
			best, price, found = k, p, true
		}
	}
	return price, found
}
