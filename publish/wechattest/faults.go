package wechattest

import (
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Fault is trouble injected into matching calls. A call matches when AppID
// is empty or the call's account, and Path is empty, the call's path, or a
// prefix of it ending in "/" (e.g. "/cgi-bin/draft/"). Effects combine:
// latencies add up; then Hang, HTTPStatus or ErrCode answers instead of the
// API, in that order.
type Fault struct {
	AppID   string
	Path    string
	Latency time.Duration // added before the call is answered
	// Hang holds the call until the client gives up or the stand-in closes.
	Hang bool
	// HTTPStatus answers with this status (e.g. 502) and an HTML body.
	HTTPStatus int
	// ErrCode answers {"errcode":ErrCode,"errmsg":ErrMsg}; ErrMsg defaults
	// to WeChat's wording (for 40164, with the caller's IP).
	ErrCode int
	ErrMsg  string
	// LoseAnswer carries the call out, then resets the connection before
	// the answer: WeChat did the work, and the caller cannot know it.
	LoseAnswer bool
	// CutAnswer carries the call out and starts the answer (status 200,
	// its full length announced), then resets the connection halfway
	// through the body: a reset mid-body.
	CutAnswer bool
	// Every makes the fault affect only every Every-th matching call (a
	// steady rate of failures); 0 or 1 is every call.
	Every int
	// Times is how many matching calls the fault affects; 0 means until it
	// is removed.
	Times int
}

type faultEntry struct {
	Fault
	left int // calls left when Times > 0
	seen int // matching calls so far, for Every
}

// faultSet indexes faults by appid ("" for every account), so a call looks
// at two short lists however many accounts there are.
type faultSet struct {
	mu      sync.Mutex
	byApp   map[string][]*faultEntry
	hanging atomic.Int64 // calls a Hang fault holds now
}

// Hanging is how many calls a Hang fault is holding now.
func (s *Server) Hanging() int { return int(s.faults.hanging.Load()) }

// Inject adds a fault and returns a function that removes it.
func (s *Server) Inject(f Fault) (remove func()) {
	e := &faultEntry{Fault: f, left: f.Times}
	s.faults.mu.Lock()
	s.faults.byApp[f.AppID] = append(s.faults.byApp[f.AppID], e)
	s.faults.mu.Unlock()
	return func() { s.faults.remove(e) }
}

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.byApp = map[string][]*faultEntry{}
}

func (fs *faultSet) remove(e *faultEntry) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	list := fs.byApp[e.AppID]
	for i, x := range list {
		if x == e {
			fs.byApp[e.AppID] = append(list[:i:i], list[i+1:]...)
			return
		}
	}
}

// take merges the faults matching a call and uses up one of each counted one.
func (fs *faultSet) take(appid, path string) Fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var out Fault
	keys := []string{""}
	if appid != "" {
		keys = append(keys, appid)
	}
	for _, key := range keys {
		if list := fs.byApp[key]; len(list) > 0 {
			fs.byApp[key] = takeFrom(list, path, &out)
		}
	}
	return out
}

func takeFrom(list []*faultEntry, path string, out *Fault) []*faultEntry {
	kept := list[:0]
	for _, e := range list {
		if matchPath(e.Path, path) && e.hit() {
			merge(out, e.Fault)
			if e.Times > 0 {
				if e.left--; e.left == 0 {
					continue
				}
			}
		}
		kept = append(kept, e)
	}
	return kept
}

// hit counts a matching call and reports whether the fault affects it.
func (e *faultEntry) hit() bool {
	e.seen++
	return e.Every <= 1 || e.seen%e.Every == 0
}

func matchPath(pattern, path string) bool {
	if pattern == "" || pattern == path {
		return true
	}
	return strings.HasSuffix(pattern, "/") && strings.HasPrefix(path, pattern)
}

func merge(out *Fault, f Fault) {
	out.Latency += f.Latency
	out.Hang = out.Hang || f.Hang
	out.LoseAnswer = out.LoseAnswer || f.LoseAnswer
	out.CutAnswer = out.CutAnswer || f.CutAnswer
	if out.HTTPStatus == 0 {
		out.HTTPStatus = f.HTTPStatus
	}
	if out.ErrCode == 0 {
		out.ErrCode, out.ErrMsg = f.ErrCode, f.ErrMsg
	}
}
