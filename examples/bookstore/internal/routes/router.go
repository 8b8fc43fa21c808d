// Package routes assembles the HTTP router: it registers every endpoint of
// the bookstore API and decides which middleware guards which group.
package routes

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	chimw "github.com/go-chi/chi/v5/middleware"

	"example.com/bookstore/internal/handlers"
	"example.com/bookstore/internal/middleware"
	"example.com/bookstore/internal/service"
)

// requestTimeout bounds the time a handler may spend on one request.
const requestTimeout = 15 * time.Second

// Deps are the collaborators the router needs.
type Deps struct {
	Books     *service.BookService
	Authors   *service.AuthorService
	Orders    *service.OrderService
	Customers middleware.CustomerLookup
	Logger    *slog.Logger
	// DB is pinged by /healthz; nil when running on the in-memory store.
	DB handlers.Pinger
}

// New returns the API router.
//
// Catalogue reads (books and authors) are public. Ordering requires a
// bearer API key. Catalogue writes and order status changes additionally
// require the admin role.
func New(d Deps) http.Handler {
	logger := d.Logger
	if logger == nil {
		logger = slog.Default()
	}
	books := handlers.NewBookHandler(d.Books)
	authors := handlers.NewAuthorHandler(d.Authors)
	orders := handlers.NewOrderHandler(d.Orders)

	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(middleware.Logger(logger))
	r.Use(chimw.Recoverer)
	r.Use(chimw.Timeout(requestTimeout))

	r.Get("/healthz", handlers.Health(d.DB))

	// Public catalogue.
	r.Get("/books", books.ListBooks)
	r.Get("/books/{bookID}", books.GetBook)
	r.Get("/authors", authors.ListAuthors)
	r.Get("/authors/{authorID}", authors.GetAuthor)
	r.Get("/authors/{authorID}/books", authors.ListAuthorBooks)

	// Everything below needs an API key.
	r.Group(func(r chi.Router) {
		r.Use(middleware.Authenticate(d.Customers))

		r.Post("/orders", orders.PlaceOrder)
		r.Get("/orders", orders.ListOrders)
		r.Get("/orders/{orderID}", orders.GetOrder)

		// Staff-only endpoints.
		r.Group(func(r chi.Router) {
			r.Use(middleware.RequireAdmin)

			r.Post("/books", books.CreateBook)
			r.Put("/books/{bookID}", books.UpdateBook)
			r.Delete("/books/{bookID}", books.DeleteBook)
			r.Patch("/books/{bookID}/stock", books.AdjustStock)
			r.Post("/authors", authors.CreateAuthor)
			r.Patch("/orders/{orderID}/status", orders.UpdateOrderStatus)
		})
	})

	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		writeRouteError(w, r, http.StatusNotFound, "not_found", "no such endpoint")
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		writeRouteError(w, r, http.StatusMethodNotAllowed, "method_not_allowed", "method not allowed on this endpoint")
	})
	return r
}

// writeRouteError answers unknown routes with the API's JSON error body.
func writeRouteError(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	body := handlers.ErrorBody{Error: handlers.ErrorDetail{
		Code:      code,
		Message:   msg,
		RequestID: middleware.RequestIDFromContext(r.Context()),
	}}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
