package llm_test

import (
	"math"
	"testing"

	"github.com/groundplan/groundplan/internal/llm"
)

func TestCost(t *testing.T) {
	u := llm.Usage{InputTokens: 1_000_000, OutputTokens: 100_000}
	cases := []struct {
		model string
		usd   float64
		known bool
	}{
		{"gpt-4.1", 2.00 + 0.80, true},
		{"gpt-4.1-mini", 0.40 + 0.16, true},
		{"gpt-4o-mini-2024-07-18", 0.15 + 0.06, true}, // dated snapshot → family
		{"openai/gpt-4o", 2.50 + 1.00, true},          // OpenRouter-style name
		{"o3-mini", 1.10 + 0.44, true},                // not o3
		{"claude-sonnet-4-5-20250929", 3.00 + 1.50, true},
		{"claude-sonnet-4-20250514", 3.00 + 1.50, true},
		{"claude-opus-4-1", 15.00 + 7.50, true},
		{"models/gemini-2.5-flash", 0.30 + 0.25, true},
		{"gemini-2.5-flash-lite", 0.10 + 0.04, true},
		{"GPT-5-MINI", 0.25 + 0.20, true},
		{"qwen2.5-coder", 0, false},
		{"gpt-4.1x", 0, false}, // no '-' boundary
		{"", 0, false},
	}
	for _, c := range cases {
		usd, known := llm.Cost(c.model, u, nil)
		if known != c.known || math.Abs(usd-c.usd) > 1e-9 {
			t.Errorf("Cost(%q) = %v, %v; want %v, %v", c.model, usd, known, c.usd, c.known)
		}
	}
}

func TestCostOverrides(t *testing.T) {
	u := llm.Usage{InputTokens: 2_000_000, OutputTokens: 1_000_000}
	over := map[string]llm.Price{
		"gpt-4.1":       {Input: 1, Output: 1},
		"Qwen2.5-Coder": {Input: 0, Output: 0},
		"my-model":      {Input: 3, Output: 4},
	}
	if usd, ok := llm.Cost("gpt-4.1-2025-04-14", u, over); !ok || usd != 3 {
		t.Errorf("override not used for a snapshot: %v %v", usd, ok)
	}
	if usd, ok := llm.Cost("qwen2.5-coder", u, over); !ok || usd != 0 {
		t.Errorf("a free local model should be known at 0: %v %v", usd, ok)
	}
	if usd, ok := llm.Cost("my-model", u, over); !ok || usd != 10 {
		t.Errorf("new model: %v %v", usd, ok)
	}
	if usd, ok := llm.Cost("gpt-4o", u, over); !ok || usd != 15 {
		t.Errorf("built-in still used next to overrides: %v %v", usd, ok)
	}
}

func TestBuiltinPricesIsACopy(t *testing.T) {
	p := llm.BuiltinPrices()
	p["gpt-4.1"] = llm.Price{}
	if usd, _ := llm.Cost("gpt-4.1", llm.Usage{InputTokens: 1_000_000}, nil); usd != 2 {
		t.Errorf("the built-in table was changed through BuiltinPrices: %v", usd)
	}
}
