package citizens_test

import (
	"slices"
	"testing"
)

// TestAReplyCutOffMidSendIsNotSentTwice: WeChat takes a reply, and the
// replica sending it dies before it records so. The reply is not sent
// again (WeChat's API has no idempotency key: the citizen would get it
// twice); it ends refused with the reason, which its operator is told.
func TestAReplyCutOffMidSendIsNotSentTwice(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	if _, err := w.cit.Message(w.ctx, w.acct, openid, "人工", w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	q := w.events.list[0].Question
	w.sent.mu.Lock()
	w.sent.dieAfter = 1
	w.sent.mu.Unlock()
	if _, err := w.cit.Reply(w.ctx, w.operator, q.ID, "您好，这条只应送达一次。"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the cut-off reply settled", func() bool { return slices.Contains(w.events.kinds(), "refused") })
	if got := w.sent.messages(); len(got) != 1 {
		t.Fatalf("WeChat received %d sends of the reply, want exactly one: %q", len(got), got)
	}
	w.events.mu.Lock()
	last := w.events.list[len(w.events.list)-1]
	w.events.mu.Unlock()
	if last.Kind != "refused" || last.Reason != "citizens.refused.unknown" {
		t.Fatalf("the last event is %s (%s), want refused with the reason that the send's outcome is unknown", last.Kind, last.Reason)
	}
}
