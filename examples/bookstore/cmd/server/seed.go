package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"

	"example.com/bookstore/internal/models"
	"example.com/bookstore/internal/repository"
)

// demoKeys are the bearer keys of the seeded demo accounts.
type demoKeys struct {
	Customer string
	Admin    string
}

// seedDemoData fills an empty store with a few authors, books and two
// accounts so the API can be explored without a database. The account keys
// come from DEMO_CUSTOMER_KEY and DEMO_ADMIN_KEY or are generated.
func seedDemoData(ctx context.Context, s repository.Store) (demoKeys, error) {
	keys := demoKeys{
		Customer: envOr(os.Getenv, "DEMO_CUSTOMER_KEY", randomKey()),
		Admin:    envOr(os.Getenv, "DEMO_ADMIN_KEY", randomKey()),
	}
	customers := []models.Customer{
		{Email: "reader@example.com", Name: "Demo Reader", Role: models.RoleCustomer, APIKeyHash: models.HashAPIKey(keys.Customer)},
		{Email: "staff@example.com", Name: "Demo Staff", Role: models.RoleAdmin, APIKeyHash: models.HashAPIKey(keys.Admin)},
	}
	for i := range customers {
		if err := s.Customers.Create(ctx, &customers[i]); err != nil {
			return demoKeys{}, err
		}
	}

	catalogue := []struct {
		author models.Author
		books  []models.Book
	}{
		{
			author: models.Author{Name: "Mary Shelley", Country: "GB", Bio: "English novelist."},
			books: []models.Book{
				{Title: "Frankenstein", ISBN: "9780141439471", PriceCents: 899, Stock: 12, PublishedYear: 1818},
				{Title: "The Last Man", ISBN: "9780192838650", PriceCents: 1299, Stock: 3, PublishedYear: 1826},
			},
		},
		{
			author: models.Author{Name: "Jules Verne", Country: "FR"},
			books: []models.Book{
				{Title: "Twenty Thousand Leagues Under the Seas", ISBN: "9780199539277", PriceCents: 1050, Stock: 7, PublishedYear: 1870},
				{Title: "Around the World in Eighty Days", ISBN: "9780199552573", PriceCents: 950, Stock: 0, PublishedYear: 1872},
			},
		},
	}
	for _, entry := range catalogue {
		a := entry.author
		if err := s.Authors.Create(ctx, &a); err != nil {
			return demoKeys{}, err
		}
		for _, b := range entry.books {
			b.AuthorID = a.ID
			if err := s.Books.Create(ctx, &b); err != nil {
				return demoKeys{}, err
			}
		}
	}
	return keys, nil
}

func randomKey() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand unavailable: " + err.Error())
	}
	return "bk_" + hex.EncodeToString(b[:])
}
