package handlers

import (
	"net/http"
	"strconv"

	"example.com/bookstore/internal/repository"
	"example.com/bookstore/internal/service"
)

// BookHandler serves the /books endpoints.
type BookHandler struct {
	svc *service.BookService
}

// NewBookHandler returns a BookHandler backed by svc.
func NewBookHandler(svc *service.BookService) *BookHandler {
	return &BookHandler{svc: svc}
}

// bookRequest is the body of POST /books and PUT /books/{bookID}.
type bookRequest struct {
	Title         string `json:"title"`
	ISBN          string `json:"isbn"`
	AuthorID      int64  `json:"author_id"`
	Description   string `json:"description"`
	PriceCents    int64  `json:"price_cents"`
	Stock         int    `json:"stock"`
	PublishedYear int    `json:"published_year"`
}

func (b bookRequest) input() service.BookInput {
	return service.BookInput{
		Title:         b.Title,
		ISBN:          b.ISBN,
		AuthorID:      b.AuthorID,
		Description:   b.Description,
		PriceCents:    b.PriceCents,
		Stock:         b.Stock,
		PublishedYear: b.PublishedYear,
	}
}

// stockRequest is the body of PATCH /books/{bookID}/stock.
type stockRequest struct {
	Delta int `json:"delta"`
}

// ListBooks handles GET /books?q=&author_id=&in_stock=&limit=&offset=.
func (h *BookHandler) ListBooks(w http.ResponseWriter, r *http.Request) {
	page, err := parsePage(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	authorID, err := queryInt(r, "author_id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	filter := repository.BookFilter{
		AuthorID: int64(authorID),
		Query:    r.URL.Query().Get("q"),
	}
	if raw := r.URL.Query().Get("in_stock"); raw != "" {
		if filter.InStockOnly, err = strconv.ParseBool(raw); err != nil {
			writeError(w, r, badRequest("in_stock", "must be true or false"))
			return
		}
	}
	res, err := h.svc.ListBooks(r.Context(), filter, page)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// GetBook handles GET /books/{bookID}.
func (h *BookHandler) GetBook(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "bookID")
	if err != nil {
		writeError(w, r, err)
		return
	}
	book, err := h.svc.GetBook(r.Context(), id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, book)
}

// CreateBook handles POST /books (admin).
func (h *BookHandler) CreateBook(w http.ResponseWriter, r *http.Request) {
	var req bookRequest
	if err := decodeJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	book, err := h.svc.CreateBook(r.Context(), req.input())
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Location", location("books", book.ID))
	writeJSON(w, http.StatusCreated, book)
}

// UpdateBook handles PUT /books/{bookID} (admin).
func (h *BookHandler) UpdateBook(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "bookID")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req bookRequest
	if err := decodeJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	book, err := h.svc.UpdateBook(r.Context(), id, req.input())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, book)
}

// DeleteBook handles DELETE /books/{bookID} (admin).
func (h *BookHandler) DeleteBook(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "bookID")
	if err != nil {
		writeError(w, r, err)
		return
	}
	if err := h.svc.DeleteBook(r.Context(), id); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// AdjustStock handles PATCH /books/{bookID}/stock (admin).
func (h *BookHandler) AdjustStock(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "bookID")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req stockRequest
	if err := decodeJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	book, err := h.svc.AdjustStock(r.Context(), id, req.Delta)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, book)
}
