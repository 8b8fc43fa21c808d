package planner

import (
	"testing"

	"github.com/groundplan/groundplan/internal/testenv"
)

// TestMain keeps the package's tests away from the user's configuration,
// caches and API keys.
func TestMain(m *testing.M) { testenv.Main(m) }
