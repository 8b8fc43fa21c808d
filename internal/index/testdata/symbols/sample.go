package orders

import "net/http"

// MaxItems bounds an order.
const MaxItems = 50

// Store keeps orders.
type Store interface {
	Get(id int) (*Order, error)
}

// Order is one order.
type Order struct{ ID int }

// Total sums the order.
func (o *Order) Total() int { return 0 }

// Routes registers the handlers.
func Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /orders/{id}", nil)
}
