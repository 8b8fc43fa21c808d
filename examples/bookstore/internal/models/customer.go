package models

import (
	"crypto/sha256"
	"encoding/hex"
	"net/mail"
	"strings"
	"time"
)

// ErrCustomerNotFound is returned when no customer matches the lookup.
var ErrCustomerNotFound = newError(ErrNotFound, "customer not found")

// ErrDuplicateEmail is returned when another customer uses the e-mail.
var ErrDuplicateEmail = newError(ErrConflict, "email already registered")

// Role decides which endpoints a customer's API key may call.
type Role string

// Roles known to the service.
const (
	RoleCustomer Role = "customer"
	RoleAdmin    Role = "admin"
)

// Customer is an API client: a shopper who places orders, or a staff
// member with the admin role who manages the catalogue.
type Customer struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  Role   `json:"role"`
	// APIKeyHash is the hex SHA-256 of the customer's bearer key. The key
	// itself is never stored.
	APIKeyHash string    `json:"-"`
	CreatedAt  time.Time `json:"created_at"`
}

// IsAdmin reports whether the customer has the admin role.
func (c Customer) IsAdmin() bool {
	return c.Role == RoleAdmin
}

// Normalize trims the name and lower-cases the e-mail address.
func (c *Customer) Normalize() {
	c.Email = strings.ToLower(strings.TrimSpace(c.Email))
	c.Name = strings.TrimSpace(c.Name)
	if c.Role == "" {
		c.Role = RoleCustomer
	}
}

// Validate checks the customer's fields.
func (c Customer) Validate() error {
	if c.Email == "" {
		return invalid("email", "is required")
	}
	if addr, err := mail.ParseAddress(c.Email); err != nil || addr.Address != c.Email {
		return invalid("email", "is not a valid address")
	}
	if c.Name == "" {
		return invalid("name", "is required")
	}
	if c.Role != RoleCustomer && c.Role != RoleAdmin {
		return invalid("role", "must be %q or %q", RoleCustomer, RoleAdmin)
	}
	if len(c.APIKeyHash) != sha256.Size*2 {
		return invalid("api_key", "is required")
	}
	return nil
}

// HashAPIKey returns the hex SHA-256 digest under which a key is stored.
func HashAPIKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}
