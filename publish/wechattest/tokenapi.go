package wechattest

import "time"

// stableRenewal is how early normal-mode stable_token renews a token: the
// document says the platform renews 5 minutes before expiry.
const stableRenewal = 5 * time.Minute

// forceInterval is the least time between two force refreshes; a sooner
// one returns the current token unchanged, as documented.
const forceInterval = 30 * time.Second

// getToken is GET /cgi-bin/token: a new token on every call; the previous
// one stays valid for TokenGrace.
func (s *Server) getToken(c *call) (any, *apiError) {
	q := c.r.URL.Query()
	st, e := s.checkCaller(c, q.Get("grant_type"), q.Get("appid"), q.Get("secret"))
	if e != nil {
		return nil, e
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if day := dayOf(c.now); st.tokenDay != day {
		st.tokenDay, st.tokenCalls = day, 0
	}
	if st.tokenCalls++; st.tokenCalls > s.opts.TokenDailyQuota {
		return nil, fail(CodeDailyQuota)
	}
	st.normal = s.issueToken(st, st.normal, c.now, s.opts.TokenGrace)
	return tokenAnswer(st.normal, c.now), nil
}

// getStableToken is POST /cgi-bin/stable_token. Normal mode returns the
// current token while it has more than 5 minutes left; force_refresh issues
// a new one (at most every 30 s), the old one staying valid for TokenGrace.
// Its tokens are separate from /cgi-bin/token's.
func (s *Server) getStableToken(c *call) (any, *apiError) {
	var req struct {
		GrantType    string `json:"grant_type"`
		AppID        string `json:"appid"`
		Secret       string `json:"secret"`
		ForceRefresh bool   `json:"force_refresh"`
	}
	if e := c.decode(&req); e != nil {
		return nil, e
	}
	st, e := s.checkCaller(c, req.GrantType, req.AppID, req.Secret)
	if e != nil {
		return nil, e
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if day := dayOf(c.now); st.stableDay != day {
		st.stableDay, st.stableCalls = day, 0
	}
	if st.stableCalls++; st.stableCalls > s.opts.StableTokenDailyQuota {
		return nil, fail(CodeDailyQuota)
	}
	s.refreshStable(st, c.now, req.ForceRefresh)
	return tokenAnswer(st.stable, c.now), nil
}

func (s *Server) refreshStable(st *accountState, now time.Time, force bool) {
	cur := st.stable
	live := cur != nil && now.Before(cur.expires)
	switch {
	case force && live && now.Sub(st.lastForce) < forceInterval:
	case force:
		st.lastForce = now
		st.stable = s.issueToken(st, cur, now, s.opts.TokenGrace)
	case !live || cur.expires.Sub(now) <= stableRenewal:
		grace := time.Duration(0)
		if live {
			grace = cur.expires.Sub(now)
		}
		st.stable = s.issueToken(st, cur, now, grace)
	}
}
