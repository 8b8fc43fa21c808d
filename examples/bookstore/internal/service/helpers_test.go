package service

import (
	"context"
	"testing"

	"example.com/bookstore/internal/models"
	"example.com/bookstore/internal/repository"
)

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
