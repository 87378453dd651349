package web

import "sync"

// part is a piece of the service that reports its state on /readyz.
type part struct {
	name  string
	state func() (ok bool, detail string)
}

// parts are the reported parts, in the order reported.
type parts struct {
	mu    sync.Mutex
	parts []part
}

func (ps *parts) add(p part) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.parts = append(ps.parts, p)
}

func (ps *parts) list() []part {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return append([]part(nil), ps.parts...)
}
