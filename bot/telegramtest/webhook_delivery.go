package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"syscall"
	"time"
)

// deliver posts pending updates to the webhook one at a time, in order,
// retrying a failed one with growing pauses until it is accepted or the
// webhook generation gen is replaced or deleted.
func (s *Server) deliver(gen int) {
	client := &http.Client{Timeout: s.opts.WebhookTimeout}
	pause := time.Duration(0)
	for {
		u, hook, ok := s.nextDelivery(gen)
		if !ok {
			return
		}
		reply, err := postUpdate(s.ctx, client, hook, u)
		s.settleDelivery(gen, u, err)
		if err == nil {
			pause = 0
			s.runWebhookReply(reply)
			continue
		}
		pause = min(max(pause*2, s.opts.WebhookRetryMin), s.opts.WebhookRetryMax)
		select {
		case <-time.After(pause):
		case <-s.ctx.Done():
			return
		}
	}
}

// nextDelivery waits for a pending update while gen is the current
// webhook; ok is false when the deliverer should stop.
func (s *Server) nextDelivery(gen int) (update, webhook, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.hook.gen == gen && len(s.updates.pending) == 0 {
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-s.ctx.Done():
			s.mu.Lock()
			return update{}, webhook{}, false
		}
		s.mu.Lock()
	}
	if s.hook.gen != gen || s.ctx.Err() != nil {
		return update{}, webhook{}, false
	}
	return s.updates.pending[0], s.hook, true
}

// settleDelivery confirms a delivered update or records the failure.
func (s *Server) settleDelivery(gen int, u update, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook.gen != gen {
		return
	}
	if err != nil {
		s.hook.lastErrorDate, s.hook.lastError = s.now().Unix(), err.Error()
		return
	}
	if len(s.updates.pending) > 0 && s.updates.pending[0].UpdateID == u.UpdateID {
		s.updates.pending = s.updates.pending[1:]
	}
	s.changedLocked()
}

// postUpdate sends one update as JSON with the secret token header and
// returns the webhook's reply body.
func postUpdate(ctx context.Context, client *http.Client, hook webhook, u update) ([]byte, error) {
	body, err := json.Marshal(u)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if hook.secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", hook.secret)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, deliveryError(err)
	}
	defer resp.Body.Close()
	reply, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("Wrong response from the webhook: %s", resp.Status)
	}
	return reply, nil
}

// deliveryError words a transport failure as getWebhookInfo reports it.
func deliveryError(err error) error {
	var netErr interface{ Timeout() bool }
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return errors.New("Connection refused")
	case errors.As(err, &netErr) && netErr.Timeout():
		return errors.New("Read timeout expired")
	}
	return err
}

// runWebhookReply performs a method the webhook answered with, as Telegram
// does for a reply like {"method":"sendMessage",...}. Its outcome is only
// recorded in the call log.
func (s *Server) runWebhookReply(reply []byte) {
	p := &params{values: map[string]string{}, files: map[string]upload{}}
	if len(bytes.TrimSpace(reply)) == 0 || p.readJSON(bytes.NewReader(reply)) != nil {
		return
	}
	if name := p.str("method"); name != "" {
		delete(p.values, "method")
		s.callMethod(s.ctx, name, p)
	}
}
