package handlers

import (
	"fmt"
	"net/http"
	"testing"

	"example.com/bookstore/internal/models"
	"example.com/bookstore/internal/service"
)

func TestPlaceOrder(t *testing.T) {
	tests := []struct {
		name       string
		body       func(a *testAPI) string
		anonymous  bool
		wantStatus int
		wantCode   string
	}{
		{
			name:       "placed",
			body:       func(a *testAPI) string { return fmt.Sprintf(`{"items":[{"book_id":%d,"quantity":2}]}`, a.book.ID) },
			wantStatus: http.StatusCreated,
		},
		{
			name:       "not enough stock",
			body:       func(a *testAPI) string { return fmt.Sprintf(`{"items":[{"book_id":%d,"quantity":4}]}`, a.book.ID) },
			wantStatus: http.StatusConflict, wantCode: "insufficient_stock",
		},
		{
			name:       "no items",
			body:       func(*testAPI) string { return `{"items":[]}` },
			wantStatus: http.StatusUnprocessableEntity, wantCode: "validation_failed",
		},
		{
			name:       "anonymous",
			body:       func(a *testAPI) string { return fmt.Sprintf(`{"items":[{"book_id":%d,"quantity":1}]}`, a.book.ID) },
			anonymous:  true,
			wantStatus: http.StatusUnauthorized, wantCode: "unauthorized",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newTestAPI(t)
			customer := api.customerID("a")
			if tt.anonymous {
				customer = 0
			}
			rec := api.do(http.MethodPost, "/orders", tt.body(api), customer, nil)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d: %s", rec.Code, tt.wantStatus, rec.Body)
			}
			if tt.wantCode != "" {
				var eb ErrorBody
				api.do(http.MethodPost, "/orders", tt.body(api), customer, &eb)
				if eb.Error.Code != tt.wantCode {
					t.Errorf("code = %q, want %q", eb.Error.Code, tt.wantCode)
				}
			}
		})
	}
}

func TestOrderLifecycleOverHTTP(t *testing.T) {
	api := newTestAPI(t)
	owner, other := api.customerID("a"), api.customerID("b")

	var order models.Order
	rec := api.do(http.MethodPost, "/orders", fmt.Sprintf(`{"items":[{"book_id":%d,"quantity":1}]}`, api.book.ID), owner, &order)
	if rec.Code != http.StatusCreated {
		t.Fatalf("place: %d %s", rec.Code, rec.Body)
	}
	if order.TotalCents != 1500+service.StandardShippingCents || order.Items[0].UnitPriceCents != 1500 {
		t.Errorf("order totals = %+v", order)
	}
	path := fmt.Sprintf("/orders/%d", order.ID)

	tests := []struct {
		name       string
		method     string
		path       string
		body       string
		customer   int64
		wantStatus int
	}{
		{"owner reads", http.MethodGet, path, "", owner, http.StatusOK},
		{"other customer reads", http.MethodGet, path, "", other, http.StatusForbidden},
		{"missing order", http.MethodGet, "/orders/4040", "", owner, http.StatusNotFound},
		{"owner lists", http.MethodGet, "/orders?limit=1", "", owner, http.StatusOK},
		{"mark paid", http.MethodPatch, path + "/status", `{"status":"paid"}`, owner, http.StatusOK},
		{"pay twice", http.MethodPatch, path + "/status", `{"status":"paid"}`, owner, http.StatusConflict},
		{"unknown status", http.MethodPatch, path + "/status", `{"status":"lost"}`, owner, http.StatusUnprocessableEntity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := api.do(tt.method, tt.path, tt.body, tt.customer, nil)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d: %s", rec.Code, tt.wantStatus, rec.Body)
			}
		})
	}

	var list service.PageResult[models.Order]
	api.do(http.MethodGet, "/orders", "", other, &list)
	if list.Total != 0 || list.Items == nil {
		t.Errorf("other customer's listing = %+v, want empty", list)
	}
}
