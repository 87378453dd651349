package wechattest

import "time"

// replyWindow is how many customer-service messages an account may still
// send a citizen, and until when. Per the rules in force since June 2023, a
// message from the citizen opens 5 messages for 48 hours and a subscribe 3
// for a minute; a new action replaces the window, quotas do not add up.
type replyWindow struct {
	left  int
	until time.Time
}

// openWindow records a citizen's action (the account's lock is held).
func (st *accountState) openWindow(openid string, now time.Time, msgs int, life time.Duration) {
	st.windows[openid] = &replyWindow{left: msgs, until: now.Add(life)}
}

// customSend is POST /cgi-bin/message/custom/send: 43004 to a non-follower,
// 45015 outside a window, 45047 when the window's messages are used up.
func (s *Server) customSend(c *call) (any, *apiError) {
	var req struct {
		ToUser  string `json:"touser"`
		MsgType string `json:"msgtype"`
		Text    *struct {
			Content string `json:"content"`
		} `json:"text"`
	}
	if e := c.decode(&req); e != nil {
		return nil, e
	}
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	w := st.windows[req.ToUser]
	switch {
	case !st.followers[req.ToUser]:
		return nil, fail(CodeRequireSubscribe)
	case req.MsgType == "text" && (req.Text == nil || req.Text.Content == ""):
		return nil, fail(CodeEmptyContent)
	case w == nil || !c.now.Before(w.until):
		return nil, fail(CodeReplyWindowClosed)
	case w.left == 0:
		return nil, fail(CodeCustomLimit)
	}
	w.left--
	st.counts.CustomMessagesSent++
	return nil, nil
}
