package models

import (
	"errors"
	"testing"
)

func TestOrderStatusTransitions(t *testing.T) {
	tests := []struct {
		from, to OrderStatus
		want     bool
	}{
		{StatusPending, StatusPaid, true},
		{StatusPaid, StatusShipped, true},
		{StatusShipped, StatusDelivered, true},
		{StatusPending, StatusShipped, false},
		{StatusPaid, StatusPending, false},
		{StatusDelivered, StatusPaid, false},
		{StatusCancelled, StatusPaid, false},
		{StatusPending, StatusPending, false},
	}
	for _, tt := range tests {
		if got := tt.from.CanTransitionTo(tt.to); got != tt.want {
			t.Errorf("%s -> %s = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestOrderStatusValidAndTerminal(t *testing.T) {
	tests := []struct {
		status   OrderStatus
		valid    bool
		terminal bool
	}{
		{StatusPending, true, false},
		{StatusShipped, true, false},
		{StatusDelivered, true, true},
		{StatusCancelled, true, true},
		{OrderStatus("lost"), false, true},
	}
	for _, tt := range tests {
		if got := tt.status.Valid(); got != tt.valid {
			t.Errorf("%q.Valid() = %v, want %v", tt.status, got, tt.valid)
		}
		if got := tt.status.IsTerminal(); got != tt.terminal {
			t.Errorf("%q.IsTerminal() = %v, want %v", tt.status, got, tt.terminal)
		}
	}
}

func TestOrderValidateItems(t *testing.T) {
	many := make([]OrderItem, MaxOrderLines+1)
	for i := range many {
		many[i] = OrderItem{BookID: int64(i + 1), Quantity: 1}
	}
	tests := []struct {
		name      string
		items     []OrderItem
		wantField string
	}{
		{name: "one line", items: []OrderItem{{BookID: 1, Quantity: 2}}},
		{name: "empty", items: nil, wantField: "items"},
		{name: "too many lines", items: many, wantField: "items"},
		{name: "zero quantity", items: []OrderItem{{BookID: 1, Quantity: 0}}, wantField: "items[0].quantity"},
		{name: "quantity over limit", items: []OrderItem{{BookID: 1, Quantity: MaxQuantityPerLine + 1}}, wantField: "items[0].quantity"},
		{name: "missing book", items: []OrderItem{{Quantity: 1}}, wantField: "items[0].book_id"},
		{name: "duplicate book", items: []OrderItem{{BookID: 1, Quantity: 1}, {BookID: 1, Quantity: 2}}, wantField: "items[1].book_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Order{Items: tt.items}.ValidateItems()
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("ValidateItems() = %v, want nil", err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Field != tt.wantField {
				t.Fatalf("ValidateItems() = %v, want error on %q", err, tt.wantField)
			}
		})
	}
}

func TestOrderSubtotal(t *testing.T) {
	o := Order{Items: []OrderItem{
		{BookID: 1, Quantity: 2, UnitPriceCents: 1250},
		{BookID: 2, Quantity: 1, UnitPriceCents: 999},
	}}
	if got, want := o.Subtotal(), int64(3499); got != want {
		t.Errorf("Subtotal() = %d, want %d", got, want)
	}
	if !o.BelongsTo(0) || o.BelongsTo(7) {
		t.Error("BelongsTo compares the customer ID")
	}
}
