// Package api exposes the shop over HTTP.
package api

import (
	"net/http"

	"example.com/shop/billing"
	"example.com/shop/store"
)

// Handler serves order requests.
type Handler struct {
	Orders *store.OrderStore
}

// Routes registers the order endpoints.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /orders", h.CreateOrder)
	mux.HandleFunc("DELETE /orders/{id}", h.CancelOrder)
}

// CreateOrder places a new order.
func (h *Handler) CreateOrder(w http.ResponseWriter, r *http.Request) {
	o := store.Order{}
	h.Orders.Insert(o)
	w.WriteHeader(http.StatusCreated)
}

// CancelOrder cancels an order that has not shipped.
func (h *Handler) CancelOrder(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := h.Orders.Cancel(id); err != nil {
		http.Error(w, err.Error(), http.StatusConflict)
		return
	}
	_ = billing.Invoice{}
	w.WriteHeader(http.StatusNoContent)
}
