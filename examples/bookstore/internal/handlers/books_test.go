package handlers

import (
	"fmt"
	"net/http"
	"testing"

	"example.com/bookstore/internal/models"
	"example.com/bookstore/internal/service"
)

func TestBookEndpoints(t *testing.T) {
	tests := []struct {
		name       string
		method     string
		path       func(a *testAPI) string
		body       func(a *testAPI) string
		wantStatus int
		wantCode   string
		wantField  string
	}{
		{name: "list", method: http.MethodGet, path: func(*testAPI) string { return "/books?q=fifth&in_stock=true" }, wantStatus: http.StatusOK},
		{name: "list bad limit", method: http.MethodGet, path: func(*testAPI) string { return "/books?limit=ten" }, wantStatus: http.StatusBadRequest, wantCode: "bad_request", wantField: "limit"},
		{name: "list bad in_stock", method: http.MethodGet, path: func(*testAPI) string { return "/books?in_stock=maybe" }, wantStatus: http.StatusBadRequest, wantField: "in_stock"},
		{name: "get", method: http.MethodGet, path: func(a *testAPI) string { return fmt.Sprintf("/books/%d", a.book.ID) }, wantStatus: http.StatusOK},
		{name: "get missing", method: http.MethodGet, path: func(*testAPI) string { return "/books/999" }, wantStatus: http.StatusNotFound, wantCode: "not_found"},
		{name: "get bad id", method: http.MethodGet, path: func(*testAPI) string { return "/books/abc" }, wantStatus: http.StatusBadRequest, wantField: "bookID"},
		{
			name: "create", method: http.MethodPost, path: func(*testAPI) string { return "/books" },
			body: func(a *testAPI) string {
				return fmt.Sprintf(`{"title":"The Obelisk Gate","isbn":"978-0-13-110362-7","author_id":%d,"price_cents":1700,"stock":2}`, a.author.ID)
			},
			wantStatus: http.StatusCreated,
		},
		{
			name: "create invalid", method: http.MethodPost, path: func(*testAPI) string { return "/books" },
			body: func(a *testAPI) string {
				return fmt.Sprintf(`{"title":"","isbn":"9780131103627","author_id":%d,"price_cents":1700}`, a.author.ID)
			},
			wantStatus: http.StatusUnprocessableEntity, wantCode: "validation_failed", wantField: "title",
		},
		{
			name: "create duplicate isbn", method: http.MethodPost, path: func(*testAPI) string { return "/books" },
			body: func(a *testAPI) string {
				return fmt.Sprintf(`{"title":"Copy","isbn":"%s","author_id":%d,"price_cents":100}`, a.book.ISBN, a.author.ID)
			},
			wantStatus: http.StatusConflict, wantCode: "conflict",
		},
		{name: "create unknown field", method: http.MethodPost, path: func(*testAPI) string { return "/books" }, body: func(*testAPI) string { return `{"titel":"x"}` }, wantStatus: http.StatusBadRequest},
		{name: "create wrong type", method: http.MethodPost, path: func(*testAPI) string { return "/books" }, body: func(*testAPI) string { return `{"price_cents":"cheap"}` }, wantStatus: http.StatusBadRequest, wantField: "price_cents"},
		{name: "create empty body", method: http.MethodPost, path: func(*testAPI) string { return "/books" }, body: func(*testAPI) string { return `` }, wantStatus: http.StatusBadRequest},
		{
			name: "update", method: http.MethodPut, path: func(a *testAPI) string { return fmt.Sprintf("/books/%d", a.book.ID) },
			body: func(a *testAPI) string {
				return fmt.Sprintf(`{"title":"The Fifth Season","isbn":"%s","author_id":%d,"price_cents":1800}`, a.book.ISBN, a.author.ID)
			},
			wantStatus: http.StatusOK,
		},
		{name: "restock", method: http.MethodPatch, path: func(a *testAPI) string { return fmt.Sprintf("/books/%d/stock", a.book.ID) }, body: func(*testAPI) string { return `{"delta":5}` }, wantStatus: http.StatusOK},
		{name: "write off too many", method: http.MethodPatch, path: func(a *testAPI) string { return fmt.Sprintf("/books/%d/stock", a.book.ID) }, body: func(*testAPI) string { return `{"delta":-4}` }, wantStatus: http.StatusConflict, wantCode: "insufficient_stock"},
		{name: "delete", method: http.MethodDelete, path: func(a *testAPI) string { return fmt.Sprintf("/books/%d", a.book.ID) }, wantStatus: http.StatusNoContent},
		{name: "delete missing", method: http.MethodDelete, path: func(*testAPI) string { return "/books/999" }, wantStatus: http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newTestAPI(t)
			body := ""
			if tt.body != nil {
				body = tt.body(api)
			}
			rec := api.do(tt.method, tt.path(api), body, 0, nil)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d: %s", rec.Code, tt.wantStatus, rec.Body)
			}
			if tt.wantStatus >= 400 {
				var eb ErrorBody
				api.do(tt.method, tt.path(api), body, 0, &eb)
				if eb.Error.RequestID == "" || eb.Error.Message == "" {
					t.Errorf("error body lacks request ID or message: %+v", eb)
				}
				if tt.wantCode != "" && eb.Error.Code != tt.wantCode {
					t.Errorf("code = %q, want %q", eb.Error.Code, tt.wantCode)
				}
				if tt.wantField != "" && eb.Error.Field != tt.wantField {
					t.Errorf("field = %q, want %q", eb.Error.Field, tt.wantField)
				}
			}
		})
	}
}

func TestCreateBookSetsLocation(t *testing.T) {
	api := newTestAPI(t)
	var book models.Book
	body := fmt.Sprintf(`{"title":"The Stone Sky","isbn":"9780131103627","author_id":%d,"price_cents":1700}`, api.author.ID)
	rec := api.do(http.MethodPost, "/books", body, 0, &book)
	if got, want := rec.Header().Get("Location"), fmt.Sprintf("/books/%d", book.ID); got != want {
		t.Errorf("Location = %q, want %q", got, want)
	}
}

func TestListAuthorBooks(t *testing.T) {
	api := newTestAPI(t)
	var page service.PageResult[models.Book]
	rec := api.do(http.MethodGet, fmt.Sprintf("/authors/%d/books?limit=5", api.author.ID), "", 0, &page)
	if rec.Code != http.StatusOK || page.Total != 1 || page.Limit != 5 || page.Items[0].ID != api.book.ID {
		t.Fatalf("got %d %+v", rec.Code, page)
	}
	if rec := api.do(http.MethodGet, "/authors/999/books", "", 0, nil); rec.Code != http.StatusNotFound {
		t.Errorf("unknown author: status %d, want 404", rec.Code)
	}
}
