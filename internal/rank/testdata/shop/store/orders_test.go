package store

import "testing"

func TestCancelShippedOrderFails(t *testing.T) {
	s := &OrderStore{orders: map[string]*Order{"1": {ID: "1", Shipped: true}}}
	if err := s.Cancel("1"); err != ErrShipped {
		t.Fatal(err)
	}
}

func TestRefundAfterCancellation(t *testing.T) {}
