// Package billing prices orders.
package billing

// roundCents rounds an amount to whole cents.
func roundCents(amount float64) int { return int(amount + 0.5) }

// Surcharge adds the card surcharge to an amount.
func Surcharge(amount int) int { return roundCents(float64(amount) * 1.02) }
