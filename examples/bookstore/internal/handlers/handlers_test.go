package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"example.com/bookstore/internal/middleware"
	"example.com/bookstore/internal/models"
	"example.com/bookstore/internal/repository"
	"example.com/bookstore/internal/service"
)

// testAPI is a router with the handlers mounted as in production but
// without authentication: the X-Test-Customer header names the ID of the
// customer to put in the context.
type testAPI struct {
	t      *testing.T
	router http.Handler
	store  repository.Store
	author models.Author
	book   models.Book // stock 3, 1500 cents
}

func newTestAPI(t *testing.T) *testAPI {
	t.Helper()
	ctx := context.Background()
	store := repository.NewMemoryStore().Store()
	api := &testAPI{t: t, store: store}
	api.author = models.Author{Name: "N. K. Jemisin"}
	if err := store.Authors.Create(ctx, &api.author); err != nil {
		t.Fatal(err)
	}
	api.book = models.Book{Title: "The Fifth Season", ISBN: "9780306406157", AuthorID: api.author.ID, PriceCents: 1500, Stock: 3}
	if err := store.Books.Create(ctx, &api.book); err != nil {
		t.Fatal(err)
	}
	for _, c := range []models.Customer{
		{Email: "a@example.com", Name: "A", Role: models.RoleCustomer, APIKeyHash: models.HashAPIKey("a")},
		{Email: "b@example.com", Name: "B", Role: models.RoleCustomer, APIKeyHash: models.HashAPIKey("b")},
	} {
		if err := store.Customers.Create(ctx, &c); err != nil {
			t.Fatal(err)
		}
	}

	books := NewBookHandler(service.NewBookService(store.Books, store.Authors))
	authors := NewAuthorHandler(service.NewAuthorService(store.Authors, store.Books))
	orders := NewOrderHandler(service.NewOrderService(store.Orders, store.Books))

	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			var id int64
			if _, err := fmt.Sscan(req.Header.Get("X-Test-Customer"), &id); err == nil {
				c, err := store.Customers.GetByID(req.Context(), id)
				if err != nil {
					t.Fatalf("unknown test customer %d", id)
				}
				req = req.WithContext(middleware.WithCustomer(req.Context(), c))
			}
			next.ServeHTTP(w, req)
		})
	})
	r.Get("/books", books.ListBooks)
	r.Post("/books", books.CreateBook)
	r.Get("/books/{bookID}", books.GetBook)
	r.Put("/books/{bookID}", books.UpdateBook)
	r.Delete("/books/{bookID}", books.DeleteBook)
	r.Patch("/books/{bookID}/stock", books.AdjustStock)
	r.Get("/authors/{authorID}", authors.GetAuthor)
	r.Get("/authors/{authorID}/books", authors.ListAuthorBooks)
	r.Post("/authors", authors.CreateAuthor)
	r.Post("/orders", orders.PlaceOrder)
	r.Get("/orders", orders.ListOrders)
	r.Get("/orders/{orderID}", orders.GetOrder)
	r.Patch("/orders/{orderID}/status", orders.UpdateOrderStatus)
	api.router = r
	return api
}

// customerID returns the ID of the seeded customer whose API key is key.
func (a *testAPI) customerID(key string) int64 {
	c, err := a.store.Customers.GetByAPIKeyHash(context.Background(), models.HashAPIKey(key))
	if err != nil {
		a.t.Fatal(err)
	}
	return c.ID
}

// do sends a request and decodes the JSON response into out (if non-nil).
func (a *testAPI) do(method, path, body string, customerID int64, out any) *httptest.ResponseRecorder {
	a.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if customerID != 0 {
		req.Header.Set("X-Test-Customer", fmt.Sprint(customerID))
	}
	rec := httptest.NewRecorder()
	a.router.ServeHTTP(rec, req)
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			a.t.Fatalf("%s %s: decode %q: %v", method, path, rec.Body, err)
		}
	}
	return rec
}

func TestErrorStatus(t *testing.T) {
	tests := []struct {
		err        error
		wantStatus int
		wantCode   string
	}{
		{badRequest("limit", "bad"), http.StatusBadRequest, "bad_request"},
		{&models.ValidationError{Field: "title", Message: "is required"}, http.StatusUnprocessableEntity, "validation_failed"},
		{models.ErrBookNotFound, http.StatusNotFound, "not_found"},
		{models.ErrDuplicateISBN, http.StatusConflict, "conflict"},
		{fmt.Errorf("%w: book 1", models.ErrInsufficientStock), http.StatusConflict, "insufficient_stock"},
		{models.ErrInvalidStatusTransition, http.StatusConflict, "invalid_status_transition"},
		{models.ErrUnauthorized, http.StatusUnauthorized, "unauthorized"},
		{models.ErrForbidden, http.StatusForbidden, "forbidden"},
		{errors.New("connection reset"), http.StatusInternalServerError, "internal_error"},
	}
	for _, tt := range tests {
		status, code := errorStatus(tt.err)
		if status != tt.wantStatus || code != tt.wantCode {
			t.Errorf("errorStatus(%v) = %d %s, want %d %s", tt.err, status, code, tt.wantStatus, tt.wantCode)
		}
	}
}

func TestWriteErrorHidesInternalDetails(t *testing.T) {
	rec := httptest.NewRecorder()
	writeError(rec, httptest.NewRequest(http.MethodGet, "/", nil), errors.New("pq: password authentication failed"))
	var body ErrorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if rec.Code != http.StatusInternalServerError || body.Error.Message != "internal server error" {
		t.Errorf("got %d %+v", rec.Code, body)
	}
}
