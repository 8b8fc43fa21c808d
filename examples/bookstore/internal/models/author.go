package models

import (
	"strings"
	"time"
	"unicode/utf8"
)

// ErrAuthorNotFound is returned when no author has the requested ID.
var ErrAuthorNotFound = newError(ErrNotFound, "author not found")

// Author writes books. Every book references exactly one author.
type Author struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Bio       string    `json:"bio,omitempty"`
	Country   string    `json:"country,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Maximum lengths of author fields, mirrored by the authors table.
const (
	MaxAuthorNameLength = 200
	MaxAuthorBioLength  = 4000
)

// Normalize trims surrounding whitespace and upper-cases the country code.
func (a *Author) Normalize() {
	a.Name = strings.TrimSpace(a.Name)
	a.Bio = strings.TrimSpace(a.Bio)
	a.Country = strings.ToUpper(strings.TrimSpace(a.Country))
}

// Validate checks the author's fields. Call Normalize first.
func (a Author) Validate() error {
	if a.Name == "" {
		return invalid("name", "is required")
	}
	if utf8.RuneCountInString(a.Name) > MaxAuthorNameLength {
		return invalid("name", "must be at most %d characters", MaxAuthorNameLength)
	}
	if utf8.RuneCountInString(a.Bio) > MaxAuthorBioLength {
		return invalid("bio", "must be at most %d characters", MaxAuthorBioLength)
	}
	if a.Country != "" && !isCountryCode(a.Country) {
		return invalid("country", "must be a two-letter ISO 3166-1 code")
	}
	return nil
}

func isCountryCode(s string) bool {
	if len(s) != 2 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}
