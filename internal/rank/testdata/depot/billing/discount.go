// Package billing prices orders.
package billing

// Rule is one discount rule: a price threshold and a rate.
type Rule struct {
	MinPrice int
	Rate     int
}

// ApplyRules applies the discount rules to a price; the first rule whose
// minimum price the price reaches sets the rate. Rules are checked in
// order, so put the rules with the highest minimum price first.
func ApplyRules(price int, rules []Rule) int {
	for _, rule := range rules {
		if price >= rule.MinPrice {
			return price - price*rule.Rate/100
		}
	}
	return price
}
