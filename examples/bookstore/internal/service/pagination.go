// Package service holds the bookstore's business rules. Services validate
// input, enforce catalogue and ordering rules and call the repositories;
// they know nothing about HTTP.
package service

// Page sizes applied to every listing.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// Page selects a window of a listing.
type Page struct {
	Limit  int
	Offset int
}

// Normalize applies the default and maximum page sizes and clamps a
// negative offset to zero.
func (p Page) Normalize() Page {
	if p.Limit <= 0 {
		p.Limit = DefaultPageSize
	}
	if p.Limit > MaxPageSize {
		p.Limit = MaxPageSize
	}
	if p.Offset < 0 {
		p.Offset = 0
	}
	return p
}

// PageResult is one page of a listing together with the size of the whole
// listing, so clients can render pagination controls.
type PageResult[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// newPageResult builds a PageResult, turning a nil slice into an empty one
// so it encodes as [] rather than null.
func newPageResult[T any](items []T, total int, p Page) PageResult[T] {
	if items == nil {
		items = []T{}
	}
	return PageResult[T]{Items: items, Total: total, Limit: p.Limit, Offset: p.Offset}
}

// HasMore reports whether items exist after this page.
func (r PageResult[T]) HasMore() bool {
	return r.Offset+len(r.Items) < r.Total
}
