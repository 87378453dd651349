package wechat

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/credential"
	"github.com/uptrace/bun"
)

// tokenStore hands out access tokens: from the shared cache while they last,
// else from WeChat's stable-token endpoint, fetched by one caller per
// account at a time across all replicas.
type tokenStore struct {
	db    *bun.DB
	cache *Cache
	locks sync.Map // AppID → *sync.Mutex: one fetcher per account in this process
	log   *slog.Logger
	memo  sync.Map // AppID → memoToken: tokens this process holds, to spare the shared cache a read per call
}

// memoToken is a token held in memory until its short-lived copy expires.
type memoToken struct {
	token string
	until time.Time
}

// memoTTL bounds how long this process trusts its copy of a token before
// reading the shared cache again; a token another replica replaced is
// rejected by WeChat sooner or later anyway, and refreshed then.
const memoTTL = 2 * time.Minute

// stableMargin is how long before WeChat's expiry a cached token is dropped,
// as silenceper does for stable tokens.
const stableMargin = 300

// tokenKey is the cache key of an account's token: silenceper's own key
// for stable tokens.
func tokenKey(appID string) string {
	return credential.CacheKeyOfficialAccountPrefix + "_stable_access_token_" + appID
}

// token returns a live access token for c.
func (t *tokenStore) token(ctx context.Context, c Credentials) (string, error) {
	if tok, ok := t.remembered(c.AppID); ok {
		return tok, nil
	}
	mu := t.lock(c.AppID)
	mu.Lock()
	defer mu.Unlock()
	if tok, ok := t.remembered(c.AppID); ok { // another caller here fetched it meanwhile
		return tok, nil
	}
	return t.refreshLocked(ctx, c, "")
}

// remembered is this process's copy of an account's token, while it lasts.
func (t *tokenStore) remembered(appID string) (string, bool) {
	m, ok := t.memo.Load(appID)
	if !ok || !time.Now().Before(m.(memoToken).until) {
		return "", false
	}
	return m.(memoToken).token, true
}

func (t *tokenStore) remember(appID, tok string) {
	t.memo.Store(appID, memoToken{token: tok, until: time.Now().Add(memoTTL)})
}

// refresh returns a token other than bad (one WeChat rejected; "" for none),
// fetching one unless another caller has already cached a good one. It
// holds the account's lock in this process and a lease in the shared cache
// across replicas, so that an account has one fetcher at a time; the lease
// is a row, not a held transaction, so no connection waits on WeChat.
func (t *tokenStore) refresh(ctx context.Context, c Credentials, bad string) (string, error) {
	t.memo.Delete(c.AppID)
	mu := t.lock(c.AppID)
	mu.Lock()
	defer mu.Unlock()
	return t.refreshLocked(ctx, c, bad)
}

func (t *tokenStore) lock(appID string) *sync.Mutex {
	mu, _ := t.locks.LoadOrStore(appID, new(sync.Mutex))
	return mu.(*sync.Mutex)
}

// refreshLocked returns the shared cache's token unless it is bad, else
// fetches one under the lease; it runs under the account's lock in this
// process.
func (t *tokenStore) refreshLocked(ctx context.Context, c Credentials, bad string) (string, error) {
	for {
		cached, leased, err := t.cachedOrLease(ctx, c.AppID, bad)
		if err != nil {
			return "", storeError{err}
		}
		if cached != "" {
			t.remember(c.AppID, cached)
			return cached, nil
		}
		if leased {
			return t.fetchUnlessStored(ctx, c, bad)
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(25 * time.Millisecond):
		}
	}
}

func leaseKey(appID string) string { return "lease:" + appID }

// leaseTTL bounds how long a fetcher that died keeps others waiting.
const leaseTTL = 15 * time.Second

// cachedOrLease returns the cached token unless it is bad; without one it
// takes the lease, unless another fetcher holds it. Without a bad token to
// avoid, both are one statement.
func (t *tokenStore) cachedOrLease(ctx context.Context, appID, bad string) (string, bool, error) {
	if bad == "" {
		v, found, leased, err := t.getOrLease(ctx, appID)
		if tok, _ := v.(string); tok != "" || err != nil {
			return tok, false, err
		}
		if found { // a value that no longer opens (sealed under a key since rotated)
			leased, err = t.lease(ctx, appID)
		}
		return "", leased, err
	}
	v, err := t.cache.get(ctx, t.db, tokenKey(appID))
	if err != nil {
		return "", false, err
	}
	if tok, _ := v.(string); tok != "" && tok != bad {
		return tok, false, nil // another caller refreshed it meanwhile
	}
	leased, err := t.lease(ctx, appID)
	return "", leased, err
}

// takeLease ends an insert of a lease row: it takes the lease unless a
// holder's lease is still running.
const takeLease = `ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE wechat_cache.expires_at < now()`

