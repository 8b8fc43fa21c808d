package service

import (
	"context"
	"errors"
	"testing"

	"example.com/bookstore/internal/models"
	"example.com/bookstore/internal/repository"
)

func TestBookServiceCreateBook(t *testing.T) {
	f := newFixture(t)
	svc := NewBookService(f.store.Books, f.store.Authors)
	valid := BookInput{Title: "Wild Seed", ISBN: "978-0-13-110362-7", AuthorID: f.author.ID, PriceCents: 1599, Stock: 3}

	tests := []struct {
		name    string
		mutate  func(*BookInput)
		wantErr error
	}{
		{name: "created", mutate: func(*BookInput) {}},
		{name: "unknown author", mutate: func(in *BookInput) { in.AuthorID = 404 }, wantErr: models.ErrValidation},
		{name: "invalid price", mutate: func(in *BookInput) { in.PriceCents = -5 }, wantErr: models.ErrValidation},
		{name: "isbn in use", mutate: func(in *BookInput) { in.ISBN = f.cheap.ISBN }, wantErr: models.ErrDuplicateISBN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid
			tt.mutate(&in)
			b, err := svc.CreateBook(context.Background(), in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("CreateBook() = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b.ID == 0 || b.ISBN != "9780131103627" {
				t.Errorf("created book = %+v, want an ID and a normalized ISBN", b)
			}
			// Creating the same ISBN twice must fail.
			if _, err := svc.CreateBook(context.Background(), in); !errors.Is(err, models.ErrDuplicateISBN) {
				t.Errorf("second CreateBook() = %v, want ErrDuplicateISBN", err)
			}
		})
	}
}

func TestBookServiceUpdateKeepsStock(t *testing.T) {
	f := newFixture(t)
	svc := NewBookService(f.store.Books, f.store.Authors)
	in := BookInput{Title: "Kindred (25th anniversary)", ISBN: f.cheap.ISBN, AuthorID: f.author.ID, PriceCents: 1400, Stock: 999}
	b, err := svc.UpdateBook(context.Background(), f.cheap.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if b.Stock != f.cheap.Stock || b.PriceCents != 1400 {
		t.Errorf("UpdateBook() = stock %d price %d, want stock %d price 1400", b.Stock, b.PriceCents, f.cheap.Stock)
	}
	if _, err := svc.UpdateBook(context.Background(), 9999, in); !errors.Is(err, models.ErrBookNotFound) {
		t.Errorf("UpdateBook(missing) = %v, want ErrBookNotFound", err)
	}
}

func TestBookServiceAdjustStock(t *testing.T) {
	tests := []struct {
		name      string
		delta     int
		wantStock int
		wantErr   error
	}{
		{name: "restock", delta: 10, wantStock: 15},
		{name: "write off", delta: -5, wantStock: 0},
		{name: "below zero", delta: -6, wantErr: models.ErrInsufficientStock},
		{name: "zero", delta: 0, wantErr: models.ErrValidation},
		{name: "too large", delta: MaxStockAdjustment + 1, wantErr: models.ErrValidation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			svc := NewBookService(f.store.Books, f.store.Authors)
			b, err := svc.AdjustStock(context.Background(), f.cheap.ID, tt.delta)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("AdjustStock() error = %v, want %v", err, tt.wantErr)
			}
			if err == nil && b.Stock != tt.wantStock {
				t.Errorf("stock = %d, want %d", b.Stock, tt.wantStock)
			}
		})
	}
}

func TestBookServiceListBooksPagination(t *testing.T) {
	f := newFixture(t)
	svc := NewBookService(f.store.Books, f.store.Authors)
	tests := []struct {
		name      string
		page      Page
		wantLen   int
		wantLimit int
		wantMore  bool
	}{
		{name: "default size", page: Page{}, wantLen: 2, wantLimit: DefaultPageSize},
		{name: "first of two", page: Page{Limit: 1}, wantLen: 1, wantLimit: 1, wantMore: true},
		{name: "capped size", page: Page{Limit: 5000}, wantLen: 2, wantLimit: MaxPageSize},
		{name: "beyond the end", page: Page{Limit: 10, Offset: 10}, wantLen: 0, wantLimit: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := svc.ListBooks(context.Background(), repository.BookFilter{}, tt.page)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Items) != tt.wantLen || res.Limit != tt.wantLimit || res.HasMore() != tt.wantMore || res.Total != 2 {
				t.Errorf("got %d items, limit %d, more %v, total %d", len(res.Items), res.Limit, res.HasMore(), res.Total)
			}
			if res.Items == nil {
				t.Error("Items is nil, want an empty slice")
			}
		})
	}
}

// fixture is a memory store seeded with one author, two books and two
// customers (one of them an admin).
type fixture struct {
	store    repository.Store
	author   models.Author
	cheap    models.Book // 1250 cents, stock 5
	pricey   models.Book // 4000 cents, stock 1
	customer models.Customer
	admin    models.Customer
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	ctx := context.Background()
	f := fixture{store: repository.NewMemoryStore().Store()}
	f.author = models.Author{Name: "Octavia E. Butler"}
	must(t, f.store.Authors.Create(ctx, &f.author))
	f.cheap = models.Book{Title: "Kindred", ISBN: "9780306406157", AuthorID: f.author.ID, PriceCents: 1250, Stock: 5}
	must(t, f.store.Books.Create(ctx, &f.cheap))
	f.pricey = models.Book{Title: "Parable of the Sower", ISBN: "9781861972712", AuthorID: f.author.ID, PriceCents: 4000, Stock: 1}
	must(t, f.store.Books.Create(ctx, &f.pricey))
	f.customer = models.Customer{Email: "reader@example.com", Name: "Reader", Role: models.RoleCustomer, APIKeyHash: models.HashAPIKey("reader")}
	must(t, f.store.Customers.Create(ctx, &f.customer))
	f.admin = models.Customer{Email: "staff@example.com", Name: "Staff", Role: models.RoleAdmin, APIKeyHash: models.HashAPIKey("staff")}
	must(t, f.store.Customers.Create(ctx, &f.admin))
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
