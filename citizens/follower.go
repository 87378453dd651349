package citizens

import (
	"context"
	"encoding/base32"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"govmedia/keyring"
)

// What openids and messages are hashed and sealed for.
const (
	openIDLabel   = "citizen.openid"
	openIDPurpose = "citizen.openid"
	textPurpose   = "citizen.message"
)

// aliasAlphabet spells aliases without letters people confuse.
var aliasAlphabet = base32.NewEncoding("23456789ABCDEFGHJKLMNPQRSTUVWXYZ").WithPadding(base32.NoPadding)

// follower finds, or records, the follower an openid names on an account,
// locked for the caller's transaction. The openid is kept only hashed
// (under a key derived from the service's) and sealed.
func (c *Citizens) follower(ctx context.Context, tx bun.Tx, acct Account, openid string, now time.Time) (*Follower, error) {
	sig, err := keyring.Sign(ctx, tx, c.box, openIDLabel, openIDMessage(acct.ID, openid))
	if err != nil {
		return nil, err
	}
	f := new(Follower)
	err = tx.NewSelect().Model(f).Where("account_id = ? AND openid_hash = ?", acct.ID, sig.MAC).For("UPDATE").Scan(ctx)
	if err == nil || !isNoRows(err) {
		return f, err
	}
	sealed, err := keyring.SealString(ctx, tx, c.box, openIDPurpose, openid)
	if err != nil {
		return nil, err
	}
	f = &Follower{AccountID: acct.ID, OpenIDHash: sig.MAC, OpenIDSealed: sealed, Alias: "市民" + aliasAlphabet.EncodeToString(sig.MAC[:3])[:4],
		Subscribed: true, FirstSeen: now}
	if _, err := tx.NewInsert().Model(f).On("CONFLICT (account_id, openid_hash) DO NOTHING").Exec(ctx); err != nil {
		return nil, err
	}
	// A retry of the same first message may have written it meanwhile.
	err = tx.NewSelect().Model(f).Where("account_id = ? AND openid_hash = ?", acct.ID, sig.MAC).For("UPDATE").Scan(ctx)
	return f, err
}

// openID opens a follower's openid, to reply to it.
func (c *Citizens) openID(ctx context.Context, db bun.IDB, f *Follower) (string, error) {
	return keyring.OpenString(ctx, db, c.box, openIDPurpose, f.OpenIDSealed)
}

// day counts a follow or an unfollow of an account on a day (China time).
func countDay(ctx context.Context, tx bun.Tx, accountID int64, at time.Time, column string) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO follower_days (account_id, day, "+column+") VALUES (?, (? AT TIME ZONE 'Asia/Shanghai')::date, 1) "+
		"ON CONFLICT (account_id, day) DO UPDATE SET "+column+" = follower_days."+column+" + 1", accountID, at)
	return err
}

// openIDMessage is what an openid's keyed hash is computed over: the
// account it follows (its id, which no rebinding changes) and the openid.
func openIDMessage(accountID int64, openid string) []byte {
	return []byte(strconv.FormatInt(accountID, 10) + "\x1f" + openid)
}
