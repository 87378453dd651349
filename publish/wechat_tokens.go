package publish

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
	cache *WeChatCache
	locks sync.Map // AppID → *sync.Mutex: one fetcher per account in this process
	log   *slog.Logger
}

// tokenLockClass is the first key of the advisory locks taken while fetching
// a token; the second is the hash of the AppID.
const tokenLockClass = 0x77780001

// stableMargin is how long before WeChat's expiry a cached token is dropped,
// as silenceper does for stable tokens.
const stableMargin = 300

// tokenKey is the cache key of an account's token: silenceper's own key
// for stable tokens.
func tokenKey(appID string) string {
	return credential.CacheKeyOfficialAccountPrefix + "_stable_access_token_" + appID
}

// token returns a live access token for c.
func (t *tokenStore) token(ctx context.Context, c WeChatCredentials) (string, error) {
	v, err := t.cache.get(ctx, t.db, tokenKey(c.AppID))
	if err != nil {
		return "", storeError{err}
	}
	if tok, _ := v.(string); tok != "" {
		return tok, nil
	}
	return t.refresh(ctx, c, "")
}

// refresh returns a token other than bad (one WeChat rejected; "" for none),
// fetching one unless another caller has already cached a good one. It
// holds the account's lock in this process and a transaction-scoped
// advisory lock across replicas, so an account has one fetcher at a time.
func (t *tokenStore) refresh(ctx context.Context, c WeChatCredentials, bad string) (string, error) {
	mu, _ := t.locks.LoadOrStore(c.AppID, new(sync.Mutex))
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	var tok string
	err := t.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?, hashtext(?))", tokenLockClass, c.AppID); err != nil {
			return err
		}
		v, err := t.cache.get(ctx, tx, tokenKey(c.AppID))
		if err != nil {
			return err
		}
		if cached, _ := v.(string); cached != "" && cached != bad {
			tok = cached // another caller refreshed it meanwhile
			return nil
		}
		tok, err = t.fetch(ctx, tx, c, bad)
		return err
	})
	if _, ours := err.(*WeChatError); err != nil && !ours {
		err = storeError{err}
	}
	return tok, err
}

// storeError is a failure of the database while handing out a token: not
// WeChat's, so wechatError passes it unchanged.
type storeError struct{ err error }

func (e storeError) Error() string { return "wechat token store: " + e.err.Error() }

func (e storeError) Unwrap() error { return e.err }

// fetch gets a token from WeChat and caches it in tx. The stable endpoint
// returns the current token in normal mode; only if that is the rejected
// one does it force a new one (which retires the old after 5 minutes).
func (t *tokenStore) fetch(ctx context.Context, tx bun.Tx, c WeChatCredentials, bad string) (string, error) {
	res, err := fetchStableToken(ctx, c.AppID, c.AppSecret, false)
	forced := false
	if err == nil && bad != "" && res.AccessToken == bad {
		forced = true
		res, err = fetchStableToken(ctx, c.AppID, c.AppSecret, true)
	}
	if err != nil {
		return "", err
	}
	t.log.Info("wechat access token fetched", "appid", c.AppID, "expires_in", res.ExpiresIn, "forced", forced)
	ttl := time.Duration(res.ExpiresIn-stableMargin) * time.Second
	return res.AccessToken, t.cache.set(ctx, tx, tokenKey(c.AppID), res.AccessToken, ttl)
}

// fetchStableToken asks WeChat's stable-token endpoint (POST
// /cgi-bin/stable_token, the secret in the body) through silenceper. A
// 40001 from it means a bad secret, not a bad token: it is permanent.
func fetchStableToken(ctx context.Context, appID, secret string, force bool) (credential.ResAccessToken, error) {
	h := credential.NewStableAccessToken(appID, secret, credential.CacheKeyOfficialAccountPrefix, cache.NewMemory())
	res, err := h.(*credential.StableAccessToken).GetAccessTokenDirectly(ctx, force)
	if err = wechatError("stable_token", err, secret); err != nil {
		if we, ok := err.(*WeChatError); ok && we.Class == ClassToken {
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
	creds  WeChatCredentials
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
