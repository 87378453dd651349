package wechat

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/keyring"
	"govmedia/postgres"
)

// SealedCredentials is a row of wechat_credentials: every value sealed.
type SealedCredentials struct {
	bun.BaseModel `bun:"table:wechat_credentials"`

	AccountID    int64     `bun:"account_id,pk"`
	AppIDSealed  []byte    `bun:"app_id_sealed"`
	SecretSealed []byte    `bun:"secret_sealed"`
	TokenSealed  []byte    `bun:"token_sealed"`
	AESKeySealed []byte    `bun:"aes_key_sealed"`
	CreatedAt    time.Time `bun:"created_at"`
	UpdatedAt    time.Time `bun:"updated_at"`
	AccountName  string    `bun:"account_name,scanonly"` // read with a join, never written
}

// StoreCredentials validates c and stores it sealed for its account,
// replacing what was there, in db (a caller's transaction flows through).
// Errors: EINVALID (bad formats, see Validate; an account that is not a
// WeChat official account, or whose AppID differs or belongs to another
// account), ENOTFOUND (no account), EINTERNAL (no key).
func StoreCredentials(ctx context.Context, db bun.IDB, box *govmedia.SecretBox, c Credentials, now time.Time) error {
	if box == nil {
		return govmedia.Errorf(govmedia.EINTERNAL, "secret.no_key")
	}
	c = c.Trimmed()
	if err := c.Validate(); err != nil {
		return err
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := checkCredentialsAccount(ctx, tx, c); err != nil {
			return err
		}
		row, err := sealCredentials(ctx, tx, box, c)
		if err != nil {
			return err
		}
		row.CreatedAt, row.UpdatedAt = now, now
		_, err = tx.NewInsert().Model(row).
			On("CONFLICT (account_id) DO UPDATE").
			Set("app_id_sealed = EXCLUDED.app_id_sealed, secret_sealed = EXCLUDED.secret_sealed").
			Set("token_sealed = EXCLUDED.token_sealed, aes_key_sealed = EXCLUDED.aes_key_sealed").
			Set("updated_at = EXCLUDED.updated_at").
			Exec(ctx)
		return err
	})
}

// sealCredentials seals every value of c under the key in use, in tx.
func sealCredentials(ctx context.Context, tx bun.Tx, box *govmedia.SecretBox, c Credentials) (*SealedCredentials, error) {
	row := &SealedCredentials{AccountID: c.AccountID}
	for _, f := range []struct {
		purpose, plain string
		into           *[]byte
	}{
		{purposeAppID, c.AppID, &row.AppIDSealed}, {purposeSecret, c.AppSecret, &row.SecretSealed},
		{purposeToken, c.Token, &row.TokenSealed}, {purposeAESKey, c.EncodingAESKey, &row.AESKeySealed},
	} {
		sealed, err := keyring.SealString(ctx, tx, box, f.purpose, f.plain)
		if err != nil {
			return nil, err
		}
		*f.into = sealed
	}
	return row, nil
}

// checkCredentialsAccount checks that the credentials' account is a WeChat
// official account whose AppID, if already bound, is theirs, and that no
// other open account holds that AppID.
func checkCredentialsAccount(ctx context.Context, db bun.IDB, c Credentials) error {
	var acct struct {
		Name     string
		Platform string
		AppID    string `bun:"app_id"`
	}
	err := db.NewSelect().Table("accounts").Column("name", "platform").
		ColumnExpr("coalesce(app_id, '') AS app_id").
		Where("id = ?", c.AccountID).Scan(ctx, &acct)
	switch {
	case postgres.IsNoRows(err):
		return govmedia.Errorf(govmedia.ENOTFOUND, "account.not_found", "id", c.AccountID)
	case err != nil:
		return err
	case acct.Platform != "wechat_oa":
		return govmedia.Errorf(govmedia.EINVALID, "wechat.not_official_account", "name", acct.Name)
	case acct.AppID != "" && acct.AppID != c.AppID:
		return govmedia.Errorf(govmedia.EINVALID, "wechat.app_id_mismatch", "name", acct.Name, "value", c.AppID, "bound", acct.AppID)
	}
	var holder string
	err = db.NewSelect().Table("accounts").Column("name").
		Where("app_id = ? AND id <> ? AND state <> 'closed'", c.AppID, c.AccountID).Limit(1).Scan(ctx, &holder)
	if err == nil {
		return govmedia.Errorf(govmedia.EINVALID, "account.app_id_taken", "value", c.AppID, "holder", holder)
	}
	if !postgres.IsNoRows(err) {
		return err
	}
	return nil
}

// LoadCredentials opens the credentials of an account.
// Errors: ENOTFOUND (none stored), EINTERNAL (no key, or sealed under
// another key).
func LoadCredentials(ctx context.Context, db bun.IDB, box *govmedia.SecretBox, accountID int64) (Credentials, error) {
	if box == nil {
		return Credentials{}, govmedia.Errorf(govmedia.EINTERNAL, "secret.no_key")
	}
	row := new(SealedCredentials)
	err := db.NewSelect().Model(row).Where("account_id = ?", accountID).Scan(ctx)
	if postgres.IsNoRows(err) {
		return Credentials{}, govmedia.Errorf(govmedia.ENOTFOUND, "wechat.credentials_missing", "id", accountID)
	}
	if err != nil {
		return Credentials{}, err
	}
	return row.open(ctx, db, box)
}

// open decrypts every value of the row, learning a key another replica
// rotated to if need be.
func (r *SealedCredentials) open(ctx context.Context, db bun.IDB, box *govmedia.SecretBox) (Credentials, error) {
	c := Credentials{AccountID: r.AccountID}
	fields := []struct {
		purpose string
		sealed  []byte
		into    *string
	}{
		{purposeAppID, r.AppIDSealed, &c.AppID},
		{purposeSecret, r.SecretSealed, &c.AppSecret},
		{purposeToken, r.TokenSealed, &c.Token},
		{purposeAESKey, r.AESKeySealed, &c.EncodingAESKey},
	}
	for _, f := range fields {
		plain, err := keyring.OpenString(ctx, db, box, f.purpose, f.sealed)
		if err != nil {
			return Credentials{}, govmedia.Internal(fmt.Sprintf("opening the WeChat credentials of account %d", r.AccountID), err)
		}
		*f.into = plain
	}
	return c, nil
}
