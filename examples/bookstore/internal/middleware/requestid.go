// Package middleware holds the HTTP middleware of the bookstore API:
// request IDs, access logging and bearer API key authentication.
package middleware

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
)

// RequestIDHeader is the header that carries the request ID in both
// directions.
const RequestIDHeader = "X-Request-ID"

// maxRequestIDLength bounds a client-supplied ID so it cannot bloat logs.
const maxRequestIDLength = 64

type requestIDKey struct{}

// RequestID makes sure every request has an ID: it keeps a well-formed
// X-Request-ID sent by the client (for example by a load balancer) or
// generates one, stores it in the request context and echoes it in the
// response header.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(RequestIDHeader)
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set(RequestIDHeader, id)
		ctx := context.WithValue(r.Context(), requestIDKey{}, id)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// RequestIDFromContext returns the request's ID, or "" outside RequestID.
func RequestIDFromContext(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLength {
		return false
	}
	for _, c := range id {
		if c < '!' || c > '~' {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "unavailable"
	}
	return hex.EncodeToString(b[:])
}
