package routes

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"example.com/bookstore/internal/models"
	"example.com/bookstore/internal/repository"
	"example.com/bookstore/internal/service"
)

func newTestServer(t *testing.T) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	store := repository.NewMemoryStore().Store()
	for _, c := range []models.Customer{
		{Email: "reader@example.com", Name: "Reader", Role: models.RoleCustomer, APIKeyHash: models.HashAPIKey("reader-key")},
		{Email: "staff@example.com", Name: "Staff", Role: models.RoleAdmin, APIKeyHash: models.HashAPIKey("staff-key")},
	} {
		if err := store.Customers.Create(ctx, &c); err != nil {
			t.Fatal(err)
		}
	}
	h := New(Deps{
		Books:     service.NewBookService(store.Books, store.Authors),
		Authors:   service.NewAuthorService(store.Authors, store.Books),
		Orders:    service.NewOrderService(store.Orders, store.Books),
		Customers: store.Customers,
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestRouterAccessControl(t *testing.T) {
	srv := newTestServer(t)
	tests := []struct {
		name       string
		method     string
		path       string
		key        string
		body       string
		wantStatus int
	}{
		{"health", http.MethodGet, "/healthz", "", "", http.StatusOK},
		{"public books", http.MethodGet, "/books", "", "", http.StatusOK},
		{"public authors", http.MethodGet, "/authors", "", "", http.StatusOK},
		{"orders need a key", http.MethodGet, "/orders", "", "", http.StatusUnauthorized},
		{"orders with a key", http.MethodGet, "/orders", "reader-key", "", http.StatusOK},
		{"bad key", http.MethodGet, "/orders", "stolen", "", http.StatusUnauthorized},
		{"create book needs a key", http.MethodPost, "/books", "", `{}`, http.StatusUnauthorized},
		{"create book needs admin", http.MethodPost, "/books", "reader-key", `{}`, http.StatusForbidden},
		{"admin creates author", http.MethodPost, "/authors", "staff-key", `{"name":"Italo Calvino","country":"IT"}`, http.StatusCreated},
		{"status change needs admin", http.MethodPatch, "/orders/1/status", "reader-key", `{"status":"paid"}`, http.StatusForbidden},
		{"unknown route", http.MethodGet, "/nope", "", "", http.StatusNotFound},
		{"wrong method", http.MethodDelete, "/authors", "", "", http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.key != "" {
				req.Header.Set("Authorization", "Bearer "+tt.key)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				b, _ := io.ReadAll(resp.Body)
				t.Fatalf("status = %d, want %d: %s", resp.StatusCode, tt.wantStatus, b)
			}
			if resp.Header.Get("X-Request-ID") == "" {
				t.Error("response has no X-Request-ID")
			}
			if resp.StatusCode >= 400 {
				var body struct {
					Error struct{ Code string } `json:"error"`
				}
				if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.Error.Code == "" {
					t.Errorf("error response is not the JSON error body (%v)", err)
				}
			}
		})
	}
}
