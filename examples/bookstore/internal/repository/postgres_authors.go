package repository

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"example.com/bookstore/internal/models"
)

// PostgresAuthors implements AuthorRepository on the authors table.
type PostgresAuthors struct {
	db *sql.DB
}

// NewPostgresAuthors returns an AuthorRepository backed by db.
func NewPostgresAuthors(db *sql.DB) *PostgresAuthors {
	return &PostgresAuthors{db: db}
}

func scanAuthor(s scanner) (models.Author, error) {
	var (
		a       models.Author
		country sql.NullString
	)
	err := s.Scan(&a.ID, &a.Name, &a.Bio, &country, &a.CreatedAt)
	a.Country = country.String
	return a, err
}

// List implements AuthorRepository.
func (r *PostgresAuthors) List(ctx context.Context, limit, offset int) ([]models.Author, int, error) {
	total, err := countRows(ctx, r.db, "SELECT count(*) FROM authors")
	if err != nil {
		return nil, 0, fmt.Errorf("count authors: %w", err)
	}
	rows, err := r.db.QueryContext(ctx,
		`SELECT id, name, bio, country, created_at FROM authors
		 ORDER BY name, id LIMIT $1 OFFSET $2`, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list authors: %w", err)
	}
	defer rows.Close()
	authors := []models.Author{}
	for rows.Next() {
		a, err := scanAuthor(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan author: %w", err)
		}
		authors = append(authors, a)
	}
	return authors, total, rows.Err()
}

// GetByID implements AuthorRepository.
func (r *PostgresAuthors) GetByID(ctx context.Context, id int64) (models.Author, error) {
	row := r.db.QueryRowContext(ctx,
		"SELECT id, name, bio, country, created_at FROM authors WHERE id = $1", id)
	a, err := scanAuthor(row)
	if errors.Is(err, sql.ErrNoRows) {
		return models.Author{}, models.ErrAuthorNotFound
	}
	if err != nil {
		return models.Author{}, fmt.Errorf("get author: %w", err)
	}
	return a, nil
}

// Create implements AuthorRepository.
func (r *PostgresAuthors) Create(ctx context.Context, a *models.Author) error {
	err := r.db.QueryRowContext(ctx,
		`INSERT INTO authors (name, bio, country) VALUES ($1, $2, NULLIF($3, ''))
		 RETURNING id, created_at`, a.Name, a.Bio, a.Country).Scan(&a.ID, &a.CreatedAt)
	if err != nil {
		return fmt.Errorf("create author: %w", err)
	}
	return nil
}
