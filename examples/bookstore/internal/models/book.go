package models

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"
)

// Book errors.
var (
	// ErrBookNotFound is returned when no book has the requested ID or ISBN.
	ErrBookNotFound = newError(ErrNotFound, "book not found")
	// ErrDuplicateISBN is returned when another book already uses the ISBN.
	ErrDuplicateISBN = newError(ErrConflict, "isbn already registered")
	// ErrBookInUse is returned when deleting a book that orders reference.
	ErrBookInUse = newError(ErrConflict, "book is referenced by orders")
	// ErrInsufficientStock is returned when an order or stock adjustment
	// would take a book's stock below zero.
	ErrInsufficientStock = errors.New("insufficient stock")
)

// Limits on book fields, mirrored by the books table.
const (
	MaxTitleLength       = 255
	MaxDescriptionLength = 8000
	MaxPriceCents        = 100_000_00
	EarliestPublishedYr  = 1450
)

// Book is a title the store sells. Prices are in US cents.
type Book struct {
	ID            int64     `json:"id"`
	Title         string    `json:"title"`
	ISBN          string    `json:"isbn"`
	AuthorID      int64     `json:"author_id"`
	Description   string    `json:"description,omitempty"`
	PriceCents    int64     `json:"price_cents"`
	Stock         int       `json:"stock"`
	PublishedYear int       `json:"published_year,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// InStock reports whether at least qty copies are available.
func (b Book) InStock(qty int) bool {
	return qty > 0 && b.Stock >= qty
}

// Normalize trims text fields and strips separators from the ISBN.
func (b *Book) Normalize() {
	b.Title = strings.TrimSpace(b.Title)
	b.Description = strings.TrimSpace(b.Description)
	b.ISBN = NormalizeISBN(b.ISBN)
}

// Validate checks the book's fields against the catalogue rules. Call
// Normalize first so that formatting differences do not fail validation.
func (b Book) Validate() error {
	switch {
	case b.Title == "":
		return invalid("title", "is required")
	case utf8.RuneCountInString(b.Title) > MaxTitleLength:
		return invalid("title", "must be at most %d characters", MaxTitleLength)
	case utf8.RuneCountInString(b.Description) > MaxDescriptionLength:
		return invalid("description", "must be at most %d characters", MaxDescriptionLength)
	case !ValidISBN13(b.ISBN):
		return invalid("isbn", "must be a valid ISBN-13")
	case b.AuthorID <= 0:
		return invalid("author_id", "is required")
	case b.PriceCents <= 0:
		return invalid("price_cents", "must be greater than zero")
	case b.PriceCents > MaxPriceCents:
		return invalid("price_cents", "must be at most %d", MaxPriceCents)
	case b.Stock < 0:
		return invalid("stock", "must not be negative")
	}
	if b.PublishedYear != 0 {
		latest := time.Now().Year() + 1
		if b.PublishedYear < EarliestPublishedYr || b.PublishedYear > latest {
			return invalid("published_year", "must be between %d and %d", EarliestPublishedYr, latest)
		}
	}
	return nil
}

// NormalizeISBN removes hyphens and spaces from an ISBN.
func NormalizeISBN(isbn string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.TrimSpace(isbn))
}

// ValidISBN13 reports whether s is 13 digits with a correct check digit.
func ValidISBN13(s string) bool {
	if len(s) != 13 {
		return false
	}
	sum := 0
	for i, r := range s {
		if r < '0' || r > '9' {
			return false
		}
		d := int(r - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return sum%10 == 0
}
