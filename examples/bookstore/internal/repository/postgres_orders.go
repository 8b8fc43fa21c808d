package repository

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"example.com/bookstore/internal/models"
)

// PostgresOrders implements OrderRepository on the orders and order_items
// tables.
type PostgresOrders struct {
	db *sql.DB
}

// NewPostgresOrders returns an OrderRepository backed by db.
func NewPostgresOrders(db *sql.DB) *PostgresOrders {
	return &PostgresOrders{db: db}
}

const orderColumns = `id, customer_id, status, subtotal_cents, shipping_cents, total_cents,
	created_at, updated_at`

func scanOrder(s scanner) (models.Order, error) {
	var o models.Order
	err := s.Scan(&o.ID, &o.CustomerID, &o.Status, &o.SubtotalCents, &o.ShippingCents,
		&o.TotalCents, &o.CreatedAt, &o.UpdatedAt)
	return o, err
}

// Create implements OrderRepository. Stock is taken with conditional
// UPDATEs inside one transaction; lines are processed in book ID order so
// two concurrent orders lock rows in the same order and cannot deadlock.
func (r *PostgresOrders) Create(ctx context.Context, o *models.Order) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	items := slices.Clone(o.Items)
	slices.SortFunc(items, func(a, b models.OrderItem) int { return cmp.Compare(a.BookID, b.BookID) })
	for _, it := range items {
		res, err := tx.ExecContext(ctx,
			`UPDATE books SET stock = stock - $1, updated_at = now()
			 WHERE id = $2 AND stock >= $1`, it.Quantity, it.BookID)
		if err != nil {
			return rollback(tx, fmt.Errorf("reserve stock: %w", err))
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return rollback(tx, fmt.Errorf("%w: book %d", models.ErrInsufficientStock, it.BookID))
		}
	}
	err = tx.QueryRowContext(ctx,
		`INSERT INTO orders (customer_id, status, subtotal_cents, shipping_cents, total_cents)
		 VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at, updated_at`,
		o.CustomerID, o.Status, o.SubtotalCents, o.ShippingCents, o.TotalCents).
		Scan(&o.ID, &o.CreatedAt, &o.UpdatedAt)
	if err != nil {
		return rollback(tx, fmt.Errorf("insert order: %w", err))
	}
	for _, it := range o.Items {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO order_items (order_id, book_id, quantity, unit_price_cents)
			 VALUES ($1, $2, $3, $4)`, o.ID, it.BookID, it.Quantity, it.UnitPriceCents)
		if err != nil {
			return rollback(tx, fmt.Errorf("insert order item: %w", err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit order: %w", err)
	}
	return nil
}

// GetByID implements OrderRepository.
func (r *PostgresOrders) GetByID(ctx context.Context, id int64) (models.Order, error) {
	o, err := scanOrder(r.db.QueryRowContext(ctx,
		"SELECT "+orderColumns+" FROM orders WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return models.Order{}, models.ErrOrderNotFound
	}
	if err != nil {
		return models.Order{}, fmt.Errorf("get order: %w", err)
	}
	orders := []models.Order{o}
	if err := r.loadItems(ctx, orders); err != nil {
		return models.Order{}, err
	}
	return orders[0], nil
}

// ListByCustomer implements OrderRepository.
func (r *PostgresOrders) ListByCustomer(ctx context.Context, customerID int64, limit, offset int) ([]models.Order, int, error) {
	total, err := countRows(ctx, r.db, "SELECT count(*) FROM orders WHERE customer_id = $1", customerID)
	if err != nil {
		return nil, 0, fmt.Errorf("count orders: %w", err)
	}
	rows, err := r.db.QueryContext(ctx,
		"SELECT "+orderColumns+` FROM orders WHERE customer_id = $1
		 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`, customerID, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list orders: %w", err)
	}
	defer rows.Close()
	orders := []models.Order{}
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan order: %w", err)
		}
		orders = append(orders, o)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if err := r.loadItems(ctx, orders); err != nil {
		return nil, 0, err
	}
	return orders, total, nil
}

// loadItems fills the Items of each order with one query.
func (r *PostgresOrders) loadItems(ctx context.Context, orders []models.Order) error {
	if len(orders) == 0 {
		return nil
	}
	index := make(map[int64]int, len(orders))
	args := make([]any, len(orders))
	for i, o := range orders {
		index[o.ID] = i
		args[i] = o.ID
		orders[i].Items = []models.OrderItem{}
	}
	rows, err := r.db.QueryContext(ctx,
		`SELECT order_id, book_id, quantity, unit_price_cents FROM order_items
		 WHERE order_id IN (`+placeholders(1, len(args))+`) ORDER BY order_id, book_id`, args...)
	if err != nil {
		return fmt.Errorf("load order items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			orderID int64
			it      models.OrderItem
		)
		if err := rows.Scan(&orderID, &it.BookID, &it.Quantity, &it.UnitPriceCents); err != nil {
			return fmt.Errorf("scan order item: %w", err)
		}
		i := index[orderID]
		orders[i].Items = append(orders[i].Items, it)
	}
	return rows.Err()
}

// UpdateStatus implements OrderRepository with a compare-and-set UPDATE.
func (r *PostgresOrders) UpdateStatus(ctx context.Context, id int64, from, to models.OrderStatus) (models.Order, error) {
	o, err := scanOrder(r.db.QueryRowContext(ctx,
		`UPDATE orders SET status = $1, updated_at = now()
		 WHERE id = $2 AND status = $3 RETURNING `+orderColumns, to, id, from))
	if errors.Is(err, sql.ErrNoRows) {
		if _, getErr := r.GetByID(ctx, id); getErr != nil {
			return models.Order{}, getErr
		}
		return models.Order{}, models.ErrInvalidStatusTransition
	}
	if err != nil {
		return models.Order{}, fmt.Errorf("update order status: %w", err)
	}
	orders := []models.Order{o}
	if err := r.loadItems(ctx, orders); err != nil {
		return models.Order{}, err
	}
	return orders[0], nil
}
