// Package memo keeps values for a while in one process, to spare the
// database a read on every delivery step and callback: publications never
// change once approved, and credentials seldom do (a stale copy fails and
// is read again). A Memo can also remember for a shorter while that a key
// has no value, so that asking again for what is not there costs nothing.
package memo

import (
	"errors"
	"sync"
	"time"
)

// Memo holds up to a limit of values, each for a time to live.
type Memo[K comparable, V any] struct {
	mu        sync.Mutex
	ttl       time.Duration
	limit     int
	absent    error         // a load failing with this (errors.Is) is remembered
	absentTTL time.Duration // for this long
	items     map[K]item[V]
}

type item[V any] struct {
	v     V
	err   error // a remembered absence
	until time.Time
}

// New returns a memo keeping each value for ttl, and at most limit values.
func New[K comparable, V any](ttl time.Duration, limit int) *Memo[K, V] {
	return &Memo[K, V]{ttl: ttl, limit: limit, items: map[K]item[V]{}}
}

// RememberAbsence makes Get keep a load's failure with absent for ttl.
func (m *Memo[K, V]) RememberAbsence(absent error, ttl time.Duration) *Memo[K, V] {
	m.absent, m.absentTTL = absent, ttl
	return m
}

// Put keeps v for k, as if just loaded.
func (m *Memo[K, V]) Put(k K, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.store(k, item[V]{v: v, until: time.Now().Add(m.ttl)})
}

// Get returns the value for k, computing it with load when absent or old.
func (m *Memo[K, V]) Get(k K, load func() (V, error)) (V, error) {
	m.mu.Lock()
	it, ok := m.items[k]
	m.mu.Unlock()
	if ok && time.Now().Before(it.until) {
		return it.v, it.err
	}
	v, err := load()
	it = item[V]{v: v, until: time.Now().Add(m.ttl)}
	if err != nil {
		if m.absent == nil || !errors.Is(err, m.absent) {
			return v, err
		}
		it = item[V]{err: err, until: time.Now().Add(m.absentTTL)}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.store(k, it)
	return v, err
}

func (m *Memo[K, V]) store(k K, it item[V]) {
	if _, ok := m.items[k]; !ok && len(m.items) >= m.limit {
		for key := range m.items { // drop any one: the map is small
			delete(m.items, key)
			break
		}
	}
	m.items[k] = it
}
