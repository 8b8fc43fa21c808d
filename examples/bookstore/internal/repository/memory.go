package repository

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"example.com/bookstore/internal/models"
)

// MemoryStore keeps every aggregate in maps guarded by one mutex. It is
// safe for concurrent use and is what the tests and the server's demo mode
// run on. Values are copied in and out, so callers never share memory with
// the store.
type MemoryStore struct {
	mu        sync.RWMutex
	now       func() time.Time
	lastID    int64
	authors   map[int64]models.Author
	books     map[int64]models.Book
	orders    map[int64]models.Order
	customers map[int64]models.Customer
}

// NewMemoryStore returns an empty in-memory store.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{
		now:       func() time.Time { return time.Now().UTC() },
		authors:   make(map[int64]models.Author),
		books:     make(map[int64]models.Book),
		orders:    make(map[int64]models.Order),
		customers: make(map[int64]models.Customer),
	}
}

// Store returns the repositories backed by m.
func (m *MemoryStore) Store() Store {
	return Store{
		Books:     memoryBooks{m},
		Authors:   memoryAuthors{m},
		Orders:    memoryOrders{m},
		Customers: memoryCustomers{m},
	}
}

// nextID hands out IDs that are unique across all tables. Callers hold mu.
func (m *MemoryStore) nextID() int64 {
	m.lastID++
	return m.lastID
}

// page cuts items[offset:offset+limit], tolerating out-of-range offsets.
func page[T any](items []T, limit, offset int) []T {
	if offset >= len(items) {
		return []T{}
	}
	end := len(items)
	if limit > 0 && offset+limit < end {
		end = offset + limit
	}
	return items[offset:end]
}

type memoryBooks struct{ m *MemoryStore }

func (r memoryBooks) List(_ context.Context, f BookFilter, limit, offset int) ([]models.Book, int, error) {
	r.m.mu.RLock()
	defer r.m.mu.RUnlock()
	q := strings.ToLower(strings.TrimSpace(f.Query))
	var out []models.Book
	for _, b := range r.m.books {
		if f.AuthorID != 0 && b.AuthorID != f.AuthorID {
			continue
		}
		if f.InStockOnly && b.Stock == 0 {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(b.Title), q) && !strings.Contains(b.ISBN, q) {
			continue
		}
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b models.Book) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)), cmp.Compare(a.ID, b.ID))
	})
	return page(out, limit, offset), len(out), nil
}

func (r memoryBooks) GetByID(_ context.Context, id int64) (models.Book, error) {
	r.m.mu.RLock()
	defer r.m.mu.RUnlock()
	b, ok := r.m.books[id]
	if !ok {
		return models.Book{}, models.ErrBookNotFound
	}
	return b, nil
}

func (r memoryBooks) Create(_ context.Context, b *models.Book) error {
	r.m.mu.Lock()
	defer r.m.mu.Unlock()
	if _, ok := r.m.authors[b.AuthorID]; !ok {
		return models.ErrAuthorNotFound
	}
	if r.isbnTaken(b.ISBN, 0) {
		return models.ErrDuplicateISBN
	}
	now := r.m.now()
	b.ID = r.m.nextID()
	b.CreatedAt, b.UpdatedAt = now, now
	r.m.books[b.ID] = *b
	return nil
}

func (r memoryBooks) Update(_ context.Context, b *models.Book) error {
	r.m.mu.Lock()
	defer r.m.mu.Unlock()
	old, ok := r.m.books[b.ID]
	if !ok {
		return models.ErrBookNotFound
	}
	if _, ok := r.m.authors[b.AuthorID]; !ok {
		return models.ErrAuthorNotFound
	}
	if r.isbnTaken(b.ISBN, b.ID) {
		return models.ErrDuplicateISBN
	}
	b.Stock = old.Stock
	b.CreatedAt = old.CreatedAt
	b.UpdatedAt = r.m.now()
	r.m.books[b.ID] = *b
	return nil
}

// isbnTaken reports whether a book other than exceptID uses isbn. Callers
// hold the lock.
func (r memoryBooks) isbnTaken(isbn string, exceptID int64) bool {
	for id, other := range r.m.books {
		if id != exceptID && other.ISBN == isbn {
			return true
		}
	}
	return false
}

func (r memoryBooks) Delete(_ context.Context, id int64) error {
	r.m.mu.Lock()
	defer r.m.mu.Unlock()
	if _, ok := r.m.books[id]; !ok {
		return models.ErrBookNotFound
	}
	for _, o := range r.m.orders {
		for _, it := range o.Items {
			if it.BookID == id {
				return models.ErrBookInUse
			}
		}
	}
	delete(r.m.books, id)
	return nil
}

