package wechattest

import (
	"encoding/json"
	"time"
)

// massSend is an accepted mass send (群发).
type massSend struct {
	id, msgDataID int64
	clientMsgID   string
	msgType       string
	mediaID       string
	status        string // SENDING, SEND_SUCCESS, DELETE
	accepted      time.Time
	total, filter int
	articles      []Article // mpnews: the draft as sent
}

// massRequest is the body of sendall, send and preview.
type massRequest struct {
	Filter *struct {
		IsToAll bool    `json:"is_to_all"`
		TagID   flexInt `json:"tag_id"`
	} `json:"filter"`
	ToUser  json.RawMessage `json:"touser"` // list for send, one openid for preview
	MsgType string          `json:"msgtype"`
	MPNews  *mediaRef       `json:"mpnews"`
	Text    *struct {
		Content string `json:"content"`
	} `json:"text"`
	Voice   *mediaRef `json:"voice"`
	Image   *mediaRef `json:"image"`
	MPVideo *mediaRef `json:"mpvideo"`
	Images  *struct {
		MediaIDs []string `json:"media_ids"`
	} `json:"images"`
	SendIgnoreReprint flexInt `json:"send_ignore_reprint"`
	ClientMsgID       string  `json:"clientmsgid"`
}

type mediaRef struct {
	MediaID string `json:"media_id"`
}

// massSendAll is POST /cgi-bin/message/mass/sendall. is_to_all reaches every
// follower; tags are not modelled, so a tag send reaches nobody.
func (s *Server) massSendAll(c *call) (any, *apiError) {
	var req massRequest
	if e := c.decode(&req); e != nil {
		return nil, e
	}
	if req.Filter == nil {
		return nil, fail(CodeInvalidArgs)
	}
	var targets []string
	if req.Filter.IsToAll {
		c.acct.mu.Lock()
		targets = c.acct.followerList()
		c.acct.mu.Unlock()
	}
	return s.acceptMass(c, req, targets)
}

// massSendList is POST /cgi-bin/message/mass/send to an openid list.
func (s *Server) massSendList(c *call) (any, *apiError) {
	var req massRequest
	if e := c.decode(&req); e != nil {
		return nil, e
	}
	var targets []string
	if json.Unmarshal(req.ToUser, &targets) != nil || len(targets) < minOpenIDs || len(targets) > maxOpenIDs {
		return nil, fail(CodeInvalidOpenIDList)
	}
	return s.acceptMass(c, req, targets)
}

// acceptMass applies the checks in WeChat's order: a repeated clientmsgid
// answers 45065 with the earlier msg_id (before any quota check, so a retry
// is safe), then the content, then the quota.
func (s *Server) acceptMass(c *call, req massRequest, targets []string) (any, *apiError) {
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(req.ClientMsgID) > maxClientMsgID {
		return nil, fail(CodeClientMsgIDTooLong)
	}
	if prev := st.clientMsgIDs[req.ClientMsgID]; prev != nil && c.now.Sub(prev.accepted) < clientMsgIDLife {
		e := fail(CodeClientMsgIDExist)
		e.extra = map[string]any{"msg_id": prev.id}
		return nil, e
	}
	m, e := st.massContent(req)
	if e != nil {
		return nil, e
	}
	if !st.hasMassQuota(c.now) {
		return nil, fail(CodeNoMassQuota)
	}
	m.id, m.msgDataID, m.clientMsgID = s.nextID(), s.nextID(), req.ClientMsgID
	m.status, m.accepted, m.total = "SENDING", c.now, len(targets)
	for _, id := range targets {
		if st.followers[id] {
			m.filter++
		}
	}
	st.masses[m.id] = m
	if req.ClientMsgID != "" {
		st.clientMsgIDs[req.ClientMsgID] = m
	}
	st.massAccepted = append(st.massAccepted, c.now)
	st.counts.MassSendsAccepted++
	s.after(s.opts.MassSendDelay, func() { s.finishMass(st, m) })
	return map[string]any{"errcode": 0, "errmsg": "send job submission success", "msg_id": m.id, "msg_data_id": m.msgDataID}, nil
}

// finishMass ends a send and pushes MASSSENDJOBFINISH; an mpnews draft
// leaves the draft box once sent.
func (s *Server) finishMass(st *accountState, m *massSend) {
	now := s.now()
	st.mu.Lock()
	if m.status == "SENDING" {
		m.status = "SEND_SUCCESS"
	}
	for i := range m.articles {
		m.articles[i].URL = articleURL(m.msgDataID, i+1)
	}
	if m.mediaID != "" && m.msgType == "mpnews" {
		delete(st.drafts, m.mediaID)
	}
	event := massEvent(st.cfg, m, now)
	st.mu.Unlock()
	s.pushEvent(st, "MASSSENDJOBFINISH", event)
}
