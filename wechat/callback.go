package wechat

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/postgres"
)

// CallbackDeadline bounds the work on one callback, well inside the five
// seconds after which WeChat gives up on an answer and sends the message
// again.
const CallbackDeadline = 3 * time.Second

// Callback serves every account's WeChat callback at a pattern ending in
// /{appid} (/wechat/{appid}): the URL check WeChat makes when the server is
// configured (GET), and messages and events (POST) in plain, compatible or
// safe (AES) mode, with each account's token and EncodingAESKey. Any other
// method is refused. Signatures and timestamps are checked; a bad
// signature, a stale timestamp, an unknown account, a malformed or
// oversized body and XML with a DOCTYPE get no content and are counted.
// Each message goes to the handler registered for its kind (Handle);
// WeChat's retries of one message are answered without handling it twice.
type Callback struct {
	db       *bun.DB
	clients  *Clients
	queue    *postgres.Queue
	now      govmedia.Clock
	log      *slog.Logger
	deadline time.Duration
	metrics  *metrics

	mu       sync.RWMutex
	handlers map[string]Handler
}

// CallbackDeps are what a callback works with.
type CallbackDeps struct {
	DB       *bun.DB
	Clients  *Clients              // the accounts and their credentials; the API for slow replies
	Queue    *postgres.Queue       // runs slow handlers, and forgets old messages' keys
	Metrics  prometheus.Registerer // where the counters are registered; nil for none
	Now      govmedia.Clock        // nil: the real clock
	Log      *slog.Logger          // nil: slog's default
	Deadline time.Duration         // zero: CallbackDeadline
}

// NewCallback returns the callback, with its counters registered and its
// jobs added to the queue's workers (before the queue starts).
func NewCallback(d CallbackDeps) (*Callback, error) {
	c := &Callback{db: d.DB, clients: d.Clients, queue: d.Queue, now: d.Now, log: d.Log, deadline: d.Deadline,
		metrics: newMetrics(), handlers: map[string]Handler{}}
	if c.now == nil {
		c.now = govmedia.Now
	}
	if c.log == nil {
		c.log = slog.Default()
	}
	if c.deadline <= 0 {
		c.deadline = CallbackDeadline
	}
	if err := c.metrics.register(d.Metrics); err != nil {
		return nil, err
	}
	c.registerJobs()
	return c, nil
}

// ServeHTTP answers one callback.
func (c *Callback) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		c.refuse(w, http.StatusMethodNotAllowed, refusedMethod)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), c.deadline)
	defer cancel()
	t, err := c.clients.target(ctx, r.PathValue("appid"))
	switch {
	case errors.Is(err, errUnknownAppID):
		c.refuse(w, http.StatusNotFound, refusedUnknown)
		return
	case err != nil:
		c.log.Error("finding the account of a WeChat callback", "err", err)
		c.refuse(w, http.StatusInternalServerError, refusedBusy)
		return
	}
	q := r.URL.Query()
	if !freshTimestamp(q.Get("timestamp"), c.now()) {
		c.refuse(w, http.StatusForbidden, refusedStale)
		return
	}
	if r.Method == http.MethodGet {
		c.verifyURL(w, q.Get("signature"), q.Get("timestamp"), q.Get("nonce"), q.Get("echostr"), t.creds.Token)
		return
	}
	c.receive(ctx, w, r, t)
}

// refuse answers status with no content, and counts why.
func (c *Callback) refuse(w http.ResponseWriter, status int, reason string) {
	c.metrics.refused.WithLabelValues(reason).Inc()
	w.WriteHeader(status)
}

// verifyURL answers WeChat's check of the server configuration: the echo,
// if the signature is the account's.
func (c *Callback) verifyURL(w http.ResponseWriter, sig, ts, nonce, echo, token string) {
	if !signatureOK(sig, token, ts, nonce) {
		c.refuse(w, http.StatusForbidden, refusedSignature)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, echo)
}

// receive checks and opens a posted message, has its handler act on it
// once, and replies.
func (c *Callback) receive(ctx context.Context, w http.ResponseWriter, r *http.Request, t target) {
	body, reason := readBody(r)
	if reason == "" {
		var m *Message
		if m, reason = openMessage(r.URL.Query(), body, t.creds); reason == "" {
			c.dispatch(ctx, w, t, m)
			return
		}
	}
	c.refuse(w, refusalStatus[reason], reason)
}

// dispatch hands m to its kind's handler, once, and answers.
func (c *Callback) dispatch(ctx context.Context, w http.ResponseWriter, t target, m *Message) {
	kind := m.Kind()
	h, ok := c.handler(kind)
	if !ok {
		c.count("other", outcomeNothing)
		_, _ = io.WriteString(w, "success")
		return
	}
	first, err := c.claim(ctx, t.account, m, h.Slow)
	switch {
	case err != nil:
		// Whether it was handled before is unknown: answering "success"
		// would stop WeChat's retries and lose it, so ask for a retry.
		c.log.Error("checking a WeChat callback for a repeat", "account", t.account.ID, "kind", kind, "err", err)
		c.count(kind, outcomeFailed)
		w.WriteHeader(http.StatusInternalServerError)
	case !first:
		c.count(kind, outcomeRepeat)
		_, _ = io.WriteString(w, "success")
	case h.Slow:
		c.count(kind, outcomeLater)
		_, _ = io.WriteString(w, "success")
	default:
		c.answer(ctx, w, t, m, h)
	}
}

// answer runs a fast handler and writes its reply.
func (c *Callback) answer(ctx context.Context, w http.ResponseWriter, t target, m *Message, h Handler) {
	reply, err := h.Answer(ctx, t.account, m)
	if err != nil {
		c.log.Error("handling a WeChat callback", "account", t.account.ID, "kind", m.Kind(), "err", err)
		c.forget(ctx, t.account.ID, m) // not handled: WeChat's retry will be
		c.count(m.Kind(), outcomeFailed)
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	outcome := outcomeReplied
	if reply.IsZero() {
		outcome = outcomeNothing
	}
	c.count(m.Kind(), outcome)
	c.writeReply(w, reply, m, t.creds)
}

func (c *Callback) count(kind, outcome string) {
	c.metrics.messages.WithLabelValues(kind, outcome).Inc()
}

// writeReply writes a passive reply, encrypted when the message came so.
func (c *Callback) writeReply(w http.ResponseWriter, reply Reply, m *Message, creds Credentials) {
	if reply.IsZero() {
		_, _ = io.WriteString(w, "success")
		return
	}
	out, err := reply.passiveXML(m, c.now())
	if err == nil && m.Authentic {
		out, err = sealReply(out, creds, c.now())
	}
	if err != nil {
		c.log.Error("replying to a WeChat message", "err", err)
		_, _ = io.WriteString(w, "success")
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = w.Write(out)
}
