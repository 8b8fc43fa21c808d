package service

import (
	"context"
	"errors"
	"fmt"

	"example.com/bookstore/internal/models"
	"example.com/bookstore/internal/repository"
)

// MaxStockAdjustment bounds a single restock or write-off.
const MaxStockAdjustment = 10_000

// BookInput carries the editable fields of a book.
type BookInput struct {
	Title         string
	ISBN          string
	AuthorID      int64
	Description   string
	PriceCents    int64
	Stock         int
	PublishedYear int
}

// BookService manages the catalogue.
type BookService struct {
	books   repository.BookRepository
	authors repository.AuthorRepository
}

// NewBookService returns a BookService over the given repositories.
func NewBookService(books repository.BookRepository, authors repository.AuthorRepository) *BookService {
	return &BookService{books: books, authors: authors}
}

// ListBooks returns one page of the catalogue matching filter.
func (s *BookService) ListBooks(ctx context.Context, filter repository.BookFilter, page Page) (PageResult[models.Book], error) {
	page = page.Normalize()
	books, total, err := s.books.List(ctx, filter, page.Limit, page.Offset)
	if err != nil {
		return PageResult[models.Book]{}, fmt.Errorf("list books: %w", err)
	}
	return newPageResult(books, total, page), nil
}

// GetBook returns a book by ID.
func (s *BookService) GetBook(ctx context.Context, id int64) (models.Book, error) {
	return s.books.GetByID(ctx, id)
}

// CreateBook validates in and adds the book to the catalogue. The author
// must exist; a duplicate ISBN is reported by the repository as
// models.ErrDuplicateISBN.
func (s *BookService) CreateBook(ctx context.Context, in BookInput) (models.Book, error) {
	b := models.Book{
		Title:         in.Title,
		ISBN:          in.ISBN,
		AuthorID:      in.AuthorID,
		Description:   in.Description,
		PriceCents:    in.PriceCents,
		Stock:         in.Stock,
		PublishedYear: in.PublishedYear,
	}
	if err := s.checkBook(ctx, &b); err != nil {
		return models.Book{}, err
	}
	if err := s.books.Create(ctx, &b); err != nil {
		return models.Book{}, err
	}
	return b, nil
}

// UpdateBook replaces the editable fields of book id with in. Stock is not
// changed here; use AdjustStock so every stock movement is explicit.
func (s *BookService) UpdateBook(ctx context.Context, id int64, in BookInput) (models.Book, error) {
	b, err := s.books.GetByID(ctx, id)
	if err != nil {
		return models.Book{}, err
	}
	b.Title = in.Title
	b.ISBN = in.ISBN
	b.AuthorID = in.AuthorID
	b.Description = in.Description
	b.PriceCents = in.PriceCents
	b.PublishedYear = in.PublishedYear
	if err := s.checkBook(ctx, &b); err != nil {
		return models.Book{}, err
	}
	if err := s.books.Update(ctx, &b); err != nil {
		return models.Book{}, err
	}
	return b, nil
}

// checkBook normalizes and validates b and checks that its author exists,
// so a wrong author_id is reported as a field error rather than a 404.
func (s *BookService) checkBook(ctx context.Context, b *models.Book) error {
	b.Normalize()
	if err := b.Validate(); err != nil {
		return err
	}
	_, err := s.authors.GetByID(ctx, b.AuthorID)
	if errors.Is(err, models.ErrNotFound) {
		return &models.ValidationError{Field: "author_id", Message: "does not exist"}
	}
	return err
}

// DeleteBook removes a book that no order references.
func (s *BookService) DeleteBook(ctx context.Context, id int64) error {
	return s.books.Delete(ctx, id)
}

// AdjustStock adds delta copies to a book's stock (a negative delta writes
// copies off). The result may not be negative.
func (s *BookService) AdjustStock(ctx context.Context, id int64, delta int) (models.Book, error) {
	if delta == 0 {
		return models.Book{}, &models.ValidationError{Field: "delta", Message: "must not be zero"}
	}
	if delta > MaxStockAdjustment || delta < -MaxStockAdjustment {
		return models.Book{}, &models.ValidationError{
			Field:   "delta",
			Message: fmt.Sprintf("must be between -%d and %d", MaxStockAdjustment, MaxStockAdjustment),
		}
	}
	return s.books.AdjustStock(ctx, id, delta)
}
