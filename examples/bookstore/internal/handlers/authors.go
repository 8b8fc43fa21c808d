package handlers

import (
	"net/http"

	"example.com/bookstore/internal/service"
)

// AuthorHandler serves the /authors endpoints.
type AuthorHandler struct {
	svc *service.AuthorService
}

// NewAuthorHandler returns an AuthorHandler backed by svc.
func NewAuthorHandler(svc *service.AuthorService) *AuthorHandler {
	return &AuthorHandler{svc: svc}
}

// authorRequest is the body of POST /authors.
type authorRequest struct {
	Name    string `json:"name"`
	Bio     string `json:"bio"`
	Country string `json:"country"`
}

// ListAuthors handles GET /authors?limit=&offset=.
func (h *AuthorHandler) ListAuthors(w http.ResponseWriter, r *http.Request) {
	page, err := parsePage(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	res, err := h.svc.ListAuthors(r.Context(), page)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// GetAuthor handles GET /authors/{authorID}.
func (h *AuthorHandler) GetAuthor(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "authorID")
	if err != nil {
		writeError(w, r, err)
		return
	}
	author, err := h.svc.GetAuthor(r.Context(), id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, author)
}

// ListAuthorBooks handles GET /authors/{authorID}/books?limit=&offset=.
func (h *AuthorHandler) ListAuthorBooks(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "authorID")
	if err != nil {
		writeError(w, r, err)
		return
	}
	page, err := parsePage(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	res, err := h.svc.ListAuthorBooks(r.Context(), id, page)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// CreateAuthor handles POST /authors (admin).
func (h *AuthorHandler) CreateAuthor(w http.ResponseWriter, r *http.Request) {
	var req authorRequest
	if err := decodeJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	author, err := h.svc.CreateAuthor(r.Context(), service.AuthorInput{
		Name: req.Name, Bio: req.Bio, Country: req.Country,
	})
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Location", location("authors", author.ID))
	writeJSON(w, http.StatusCreated, author)
}
