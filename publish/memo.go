package publish

import (
	"sync"
	"time"
)

// memo keeps values for a while in this process, to spare the database a
// read on every delivery step and callback: publications never change once
// approved, and credentials seldom do (a stale copy fails and is re-read).
type memo[K comparable, V any] struct {
	mu    sync.Mutex
	ttl   time.Duration
	limit int
	items map[K]memoItem[V]
}

type memoItem[V any] struct {
	v     V
	until time.Time
}

func newMemo[K comparable, V any](ttl time.Duration, limit int) *memo[K, V] {
	return &memo[K, V]{ttl: ttl, limit: limit, items: map[K]memoItem[V]{}}
}

// put keeps v for k, as if just loaded.
func (m *memo[K, V]) put(k K, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.store(k, v)
}

// get returns the value for k, computing it with load when absent or old.
func (m *memo[K, V]) get(k K, load func() (V, error)) (V, error) {
	m.mu.Lock()
	it, ok := m.items[k]
	m.mu.Unlock()
	if ok && time.Now().Before(it.until) {
		return it.v, nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.store(k, v)
	return v, nil
}

func (m *memo[K, V]) store(k K, v V) {
	if len(m.items) >= m.limit {
		for key := range m.items { // drop any one: the map is small
			delete(m.items, key)
			break
		}
	}
	m.items[k] = memoItem[V]{v: v, until: time.Now().Add(m.ttl)}
}
