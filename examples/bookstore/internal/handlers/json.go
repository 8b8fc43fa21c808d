// Package handlers turns HTTP requests into service calls and service
// results into JSON responses. Every handler writes errors through
// writeError so clients always get the same error body.
package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"example.com/bookstore/internal/service"
)

// maxBodyBytes caps request bodies; no endpoint needs more than this.
const maxBodyBytes = 1 << 20

// writeJSON encodes v as the response body with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// decodeJSON reads a single JSON object from the request body into dst.
// Unknown fields, trailing data and oversized bodies are rejected with a
// *requestError so the client learns what was wrong.
func decodeJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var (
			syntaxErr *json.SyntaxError
			typeErr   *json.UnmarshalTypeError
			tooLarge  *http.MaxBytesError
		)
		switch {
		case errors.Is(err, io.EOF):
			return badRequest("", "request body is empty")
		case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
			return badRequest("", "request body is not valid JSON")
		case errors.As(err, &typeErr):
			return badRequest(typeErr.Field, "must be of type %s", typeErr.Type)
		case errors.As(err, &tooLarge):
			return badRequest("", "request body must be at most %d bytes", maxBodyBytes)
		default:
			// json reports unknown fields only as text.
			return badRequest("", "%s", err.Error())
		}
	}
	if dec.More() {
		return badRequest("", "request body must contain a single JSON object")
	}
	return nil
}

// pathID parses the positive integer URL parameter name.
func pathID(r *http.Request, name string) (int64, error) {
	raw := chi.URLParam(r, name)
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest(name, "must be a positive integer, got %q", raw)
	}
	return id, nil
}

// queryInt parses an optional integer query parameter.
func queryInt(r *http.Request, name string) (int, error) {
	raw := r.URL.Query().Get(name)
	if raw == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 {
		return 0, badRequest(name, "must be a non-negative integer")
	}
	return n, nil
}

// parsePage reads the limit and offset query parameters. Out-of-range
// limits are clamped by the service, not rejected.
func parsePage(r *http.Request) (service.Page, error) {
	limit, err := queryInt(r, "limit")
	if err != nil {
		return service.Page{}, err
	}
	offset, err := queryInt(r, "offset")
	if err != nil {
		return service.Page{}, err
	}
	return service.Page{Limit: limit, Offset: offset}, nil
}

// location builds a Location header value for a created resource.
func location(collection string, id int64) string {
	return fmt.Sprintf("/%s/%d", collection, id)
}
