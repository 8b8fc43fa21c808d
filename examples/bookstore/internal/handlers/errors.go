package handlers

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"example.com/bookstore/internal/middleware"
	"example.com/bookstore/internal/models"
)

// ErrorBody is the JSON body of every error response.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail describes what went wrong.
type ErrorDetail struct {
	// Code is a stable, machine-readable identifier such as "not_found".
	Code string `json:"code"`
	// Message is a human-readable explanation.
	Message string `json:"message"`
	// Field names the offending input field, when there is one.
	Field string `json:"field,omitempty"`
	// RequestID lets support correlate the response with server logs.
	RequestID string `json:"request_id,omitempty"`
}

// requestError is a malformed request: bad JSON, a bad path or query
// parameter. It maps to 400, unlike domain validation failures (422).
type requestError struct {
	field string
	msg   string
}

func (e *requestError) Error() string { return e.msg }

func badRequest(field, format string, args ...any) error {
	return &requestError{field: field, msg: fmt.Sprintf(format, args...)}
}

// errorStatus maps an error to an HTTP status and error code. More
// specific errors are checked before the generic kinds they wrap.
func errorStatus(err error) (int, string) {
	var reqErr *requestError
	switch {
	case errors.As(err, &reqErr):
		return http.StatusBadRequest, "bad_request"
	case errors.Is(err, models.ErrValidation):
		return http.StatusUnprocessableEntity, "validation_failed"
	case errors.Is(err, models.ErrInsufficientStock):
		return http.StatusConflict, "insufficient_stock"
	case errors.Is(err, models.ErrInvalidStatusTransition):
		return http.StatusConflict, "invalid_status_transition"
	case errors.Is(err, models.ErrNotFound):
		return http.StatusNotFound, "not_found"
	case errors.Is(err, models.ErrConflict):
		return http.StatusConflict, "conflict"
	case errors.Is(err, models.ErrUnauthorized):
		return http.StatusUnauthorized, "unauthorized"
	case errors.Is(err, models.ErrForbidden):
		return http.StatusForbidden, "forbidden"
	default:
		return http.StatusInternalServerError, "internal_error"
	}
}

// writeError writes err as an ErrorBody. Internal errors are logged with
// the request ID and replaced by a generic message so that no storage
// detail leaks to clients.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, code := errorStatus(err)
	detail := ErrorDetail{
		Code:      code,
		Message:   err.Error(),
		RequestID: middleware.RequestIDFromContext(r.Context()),
	}
	var (
		ve     *models.ValidationError
		reqErr *requestError
	)
	switch {
	case errors.As(err, &ve):
		detail.Field = ve.Field
		detail.Message = ve.Error()
	case errors.As(err, &reqErr):
		detail.Field = reqErr.field
	}
	if status == http.StatusInternalServerError {
		slog.ErrorContext(r.Context(), "request failed",
			slog.String("error", err.Error()),
			slog.String("request_id", detail.RequestID))
		detail.Message = "internal server error"
	}
	writeJSON(w, status, ErrorBody{Error: detail})
}
