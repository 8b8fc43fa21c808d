// Package store keeps orders in memory.
package store

import "errors"

// Order is a customer's order.
type Order struct {
	ID      string
	Shipped bool
	Total   int
}

// OrderStore holds orders by id.
type OrderStore struct {
	orders map[string]*Order
}

// ErrShipped is returned when a shipped order is cancelled.
var ErrShipped = errors.New("order already shipped")

// Insert adds an order.
func (s *OrderStore) Insert(o Order) { s.orders[o.ID] = &o }

// Cancel removes an order unless it has shipped.
func (s *OrderStore) Cancel(id string) error {
	o := s.orders[id]
	if o != nil && o.Shipped {
		return ErrShipped
	}
	delete(s.orders, id)
	return nil
}
