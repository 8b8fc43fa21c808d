package main

import (
	"log"
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/todo/internal/todo"
)

func main() {
	r := chi.NewRouter()
	h := todo.NewHandler(todo.NewMemoryStore())
	r.Get("/todos", h.List)
	r.Post("/todos", h.Create)
	log.Fatal(http.ListenAndServe(":8080", r))
}
