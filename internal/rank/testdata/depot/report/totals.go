// Package report sums the journal into totals for the monthly report.
package report

// Totals are the summed amounts per SKU.
type Totals map[string]int

// RoundTotals rounds the totals to whole units for display; totals of
// returned items are rounded towards zero.
func RoundTotals(t Totals) Totals {
	out := Totals{}
	for sku, total := range t {
		out[sku] = total
	}
	return out
}
