package wechat

import (
	"context"
	"errors"
	"time"

	"govmedia/postgres"
	"govmedia/registry"
)

// Account is what a callback's handlers know of the official account a
// message came to.
type Account struct {
	ID    int64
	Name  string
	AppID string
}

// target is the account a callback is for, with its credentials.
type target struct {
	account Account
	creds   Credentials
}

// errUnknownAppID: no active account with bound credentials has the AppID.
var errUnknownAppID = errors.New("no active account has this AppID")

// unknownAppIDFor is how long this process remembers that an AppID is
// unknown, so that a flood of callbacks for it costs one read; short, so
// that an account whose credentials were just bound (by another replica)
// passes WeChat's URL check when its operator tries again.
const unknownAppIDFor = 10 * time.Second

// RememberActive tells the clients that acc is active, bound to its AppID,
// with creds: its callbacks for the next minute need not read them (a
// delivery knows this when it starts, and the account's finish event
// follows).
func (c *Clients) RememberActive(acc Account, creds Credentials) {
	c.targets.Put(acc.AppID, target{account: acc, creds: creds})
}

// target finds the active account an AppID belongs to, with its
// credentials (read at most once a minute by this process; an unknown
// AppID at most once in unknownAppIDFor, and a malformed one never).
func (c *Clients) target(ctx context.Context, appID string) (target, error) {
	if !appIDPattern.MatchString(appID) {
		return target{}, errUnknownAppID
	}
	return c.targets.Get(appID, func() (target, error) { return c.loadTarget(ctx, appID) })
}

func (c *Clients) loadTarget(ctx context.Context, appID string) (target, error) {
	row := new(SealedCredentials)
	err := c.db.NewSelect().Model(row).ColumnExpr("sealed_credentials.*, a.name AS account_name").
		Join("JOIN accounts AS a ON a.id = sealed_credentials.account_id").
		Where("a.app_id = ? AND a.state = ?", appID, registry.Active).Limit(1).Scan(ctx)
	if postgres.IsNoRows(err) {
		return target{}, errUnknownAppID
	}
	if err != nil {
		return target{}, err
	}
	creds, err := row.open(ctx, c.db, c.box)
	return target{account: Account{ID: row.AccountID, Name: row.AccountName, AppID: appID}, creds: creds}, err
}
