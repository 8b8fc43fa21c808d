package repository

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"example.com/bookstore/internal/models"
)

// PostgresBooks implements BookRepository on the books table.
type PostgresBooks struct {
	db *sql.DB
}

// NewPostgresBooks returns a BookRepository backed by db.
func NewPostgresBooks(db *sql.DB) *PostgresBooks {
	return &PostgresBooks{db: db}
}

const bookColumns = `id, title, isbn, author_id, description, price_cents, stock,
	published_year, created_at, updated_at`

func scanBook(s scanner) (models.Book, error) {
	var (
		b    models.Book
		year sql.NullInt32
	)
	err := s.Scan(&b.ID, &b.Title, &b.ISBN, &b.AuthorID, &b.Description, &b.PriceCents,
		&b.Stock, &year, &b.CreatedAt, &b.UpdatedAt)
	b.PublishedYear = int(year.Int32)
	return b, err
}

// bookWhere turns a filter into a WHERE clause and its arguments.
func bookWhere(f BookFilter) (string, []any) {
	var (
		conds []string
		args  []any
	)
	if f.AuthorID != 0 {
		args = append(args, f.AuthorID)
		conds = append(conds, fmt.Sprintf("author_id = $%d", len(args)))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		args = append(args, "%"+strings.ToLower(q)+"%")
		conds = append(conds, fmt.Sprintf("(lower(title) LIKE $%[1]d OR isbn LIKE $%[1]d)", len(args)))
	}
	if f.InStockOnly {
		conds = append(conds, "stock > 0")
	}
	if len(conds) == 0 {
		return "", args
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// List implements BookRepository.
func (r *PostgresBooks) List(ctx context.Context, f BookFilter, limit, offset int) ([]models.Book, int, error) {
	where, args := bookWhere(f)
	total, err := countRows(ctx, r.db, "SELECT count(*) FROM books"+where, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("count books: %w", err)
	}
	args = append(args, limit, offset)
	query := fmt.Sprintf("SELECT %s FROM books%s ORDER BY lower(title), id LIMIT $%d OFFSET $%d",
		bookColumns, where, len(args)-1, len(args))
	rows, err := r.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list books: %w", err)
	}
	defer rows.Close()
	books := []models.Book{}
	for rows.Next() {
		b, err := scanBook(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan book: %w", err)
		}
		books = append(books, b)
	}
	return books, total, rows.Err()
}

// GetByID implements BookRepository.
func (r *PostgresBooks) GetByID(ctx context.Context, id int64) (models.Book, error) {
	b, err := scanBook(r.db.QueryRowContext(ctx, "SELECT "+bookColumns+" FROM books WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return models.Book{}, models.ErrBookNotFound
	}
	if err != nil {
		return models.Book{}, fmt.Errorf("get book: %w", err)
	}
	return b, nil
}

// Create implements BookRepository.
func (r *PostgresBooks) Create(ctx context.Context, b *models.Book) error {
	const q = `INSERT INTO books (title, isbn, author_id, description, price_cents, stock, published_year)
		VALUES ($1, $2, $3, $4, $5, $6, NULLIF($7, 0))
		RETURNING id, created_at, updated_at`
	err := r.db.QueryRowContext(ctx, q, b.Title, b.ISBN, b.AuthorID, b.Description,
		b.PriceCents, b.Stock, b.PublishedYear).Scan(&b.ID, &b.CreatedAt, &b.UpdatedAt)
	return mapBookWriteError(err)
}

// Update implements BookRepository.
func (r *PostgresBooks) Update(ctx context.Context, b *models.Book) error {
	const q = `UPDATE books
		SET title = $1, isbn = $2, author_id = $3, description = $4, price_cents = $5,
		    published_year = NULLIF($6, 0), updated_at = now()
		WHERE id = $7
		RETURNING stock, created_at, updated_at`
	err := r.db.QueryRowContext(ctx, q, b.Title, b.ISBN, b.AuthorID, b.Description,
		b.PriceCents, b.PublishedYear, b.ID).Scan(&b.Stock, &b.CreatedAt, &b.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return models.ErrBookNotFound
	}
	return mapBookWriteError(err)
}

func mapBookWriteError(err error) error {
	switch {
	case err == nil:
		return nil
	case isUniqueViolation(err):
		return models.ErrDuplicateISBN
	case isForeignKeyViolation(err):
		return models.ErrAuthorNotFound
	default:
		return fmt.Errorf("write book: %w", err)
	}
}

// Delete implements BookRepository. Books that appear on an order are kept
// by the order_items foreign key and reported as models.ErrBookInUse.
func (r *PostgresBooks) Delete(ctx context.Context, id int64) error {
	res, err := r.db.ExecContext(ctx, "DELETE FROM books WHERE id = $1", id)
	if isForeignKeyViolation(err) {
		return models.ErrBookInUse
	}
	if err != nil {
		return fmt.Errorf("delete book: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return models.ErrBookNotFound
	}
	return nil
}

// AdjustStock implements BookRepository with a single conditional UPDATE,
// so concurrent adjustments cannot drive the stock negative.
func (r *PostgresBooks) AdjustStock(ctx context.Context, id int64, delta int) (models.Book, error) {
	q := `UPDATE books SET stock = stock + $1, updated_at = now()
		WHERE id = $2 AND stock + $1 >= 0
		RETURNING ` + bookColumns
	b, err := scanBook(r.db.QueryRowContext(ctx, q, delta, id))
	if errors.Is(err, sql.ErrNoRows) {
		// Either the book is missing or the stock would go negative.
		if _, getErr := r.GetByID(ctx, id); getErr != nil {
			return models.Book{}, getErr
		}
		return models.Book{}, fmt.Errorf("%w: book %d", models.ErrInsufficientStock, id)
	}
	if err != nil {
		return models.Book{}, fmt.Errorf("adjust stock: %w", err)
	}
	return b, nil
}
