package middleware

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"example.com/bookstore/internal/models"
)

type fakeLookup map[string]models.Customer

func (f fakeLookup) GetByAPIKeyHash(_ context.Context, hash string) (models.Customer, error) {
	if hash == models.HashAPIKey("boom") {
		return models.Customer{}, errors.New("database unavailable")
	}
	c, ok := f[hash]
	if !ok {
		return models.Customer{}, models.ErrCustomerNotFound
	}
	return c, nil
}

func TestAuthenticate(t *testing.T) {
	lookup := fakeLookup{
		models.HashAPIKey("reader-key"): {ID: 7, Role: models.RoleCustomer},
		models.HashAPIKey("staff-key"):  {ID: 1, Role: models.RoleAdmin},
	}
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _ := CustomerFromContext(r.Context())
		w.Header().Set("X-Customer", string(c.Role))
	})
	tests := []struct {
		name       string
		header     string
		admin      bool
		wantStatus int
		wantRole   string
	}{
		{name: "no header", wantStatus: http.StatusUnauthorized},
		{name: "basic scheme", header: "Basic cmVhZGVy", wantStatus: http.StatusUnauthorized},
		{name: "empty token", header: "Bearer ", wantStatus: http.StatusUnauthorized},
		{name: "unknown key", header: "Bearer nope", wantStatus: http.StatusUnauthorized},
		{name: "lookup fails", header: "Bearer boom", wantStatus: http.StatusInternalServerError},
		{name: "customer", header: "Bearer reader-key", wantStatus: http.StatusOK, wantRole: "customer"},
		{name: "lower-case scheme", header: "bearer reader-key", wantStatus: http.StatusOK, wantRole: "customer"},
		{name: "customer on admin route", header: "Bearer reader-key", admin: true, wantStatus: http.StatusForbidden},
		{name: "admin on admin route", header: "Bearer staff-key", admin: true, wantStatus: http.StatusOK, wantRole: "admin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h http.Handler = ok
			if tt.admin {
				h = RequireAdmin(h)
			}
			h = RequestID(Authenticate(lookup)(h))
			req := httptest.NewRequest(http.MethodGet, "/orders", nil)
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d (%s)", rec.Code, tt.wantStatus, rec.Body)
			}
			if got := rec.Header().Get("X-Customer"); got != tt.wantRole {
				t.Errorf("customer role = %q, want %q", got, tt.wantRole)
			}
			if rec.Code == http.StatusUnauthorized && rec.Header().Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate challenge")
			}
			if rec.Code >= 400 {
				var body struct {
					Error struct{ Code, RequestID string } `json:"error"`
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error.Code == "" {
					t.Errorf("error body %q is not the JSON error shape", rec.Body)
				}
			}
		})
	}
}

func TestRequestID(t *testing.T) {
	tests := []struct {
		name     string
		incoming string
		keep     bool
	}{
		{name: "generated", incoming: ""},
		{name: "kept", incoming: "lb-1234", keep: true},
		{name: "too long", incoming: strings.Repeat("x", 65)},
		{name: "control characters", incoming: "abc\tdef"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen string
			h := RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				seen = RequestIDFromContext(r.Context())
			}))
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.Header.Set(RequestIDHeader, tt.incoming)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if seen == "" || rec.Header().Get(RequestIDHeader) != seen {
				t.Fatalf("context ID %q, header %q", seen, rec.Header().Get(RequestIDHeader))
			}
			if (seen == tt.incoming) != tt.keep {
				t.Errorf("ID = %q, incoming %q, keep %v", seen, tt.incoming, tt.keep)
			}
		})
	}
}

func TestLogger(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	h := RequestID(Logger(logger)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
		_, _ = w.Write([]byte("short and stout"))
	})))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/books", nil))
	var entry map[string]any
	if err := json.Unmarshal(buf.Bytes(), &entry); err != nil {
		t.Fatalf("log line %q: %v", buf.String(), err)
	}
	if entry["status"] != float64(http.StatusTeapot) || entry["bytes"] != float64(15) ||
		entry["path"] != "/books" || entry["level"] != "WARN" || entry["request_id"] == "" {
		t.Errorf("unexpected log entry %v", entry)
	}
}
