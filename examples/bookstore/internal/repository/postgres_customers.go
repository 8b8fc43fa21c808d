package repository

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"example.com/bookstore/internal/models"
)

// PostgresCustomers implements CustomerRepository on the customers table.
type PostgresCustomers struct {
	db *sql.DB
}

// NewPostgresCustomers returns a CustomerRepository backed by db.
func NewPostgresCustomers(db *sql.DB) *PostgresCustomers {
	return &PostgresCustomers{db: db}
}

func (r *PostgresCustomers) getOne(ctx context.Context, cond string, arg any) (models.Customer, error) {
	var c models.Customer
	err := r.db.QueryRowContext(ctx,
		"SELECT id, email, name, role, api_key_hash, created_at FROM customers WHERE "+cond, arg).
		Scan(&c.ID, &c.Email, &c.Name, &c.Role, &c.APIKeyHash, &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return models.Customer{}, models.ErrCustomerNotFound
	}
	if err != nil {
		return models.Customer{}, fmt.Errorf("get customer: %w", err)
	}
	return c, nil
}

// GetByID implements CustomerRepository.
func (r *PostgresCustomers) GetByID(ctx context.Context, id int64) (models.Customer, error) {
	return r.getOne(ctx, "id = $1", id)
}

// GetByAPIKeyHash implements CustomerRepository. The lookup uses the unique
// index on api_key_hash.
func (r *PostgresCustomers) GetByAPIKeyHash(ctx context.Context, hash string) (models.Customer, error) {
	return r.getOne(ctx, "api_key_hash = $1", hash)
}

// Create implements CustomerRepository.
func (r *PostgresCustomers) Create(ctx context.Context, c *models.Customer) error {
	err := r.db.QueryRowContext(ctx,
		`INSERT INTO customers (email, name, role, api_key_hash) VALUES ($1, $2, $3, $4)
		 RETURNING id, created_at`, c.Email, c.Name, c.Role, c.APIKeyHash).Scan(&c.ID, &c.CreatedAt)
	if isUniqueViolation(err) {
		return models.ErrDuplicateEmail
	}
	if err != nil {
		return fmt.Errorf("create customer: %w", err)
	}
	return nil
}
