package todo

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCreate(t *testing.T) {
	h := NewHandler(NewMemoryStore())
	rec := httptest.NewRecorder()
	h.Create(rec, httptest.NewRequest("POST", "/todos", strings.NewReader(`{"title":"milk"}`)))
	if rec.Code != 201 {
		t.Fatalf("status %d", rec.Code)
	}
}
