package wechattest

import (
	"fmt"
	"time"
)

// Customer-service windows a citizen's action opens (rules since June 2023).
const (
	textWindowMsgs, textWindowLife     = 5, 48 * time.Hour
	followWindowMsgs, followWindowLife = 3, time.Minute
)

// Follow makes openid follow appid and pushes the subscribe event; it
// returns the account's passive reply (a welcome message, or empty).
func (s *Server) Follow(appid, openid string) (Reply, error) {
	st, err := s.mustAccount(appid)
	if err != nil {
		return Reply{}, err
	}
	now := s.now()
	st.mu.Lock()
	if !st.followers[openid] {
		st.countFollow(now, +1)
	}
	st.followers[openid] = true
	st.openWindow(openid, now, followWindowMsgs, followWindowLife)
	st.mu.Unlock()
	return s.pushCitizen(st, openid, "subscribe", followEvent(st.snapshot(), openid, "subscribe", now))
}

// Unfollow makes openid stop following appid and pushes the unsubscribe
// event.
func (s *Server) Unfollow(appid, openid string) error {
	st, err := s.mustAccount(appid)
	if err != nil {
		return err
	}
	now := s.now()
	st.mu.Lock()
	if st.followers[openid] {
		st.countFollow(now, -1)
	}
	delete(st.followers, openid)
	delete(st.windows, openid)
	st.mu.Unlock()
	_, err = s.pushCitizen(st, openid, "unsubscribe", followEvent(st.snapshot(), openid, "unsubscribe", now))
	return err
}

// SendText has follower openid send text to appid: the message (with a new
// MsgId) is pushed to the callback and the account's passive reply, checked
// and decrypted, is returned. Non-followers cannot message an account.
func (s *Server) SendText(appid, openid, text string) (Reply, error) {
	st, err := s.mustAccount(appid)
	if err != nil {
		return Reply{}, err
	}
	now := s.now()
	st.mu.Lock()
	following := st.followers[openid]
	if following {
		st.openWindow(openid, now, textWindowMsgs, textWindowLife)
	}
	st.mu.Unlock()
	if !following {
		return Reply{}, fmt.Errorf("wechattest: %s does not follow %s", openid, appid)
	}
	return s.pushCitizen(st, openid, "text", textMessage(st.snapshot(), openid, text, s.nextID()*1000, now))
}

// Click has follower openid press the button with key in appid's custom
// menu: the CLICK event (with EventKey) is pushed and the account's
// passive reply returned. A click opens 3 customer-service messages for a
// minute (a 48-hour window already open stays as it is). There is no such button to press when the
// menu lacks the key, nor for someone who does not follow the account.
func (s *Server) Click(appid, openid, key string) (Reply, error) {
	st, err := s.mustAccount(appid)
	if err != nil {
		return Reply{}, err
	}
	now := s.now()
	st.mu.Lock()
	following, found := st.followers[openid], st.hasKey(key)
	if w := st.windows[openid]; following && found && (w == nil || w.until.Before(now.Add(followWindowLife))) {
		st.openWindow(openid, now, followWindowMsgs, followWindowLife) // a 48-hour window still open stays
	}
	st.mu.Unlock()
	switch {
	case !following:
		return Reply{}, fmt.Errorf("wechattest: %s does not follow %s", openid, appid)
	case !found:
		return Reply{}, fmt.Errorf("wechattest: %s's menu has no button %q", appid, key)
	}
	return s.pushCitizen(st, openid, "CLICK", clickEvent(st.snapshot(), openid, key, now))
}

// pushCitizen pushes a citizen's message or event and waits for the reply.
// Without a callback URL nothing is pushed and the reply is empty, as for an
// account without server configuration.
func (s *Server) pushCitizen(st *accountState, openid, event string, body []byte) (Reply, error) {
	a := st.snapshot()
	if a.Callback.URL == "" {
		return Reply{Empty: true}, nil
	}
	p := &Push{AppID: a.AppID, Event: event, OpenID: openid, Body: body}
	s.push(a, p)
	if p.Reply == nil {
		return Reply{}, p.Err
	}
	return *p.Reply, p.Err
}
