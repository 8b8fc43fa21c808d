package handlers

import (
	"net/http"

	"example.com/bookstore/internal/middleware"
	"example.com/bookstore/internal/models"
	"example.com/bookstore/internal/service"
)

// OrderHandler serves the /orders endpoints. Every route requires an
// authenticated customer in the request context.
type OrderHandler struct {
	svc *service.OrderService
}

// NewOrderHandler returns an OrderHandler backed by svc.
func NewOrderHandler(svc *service.OrderService) *OrderHandler {
	return &OrderHandler{svc: svc}
}

// placeOrderRequest is the body of POST /orders.
type placeOrderRequest struct {
	Items []struct {
		BookID   int64 `json:"book_id"`
		Quantity int   `json:"quantity"`
	} `json:"items"`
}

// statusRequest is the body of PATCH /orders/{orderID}/status.
type statusRequest struct {
	Status models.OrderStatus `json:"status"`
}

// currentCustomer returns the authenticated customer or writes 401.
func currentCustomer(w http.ResponseWriter, r *http.Request) (models.Customer, bool) {
	c, ok := middleware.CustomerFromContext(r.Context())
	if !ok {
		writeError(w, r, models.ErrUnauthorized)
	}
	return c, ok
}

// PlaceOrder handles POST /orders.
func (h *OrderHandler) PlaceOrder(w http.ResponseWriter, r *http.Request) {
	customer, ok := currentCustomer(w, r)
	if !ok {
		return
	}
	var req placeOrderRequest
	if err := decodeJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	lines := make([]service.OrderLine, 0, len(req.Items))
	for _, it := range req.Items {
		lines = append(lines, service.OrderLine{BookID: it.BookID, Quantity: it.Quantity})
	}
	order, err := h.svc.PlaceOrder(r.Context(), customer.ID, lines)
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Location", location("orders", order.ID))
	writeJSON(w, http.StatusCreated, order)
}

// ListOrders handles GET /orders: the caller's own orders, newest first.
func (h *OrderHandler) ListOrders(w http.ResponseWriter, r *http.Request) {
	customer, ok := currentCustomer(w, r)
	if !ok {
		return
	}
	page, err := parsePage(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	res, err := h.svc.ListOrders(r.Context(), customer.ID, page)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// GetOrder handles GET /orders/{orderID}. Customers see only their own
// orders; admins see all.
func (h *OrderHandler) GetOrder(w http.ResponseWriter, r *http.Request) {
	customer, ok := currentCustomer(w, r)
	if !ok {
		return
	}
	id, err := pathID(r, "orderID")
	if err != nil {
		writeError(w, r, err)
		return
	}
	order, err := h.svc.GetOrder(r.Context(), customer, id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, order)
}

// UpdateOrderStatus handles PATCH /orders/{orderID}/status (admin).
func (h *OrderHandler) UpdateOrderStatus(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "orderID")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req statusRequest
	if err := decodeJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	order, err := h.svc.UpdateStatus(r.Context(), id, req.Status)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, order)
}
