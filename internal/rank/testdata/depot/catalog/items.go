// Package catalog lists the items the depot sells.
package catalog

// Item is one thing for sale.
type Item struct {
	SKU   string
	Price int
}

// Find returns the item with the given SKU.
func Find(items []Item, sku string) (Item, bool) {
	for _, it := range items {
		if it.SKU == sku {
			return it, true
		}
	}
	return Item{}, false
}
