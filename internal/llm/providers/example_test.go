package providers_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/groundplan/groundplan/internal/config"
	"github.com/groundplan/groundplan/internal/llm"
	"github.com/groundplan/groundplan/internal/llm/providers"
)

// How a front door builds its provider: load the configuration, let flags
// override it, resolve, then open. The offline provider is the planner's.
func ExampleOpen() {
	ctx := context.Background()
	cfg, _, err := config.Load(ctx, ".")
	if err != nil {
		fmt.Println(err)
		return
	}
	env := func(string) string { return "" } // os.Getenv in a real program
	name, model, reason := config.Resolve(cfg, env)
	fmt.Fprintln(os.Stderr, reason)

	p, err := providers.Open(ctx, cfg, env)
	switch {
	case errors.Is(err, providers.ErrOffline):
		fmt.Println("offline draft")
		return
	case err != nil:
		fmt.Println(err)
		return
	}
	s, err := p.Stream(ctx, llm.Request{Model: model, Messages: []llm.Message{{Role: llm.RoleUser, Content: "…"}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	for s.Next() {
		fmt.Print(s.Current())
	}
	if err := s.Err(); err != nil {
		fmt.Println(err)
	}
	usd, known := llm.Cost(model, s.Usage(), cfg.Prices)
	fmt.Println(name, usd, known, llm.FromCache(s))
}
