package postgres

import (
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river/rivertype"
)

// Backoff is the queue's retry policy: a failed job waits Base, then twice
// that, and so on up to Max, with up to a tenth of jitter, so that a
// network hiccup is retried within seconds and an outage is not hammered.
type Backoff struct {
	Base, Max time.Duration
}

// DefaultBackoff waits 1 s, 2 s, 4 s … up to 10 minutes.
var DefaultBackoff = Backoff{Base: time.Second, Max: 10 * time.Minute}

// NextRetry implements River's ClientRetryPolicy.
func (b Backoff) NextRetry(job *rivertype.JobRow) time.Time {
	wait := b.Base
	for i := 1; i < job.Attempt && wait < b.Max; i++ {
		wait *= 2
	}
	wait = min(wait, b.Max)
	wait += time.Duration(rand.Int64N(int64(wait)/10 + 1))
	return time.Now().Add(wait)
}
