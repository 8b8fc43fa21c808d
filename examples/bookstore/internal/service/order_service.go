package service

import (
	"context"
	"errors"
	"fmt"

	"example.com/bookstore/internal/models"
	"example.com/bookstore/internal/repository"
)

// Shipping rules: orders below the threshold pay a flat fee.
const (
	FreeShippingThresholdCents int64 = 3500
	StandardShippingCents      int64 = 499
)

// OrderLine is one requested line of a new order.
type OrderLine struct {
	BookID   int64
	Quantity int
}

// OrderService places orders and moves them through their lifecycle.
type OrderService struct {
	orders repository.OrderRepository
	books  repository.BookRepository
}

// NewOrderService returns an OrderService over the given repositories.
func NewOrderService(orders repository.OrderRepository, books repository.BookRepository) *OrderService {
	return &OrderService{orders: orders, books: books}
}

// ShippingFor returns the shipping fee for an order subtotal.
func ShippingFor(subtotalCents int64) int64 {
	if subtotalCents >= FreeShippingThresholdCents {
		return 0
	}
	return StandardShippingCents
}

// PlaceOrder creates a pending order for customerID. Each line is priced
// at the book's current price; the stock check here gives the customer a
// precise message, and the repository repeats it atomically while taking
// the stock so two concurrent orders cannot oversell.
func (s *OrderService) PlaceOrder(ctx context.Context, customerID int64, lines []OrderLine) (models.Order, error) {
	order := models.Order{CustomerID: customerID, Status: models.StatusPending}
	for _, l := range lines {
		order.Items = append(order.Items, models.OrderItem{BookID: l.BookID, Quantity: l.Quantity})
	}
	if err := order.ValidateItems(); err != nil {
		return models.Order{}, err
	}
	for i := range order.Items {
		it := &order.Items[i]
		book, err := s.books.GetByID(ctx, it.BookID)
		if errors.Is(err, models.ErrNotFound) {
			return models.Order{}, &models.ValidationError{
				Field:   fmt.Sprintf("items[%d].book_id", i),
				Message: "does not exist",
			}
		}
		if err != nil {
			return models.Order{}, err
		}
		if !book.InStock(it.Quantity) {
			return models.Order{}, fmt.Errorf("%w: %q has %d left, %d requested",
				models.ErrInsufficientStock, book.Title, book.Stock, it.Quantity)
		}
		it.UnitPriceCents = book.PriceCents
	}
	order.SubtotalCents = order.Subtotal()
	order.ShippingCents = ShippingFor(order.SubtotalCents)
	order.TotalCents = order.SubtotalCents + order.ShippingCents
	if err := s.orders.Create(ctx, &order); err != nil {
		return models.Order{}, err
	}
	return order, nil
}

// GetOrder returns an order to its owner or to an admin.
func (s *OrderService) GetOrder(ctx context.Context, requester models.Customer, id int64) (models.Order, error) {
	o, err := s.orders.GetByID(ctx, id)
	if err != nil {
		return models.Order{}, err
	}
	if !o.BelongsTo(requester.ID) && !requester.IsAdmin() {
		return models.Order{}, models.ErrForbidden
	}
	return o, nil
}

// ListOrders returns one page of a customer's orders, newest first.
func (s *OrderService) ListOrders(ctx context.Context, customerID int64, page Page) (PageResult[models.Order], error) {
	page = page.Normalize()
	orders, total, err := s.orders.ListByCustomer(ctx, customerID, page.Limit, page.Offset)
	if err != nil {
		return PageResult[models.Order]{}, fmt.Errorf("list orders: %w", err)
	}
	return newPageResult(orders, total, page), nil
}

// UpdateStatus moves an order to next if the lifecycle allows it
// (pending → paid → shipped → delivered). It is used by staff.
func (s *OrderService) UpdateStatus(ctx context.Context, id int64, next models.OrderStatus) (models.Order, error) {
	if !next.Valid() {
		return models.Order{}, &models.ValidationError{Field: "status", Message: "is not a known order status"}
	}
	o, err := s.orders.GetByID(ctx, id)
	if err != nil {
		return models.Order{}, err
	}
	if !o.Status.CanTransitionTo(next) {
		return models.Order{}, fmt.Errorf("%w: %s to %s", models.ErrInvalidStatusTransition, o.Status, next)
	}
	return s.orders.UpdateStatus(ctx, id, o.Status, next)
}
