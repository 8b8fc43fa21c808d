// Command server runs the bookstore REST API.
//
// Configuration comes from the environment (see loadConfig). Without
// DATABASE_URL the server runs on the in-memory store seeded with demo data,
// which is how the API is tried out locally. With DATABASE_URL it connects
// to PostgreSQL through database/sql; the driver is not a dependency of
// this module, so the operator adds one blank import to this package, for
// example in a file cmd/server/driver.go:
//
//	import _ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
//
// and sets DATABASE_DRIVER if the driver registers a name other than "pgx".
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"example.com/bookstore/internal/handlers"
	"example.com/bookstore/internal/repository"
	"example.com/bookstore/internal/routes"
	"example.com/bookstore/internal/service"
)

// maxDBConns sizes the connection pool; the PRD's latency targets assume 10.
const maxDBConns = 10

// Config is the server's runtime configuration.
type Config struct {
	// Addr is the listen address (BOOKSTORE_ADDR, default ":8080").
	Addr string
	// DatabaseURL is the PostgreSQL DSN (DATABASE_URL). Empty selects the
	// in-memory store.
	DatabaseURL string
	// DatabaseDriver is the database/sql driver name (DATABASE_DRIVER,
	// default "pgx").
	DatabaseDriver string
	// ShutdownTimeout is how long in-flight requests may take to finish
	// after SIGINT/SIGTERM (SHUTDOWN_TIMEOUT, default 10s).
	ShutdownTimeout time.Duration
	// LogLevel is debug, info, warn or error (LOG_LEVEL, default info).
	LogLevel slog.Level
}

// loadConfig reads the configuration through getenv, which is os.Getenv in
// production and a map lookup in tests.
func loadConfig(getenv func(string) string) (Config, error) {
	cfg := Config{
		Addr:            envOr(getenv, "BOOKSTORE_ADDR", ":8080"),
		DatabaseURL:     getenv("DATABASE_URL"),
		DatabaseDriver:  envOr(getenv, "DATABASE_DRIVER", "pgx"),
		ShutdownTimeout: 10 * time.Second,
	}
	if raw := getenv("SHUTDOWN_TIMEOUT"); raw != "" {
		d, err := time.ParseDuration(raw)
		if err != nil || d <= 0 {
			return Config{}, fmt.Errorf("SHUTDOWN_TIMEOUT: want a positive duration such as 10s, got %q", raw)
		}
		cfg.ShutdownTimeout = d
	}
	if raw := getenv("LOG_LEVEL"); raw != "" {
		if err := cfg.LogLevel.UnmarshalText([]byte(strings.ToUpper(raw))); err != nil {
			return Config{}, fmt.Errorf("LOG_LEVEL: %w", err)
		}
	}
	return cfg, nil
}

func envOr(getenv func(string) string, key, fallback string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return fallback
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bookstore:", err)
		os.Exit(1)
	}
}

// run wires the application together and serves until SIGINT or SIGTERM,
// then drains in-flight requests before returning.
func run() error {
	cfg, err := loadConfig(os.Getenv)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: cfg.LogLevel}))
	slog.SetDefault(logger)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	store, db, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	var pinger handlers.Pinger
	if db != nil {
		defer db.Close()
		pinger = db
	}

	router := routes.New(routes.Deps{
		Books:     service.NewBookService(store.Books, store.Authors),
		Authors:   service.NewAuthorService(store.Authors, store.Books),
		Orders:    service.NewOrderService(store.Orders, store.Books),
		Customers: store.Customers,
		Logger:    logger,
		DB:        pinger,
	})
	srv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           router,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
	}

	serveErr := make(chan error, 1)
	go func() {
		logger.Info("listening", slog.String("addr", cfg.Addr))
		serveErr <- srv.ListenAndServe()
	}()

	select {
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down", slog.Duration("timeout", cfg.ShutdownTimeout))
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}

// openStore returns the PostgreSQL store when DATABASE_URL is set and the
// seeded in-memory store otherwise. The *sql.DB is nil in memory mode.
func openStore(ctx context.Context, cfg Config, logger *slog.Logger) (repository.Store, *sql.DB, error) {
	if cfg.DatabaseURL == "" {
		mem := repository.NewMemoryStore()
		keys, err := seedDemoData(ctx, mem.Store())
		if err != nil {
			return repository.Store{}, nil, fmt.Errorf("seed demo data: %w", err)
		}
		logger.Warn("DATABASE_URL not set: using the in-memory store with demo data",
			slog.String("customer_api_key", keys.Customer),
			slog.String("admin_api_key", keys.Admin))
		return mem.Store(), nil, nil
	}
	db, err := sql.Open(cfg.DatabaseDriver, cfg.DatabaseURL)
	if err != nil {
		return repository.Store{}, nil, fmt.Errorf("open database (is a %q driver imported? see the package doc): %w",
			cfg.DatabaseDriver, err)
	}
	db.SetMaxOpenConns(maxDBConns)
	db.SetMaxIdleConns(maxDBConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return repository.Store{}, nil, fmt.Errorf("connect to database: %w", err)
	}
	return repository.NewPostgresStore(db), db, nil
}
