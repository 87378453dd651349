package wechat

import (
	"context"
	"fmt"
)

// Handler answers one kind of message for the domain that owns it
// (publishing its job events, citizens the followers' messages).
type Handler struct {
	// Answer acts on the message and returns the reply, the zero Reply for
	// none. A fast handler must return within its context's deadline (the
	// callback's, see CallbackDeadline). An error makes WeChat send the
	// message again (a fast handler) or the job try again (a slow one).
	Answer func(ctx context.Context, acc Account, m *Message) (Reply, error)
	// Slow says Answer may take longer than WeChat's five seconds allow:
	// the callback answers "success" at once, and a job runs Answer and
	// sends its reply as a customer-service message; a failure to send
	// (other than WeChat's refusal) runs Answer again.
	Slow bool
	// Undelivered, if set, hears why WeChat refused a slow handler's reply
	// (see SendCustom: the follower's 48-hour window closed, its messages
	// used up, or the follower gone); err says so in the user's words.
	Undelivered func(ctx context.Context, acc Account, m *Message, err error)
}

// Handle registers h for messages of kind (see Message.Kind): "text",
// "event:subscribe", "event:unsubscribe", "event:CLICK",
// "event:PUBLISHJOBFINISH", "event:MASSSENDJOBFINISH"… A message of a kind
// without a handler is answered "success" and nothing else. Registering a
// kind twice, or a handler without Answer, panics, as http.ServeMux does:
// it is a mistake in the program. Register before serving.
func (c *Callback) Handle(kind string, h Handler) {
	if h.Answer == nil {
		panic(fmt.Sprintf("wechat: handler for %q without Answer", kind))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.handlers[kind]; dup {
		panic(fmt.Sprintf("wechat: a handler for %q is already registered", kind))
	}
	c.handlers[kind] = h
}

// handler returns the handler of m's kind, if any.
func (c *Callback) handler(kind string) (Handler, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	h, ok := c.handlers[kind]
	return h, ok
}
