package models

import (
	"errors"
	"testing"
)

func validBook() Book {
	return Book{
		Title:         "The Pragmatic Shelf",
		ISBN:          "978-0-306-40615-7",
		AuthorID:      1,
		PriceCents:    2599,
		Stock:         4,
		PublishedYear: 2019,
	}
}

func TestBookValidate(t *testing.T) {
	tests := []struct {
		name      string
		mutate    func(*Book)
		wantField string
	}{
		{name: "valid", mutate: func(*Book) {}},
		{name: "missing title", mutate: func(b *Book) { b.Title = "   " }, wantField: "title"},
		{name: "bad isbn checksum", mutate: func(b *Book) { b.ISBN = "9780306406158" }, wantField: "isbn"},
		{name: "isbn with letters", mutate: func(b *Book) { b.ISBN = "97803064X6157" }, wantField: "isbn"},
		{name: "no author", mutate: func(b *Book) { b.AuthorID = 0 }, wantField: "author_id"},
		{name: "free book", mutate: func(b *Book) { b.PriceCents = 0 }, wantField: "price_cents"},
		{name: "too expensive", mutate: func(b *Book) { b.PriceCents = MaxPriceCents + 1 }, wantField: "price_cents"},
		{name: "negative stock", mutate: func(b *Book) { b.Stock = -1 }, wantField: "stock"},
		{name: "year before print", mutate: func(b *Book) { b.PublishedYear = 1200 }, wantField: "published_year"},
		{name: "year omitted", mutate: func(b *Book) { b.PublishedYear = 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBook()
			tt.mutate(&b)
			b.Normalize()
			err := b.Validate()
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Validate() = %v, want *ValidationError", err)
			}
			if ve.Field != tt.wantField {
				t.Errorf("field = %q, want %q", ve.Field, tt.wantField)
			}
			if !errors.Is(err, ErrValidation) {
				t.Errorf("errors.Is(err, ErrValidation) = false")
			}
		})
	}
}

func TestNormalizeISBN(t *testing.T) {
	tests := map[string]string{
		"978-0-306-40615-7":   "9780306406157",
		" 978 0 306 40615 7 ": "9780306406157",
		"9780306406157":       "9780306406157",
	}
	for in, want := range tests {
		if got := NormalizeISBN(in); got != want {
			t.Errorf("NormalizeISBN(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBookInStock(t *testing.T) {
	b := Book{Stock: 3}
	tests := []struct {
		qty  int
		want bool
	}{{0, false}, {1, true}, {3, true}, {4, false}}
	for _, tt := range tests {
		if got := b.InStock(tt.qty); got != tt.want {
			t.Errorf("InStock(%d) = %v, want %v", tt.qty, got, tt.want)
		}
	}
}

func TestBookErrorsWrapKinds(t *testing.T) {
	if !errors.Is(ErrBookNotFound, ErrNotFound) {
		t.Error("ErrBookNotFound should match ErrNotFound")
	}
	if !errors.Is(ErrDuplicateISBN, ErrConflict) {
		t.Error("ErrDuplicateISBN should match ErrConflict")
	}
}
