package telegramtest

import (
	"context"
	"net/url"
	"regexp"
	"strings"
)

// webhook is the bot's outgoing webhook, when set.
type webhook struct {
	url            string
	secret         string
	maxConnections int
	lastErrorDate  int64
	lastError      string
	gen            int // changes at every set or delete; stops stale deliverers
}

// webhookInfo is the Bot API "WebhookInfo" object.
type webhookInfo struct {
	URL                  string   `json:"url"`
	HasCustomCertificate bool     `json:"has_custom_certificate"`
	PendingUpdateCount   int      `json:"pending_update_count"`
	LastErrorDate        int64    `json:"last_error_date,omitempty"`
	LastErrorMessage     string   `json:"last_error_message,omitempty"`
	MaxConnections       int      `json:"max_connections,omitempty"`
	AllowedUpdates       []string `json:"allowed_updates,omitempty"`
}

// secretTokenRe is the documented form of secret_token.
var secretTokenRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// setWebhook implements setWebhook; deliveries start at once.
func (s *Server) setWebhook(ctx context.Context, p *params) (any, error) {
	raw := strings.TrimSpace(p.str("url"))
	if raw == "" {
		return s.deleteWebhook(ctx, p)
	}
	if err := s.checkWebhookURL(raw); err != nil {
		return nil, err
	}
	if p.has("secret_token") && !secretTokenRe.MatchString(p.str("secret_token")) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	conns, err := p.int("max_connections")
	if err != nil {
		return nil, err
	}
	allowed, set, err := p.strings("allowed_updates")
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if set {
		s.updates.allowed = allowed
	}
	if p.bool("drop_pending_updates") {
		s.updates.pending = nil
	}
	if conns == 0 {
		conns = 40
	}
	if s.hook.url == raw && s.hook.secret == p.str("secret_token") {
		s.hook.maxConnections = min(conns, 100)
		return described{true, "Webhook is already set"}, nil
	}
	s.hook = webhook{url: raw, secret: p.str("secret_token"), maxConnections: min(max(conns, 1), 100), gen: s.hook.gen + 1}
	go s.deliver(s.hook.gen)
	s.changedLocked()
	return described{true, "Webhook was set"}, nil
}

// checkWebhookURL refuses a URL Telegram could not post to.
func (s *Server) checkWebhookURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return badRequest("bad webhook: invalid webhook URL specified")
	}
	if u.Scheme == "http" && s.opts.RequireHTTPSWebhook {
		return badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	return nil
}

// deleteWebhook implements deleteWebhook.
func (s *Server) deleteWebhook(_ context.Context, p *params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.bool("drop_pending_updates") {
		s.updates.pending = nil
	}
	was := s.hook.url != ""
	s.hook = webhook{gen: s.hook.gen + 1}
	s.changedLocked()
	if !was {
		return described{true, "Webhook is already deleted"}, nil
	}
	return described{true, "Webhook was deleted"}, nil
}

// getWebhookInfo implements getWebhookInfo.
func (s *Server) getWebhookInfo(context.Context, *params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := webhookInfo{URL: s.hook.url, PendingUpdateCount: len(s.updates.pending)}
	if s.hook.url != "" {
		info.LastErrorDate, info.LastErrorMessage = s.hook.lastErrorDate, s.hook.lastError
		info.MaxConnections, info.AllowedUpdates = s.hook.maxConnections, s.updates.allowed
	}
	return info, nil
}
