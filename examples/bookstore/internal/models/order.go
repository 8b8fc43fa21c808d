package models

import (
	"fmt"
	"time"
)

// Order errors.
var (
	// ErrOrderNotFound is returned when no order has the requested ID.
	ErrOrderNotFound = newError(ErrNotFound, "order not found")
	// ErrInvalidStatusTransition is returned when an order cannot move from
	// its current status to the requested one.
	ErrInvalidStatusTransition = newError(ErrConflict, "invalid status transition")
)

// Limits on the contents of a single order.
const (
	MaxOrderLines      = 20
	MaxQuantityPerLine = 10
)

// OrderStatus is the lifecycle state of an order.
type OrderStatus string

// Order statuses. A new order is pending until payment is captured.
const (
	StatusPending   OrderStatus = "pending"
	StatusPaid      OrderStatus = "paid"
	StatusShipped   OrderStatus = "shipped"
	StatusDelivered OrderStatus = "delivered"
	StatusCancelled OrderStatus = "cancelled"
)

// transitions lists, for each status, the statuses an order may move to.
var transitions = map[OrderStatus][]OrderStatus{
	StatusPending: {StatusPaid},
	StatusPaid:    {StatusShipped},
	StatusShipped: {StatusDelivered},
}

// Valid reports whether s is a known status.
func (s OrderStatus) Valid() bool {
	switch s {
	case StatusPending, StatusPaid, StatusShipped, StatusDelivered, StatusCancelled:
		return true
	}
	return false
}

// CanTransitionTo reports whether an order in status s may move to next.
func (s OrderStatus) CanTransitionTo(next OrderStatus) bool {
	for _, allowed := range transitions[s] {
		if allowed == next {
			return true
		}
	}
	return false
}

// IsTerminal reports whether no further transition is possible from s.
func (s OrderStatus) IsTerminal() bool {
	return len(transitions[s]) == 0
}

// OrderItem is one line of an order. UnitPriceCents is the book's price at
// the moment the order was placed, so later price changes do not alter it.
type OrderItem struct {
	BookID         int64 `json:"book_id"`
	Quantity       int   `json:"quantity"`
	UnitPriceCents int64 `json:"unit_price_cents"`
}

// LineTotalCents is the price of the line.
func (i OrderItem) LineTotalCents() int64 {
	return i.UnitPriceCents * int64(i.Quantity)
}

// Order is a customer's purchase of one or more books.
type Order struct {
	ID            int64       `json:"id"`
	CustomerID    int64       `json:"customer_id"`
	Status        OrderStatus `json:"status"`
	Items         []OrderItem `json:"items"`
	SubtotalCents int64       `json:"subtotal_cents"`
	ShippingCents int64       `json:"shipping_cents"`
	TotalCents    int64       `json:"total_cents"`
	CreatedAt     time.Time   `json:"created_at"`
	UpdatedAt     time.Time   `json:"updated_at"`
}

// Subtotal adds up the order's line totals.
func (o Order) Subtotal() int64 {
	var sum int64
	for _, it := range o.Items {
		sum += it.LineTotalCents()
	}
	return sum
}

// BelongsTo reports whether the order was placed by customerID.
func (o Order) BelongsTo(customerID int64) bool {
	return o.CustomerID == customerID
}

// ValidateItems checks the order lines: at least one, no more than
// MaxOrderLines, each quantity between 1 and MaxQuantityPerLine and each
// book at most once.
func (o Order) ValidateItems() error {
	if len(o.Items) == 0 {
		return invalid("items", "must contain at least one book")
	}
	if len(o.Items) > MaxOrderLines {
		return invalid("items", "must contain at most %d lines", MaxOrderLines)
	}
	seen := make(map[int64]bool, len(o.Items))
	for i, it := range o.Items {
		field := fmt.Sprintf("items[%d]", i)
		if it.BookID <= 0 {
			return invalid(field+".book_id", "is required")
		}
		if it.Quantity < 1 || it.Quantity > MaxQuantityPerLine {
			return invalid(field+".quantity", "must be between 1 and %d", MaxQuantityPerLine)
		}
		if seen[it.BookID] {
			return invalid(field+".book_id", "appears more than once")
		}
		seen[it.BookID] = true
	}
	return nil
}
