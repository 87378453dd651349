package testwait

import (
	"testing"
	"time"
)

// TestUntilReturnsOnceTheConditionHolds: a condition that comes true after
// a few polls ends the wait well before its deadline.
func TestUntilReturnsOnceTheConditionHolds(t *testing.T) {
	polls := 0
	began := time.Now()
	Until(t, "the third poll", 5*time.Second, func() bool { polls++; return polls >= 3 })
	if polls != 3 || time.Since(began) > time.Second {
		t.Fatalf("%d polls in %s, want 3 at once", polls, time.Since(began))
	}
}
