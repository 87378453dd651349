package wechattest

import "encoding/json"

// massGet is POST /cgi-bin/message/mass/get: msg_status of a send.
func (s *Server) massGet(c *call) (any, *apiError) {
	st, m, e := s.findMass(c)
	if e != nil {
		return nil, e
	}
	defer st.mu.Unlock()
	return map[string]any{"msg_id": m.id, "msg_status": m.status}, nil
}

// massDelete is POST /cgi-bin/message/mass/delete: the send's articles are
// withdrawn and its status becomes DELETE.
func (s *Server) massDelete(c *call) (any, *apiError) {
	st, m, e := s.findMass(c)
	if e != nil {
		return nil, e
	}
	defer st.mu.Unlock()
	m.status = "DELETE"
	return nil, nil
}

// findMass decodes {"msg_id"} (number or string) and returns the send with
// the account locked; the caller unlocks.
func (s *Server) findMass(c *call) (*accountState, *massSend, *apiError) {
	var req struct {
		MsgID flexInt `json:"msg_id"`
	}
	if e := c.decode(&req); e != nil {
		return nil, nil, e
	}
	st := c.acct
	st.mu.Lock()
	m := st.masses[int64(req.MsgID)]
	if m == nil {
		st.mu.Unlock()
		return nil, nil, failf(CodeInvalidArgs, "invalid msg_id")
	}
	return st, m, nil
}

// massPreview is POST /cgi-bin/message/mass/preview to one follower; it
// uses no quota and sends no event.
func (s *Server) massPreview(c *call) (any, *apiError) {
	var req massRequest
	if e := c.decode(&req); e != nil {
		return nil, e
	}
	var openid string
	if json.Unmarshal(req.ToUser, &openid) != nil || openid == "" {
		return nil, fail(CodeInvalidOpenID)
	}
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.followers[openid] {
		return nil, fail(CodeRequireSubscribe)
	}
	if _, e := st.massContent(req); e != nil {
		return nil, e
	}
	st.counts.PreviewsSent++
	return map[string]any{"errcode": 0, "errmsg": "preview success", "msg_id": s.nextID()}, nil
}
