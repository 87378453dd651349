package wechattest

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"time"
)

// maxBody caps a request body: a 10 MB video plus multipart overhead.
const maxBody = 32 << 20

// call is one API request on its way through the stand-in.
type call struct {
	w     http.ResponseWriter
	r     *http.Request
	path  string
	body  []byte
	now   time.Time
	appid string        // the account the call is for, "" if unknown
	acct  *accountState // set once the access_token is accepted
	// loseAnswer: a fault wants the call carried out and its answer lost.
	loseAnswer bool
	// cutAnswer: a fault wants the call carried out and its answer cut
	// off halfway.
	cutAnswer bool
}

// handle wraps an API handler in the steps every call takes: read the body,
// find the account, apply injected faults, check the token and the account's
// rights, answer, and record the call.
func (s *Server) handle(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &call{w: w, r: r, path: r.URL.Path, now: s.now()}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			s.answer(c, nil, fail(CodeInvalidFileSize))
			return
		}
		c.body = body
		c.appid = s.callerAppID(c)
		if s.applyFaults(c) {
			return
		}
		if rt.auth {
			if e := s.authenticate(c); e != nil {
				s.answer(c, nil, e)
				return
			}
			if rt.verified && !c.acct.verified() {
				s.answer(c, nil, fail(CodeAPIUnauthorized))
				return
			}
		}
		resp, e := rt.fn(c)
		s.answer(c, resp, e)
	})
}

// callerAppID names the account a call is for before any check: the appid
// parameter of the token APIs, else the owner of the access_token.
func (s *Server) callerAppID(c *call) string {
	if id := c.r.URL.Query().Get("appid"); id != "" {
		return id
	}
	if tok := c.r.URL.Query().Get("access_token"); tok != "" {
		if t := s.lookupToken(tok); t != nil {
			return t.appid
		}
		return ""
	}
	var req struct {
		AppID string `json:"appid"`
	}
	_ = json.Unmarshal(c.body, &req)
	return req.AppID
}

// answer writes the JSON reply (or the error) and records the call.
func (s *Server) answer(c *call, resp any, e *apiError) {
	code := 0
	if e != nil {
		code, resp = e.code, e.body()
	}
	if c.loseAnswer {
		s.record(c, code, 0, true)
		resetConnection(c.w)
		return
	}
	if resp == nil {
		resp = map[string]any{"errcode": 0, "errmsg": "ok"}
	}
	c.w.Header().Set("Content-Type", "application/json; encoding=utf-8")
	if c.cutAnswer {
		s.record(c, code, http.StatusOK, true)
		cutAnswer(c.w, resp)
		return
	}
	writeJSON(c.w, resp)
	s.record(c, code, http.StatusOK, false)
}

// decode reads the JSON body into v, answering 44002 for an empty body and
// 47001 for one that is not JSON.
func (c *call) decode(v any) *apiError {
	if len(c.body) == 0 {
		return fail(CodeEmptyPostData)
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		return fail(CodeDataFormat)
	}
	return nil
}

// callerIP is the address the call came from, as WeChat sees it.
func (c *call) callerIP() string {
	host, _, err := net.SplitHostPort(c.r.RemoteAddr)
	if err != nil {
		return c.r.RemoteAddr
	}
	return host
}
