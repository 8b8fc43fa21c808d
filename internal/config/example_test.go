package config_test

import (
	"fmt"

	"github.com/groundplan/groundplan/internal/config"
)

func ExampleResolve() {
	env := map[string]string{"ANTHROPIC_API_KEY": "sk-ant-…"}
	name, model, reason := config.Resolve(config.Config{}, func(k string) string { return env[k] })
	fmt.Println(name, model)
	fmt.Println(reason)

	name, model, _ = config.Resolve(config.Config{Provider: "ollama"}, nil)
	fmt.Println(name, model)
	// Output:
	// anthropic claude-sonnet-4-5
	// using anthropic claude-sonnet-4-5 because ANTHROPIC_API_KEY is set
	// ollama qwen2.5-coder
}
