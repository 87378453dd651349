// Package testwait is for tests: waiting for a condition with a deadline,
// polled, instead of sleeping and hoping.
package testwait

import (
	"testing"
	"time"
)

// Until polls cond every 10 ms until it holds, failing t with what it
// waited for once within has passed.
func Until(t testing.TB, what string, within time.Duration, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(within); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", within, what)
		}
	}
}
