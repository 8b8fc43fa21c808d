// Package models holds the bookstore's domain types: books, authors,
// customers and orders, together with their validation rules and the
// sentinel errors the other layers use to signal domain failures.
package models

import (
	"errors"
	"fmt"
)

// Generic error kinds. Aggregate-specific errors wrap one of these so the
// HTTP layer can map any of them to a status code with errors.Is.
var (
	// ErrNotFound reports that a requested record does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict reports that a request clashes with the current state,
	// such as a duplicate key or a forbidden state change.
	ErrConflict = errors.New("conflict")
	// ErrValidation reports that input failed validation. Concrete failures
	// are *ValidationError values, which match ErrValidation via errors.Is.
	ErrValidation = errors.New("validation failed")
	// ErrUnauthorized reports a missing or unknown API key.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden reports that the caller is authenticated but may not
	// perform the operation.
	ErrForbidden = errors.New("forbidden")
)

// domainError is an aggregate-specific error that belongs to one of the
// generic kinds above: errors.Is matches both the error itself and its kind,
// while the message stays free of the kind's wording.
type domainError struct {
	msg  string
	kind error
}

func (e *domainError) Error() string { return e.msg }
func (e *domainError) Unwrap() error { return e.kind }

// newError returns an error with message msg that matches kind.
func newError(kind error, msg string) error {
	return &domainError{msg: msg, kind: kind}
}

// ValidationError describes one invalid field of an input.
type ValidationError struct {
	Field   string
	Message string
}

// Error implements the error interface.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("%s: %s", e.Field, e.Message)
}

// Is makes every ValidationError match ErrValidation.
func (e *ValidationError) Is(target error) bool {
	return target == ErrValidation
}

// invalid builds a *ValidationError for field.
func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Message: fmt.Sprintf(format, args...)}
}
