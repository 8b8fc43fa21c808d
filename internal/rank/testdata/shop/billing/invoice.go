// Package billing issues invoices and refunds.
package billing

// Invoice is what a customer owes for an order.
type Invoice struct {
	OrderID string
	Amount  int
	Tax     int
}

// ComputeTax returns the tax on an amount in cents.
func ComputeTax(amount int) int { return amount * 20 / 100 }

// Refund credits an invoice back to the customer.
func Refund(inv *Invoice) error { return nil }
