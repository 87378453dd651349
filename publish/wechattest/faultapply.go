package wechattest

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"time"
)

// applyFaults delays the call and answers it when a fault says so; it
// reports whether the call has been answered.
func (s *Server) applyFaults(c *call) bool {
	f := s.faults.take(c.appid, c.path)
	if !s.sleep(c.r.Context(), s.opts.Latency+f.Latency) {
		s.record(c, 0, 0, true)
		return true
	}
	switch {
	case f.Hang:
		s.faults.hanging.Add(1)
		s.sleep(c.r.Context(), time.Duration(1<<62))
		s.faults.hanging.Add(-1)
		s.record(c, 0, 0, true)
	case f.HTTPStatus != 0:
		c.w.Header().Set("Content-Type", "text/html")
		c.w.WriteHeader(f.HTTPStatus)
		_, _ = c.w.Write([]byte("<html><body>" + http.StatusText(f.HTTPStatus) + "</body></html>"))
		s.record(c, 0, f.HTTPStatus, true)
	case f.ErrCode != 0:
		s.answerFault(c, f)
	default:
		c.loseAnswer, c.cutAnswer = f.LoseAnswer, f.CutAnswer
		return false
	}
	return true
}

func (s *Server) answerFault(c *call, f Fault) {
	e := fail(f.ErrCode)
	switch {
	case f.ErrMsg != "":
		e.msg = f.ErrMsg
	case f.ErrCode == CodeIPNotWhitelisted:
		e = ipError(c.callerIP())
	}
	c.w.Header().Set("Content-Type", "application/json; encoding=utf-8")
	writeJSON(c.w, e.body())
	s.record(c, f.ErrCode, http.StatusOK, true)
}

// sleep waits d unless the request or the stand-in ends first; it reports
// whether the whole wait passed.
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-s.ctx.Done():
	}
	return false
}

// resetConnection drops the call's connection without an answer, as a
// connection reset mid-call does.
func resetConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // HTTP/2: abort the stream instead
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// cutAnswer announces resp's whole length, writes half of it and resets
// the connection.
func cutAnswer(w http.ResponseWriter, resp any) {
	body, _ := json.Marshal(resp)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body[:len(body)/2])
	_ = http.NewResponseController(w).Flush()
	resetConnection(w)
}