func (r memoryBooks) AdjustStock(_ context.Context, id int64, delta int) (models.Book, error) {
	r.m.mu.Lock()
	defer r.m.mu.Unlock()
	b, ok := r.m.books[id]
	if !ok {
		return models.Book{}, models.ErrBookNotFound
	}
	if b.Stock+delta < 0 {
		return models.Book{}, fmt.Errorf("%w: book %d has %d in stock", models.ErrInsufficientStock, id, b.Stock)
	}
	b.Stock += delta
	b.UpdatedAt = r.m.now()
	r.m.books[id] = b
	return b, nil
}

type memoryAuthors struct{ m *MemoryStore }

func (r memoryAuthors) List(_ context.Context, limit, offset int) ([]models.Author, int, error) {
	r.m.mu.RLock()
	defer r.m.mu.RUnlock()
	out := make([]models.Author, 0, len(r.m.authors))
	for _, a := range r.m.authors {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b models.Author) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return page(out, limit, offset), len(out), nil
}

func (r memoryAuthors) GetByID(_ context.Context, id int64) (models.Author, error) {
	r.m.mu.RLock()
	defer r.m.mu.RUnlock()
	a, ok := r.m.authors[id]
	if !ok {
		return models.Author{}, models.ErrAuthorNotFound
	}
	return a, nil
}

func (r memoryAuthors) Create(_ context.Context, a *models.Author) error {
	r.m.mu.Lock()
	defer r.m.mu.Unlock()
	a.ID = r.m.nextID()
	a.CreatedAt = r.m.now()
	r.m.authors[a.ID] = *a
	return nil
}

type memoryOrders struct{ m *MemoryStore }

func (r memoryOrders) Create(_ context.Context, o *models.Order) error {
	r.m.mu.Lock()
	defer r.m.mu.Unlock()
	// Check every line before touching any stock so a failure leaves the
	// store unchanged, as the database transaction does.
	for _, it := range o.Items {
		b, ok := r.m.books[it.BookID]
		if !ok {
			return models.ErrBookNotFound
		}
		if b.Stock < it.Quantity {
			return fmt.Errorf("%w: book %d has %d in stock", models.ErrInsufficientStock, b.ID, b.Stock)
		}
	}
	now := r.m.now()
	for _, it := range o.Items {
		b := r.m.books[it.BookID]
		b.Stock -= it.Quantity
		b.UpdatedAt = now
		r.m.books[b.ID] = b
	}
	o.ID = r.m.nextID()
	o.CreatedAt, o.UpdatedAt = now, now
	o.Items = slices.Clone(o.Items)
	r.m.orders[o.ID] = *o
	return nil
}

func (r memoryOrders) GetByID(_ context.Context, id int64) (models.Order, error) {
	r.m.mu.RLock()
	defer r.m.mu.RUnlock()
	o, ok := r.m.orders[id]
	if !ok {
		return models.Order{}, models.ErrOrderNotFound
	}
	o.Items = slices.Clone(o.Items)
	return o, nil
}

func (r memoryOrders) ListByCustomer(_ context.Context, customerID int64, limit, offset int) ([]models.Order, int, error) {
	r.m.mu.RLock()
	defer r.m.mu.RUnlock()
	var out []models.Order
	for _, o := range r.m.orders {
		if o.CustomerID == customerID {
			o.Items = slices.Clone(o.Items)
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b models.Order) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(b.ID, a.ID))
	})
	return page(out, limit, offset), len(out), nil
}

func (r memoryOrders) UpdateStatus(_ context.Context, id int64, from, to models.OrderStatus) (models.Order, error) {
	r.m.mu.Lock()
	defer r.m.mu.Unlock()
	o, ok := r.m.orders[id]
	if !ok {
		return models.Order{}, models.ErrOrderNotFound
	}
	if o.Status != from {
		return models.Order{}, models.ErrInvalidStatusTransition
	}
	o.Status = to
	o.UpdatedAt = r.m.now()
	r.m.orders[id] = o
	o.Items = slices.Clone(o.Items)
	return o, nil
}

type memoryCustomers struct{ m *MemoryStore }

func (r memoryCustomers) GetByID(_ context.Context, id int64) (models.Customer, error) {
	r.m.mu.RLock()
	defer r.m.mu.RUnlock()
	c, ok := r.m.customers[id]
	if !ok {
		return models.Customer{}, models.ErrCustomerNotFound
	}
	return c, nil
}

func (r memoryCustomers) GetByAPIKeyHash(_ context.Context, hash string) (models.Customer, error) {
	r.m.mu.RLock()
	defer r.m.mu.RUnlock()
	for _, c := range r.m.customers {
		if c.APIKeyHash == hash {
			return c, nil
		}
	}
	return models.Customer{}, models.ErrCustomerNotFound
}

func (r memoryCustomers) Create(_ context.Context, c *models.Customer) error {
	r.m.mu.Lock()
	defer r.m.mu.Unlock()
	for _, other := range r.m.customers {
		if other.Email == c.Email {
			return models.ErrDuplicateEmail
		}
	}
	c.ID = r.m.nextID()
	c.CreatedAt = r.m.now()
	r.m.customers[c.ID] = *c
	return nil
}