// lease takes the right to fetch an account's token, unless another
// fetcher holds it.
func (t *tokenStore) lease(ctx context.Context, appID string) (bool, error) {
	res, err := t.db.ExecContext(ctx, `INSERT INTO wechat_cache (key, value, expires_at) VALUES (?, ''::bytea, ?) `+takeLease,
		leaseKey(appID), time.Now().Add(leaseTTL))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// getOrLease reads the account's cached token and, when there is none
// live, takes the lease as lease does: one statement. A value found,
// readable or not, takes no lease.
func (t *tokenStore) getOrLease(ctx context.Context, appID string) (v any, found, leased bool, err error) {
	var row struct {
		Sealed []byte `bun:"sealed"`
		Leased bool   `bun:"leased"`
	}
	key := tokenKey(appID)
	err = t.db.NewRaw(`WITH cached AS (
			SELECT value FROM wechat_cache WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)
		), leased AS (
			INSERT INTO wechat_cache (key, value, expires_at) SELECT ?, ''::bytea, ? WHERE NOT EXISTS (SELECT 1 FROM cached)
			`+takeLease+` RETURNING 1
		)
		SELECT (SELECT value FROM cached) AS sealed, EXISTS (SELECT 1 FROM leased) AS leased`,
		key, t.cache.now(), leaseKey(appID), time.Now().Add(leaseTTL)).Scan(ctx, &row)
	if err != nil {
		return nil, false, false, err
	}
	return t.cache.open(ctx, key, row.Sealed), row.Sealed != nil, row.Leased, nil
}

// fetchUnlessStored fetches under the lease just taken, unless the
// fetcher that held it before stored a token meanwhile. The statement that
// took the lease may not see that token: it waited for the holder's
// statement (which stored the token and gave the lease back) to commit,
// reading the cache as it stood before.
func (t *tokenStore) fetchUnlessStored(ctx context.Context, c Credentials, bad string) (string, error) {
	v, err := t.cache.get(ctx, t.db, tokenKey(c.AppID))
	if tok, _ := v.(string); err == nil && tok != "" && tok != bad {
		t.giveBack(ctx, c.AppID)
		t.remember(c.AppID, tok)
		return tok, nil
	}
	return t.fetchLeased(ctx, c, bad)
}

// giveBack gives the lease of an account's token back.
func (t *tokenStore) giveBack(ctx context.Context, appID string) {
	_, _ = t.db.ExecContext(context.WithoutCancel(ctx), "DELETE FROM wechat_cache WHERE key = ?", leaseKey(appID))
}

// fetchLeased fetches under the lease; storing the token gives the lease
// back in the same statement, a failure gives it back on its own.
func (t *tokenStore) fetchLeased(ctx context.Context, c Credentials, bad string) (string, error) {
	tok, err := t.fetch(ctx, t.db, c, bad)
	if err != nil {
		t.giveBack(ctx, c.AppID)
	}
	if _, ours := err.(*Error); err != nil && !ours {
		err = storeError{err}
	}
	if err == nil {
		t.remember(c.AppID, tok)
	}
	return tok, err
}

// storeError is a failure of the database while handing out a token: not
// WeChat's, so wechatError passes it unchanged.
type storeError struct{ err error }

func (e storeError) Error() string { return "wechat token store: " + e.err.Error() }

func (e storeError) Unwrap() error { return e.err }

// fetch gets a token from WeChat and caches it in db. The stable endpoint
// returns the current token in normal mode; only if that is the rejected
// one does it force a new one (which retires the old after 5 minutes).
func (t *tokenStore) fetch(ctx context.Context, db bun.IDB, c Credentials, bad string) (string, error) {
	res, err := fetchStableToken(ctx, c.AppID, c.AppSecret, false)
	forced := false
	if err == nil && bad != "" && res.AccessToken == bad {
		forced = true
		res, err = fetchStableToken(ctx, c.AppID, c.AppSecret, true)
	}
	if err != nil {
		return "", err
	}
	t.log.Debug("wechat access token fetched", "appid", c.AppID, "expires_in", res.ExpiresIn, "forced", forced)
	ttl := time.Duration(res.ExpiresIn-stableMargin) * time.Second
	return res.AccessToken, t.cache.setReleasing(ctx, db, tokenKey(c.AppID), res.AccessToken, ttl, leaseKey(c.AppID))
}

// fetchStableToken asks WeChat's stable-token endpoint (POST
// /cgi-bin/stable_token, the secret in the body) through silenceper. A
// 40001 from it means a bad secret, not a bad token: it is permanent.
func fetchStableToken(ctx context.Context, appID, secret string, force bool) (credential.ResAccessToken, error) {
	h := credential.NewStableAccessToken(appID, secret, credential.CacheKeyOfficialAccountPrefix, cache.NewMemory())
	res, err := h.(*credential.StableAccessToken).GetAccessTokenDirectly(ctx, force)
	if err = wechatError("stable_token", err, secret); err != nil {
		if we, ok := err.(*Error); ok && we.Class == ClassToken {
			we.Class = ClassPermanent
		}
		return res, err
	}
	return res, nil
}

// tokenSource is the access-token handle of the silenceper objects of one
// call (credential.AccessTokenContextHandle): silenceper's API methods take
// no context, so it carries the call's. It remembers the token it handed
// out, so that a rejection refreshes exactly that one.
type tokenSource struct {
	ctx    context.Context
	tokens *tokenStore
	creds  Credentials
	last   string
}

var _ credential.AccessTokenContextHandle = (*tokenSource)(nil)

// GetAccessToken returns the account's token.
func (s *tokenSource) GetAccessToken() (string, error) {
	return s.GetAccessTokenContext(s.ctx)
}

// GetAccessTokenContext returns the account's token.
func (s *tokenSource) GetAccessTokenContext(ctx context.Context) (string, error) {
	tok, err := s.tokens.token(ctx, s.creds)
	if err == nil {
		s.last = tok
	}
	return tok, err
}
