// Package todo serves the to-do list over HTTP.
package todo

import (
	"encoding/json"
	"net/http"
	"sync"
)

// Todo is one item of the list.
type Todo struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// MemoryStore keeps to-dos in memory.
type MemoryStore struct {
	mu    sync.Mutex
	items []Todo
}

// NewMemoryStore returns an empty store.
func NewMemoryStore() *MemoryStore { return &MemoryStore{} }

// Handler serves the /todos routes.
type Handler struct{ store *MemoryStore }

// NewHandler returns a handler over store.
func NewHandler(store *MemoryStore) *Handler { return &Handler{store: store} }

// List writes every to-do as JSON.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) {
	h.store.mu.Lock()
	defer h.store.mu.Unlock()
	_ = json.NewEncoder(w).Encode(h.store.items)
}

// Create adds the to-do in the request body.
func (h *Handler) Create(w http.ResponseWriter, r *http.Request) {
	var t Todo
	if err := json.NewDecoder(r.Body).Decode(&t); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	h.store.mu.Lock()
	t.ID = len(h.store.items) + 1
	h.store.items = append(h.store.items, t)
	h.store.mu.Unlock()
	w.WriteHeader(http.StatusCreated)
}
