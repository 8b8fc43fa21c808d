package service

import (
	"context"
	"errors"
	"testing"

	"example.com/bookstore/internal/models"
)

func TestShippingFor(t *testing.T) {
	tests := []struct{ subtotal, want int64 }{
		{0, StandardShippingCents},
		{FreeShippingThresholdCents - 1, StandardShippingCents},
		{FreeShippingThresholdCents, 0},
		{10_000, 0},
	}
	for _, tt := range tests {
		if got := ShippingFor(tt.subtotal); got != tt.want {
			t.Errorf("ShippingFor(%d) = %d, want %d", tt.subtotal, got, tt.want)
		}
	}
}

func TestOrderServicePlaceOrder(t *testing.T) {
	tests := []struct {
		name         string
		lines        func(f fixture) []OrderLine
		wantErr      error
		wantTotal    int64
		wantShipping int64
	}{
		{
			name:         "small order pays shipping",
			lines:        func(f fixture) []OrderLine { return []OrderLine{{BookID: f.cheap.ID, Quantity: 2}} },
			wantTotal:    2500 + StandardShippingCents,
			wantShipping: StandardShippingCents,
		},
		{
			name: "large order ships free",
			lines: func(f fixture) []OrderLine {
				return []OrderLine{{BookID: f.cheap.ID, Quantity: 1}, {BookID: f.pricey.ID, Quantity: 1}}
			},
			wantTotal: 5250,
		},
		{
			name:    "not enough stock",
			lines:   func(f fixture) []OrderLine { return []OrderLine{{BookID: f.pricey.ID, Quantity: 2}} },
			wantErr: models.ErrInsufficientStock,
		},
		{
			name:    "unknown book",
			lines:   func(fixture) []OrderLine { return []OrderLine{{BookID: 12345, Quantity: 1}} },
			wantErr: models.ErrValidation,
		},
		{
			name:    "empty order",
			lines:   func(fixture) []OrderLine { return nil },
			wantErr: models.ErrValidation,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			svc := NewOrderService(f.store.Orders, f.store.Books)
			o, err := svc.PlaceOrder(context.Background(), f.customer.ID, tt.lines(f))
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("PlaceOrder() = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if o.Status != models.StatusPending || o.TotalCents != tt.wantTotal || o.ShippingCents != tt.wantShipping {
				t.Errorf("order = status %s total %d shipping %d, want pending %d %d",
					o.Status, o.TotalCents, o.ShippingCents, tt.wantTotal, tt.wantShipping)
			}
		})
	}
}

func TestOrderServicePlaceOrderTakesStock(t *testing.T) {
	f := newFixture(t)
	svc := NewOrderService(f.store.Orders, f.store.Books)
	ctx := context.Background()
	if _, err := svc.PlaceOrder(ctx, f.customer.ID, []OrderLine{{BookID: f.cheap.ID, Quantity: 3}}); err != nil {
		t.Fatal(err)
	}
	b, _ := f.store.Books.GetByID(ctx, f.cheap.ID)
	if b.Stock != 2 {
		t.Errorf("stock after order = %d, want 2", b.Stock)
	}
}

func TestOrderServiceGetOrderOwnership(t *testing.T) {
	f := newFixture(t)
	svc := NewOrderService(f.store.Orders, f.store.Books)
	ctx := context.Background()
	o, err := svc.PlaceOrder(ctx, f.customer.ID, []OrderLine{{BookID: f.cheap.ID, Quantity: 1}})
	if err != nil {
		t.Fatal(err)
	}
	stranger := models.Customer{ID: 9999, Role: models.RoleCustomer}
	tests := []struct {
		name      string
		requester models.Customer
		id        int64
		wantErr   error
	}{
		{name: "owner", requester: f.customer, id: o.ID},
		{name: "admin", requester: f.admin, id: o.ID},
		{name: "someone else", requester: stranger, id: o.ID, wantErr: models.ErrForbidden},
		{name: "missing", requester: f.customer, id: 424242, wantErr: models.ErrOrderNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := svc.GetOrder(ctx, tt.requester, tt.id); !errors.Is(err, tt.wantErr) {
				t.Fatalf("GetOrder() = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestOrderServiceUpdateStatus(t *testing.T) {
	tests := []struct {
		name    string
		path    []models.OrderStatus
		wantErr error
	}{
		{name: "full lifecycle", path: []models.OrderStatus{models.StatusPaid, models.StatusShipped, models.StatusDelivered}},
		{name: "skip payment", path: []models.OrderStatus{models.StatusShipped}, wantErr: models.ErrInvalidStatusTransition},
		{name: "unknown status", path: []models.OrderStatus{"returned"}, wantErr: models.ErrValidation},
		{name: "after delivery", path: []models.OrderStatus{models.StatusPaid, models.StatusShipped, models.StatusDelivered, models.StatusPaid}, wantErr: models.ErrConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			svc := NewOrderService(f.store.Orders, f.store.Books)
			ctx := context.Background()
			o, err := svc.PlaceOrder(ctx, f.customer.ID, []OrderLine{{BookID: f.cheap.ID, Quantity: 1}})
			if err != nil {
				t.Fatal(err)
			}
			for _, next := range tt.path {
				if o, err = svc.UpdateStatus(ctx, o.ID, next); err != nil {
					break
				}
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("UpdateStatus() = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestOrderServiceListOrders(t *testing.T) {
	f := newFixture(t)
	svc := NewOrderService(f.store.Orders, f.store.Books)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if _, err := svc.PlaceOrder(ctx, f.customer.ID, []OrderLine{{BookID: f.cheap.ID, Quantity: 1}}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := svc.ListOrders(ctx, f.customer.ID, Page{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 3 || len(res.Items) != 2 || !res.HasMore() {
		t.Fatalf("ListOrders() = %d of %d, want 2 of 3", len(res.Items), res.Total)
	}
	if res.Items[0].ID < res.Items[1].ID {
		t.Error("orders are not newest first")
	}
	other, _ := svc.ListOrders(ctx, f.admin.ID, Page{})
	if other.Total != 0 {
		t.Errorf("admin sees %d orders of another customer", other.Total)
	}
}
