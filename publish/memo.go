package publish

import (
	"errors"
	"sync"
	"time"
)

// memo keeps values for a while in this process, to spare the database a
// read on every delivery step and callback: publications never change once
// approved, and credentials seldom do (a stale copy fails and is re-read).
// It can also remember for a shorter while that a key has no value, so
// that asking again for what is not there costs nothing.
type memo[K comparable, V any] struct {
	mu        sync.Mutex
	ttl       time.Duration
	limit     int
	absent    error         // a load failing with this (errors.Is) is remembered
	absentTTL time.Duration // for this long
	items     map[K]memoItem[V]
}

type memoItem[V any] struct {
	v     V
	err   error // a remembered absence
	until time.Time
}

func newMemo[K comparable, V any](ttl time.Duration, limit int) *memo[K, V] {
	return &memo[K, V]{ttl: ttl, limit: limit, items: map[K]memoItem[V]{}}
}

// rememberAbsence makes get keep a load's failure with absent for ttl.
func (m *memo[K, V]) rememberAbsence(absent error, ttl time.Duration) *memo[K, V] {
	m.absent, m.absentTTL = absent, ttl
	return m
}

// put keeps v for k, as if just loaded.
func (m *memo[K, V]) put(k K, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.store(k, memoItem[V]{v: v, until: time.Now().Add(m.ttl)})
}

// get returns the value for k, computing it with load when absent or old.
func (m *memo[K, V]) get(k K, load func() (V, error)) (V, error) {
	m.mu.Lock()
	it, ok := m.items[k]
	m.mu.Unlock()
	if ok && time.Now().Before(it.until) {
		return it.v, it.err
	}
	v, err := load()
	it = memoItem[V]{v: v, until: time.Now().Add(m.ttl)}
	if err != nil {
		if m.absent == nil || !errors.Is(err, m.absent) {
			return v, err
		}
		it = memoItem[V]{err: err, until: time.Now().Add(m.absentTTL)}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.store(k, it)
	return v, err
}

func (m *memo[K, V]) store(k K, it memoItem[V]) {
	if _, ok := m.items[k]; !ok && len(m.items) >= m.limit {
		for key := range m.items { // drop any one: the map is small
			delete(m.items, key)
			break
		}
	}
	m.items[k] = it
}
