package models

import (
	"errors"
	"testing"
)

func TestCustomerValidate(t *testing.T) {
	hash := HashAPIKey("secret")
	tests := []struct {
		name      string
		customer  Customer
		wantField string
	}{
		{name: "valid", customer: Customer{Email: " Ada@Example.com ", Name: "Ada", APIKeyHash: hash}},
		{name: "admin", customer: Customer{Email: "ops@example.com", Name: "Ops", Role: RoleAdmin, APIKeyHash: hash}},
		{name: "no email", customer: Customer{Name: "Ada", APIKeyHash: hash}, wantField: "email"},
		{name: "bad email", customer: Customer{Email: "not-an-address", Name: "Ada", APIKeyHash: hash}, wantField: "email"},
		{name: "display-name email", customer: Customer{Email: "Ada <ada@example.com>", Name: "Ada", APIKeyHash: hash}, wantField: "email"},
		{name: "no name", customer: Customer{Email: "ada@example.com", APIKeyHash: hash}, wantField: "name"},
		{name: "unknown role", customer: Customer{Email: "ada@example.com", Name: "Ada", Role: "owner", APIKeyHash: hash}, wantField: "role"},
		{name: "no key", customer: Customer{Email: "ada@example.com", Name: "Ada"}, wantField: "api_key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.customer
			c.Normalize()
			err := c.Validate()
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Field != tt.wantField {
				t.Fatalf("Validate() = %v, want error on %q", err, tt.wantField)
			}
		})
	}
}

func TestAuthorValidate(t *testing.T) {
	tests := []struct {
		name      string
		author    Author
		wantField string
	}{
		{name: "valid", author: Author{Name: "Ursula K. Le Guin", Country: "us"}},
		{name: "blank name", author: Author{Name: "  "}, wantField: "name"},
		{name: "bad country", author: Author{Name: "Someone", Country: "USA"}, wantField: "country"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.author
			a.Normalize()
			err := a.Validate()
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Field != tt.wantField {
				t.Fatalf("Validate() = %v, want error on %q", err, tt.wantField)
			}
		})
	}
}
