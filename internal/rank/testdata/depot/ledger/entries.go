// Package ledger records every movement of stock.
package ledger

// Entry is one movement: an item in or out.
type Entry struct {
	SKU    string
	Amount int
}

// Journal is the append-only list of entries.
type Journal struct {
	entries []Entry
}

// Append records an entry.
func (j *Journal) Append(e Entry) { j.entries = append(j.entries, e) }
