// Package term drives the terminal.
package term

// EnableRawMode switches the terminal to raw mode so that every key press
// reaches the program unprocessed; RestoreMode undoes it.
func EnableRawMode() error { return enableRaw() }

// RestoreMode puts back the mode the terminal had before.
func RestoreMode() error { return restore() }
