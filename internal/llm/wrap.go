package llm

import (
	"context"
	"errors"
	"fmt"
)

// Scoped is implemented by providers whose answers depend on more than their
// name and the request, such as the server they talk to or the model they
// use when a request names none. The response cache keys on Scope.
type Scoped interface {
	Scope() string
}

// Wrapper is implemented by providers that wrap another one (retry, cache).
type Wrapper interface {
	Unwrap() Provider
}

// ScopeOf returns the scope of p or of the first provider it wraps that has
// one; the provider's name when none has.
func ScopeOf(p Provider) string {
	for q := p; q != nil; {
		if s, ok := q.(Scoped); ok {
			return s.Scope()
		}
		w, ok := q.(Wrapper)
		if !ok {
			break
		}
		q = w.Unwrap()
	}
	return p.Name()
}

// ModelLister is implemented by providers that can list the models their
// service offers.
type ModelLister interface {
	ListModels(ctx context.Context) ([]string, error)
}

// ErrCannotList is returned by ListModels for a provider that cannot list
// its models.
var ErrCannotList = errors.New("this provider cannot list its models")

// ListModels lists the models p's service offers, looking through wrappers.
func ListModels(ctx context.Context, p Provider) ([]string, error) {
	for q := p; q != nil; {
		if l, ok := q.(ModelLister); ok {
			models, err := l.ListModels(ctx)
			if err != nil {
				return nil, fmt.Errorf("listing the models of %s: %w", p.Name(), err)
			}
			return models, nil
		}
		w, ok := q.(Wrapper)
		if !ok {
			break
		}
		q = w.Unwrap()
	}
	return nil, fmt.Errorf("%s: %w", p.Name(), ErrCannotList)
}
