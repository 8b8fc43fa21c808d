package middleware

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"example.com/bookstore/internal/models"
)

// CustomerLookup finds the customer that owns a hashed API key.
// repository.CustomerRepository satisfies it.
type CustomerLookup interface {
	GetByAPIKeyHash(ctx context.Context, hash string) (models.Customer, error)
}

type customerKey struct{}

// WithCustomer returns a copy of ctx that carries the authenticated
// customer. Handlers read it back with CustomerFromContext.
func WithCustomer(ctx context.Context, c models.Customer) context.Context {
	return context.WithValue(ctx, customerKey{}, c)
}

// CustomerFromContext returns the customer authenticated by Authenticate.
func CustomerFromContext(ctx context.Context) (models.Customer, bool) {
	c, ok := ctx.Value(customerKey{}).(models.Customer)
	return c, ok
}

// Authenticate requires an "Authorization: Bearer <api key>" header. The
// key is hashed with SHA-256 and looked up; an unknown or missing key gets
// 401 with a WWW-Authenticate challenge. On success the customer is put in
// the request context.
func Authenticate(lookup CustomerLookup) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			key, ok := bearerToken(r.Header.Get("Authorization"))
			if !ok {
				unauthorized(w, r, "missing or malformed bearer token")
				return
			}
			customer, err := lookup.GetByAPIKeyHash(r.Context(), models.HashAPIKey(key))
			if errors.Is(err, models.ErrNotFound) {
				unauthorized(w, r, "unknown API key")
				return
			}
			if err != nil {
				writeError(w, r, http.StatusInternalServerError, "internal_error", "could not verify API key")
				return
			}
			next.ServeHTTP(w, r.WithContext(WithCustomer(r.Context(), customer)))
		})
	}
}

// RequireAdmin lets only customers with the admin role through. It must be
// mounted after Authenticate.
func RequireAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := CustomerFromContext(r.Context())
		if !ok {
			unauthorized(w, r, "authentication required")
			return
		}
		if !c.IsAdmin() {
			writeError(w, r, http.StatusForbidden, "forbidden", "admin role required")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bearerToken extracts the token from an Authorization header value.
func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

func unauthorized(w http.ResponseWriter, r *http.Request, msg string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="bookstore"`)
	writeError(w, r, http.StatusUnauthorized, "unauthorized", msg)
}

// writeError writes the same error body shape as package handlers. It is
// duplicated here because handlers depends on this package, not the
// other way round.
func writeError(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	body := map[string]any{"error": map[string]string{
		"code":       code,
		"message":    msg,
		"request_id": RequestIDFromContext(r.Context()),
	}}
	_ = json.NewEncoder(w).Encode(body)
}
