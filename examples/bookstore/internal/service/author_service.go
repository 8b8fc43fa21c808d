package service

import (
	"context"
	"fmt"

	"example.com/bookstore/internal/models"
	"example.com/bookstore/internal/repository"
)

// AuthorInput carries the editable fields of an author.
type AuthorInput struct {
	Name    string
	Bio     string
	Country string
}

// AuthorService manages authors and lists their books.
type AuthorService struct {
	authors repository.AuthorRepository
	books   repository.BookRepository
}

// NewAuthorService returns an AuthorService over the given repositories.
func NewAuthorService(authors repository.AuthorRepository, books repository.BookRepository) *AuthorService {
	return &AuthorService{authors: authors, books: books}
}

// ListAuthors returns one page of authors ordered by name.
func (s *AuthorService) ListAuthors(ctx context.Context, page Page) (PageResult[models.Author], error) {
	page = page.Normalize()
	authors, total, err := s.authors.List(ctx, page.Limit, page.Offset)
	if err != nil {
		return PageResult[models.Author]{}, fmt.Errorf("list authors: %w", err)
	}
	return newPageResult(authors, total, page), nil
}

// GetAuthor returns an author by ID.
func (s *AuthorService) GetAuthor(ctx context.Context, id int64) (models.Author, error) {
	return s.authors.GetByID(ctx, id)
}

// CreateAuthor validates in and stores a new author.
func (s *AuthorService) CreateAuthor(ctx context.Context, in AuthorInput) (models.Author, error) {
	a := models.Author{Name: in.Name, Bio: in.Bio, Country: in.Country}
	a.Normalize()
	if err := a.Validate(); err != nil {
		return models.Author{}, err
	}
	if err := s.authors.Create(ctx, &a); err != nil {
		return models.Author{}, err
	}
	return a, nil
}

// ListAuthorBooks returns one page of an existing author's books.
func (s *AuthorService) ListAuthorBooks(ctx context.Context, authorID int64, page Page) (PageResult[models.Book], error) {
	if _, err := s.authors.GetByID(ctx, authorID); err != nil {
		return PageResult[models.Book]{}, err
	}
	page = page.Normalize()
	books, total, err := s.books.List(ctx, repository.BookFilter{AuthorID: authorID}, page.Limit, page.Offset)
	if err != nil {
		return PageResult[models.Book]{}, fmt.Errorf("list author books: %w", err)
	}
	return newPageResult(books, total, page), nil
}
