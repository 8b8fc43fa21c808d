// Package repository defines the persistence interfaces of the bookstore,
// one per aggregate, and two implementations: an in-memory store used by
// tests and local development, and a PostgreSQL store built on database/sql.
//
// Implementations return the sentinel errors of package models (for example
// models.ErrBookNotFound) so callers never depend on a storage engine.
package repository

import (
	"context"

	"example.com/bookstore/internal/models"
)

// BookFilter narrows a book listing. Zero values mean "no filter".
type BookFilter struct {
	// AuthorID limits the listing to one author's books.
	AuthorID int64
	// Query matches case-insensitively against title and ISBN.
	Query string
	// InStockOnly hides books whose stock is zero.
	InStockOnly bool
}

// BookRepository stores the catalogue.
type BookRepository interface {
	// List returns one page of books ordered by title, and the number of
	// books matching the filter across all pages.
	List(ctx context.Context, filter BookFilter, limit, offset int) ([]models.Book, int, error)
	GetByID(ctx context.Context, id int64) (models.Book, error)
	// Create inserts b and sets its ID and timestamps. It fails with
	// models.ErrDuplicateISBN if another book has the same ISBN.
	Create(ctx context.Context, b *models.Book) error
	// Update overwrites the editable fields of b (not its stock) and
	// refreshes UpdatedAt. ISBNs stay unique as in Create.
	Update(ctx context.Context, b *models.Book) error
	Delete(ctx context.Context, id int64) error
	// AdjustStock adds delta (which may be negative) to a book's stock and
	// returns the updated book. It fails with models.ErrInsufficientStock
	// rather than let the stock drop below zero.
	AdjustStock(ctx context.Context, id int64, delta int) (models.Book, error)
}

// AuthorRepository stores authors.
type AuthorRepository interface {
	// List returns one page of authors ordered by name and the total count.
	List(ctx context.Context, limit, offset int) ([]models.Author, int, error)
	GetByID(ctx context.Context, id int64) (models.Author, error)
	// Create inserts a and sets its ID and CreatedAt.
	Create(ctx context.Context, a *models.Author) error
}

// OrderRepository stores orders and their items.
type OrderRepository interface {
	// Create inserts the order with its items and, in the same atomic
	// step, takes each line's quantity out of the book's stock. If any
	// line cannot be covered nothing is written and the error wraps
	// models.ErrInsufficientStock.
	Create(ctx context.Context, o *models.Order) error
	GetByID(ctx context.Context, id int64) (models.Order, error)
	// ListByCustomer returns one page of a customer's orders, newest
	// first, and the customer's total number of orders.
	ListByCustomer(ctx context.Context, customerID int64, limit, offset int) ([]models.Order, int, error)
	// UpdateStatus moves an order from status from to status to. It fails
	// with models.ErrInvalidStatusTransition if the order is no longer in
	// status from, so concurrent updates cannot both succeed.
	UpdateStatus(ctx context.Context, id int64, from, to models.OrderStatus) (models.Order, error)
}

// CustomerRepository stores API customers.
type CustomerRepository interface {
	GetByID(ctx context.Context, id int64) (models.Customer, error)
	// GetByAPIKeyHash finds the customer owning a hashed bearer key.
	GetByAPIKeyHash(ctx context.Context, hash string) (models.Customer, error)
	// Create inserts c and sets its ID and CreatedAt.
	Create(ctx context.Context, c *models.Customer) error
}

// Store bundles one repository per aggregate so they can be wired together.
type Store struct {
	Books     BookRepository
	Authors   AuthorRepository
	Orders    OrderRepository
	Customers CustomerRepository
}
