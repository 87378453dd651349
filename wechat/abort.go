package wechat

import (
	"context"
	"io"
	"net/http"
	"sync"
)

// calls lets a stopping process end the WeChat calls in flight.
var calls abortable

// AbortCalls ends every WeChat call in flight at once, and fails
// those made after it, until Configure is called again. A process
// that is stopping calls it once its jobs' grace is over: silenceper makes
// most calls without a context, so cancelling a job's context does not end
// them, and each would otherwise run to its timeout. A call ended so has an
// unknown outcome, which deliveries already handle as a timeout.
func AbortCalls() { calls.abort() }

// abortable ties every request of a client to a context that abort
// cancels, as well as to the request's own.
type abortable struct {
	mu     sync.Mutex
	ctx    context.Context
	cancel context.CancelFunc
}

// reset ties c's requests to the current context, a new one after an
// abort. Calls in flight on an earlier client go on: tests configure the
// client again while others' calls run.
func (a *abortable) reset(c *http.Client) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ctx == nil || a.ctx.Err() != nil {
		a.ctx, a.cancel = context.WithCancel(context.Background())
	}
	c.Transport = abortTransport{base: c.Transport, calls: a.ctx}
}

func (a *abortable) abort() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cancel != nil {
		a.cancel()
	}
}

// abortTransport runs a request under a context ended by its own or by
// calls, until its response's body is closed.
type abortTransport struct {
	base  http.RoundTripper
	calls context.Context
}

// RoundTrip sends the request.
func (t abortTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancel(r.Context())
	stop := context.AfterFunc(t.calls, cancel)
	end := func() { stop(); cancel() }
	resp, err := t.base.RoundTrip(r.WithContext(ctx))
	if err != nil {
		end()
		return nil, err
	}
	resp.Body = &endingBody{ReadCloser: resp.Body, end: end}
	return resp, nil
}

// endingBody releases its request's context when closed.
type endingBody struct {
	io.ReadCloser
	once sync.Once
	end  func()
}

// Close closes the body and releases the request's context.
func (b *endingBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.end)
	return err
}
