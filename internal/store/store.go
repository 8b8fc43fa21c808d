// Package store keeps the history of plans in SQLite: every plan written
// by any front door (CLI, HTTP, MCP) with the story it was written for, the
// template, provider, model, tokens, cost, the verification summary and the
// repository commit it was grounded in. It lists, fetches and diffs them.
//
// The database uses the pure-Go driver modernc.org/sqlite in WAL mode with
// a busy timeout, so several processes and goroutines may write at once.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrNotFound is returned when no plan has the requested ID.
var ErrNotFound = errors.New("no such plan")

// busyTimeout is how long a writer waits for another one to finish.
const busyTimeout = 10 * time.Second

// Store is an open plan history.
type Store struct {
	db   *sql.DB
	path string
	now  func() time.Time
}

// DefaultPath returns where the history lives when no --db flag is given:
// $XDG_DATA_HOME/groundplan/history.db when XDG_DATA_HOME is set, else the
// user config directory's groundplan/history.db. getenv reads the
// environment (os.Getenv when nil).
func DefaultPath(getenv func(string) string) (string, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "groundplan", "history.db"), nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("history: no place for the database (%w); pass --db FILE", err)
	}
	return filepath.Join(d, "groundplan", "history.db"), nil
}

// Open opens (creating when needed) the history database at path and
// brings its schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("history: no database path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("history: create %s: %w", dir, err)
		}
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	q.Set("_txlock", "immediate")
	dsn := "file:" + filepath.ToSlash(path) + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("history: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetConnMaxIdleTime(time.Minute)
	s := &Store{db: db, path: path, now: time.Now}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("history: %s: %w", path, err)
	}
	return s, nil
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// migrations are applied in order; the schema version is their count. Never
// edit one that has shipped: add another.
var migrations = []string{
	`CREATE TABLE plans (
		id            INTEGER PRIMARY KEY AUTOINCREMENT,
		created_at    TEXT    NOT NULL,
		door          TEXT    NOT NULL DEFAULT '',
		repo          TEXT    NOT NULL DEFAULT '',
		repo_commit   TEXT    NOT NULL DEFAULT '',
		story_key     TEXT    NOT NULL DEFAULT '',
		story_title   TEXT    NOT NULL DEFAULT '',
		story_json    TEXT    NOT NULL DEFAULT '',
		template      TEXT    NOT NULL DEFAULT '',
		provider      TEXT    NOT NULL DEFAULT '',
		model         TEXT    NOT NULL DEFAULT '',
		prompt_tokens INTEGER NOT NULL DEFAULT 0,
		input_tokens  INTEGER NOT NULL DEFAULT 0,
		output_tokens INTEGER NOT NULL DEFAULT 0,
		cost_usd      REAL,
		verified      INTEGER NOT NULL DEFAULT 0,
		score         REAL    NOT NULL DEFAULT 0,
		errors        INTEGER NOT NULL DEFAULT 0,
		warnings      INTEGER NOT NULL DEFAULT 0,
		markdown      TEXT    NOT NULL DEFAULT '',
		plan_json     TEXT    NOT NULL DEFAULT '',
		report_json   TEXT    NOT NULL DEFAULT ''
	)`,
	`CREATE INDEX plans_story ON plans(story_key, id)`,
	`CREATE INDEX plans_created ON plans(created_at)`,
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int { return len(migrations) }

func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin migration: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("schema table: %w", err)
	}
	var v int
	err = tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return fmt.Errorf("schema version: %w", err)
		}
	case err != nil:
		return fmt.Errorf("schema version: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("the database has schema version %d, newer than this groundplan knows (%d); upgrade groundplan", v, len(migrations))
	}
	for i := v; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE schema_version SET version = ?`, len(migrations)); err != nil {
		return fmt.Errorf("schema version: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit migration: %w", err)
	}
	return nil
}

// Record is one plan in the history.
type Record struct {
	ID        int64     `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	// Door is the front door that made the plan: cli, http or mcp.
	Door string `json:"door"`
	// Repo is the repository root the plan was grounded in; Commit its
	// HEAD at the time ("" when it is not a git repository).
	Repo   string `json:"repo"`
	Commit string `json:"commit,omitempty"`
	// StoryKey identifies the story: plans with the same key were written
	// for the same story (see StoryKey).
	StoryKey   string `json:"story_key"`
	StoryTitle string `json:"story_title"`
	// StoryJSON is the story as the planner read it (story.Story as JSON).
	StoryJSON    string   `json:"story,omitempty"`
	Template     string   `json:"template"`
	Provider     string   `json:"provider"`
	Model        string   `json:"model,omitempty"`
	PromptTokens int      `json:"prompt_tokens"`
	InputTokens  int      `json:"input_tokens"`
	OutputTokens int      `json:"output_tokens"`
	CostUSD      *float64 `json:"cost_usd,omitempty"` // nil when the price is unknown
	// Verified says the plan was verified; Score, Errors and Warnings are
	// the report's summary, ReportJSON the whole report.
	Verified   bool    `json:"verified"`
	Score      float64 `json:"score"`
	Errors     int     `json:"errors"`
	Warnings   int     `json:"warnings"`
	Markdown   string  `json:"markdown,omitempty"`
	PlanJSON   string  `json:"plan,omitempty"`
	ReportJSON string  `json:"report,omitempty"`
}

