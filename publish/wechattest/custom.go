package wechattest

import (
	"time"
)

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

// CustomMessage is a customer-service message the stand-in accepted.
type CustomMessage struct {
	At      time.Time
	ToUser  string
	MsgType string // "text" or "news"
	Content string // text
	News    []CustomArticle
}

// CustomArticle is the card of a news message.
type CustomArticle struct {
	Title, Description, URL, PicURL string
}

// CustomMessages returns the customer-service messages appid sent, oldest
// first.
func (s *Server) CustomMessages(appid string) []CustomMessage {
	st := s.account(appid)
	if st == nil {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return append([]CustomMessage(nil), st.customs...)
}

// customRequest is the body of message/custom/send for the types served:
// text, and news of one article.
type customRequest struct {
	ToUser  string `json:"touser"`
	MsgType string `json:"msgtype"`
	Text    *struct {
		Content string `json:"content"`
	} `json:"text"`
	News *struct {
		Articles []struct {
			Title       string `json:"title"`
			Description string `json:"description"`
			URL         string `json:"url"`
			PicURL      string `json:"picurl"`
		} `json:"articles"`
	} `json:"news"`
}

// customSend is POST /cgi-bin/message/custom/send: 45015 outside a window
// (never opened, expired, or the citizen unfollowed: WeChat's errmsg says
// "response out of time limit or subscription is canceled"), 45047 when
// the window's messages are used up; 40008 for a type other than text or
// news, 44004 for an empty text, 45008 for news of more than one article.
func (s *Server) customSend(c *call) (any, *apiError) {
	var req customRequest
	if e := c.decode(&req); e != nil {
		return nil, e
	}
	if e := req.check(); e != nil {
		return nil, e
	}
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	w := st.windows[req.ToUser]
	switch {
	case !st.followers[req.ToUser] || w == nil || !c.now.Before(w.until):
		return nil, fail(CodeReplyWindowClosed)
	case w.left == 0:
		return nil, fail(CodeCustomLimit)
	}
	w.left--
	st.counts.CustomMessagesSent++
	st.customs = append(st.customs, req.accepted(c.now))
	return nil, nil
}

// check refuses a message of a type not served, or empty.
func (r *customRequest) check() *apiError {
	switch {
	case r.MsgType == "text" && (r.Text == nil || r.Text.Content == ""):
		return fail(CodeEmptyContent)
	case r.MsgType == "text":
		return nil
	case r.MsgType != "news":
		return fail(CodeInvalidMessageType)
	case r.News == nil || len(r.News.Articles) == 0:
		return fail(CodeEmptyNews)
	case len(r.News.Articles) > 1:
		return fail(CodeTooManyArticles)
	}
	return nil
}

// accepted is the message as CustomMessages reports it.
func (r *customRequest) accepted(at time.Time) CustomMessage {
	m := CustomMessage{At: at, ToUser: r.ToUser, MsgType: r.MsgType}
	if r.Text != nil {
		m.Content = r.Text.Content
	}
	if r.News != nil {
		for _, a := range r.News.Articles {
			m.News = append(m.News, CustomArticle{Title: a.Title, Description: a.Description, URL: a.URL, PicURL: a.PicURL})
		}
	}
	return m
}
