package wechat

import (
	"context"
	"log/slog"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount"
	"github.com/silenceper/wechat/v2/officialaccount/config"
	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/internal/memo"
)

// Clients makes the WeChat API clients of accounts. Access tokens are
// shared by every replica through the database (Cache) and fetched by
// one replica at a time per account. Call Configure first.
type Clients struct {
	db      *bun.DB
	box     *govmedia.SecretBox
	tokens  *tokenStore
	creds   *memo.Memo[int64, Credentials] // by account, for a minute
	targets *memo.Memo[string, target]     // by AppID, for the callback
}

// NewClients returns the clients over db; box opens the stored
// credentials and seals cached tokens. A nil clock is the real one, a nil
// log slog's default.
func NewClients(db *bun.DB, box *govmedia.SecretBox, now govmedia.Clock, log *slog.Logger) *Clients {
	if log == nil {
		log = slog.Default()
	}
	tokens := &tokenStore{db: db, cache: NewCache(db, box, now), log: log}
	return &Clients{db: db, box: box, tokens: tokens, creds: memo.New[int64, Credentials](time.Minute, 50_000),
		targets: memo.New[string, target](time.Minute, 50_000).RememberAbsence(errUnknownAppID, unknownAppIDFor)}
}

// For returns the client of an account, with its stored credentials.
// Errors: ENOTFOUND (no credentials stored), EINTERNAL.
func (c *Clients) For(ctx context.Context, accountID int64) (*Client, error) {
	return c.ForSealed(ctx, accountID, nil)
}

// ForSealed is For with the account's sealed credentials already read, if
// they were (nil: read them when this process holds none). Credentials are
// read at most once a minute by this process.
func (c *Clients) ForSealed(ctx context.Context, accountID int64, row *SealedCredentials) (*Client, error) {
	creds, err := c.creds.Get(accountID, func() (Credentials, error) {
		if row == nil || c.box == nil { // without a key, Load says so
			return LoadCredentials(ctx, c.db, c.box, accountID)
		}
		return row.open(ctx, c.db, c.box)
	})
	if err != nil {
		return nil, err
	}
	return c.client(creds), nil
}

// client is the client of an account whose credentials are at hand.
func (c *Clients) client(creds Credentials) *Client { return &Client{creds: creds, tokens: c.tokens} }

// Client calls the WeChat API for one account. Each call builds its
// own silenceper objects (their lazy getters are not synchronised, and a
// Broadcast remembers Preview), so a client may be used concurrently. A call
// whose token WeChat rejects (40001, 42001…) refreshes the token and runs
// once more. Failures are *Error; see Classify.
type Client struct {
	creds  Credentials
	tokens *tokenStore
}

// AppID is the account's AppID.
func (c *Client) AppID() string { return c.creds.AppID }

// Credentials are the account's credentials, for its callback.
func (c *Client) Credentials() Credentials { return c.creds }

// AccessToken returns the account's current access token (a stable token,
// from the shared cache or WeChat).
func (c *Client) AccessToken(ctx context.Context) (string, error) {
	tok, err := c.tokens.token(ctx, c.creds)
	return tok, wechatError("stable_token", err, c.creds.AppSecret, tok)
}

// call runs fn with fresh silenceper objects whose token comes from the
// shared store; when WeChat rejects the token fn was given, it refreshes
// that token and runs fn exactly once more.
func (c *Client) call(ctx context.Context, api string, fn func(*officialaccount.OfficialAccount) error) error {
	src := &tokenSource{ctx: ctx, tokens: c.tokens, creds: c.creds}
	oa := c.officialAccount(src)
	err := wechatError(api, fn(oa), c.creds.AppSecret, src.last)
	if Classify(err) != ClassToken || src.last == "" {
		return err
	}
	bad := src.last
	c.tokens.log.Warn("wechat rejected the access token; refreshing it and retrying once",
		"appid", c.creds.AppID, "api", api, "errcode", ErrCode(err))
	if _, err := c.tokens.refresh(ctx, c.creds, bad); err != nil {
		return wechatError("stable_token", err, c.creds.AppSecret, bad)
	}
	return wechatError(api, fn(oa), c.creds.AppSecret, bad, src.last)
}

// officialAccount builds silenceper's account object for one call. It is
// configured for stable tokens, and its token handle is src.
func (c *Client) officialAccount(src *tokenSource) *officialaccount.OfficialAccount {
	oa := officialaccount.NewOfficialAccount(&config.Config{
		AppID: c.creds.AppID, AppSecret: c.creds.AppSecret,
		Token: c.creds.Token, EncodingAESKey: c.creds.EncodingAESKey,
		Cache: c.tokens.cache, UseStableAK: true,
	})
	oa.SetAccessTokenHandle(src)
	return oa
}