// Summary is a Record without its large fields, for lists.
type Summary struct {
	ID           int64     `json:"id"`
	CreatedAt    time.Time `json:"created_at"`
	Door         string    `json:"door"`
	Commit       string    `json:"commit,omitempty"`
	StoryKey     string    `json:"story_key"`
	StoryTitle   string    `json:"story_title"`
	Template     string    `json:"template"`
	Provider     string    `json:"provider"`
	Model        string    `json:"model,omitempty"`
	PromptTokens int       `json:"prompt_tokens"`
	InputTokens  int       `json:"input_tokens"`
	OutputTokens int       `json:"output_tokens"`
	CostUSD      *float64  `json:"cost_usd,omitempty"`
	Verified     bool      `json:"verified"`
	Score        float64   `json:"score"`
	Errors       int       `json:"errors"`
	Warnings     int       `json:"warnings"`
}

const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// Save adds r to the history and returns its ID (also set in r). A zero
// CreatedAt is set to now.
func (s *Store) Save(ctx context.Context, r *Record) (int64, error) {
	if r.CreatedAt.IsZero() {
		r.CreatedAt = s.now()
	}
	r.CreatedAt = r.CreatedAt.UTC()
	res, err := s.db.ExecContext(ctx, `INSERT INTO plans (
		created_at, door, repo, repo_commit, story_key, story_title, story_json,
		template, provider, model, prompt_tokens, input_tokens, output_tokens, cost_usd,
		verified, score, errors, warnings, markdown, plan_json, report_json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.CreatedAt.Format(timeLayout), r.Door, r.Repo, r.Commit, r.StoryKey, r.StoryTitle, r.StoryJSON,
		r.Template, r.Provider, r.Model, r.PromptTokens, r.InputTokens, r.OutputTokens, nullFloat(r.CostUSD),
		r.Verified, r.Score, r.Errors, r.Warnings, r.Markdown, r.PlanJSON, r.ReportJSON)
	if err != nil {
		return 0, fmt.Errorf("history: save plan: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("history: save plan: %w", err)
	}
	r.ID = id
	return id, nil
}

func nullFloat(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// ListOptions filter and page a list.
type ListOptions struct {
	// Limit bounds the rows; 0 means 50.
	Limit int
	// Before lists plans with an ID below it (0: from the newest).
	Before int64
	// StoryKey lists only the plans of one story.
	StoryKey string
}

const summaryCols = `id, created_at, door, repo_commit, story_key, story_title, template, provider, model,
	prompt_tokens, input_tokens, output_tokens, cost_usd, verified, score, errors, warnings`

// List returns plans, newest first.
func (s *Store) List(ctx context.Context, o ListOptions) ([]Summary, error) {
	if o.Limit <= 0 {
		o.Limit = 50
	}
	var (
		where []string
		args  []any
	)
	if o.Before > 0 {
		where = append(where, "id < ?")
		args = append(args, o.Before)
	}
	if o.StoryKey != "" {
		where = append(where, "story_key = ?")
		args = append(args, o.StoryKey)
	}
	q := `SELECT ` + summaryCols + ` FROM plans`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, o.Limit)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("history: list: %w", err)
	}
	defer rows.Close()
	out := []Summary{}
	for rows.Next() {
		var (
			m       Summary
			created string
			cost    sql.NullFloat64
		)
		if err := rows.Scan(&m.ID, &created, &m.Door, &m.Commit, &m.StoryKey, &m.StoryTitle, &m.Template, &m.Provider, &m.Model,
			&m.PromptTokens, &m.InputTokens, &m.OutputTokens, &cost, &m.Verified, &m.Score, &m.Errors, &m.Warnings); err != nil {
			return nil, fmt.Errorf("history: list: %w", err)
		}
		m.CreatedAt = parseTime(created)
		if cost.Valid {
			m.CostUSD = &cost.Float64
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("history: list: %w", err)
	}
	return out, nil
}

// Count returns how many plans the history holds.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM plans`).Scan(&n); err != nil {
		return 0, fmt.Errorf("history: count: %w", err)
	}
	return n, nil
}

// Get returns the plan with the given ID, or ErrNotFound.
func (s *Store) Get(ctx context.Context, id int64) (*Record, error) {
	var (
		r       Record
		created string
		cost    sql.NullFloat64
	)
	err := s.db.QueryRowContext(ctx, `SELECT id, created_at, door, repo, repo_commit, story_key, story_title, story_json,
		template, provider, model, prompt_tokens, input_tokens, output_tokens, cost_usd,
		verified, score, errors, warnings, markdown, plan_json, report_json FROM plans WHERE id = ?`, id).Scan(
		&r.ID, &created, &r.Door, &r.Repo, &r.Commit, &r.StoryKey, &r.StoryTitle, &r.StoryJSON,
		&r.Template, &r.Provider, &r.Model, &r.PromptTokens, &r.InputTokens, &r.OutputTokens, &cost,
		&r.Verified, &r.Score, &r.Errors, &r.Warnings, &r.Markdown, &r.PlanJSON, &r.ReportJSON)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("history: plan %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("history: plan %d: %w", id, err)
	}
	r.CreatedAt = parseTime(created)
	if cost.Valid {
		r.CostUSD = &cost.Float64
	}
	return &r, nil
}

// Summary returns the list form of r.
func (r *Record) Summary() Summary {
	return Summary{ID: r.ID, CreatedAt: r.CreatedAt, Door: r.Door, Commit: r.Commit, StoryKey: r.StoryKey,
		StoryTitle: r.StoryTitle, Template: r.Template, Provider: r.Provider, Model: r.Model,
		PromptTokens: r.PromptTokens, InputTokens: r.InputTokens, OutputTokens: r.OutputTokens, CostUSD: r.CostUSD,
		Verified: r.Verified, Score: r.Score, Errors: r.Errors, Warnings: r.Warnings}
}

func parseTime(s string) time.Time {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, s)
	}
	return t
}
