package repository

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// PostgreSQL error codes (SQLSTATE) the repositories react to.
const (
	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
)

// NewPostgresStore returns repositories that run SQL against db. The
// database must have the schema in migrations/ applied, and the caller is
// responsible for having registered a PostgreSQL driver with database/sql.
func NewPostgresStore(db *sql.DB) Store {
	return Store{
		Books:     NewPostgresBooks(db),
		Authors:   NewPostgresAuthors(db),
		Orders:    NewPostgresOrders(db),
		Customers: NewPostgresCustomers(db),
	}
}

// scanner is the part of *sql.Row and *sql.Rows used by the scan helpers.
type scanner interface {
	Scan(dest ...any) error
}

// sqlState extracts the SQLSTATE code from a driver error. Both common
// drivers (pgx's stdlib adapter and lib/pq) expose it through a SQLState
// method, which keeps this package free of a driver dependency.
func sqlState(err error) string {
	var coded interface{ SQLState() string }
	if errors.As(err, &coded) {
		return coded.SQLState()
	}
	return ""
}

func isUniqueViolation(err error) bool     { return sqlState(err) == pgUniqueViolation }
func isForeignKeyViolation(err error) bool { return sqlState(err) == pgForeignKeyViolation }

// placeholders returns "$start, $start+1, …" for n parameters.
func placeholders(start, n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("$%d", start+i)
	}
	return strings.Join(parts, ", ")
}

// rollback ends tx after a failure, keeping the original error.
func rollback(tx *sql.Tx, err error) error {
	if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
		return fmt.Errorf("%w (rollback: %v)", err, rbErr)
	}
	return err
}

// countRows runs a SELECT count(*) query.
func countRows(ctx context.Context, db *sql.DB, query string, args ...any) (int, error) {
	var n int
	if err := db.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, err
	}
	return n, nil
}
