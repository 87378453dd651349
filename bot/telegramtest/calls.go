package telegramtest

import (
	"encoding/json"
	"maps"
	"strings"
	"time"
)

// Call is one Bot API request the bot made and how it was answered.
type Call struct {
	Seq         int64             `json:"seq"`
	Method      string            `json:"method"`
	Params      map[string]string `json:"params"`
	Files       map[string]string `json:"files,omitempty"` // field → file name
	At          time.Time         `json:"at"`
	OK          bool              `json:"ok"`
	Result      json.RawMessage   `json:"result,omitempty"`
	ErrorCode   int               `json:"error_code,omitempty"`
	Description string            `json:"description,omitempty"`
}

// callLog keeps the calls and counts them per method.
type callLog struct {
	calls   []Call
	seq     int64
	perCall map[string]int
	limit   int
}

// record appends a finished call to the log.
func (s *Server) record(name string, p *params, at time.Time, env envelope) {
	c := Call{
		Method: name, Params: maps.Clone(p.values), At: at, OK: env.OK,
		Result: env.Result, ErrorCode: env.ErrorCode, Description: env.Description,
	}
	for field, f := range p.files {
		if c.Files == nil {
			c.Files = map[string]string{}
		}
		c.Files[field] = f.name
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l := &s.log
	l.seq++
	c.Seq = l.seq
	if l.perCall == nil {
		l.perCall = map[string]int{}
	}
	l.perCall[name]++
	l.calls = append(l.calls, c)
	if l.limit > 0 && len(l.calls) >= 2*l.limit {
		l.calls = append([]Call(nil), l.calls[len(l.calls)-l.limit:]...)
	}
	s.changedLocked()
}

// Calls returns the recorded calls in order; with method names given, only
// the calls of those methods (names are case-insensitive).
func (s *Server) Calls(methodNames ...string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	calls := s.log.calls
	if s.log.limit > 0 && len(calls) > s.log.limit {
		calls = calls[len(calls)-s.log.limit:]
	}
	var out []Call
	for _, c := range calls {
		if len(methodNames) == 0 || containsFold(methodNames, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

// ResetCalls empties the call log and the per-method counters.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log.calls, s.log.perCall = nil, nil
}

// containsFold reports whether list holds name, ignoring case.
func containsFold(list []string, name string) bool {
	for _, x := range list {
		if strings.EqualFold(x, name) {
			return true
		}
	}
	return false
}
