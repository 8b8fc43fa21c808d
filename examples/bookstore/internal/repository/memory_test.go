package repository

import (
	"context"
	"errors"
	"sync"
	"testing"

	"example.com/bookstore/internal/models"
)

// seed creates one author and the given books (title → stock).
func seed(t *testing.T, stocks ...int) (Store, []models.Book) {
	t.Helper()
	ctx := context.Background()
	s := NewMemoryStore().Store()
	a := models.Author{Name: "Test Author"}
	if err := s.Authors.Create(ctx, &a); err != nil {
		t.Fatal(err)
	}
	isbns := []string{"9780306406157", "9781861972712", "9780131103627"}
	var books []models.Book
	for i, stock := range stocks {
		b := models.Book{Title: "Book " + string(rune('A'+i)), ISBN: isbns[i], AuthorID: a.ID, PriceCents: 1000, Stock: stock}
		if err := s.Books.Create(ctx, &b); err != nil {
			t.Fatal(err)
		}
		books = append(books, b)
	}
	return s, books
}

func TestMemoryBooksList(t *testing.T) {
	s, books := seed(t, 3, 0, 5)
	ctx := context.Background()
	tests := []struct {
		name          string
		filter        BookFilter
		limit, offset int
		wantIDs       []int64
		wantTotal     int
	}{
		{name: "all", limit: 10, wantIDs: []int64{books[0].ID, books[1].ID, books[2].ID}, wantTotal: 3},
		{name: "paged", limit: 1, offset: 1, wantIDs: []int64{books[1].ID}, wantTotal: 3},
		{name: "past the end", limit: 10, offset: 9, wantIDs: nil, wantTotal: 3},
		{name: "in stock", filter: BookFilter{InStockOnly: true}, limit: 10, wantIDs: []int64{books[0].ID, books[2].ID}, wantTotal: 2},
		{name: "query", filter: BookFilter{Query: "book c"}, limit: 10, wantIDs: []int64{books[2].ID}, wantTotal: 1},
		{name: "other author", filter: BookFilter{AuthorID: 999}, limit: 10, wantTotal: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := s.Books.List(ctx, tt.filter, tt.limit, tt.offset)
			if err != nil {
				t.Fatal(err)
			}
			if total != tt.wantTotal || len(got) != len(tt.wantIDs) {
				t.Fatalf("got %d books (total %d), want %d (total %d)", len(got), total, len(tt.wantIDs), tt.wantTotal)
			}
			for i, id := range tt.wantIDs {
				if got[i].ID != id {
					t.Errorf("book %d = %d, want %d", i, got[i].ID, id)
				}
			}
		})
	}
}

func TestMemoryOrderCreateIsAtomic(t *testing.T) {
	s, books := seed(t, 5, 1)
	ctx := context.Background()
	o := models.Order{CustomerID: 1, Status: models.StatusPending, Items: []models.OrderItem{
		{BookID: books[0].ID, Quantity: 2},
		{BookID: books[1].ID, Quantity: 2},
	}}
	if err := s.Orders.Create(ctx, &o); !errors.Is(err, models.ErrInsufficientStock) {
		t.Fatalf("Create = %v, want ErrInsufficientStock", err)
	}
	b, _ := s.Books.GetByID(ctx, books[0].ID)
	if b.Stock != 5 {
		t.Fatalf("stock of first line changed to %d after a failed order", b.Stock)
	}
}

func TestMemoryOrderCreateConcurrent(t *testing.T) {
	s, books := seed(t, 10)
	ctx := context.Background()
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		succeed int
	)
	for i := 0; i < 25; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := models.Order{CustomerID: 1, Status: models.StatusPending,
				Items: []models.OrderItem{{BookID: books[0].ID, Quantity: 1}}}
			if err := s.Orders.Create(ctx, &o); err == nil {
				mu.Lock()
				succeed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	b, _ := s.Books.GetByID(ctx, books[0].ID)
	if succeed != 10 || b.Stock != 0 {
		t.Fatalf("%d orders succeeded, stock %d; want 10 and 0", succeed, b.Stock)
	}
}

func TestMemoryOrderUpdateStatusCompareAndSet(t *testing.T) {
	s, books := seed(t, 2)
	ctx := context.Background()
	o := models.Order{CustomerID: 1, Status: models.StatusPending,
		Items: []models.OrderItem{{BookID: books[0].ID, Quantity: 1}}}
	if err := s.Orders.Create(ctx, &o); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Orders.UpdateStatus(ctx, o.ID, models.StatusPending, models.StatusPaid); err != nil {
		t.Fatal(err)
	}
	_, err := s.Orders.UpdateStatus(ctx, o.ID, models.StatusPending, models.StatusPaid)
	if !errors.Is(err, models.ErrInvalidStatusTransition) {
		t.Fatalf("second UpdateStatus = %v, want ErrInvalidStatusTransition", err)
	}
	if err := s.Books.Delete(ctx, books[0].ID); !errors.Is(err, models.ErrBookInUse) {
		t.Fatalf("Delete ordered book = %v, want ErrBookInUse", err)
	}
}
