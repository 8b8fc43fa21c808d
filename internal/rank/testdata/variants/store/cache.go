// Package store keeps values in memory.
package store

// Cache maps keys to values.
type Cache map[string]string
