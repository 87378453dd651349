package wechattest

import (
	"slices"
	"time"
)

// token is an issued access_token. replaced marks one superseded by a newer
// token: past its expiry it is "not latest" (40001) rather than expired
// (42001).
type token struct {
	value    string
	appid    string
	expires  time.Time
	replaced bool
}

// issueToken makes a new token for st (whose lock the caller holds) and
// retires old, which stays valid for at most grace.
func (s *Server) issueToken(st *accountState, old *token, now time.Time, grace time.Duration) *token {
	t := &token{value: randomText(64), appid: st.cfg.AppID, expires: now.Add(s.opts.TokenTTL)}
	s.mu.Lock()
	s.tokens[t.value] = t
	if old != nil && !old.replaced && now.Before(old.expires) {
		old.replaced = true
		old.expires = minTime(old.expires, now.Add(grace))
	}
	s.mu.Unlock()
	st.counts.TokensIssued++
	return t
}

func (s *Server) lookupToken(value string) *token {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.tokens[value]
}

// authenticate checks the call's access_token: 41001 missing, 40001 unknown
// or replaced, 42001 expired.
func (s *Server) authenticate(c *call) *apiError {
	value := c.r.URL.Query().Get("access_token")
	if value == "" {
		return fail(CodeTokenMissing)
	}
	s.mu.RLock()
	t := s.tokens[value]
	var alive, replaced bool
	if t != nil {
		alive, replaced = c.now.Before(t.expires), t.replaced
	}
	s.mu.RUnlock()
	switch {
	case t == nil, !alive && replaced:
		return fail(CodeInvalidCredential)
	case !alive:
		return fail(CodeTokenExpired)
	}
	c.acct = s.account(t.appid)
	if c.acct == nil {
		return fail(CodeInvalidCredential)
	}
	return nil
}

// ExpireTokens makes every token of appid expire now: the next API call
// with one of them gets 42001.
func (s *Server) ExpireTokens(appid string) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		if t.appid == appid {
			t.expires = minTime(t.expires, now)
		}
	}
}

// checkCaller applies the credential checks common to both token APIs.
func (s *Server) checkCaller(c *call, grantType, appid, secret string) (*accountState, *apiError) {
	switch {
	case appid == "":
		return nil, fail(CodeAppIDMissing)
	case grantType != "client_credential":
		return nil, fail(CodeInvalidGrantType)
	case secret == "":
		return nil, fail(CodeSecretMissing)
	}
	st := s.account(appid)
	if st == nil {
		return nil, fail(CodeInvalidAppID)
	}
	if st.cfg.Secret != secret {
		return nil, fail(CodeInvalidAppSecret)
	}
	ip := c.callerIP()
	if len(st.cfg.IPWhitelist) > 0 && !slices.Contains(st.cfg.IPWhitelist, ip) {
		return nil, ipError(ip)
	}
	return st, nil
}

// ipError is 40164 worded as WeChat words it, naming the caller's IP.
func ipError(ip string) *apiError {
	return failf(CodeIPNotWhitelisted, "invalid ip %s ipv6 ::ffff:%s, not in whitelist", ip, ip)
}

func tokenAnswer(t *token, now time.Time) map[string]any {
	return map[string]any{"access_token": t.value, "expires_in": int64(t.expires.Sub(now) / time.Second)}
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
