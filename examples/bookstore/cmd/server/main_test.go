package main

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"example.com/bookstore/internal/models"
	"example.com/bookstore/internal/repository"
)

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    func(Config) bool
		wantErr bool
	}{
		{
			name: "defaults",
			env:  map[string]string{},
			want: func(c Config) bool {
				return c.Addr == ":8080" && c.DatabaseDriver == "pgx" &&
					c.ShutdownTimeout == 10*time.Second && c.LogLevel == slog.LevelInfo
			},
		},
		{
			name: "overrides",
			env: map[string]string{
				"BOOKSTORE_ADDR": "127.0.0.1:9000", "DATABASE_URL": "postgres://db/books",
				"SHUTDOWN_TIMEOUT": "3s", "LOG_LEVEL": "debug",
			},
			want: func(c Config) bool {
				return c.Addr == "127.0.0.1:9000" && c.DatabaseURL == "postgres://db/books" &&
					c.ShutdownTimeout == 3*time.Second && c.LogLevel == slog.LevelDebug
			},
		},
		{name: "bad timeout", env: map[string]string{"SHUTDOWN_TIMEOUT": "soon"}, wantErr: true},
		{name: "bad log level", env: map[string]string{"LOG_LEVEL": "chatty"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := loadConfig(func(k string) string { return tt.env[k] })
			if (err != nil) != tt.wantErr {
				t.Fatalf("loadConfig() error = %v, wantErr %v", err, tt.wantErr)
			}
			if err == nil && !tt.want(cfg) {
				t.Errorf("loadConfig() = %+v", cfg)
			}
		})
	}
}

func TestSeedDemoData(t *testing.T) {
	t.Setenv("DEMO_ADMIN_KEY", "admin-secret")
	ctx := context.Background()
	store := repository.NewMemoryStore().Store()
	keys, err := seedDemoData(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := store.Customers.GetByAPIKeyHash(ctx, models.HashAPIKey("admin-secret"))
	if err != nil || !admin.IsAdmin() || keys.Admin != "admin-secret" {
		t.Fatalf("admin account not seeded from DEMO_ADMIN_KEY: %v %+v", err, admin)
	}
	if _, err := store.Customers.GetByAPIKeyHash(ctx, models.HashAPIKey(keys.Customer)); err != nil {
		t.Fatalf("customer key %q does not authenticate: %v", keys.Customer, err)
	}
	_, total, err := store.Books.List(ctx, repository.BookFilter{}, 10, 0)
	if err != nil || total != 4 {
		t.Fatalf("seeded %d books (%v), want 4", total, err)
	}
	// Every seeded book must pass the same validation the API applies.
	books, _, _ := store.Books.List(ctx, repository.BookFilter{}, 10, 0)
	for _, b := range books {
		if err := b.Validate(); err != nil {
			t.Errorf("seeded book %q is invalid: %v", b.Title, err)
		}
	}
}
