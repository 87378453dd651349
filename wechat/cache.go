package wechat

import (
	"context"
	"encoding/json"
	"time"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/keyring"
	"govmedia/postgres"
)

// Cache is silenceper's cache.Cache on PostgreSQL (table wechat_cache),
// so that every replica sees the same access tokens. Values are stored as
// JSON, sealed under a purpose bound to their key; a value that no longer
// opens (sealed under a key since rotated) reads as absent.
type Cache struct {
	db  bun.IDB
	box *govmedia.SecretBox
	now govmedia.Clock
}

var _ cache.ContextCache = (*Cache)(nil)

// cacheTimeout bounds the database calls of the methods without a context,
// which silenceper calls.
const cacheTimeout = 5 * time.Second

// NewCache returns the cache over db; box seals the values.
func NewCache(db bun.IDB, box *govmedia.SecretBox, now govmedia.Clock) *Cache {
	if now == nil {
		now = govmedia.Now
	}
	return &Cache{db: db, box: box, now: now}
}

func cachePurpose(key string) string { return "wechat.cache:" + key }

// Get returns the value under key, nil when absent, expired or unreadable.
func (c *Cache) Get(key string) any {
	ctx, cancel := context.WithTimeout(context.Background(), cacheTimeout)
	defer cancel()
	return c.GetContext(ctx, key)
}

// GetContext is Get with a context.
func (c *Cache) GetContext(ctx context.Context, key string) any {
	v, _ := c.get(ctx, c.db, key)
	return v
}

// get reads key in db; a missing, expired or unreadable value is nil.
func (c *Cache) get(ctx context.Context, db bun.IDB, key string) (any, error) {
	var sealed []byte
	err := db.NewSelect().TableExpr("wechat_cache").Column("value").
		Where("key = ? AND (expires_at IS NULL OR expires_at > ?)", key, c.now()).
		Scan(ctx, &sealed)
	if postgres.IsNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return c.open(ctx, key, sealed), nil
}

// open unseals a stored value, learning a key another replica rotated to
// if need be; one that does not open reads as absent.
func (c *Cache) open(ctx context.Context, key string, sealed []byte) any {
	if sealed == nil {
		return nil
	}
	plain, err := keyring.Open(ctx, c.db, c.box, cachePurpose(key), sealed)
	if err != nil {
		return nil
	}
	var v any
	if err := json.Unmarshal(plain, &v); err != nil {
		return nil
	}
	return v
}

// Set stores val under key for timeout; a timeout of zero or less stores
// nothing and removes what was there, as an already expired entry.
func (c *Cache) Set(key string, val any, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), cacheTimeout)
	defer cancel()
	return c.SetContext(ctx, key, val, timeout)
}

// SetContext is Set with a context.
func (c *Cache) SetContext(ctx context.Context, key string, val any, timeout time.Duration) error {
	return c.set(ctx, c.db, key, val, timeout)
}

func (c *Cache) set(ctx context.Context, db bun.IDB, key string, val any, timeout time.Duration) error {
	return c.setReleasing(ctx, db, key, val, timeout, "")
}

// setReleasing is set that also deletes the key release ("" for none) in
// the same statement: a token stored gives its fetcher's lease back.
func (c *Cache) setReleasing(ctx context.Context, db bun.IDB, key string, val any, timeout time.Duration, release string) error {
	if timeout <= 0 {
		return c.remove(ctx, db, key, release)
	}
	raw, err := json.Marshal(val)
	if err != nil {
		return err
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		sealed, err := keyring.Seal(ctx, tx, c.box, cachePurpose(key), raw)
		if err != nil {
			return err
		}
		_, err = tx.NewRaw(`WITH released AS (DELETE FROM wechat_cache WHERE key = ? AND ? <> '')
			INSERT INTO wechat_cache (key, value, expires_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
			release, release, key, sealed, c.now().Add(timeout)).Exec(ctx)
		return err
	})
}

// IsExist reports whether key holds a live value.
func (c *Cache) IsExist(key string) bool { return c.Get(key) != nil }

// IsExistContext is IsExist with a context.
func (c *Cache) IsExistContext(ctx context.Context, key string) bool {
	return c.GetContext(ctx, key) != nil
}

// Delete removes key.
func (c *Cache) Delete(key string) error {
	ctx, cancel := context.WithTimeout(context.Background(), cacheTimeout)
	defer cancel()
	return c.DeleteContext(ctx, key)
}

// DeleteContext is Delete with a context.
func (c *Cache) DeleteContext(ctx context.Context, key string) error {
	return c.remove(ctx, c.db, key)
}

// remove deletes keys ("" stands for none).
func (c *Cache) remove(ctx context.Context, db bun.IDB, keys ...string) error {
	_, err := db.NewDelete().TableExpr("wechat_cache").Where("key IN (?)", bun.In(keys)).Exec(ctx)
	return err
}
