package redact_test

import (
	"fmt"

	"github.com/groundplan/groundplan/internal/redact"
)

func ExampleRedactor_Redact() {
	r, err := redact.New(redact.Options{})
	if err != nil {
		panic(err)
	}
	text := "database:\n  url: postgres://orders:Zk8vQ2pLm9Rt@db:5432/orders\n  password: changeme\ngithub_token: ghp_97f9aGkRrl6XHuByypSYBl0iSFgV3ws4O6bX\n"
	out, findings := r.Redact(text, "config/app.yaml")
	fmt.Print(out)
	fmt.Println(redact.Summary(findings))
	// Output:
	// database:
	//   url: postgres://orders:[REDACTED:url-password]@db:5432/orders
	//   password: changeme
	// github_token: [REDACTED:github-pat]
	// redacted 2 secrets: config/app.yaml:2 (url-password), config/app.yaml:4 (github-pat)
}

func ExampleIsSecretFile() {
	for _, rel := range []string{".env", ".env.example", "deploy/id_ed25519", "dumps/prod.sql", "main.go"} {
		if reason, secret := redact.IsSecretFile(rel, []string{"*.sql"}); secret {
			fmt.Printf("%s: refused: %s\n", rel, reason)
		} else {
			fmt.Printf("%s: allowed\n", rel)
		}
	}
	// Output:
	// .env: refused: .env files hold secrets and are never sent to a model (.env.example and similar templates are allowed)
	// .env.example: allowed
	// deploy/id_ed25519: refused: SSH key files (id_rsa, id_ecdsa, id_ed25519…) are never sent to a model
	// dumps/prod.sql: refused: dumps/prod.sql matches "*.sql" in .groundplanignore and is never sent to a model
	// main.go: allowed
}
