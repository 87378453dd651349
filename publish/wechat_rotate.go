package publish

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"

	"github.com/uptrace/bun"

	"govmedia"
)

// RotateKey re-seals, in tx, every value sealed under old so that it opens
// under next: the WeChat credentials, the accounts' phone numbers and the
// phone numbers in account applications' payloads. It empties the token
// cache (tokens are fetched again) and records next in secret_keys as the
// key in use. Values already under next are left as they are; any value
// that opens under neither key fails the whole rotation. It returns how
// many values it re-sealed. Errors: EINVALID (the same key twice), EINTERNAL.
func RotateKey(ctx context.Context, tx bun.Tx, old, next *govmedia.SecretBox) (int, error) {
	if old == nil || next == nil {
		return 0, govmedia.Errorf(govmedia.EINTERNAL, "secret.no_key")
	}
	if old.Fingerprint() == next.Fingerprint() {
		return 0, govmedia.Errorf(govmedia.EINVALID, "secret.same_key")
	}
	r := &resealer{old: old, next: next}
	for _, step := range []func(context.Context, bun.Tx) error{
		r.credentials, r.accountPhones, r.applicationPhones, clearTokenCache, recordKey(next.Fingerprint()),
	} {
		if err := step(ctx, tx); err != nil {
			return 0, err
		}
	}
	return r.count, nil
}

// resealer moves sealed values from one key to the next, counting them.
type resealer struct {
	old, next *govmedia.SecretBox
	count     int
}

// reseal returns sealed under the next key; nil stays nil.
func (r *resealer) reseal(purpose string, sealed []byte) ([]byte, error) {
	if sealed == nil {
		return nil, nil
	}
	if len(sealed) >= 4 && hex.EncodeToString(sealed[:4]) == r.next.Fingerprint() {
		return sealed, nil
	}
	plain, err := r.old.Open(purpose, sealed)
	if err != nil {
		return nil, err
	}
	r.count++
	return r.next.Seal(purpose, plain), nil
}

// credentials re-seals every column of wechat_credentials.
func (r *resealer) credentials(ctx context.Context, tx bun.Tx) error {
	var rows []credentialsRow
	if err := tx.NewSelect().Model(&rows).For("UPDATE").Scan(ctx); err != nil {
		return err
	}
	for i := range rows {
		if err := r.credentialsRow(&rows[i]); err != nil {
			return govmedia.Internal(fmt.Sprintf("re-sealing the WeChat credentials of account %d", rows[i].AccountID), err)
		}
		_, err := tx.NewUpdate().Model(&rows[i]).
			Column("app_id_sealed", "secret_sealed", "token_sealed", "aes_key_sealed").WherePK().Exec(ctx)
		if err != nil {
			return err
		}
	}
	return nil
}

// credentialsRow re-seals the columns of one row in place.
func (r *resealer) credentialsRow(row *credentialsRow) error {
	for _, col := range []struct {
		purpose string
		value   *[]byte
	}{
		{purposeAppID, &row.AppIDSealed}, {purposeSecret, &row.SecretSealed},
		{purposeToken, &row.TokenSealed}, {purposeAESKey, &row.AESKeySealed},
	} {
		sealed, err := r.reseal(col.purpose, *col.value)
		if err != nil {
			return err
		}
		*col.value = sealed
	}
	return nil
}

// accountPhones re-seals accounts.phone_sealed.
func (r *resealer) accountPhones(ctx context.Context, tx bun.Tx) error {
	var rows []struct {
		ID    int64
		Phone []byte `bun:"phone_sealed"`
	}
	err := tx.NewSelect().Table("accounts").Column("id", "phone_sealed").
		Where("phone_sealed IS NOT NULL").For("UPDATE").Scan(ctx, &rows)
	if err != nil {
		return err
	}
	for _, row := range rows {
		sealed, err := r.reseal(purposePhone, row.Phone)
		if err != nil {
			return govmedia.Internal(fmt.Sprintf("re-sealing the phone of account %d", row.ID), err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET phone_sealed = ? WHERE id = ?", sealed, row.ID); err != nil {
			return err
		}
	}
	return nil
}

// applicationPhones re-seals the phone an account application proposes
// (payload.fields.phone_sealed, base64 in JSON), so that approving it after
// the rotation stores a phone that opens.
func (r *resealer) applicationPhones(ctx context.Context, tx bun.Tx) error {
	var rows []struct {
		ID    int64
		Phone string
	}
	err := tx.NewSelect().Table("applications").Column("id").
		ColumnExpr("payload->'fields'->>'phone_sealed' AS phone").
		Where("payload->'fields'->>'phone_sealed' IS NOT NULL").For("UPDATE").Scan(ctx, &rows)
	if err != nil {
		return err
	}
	for _, row := range rows {
		raw, err := base64.StdEncoding.DecodeString(row.Phone)
		if err == nil {
			raw, err = r.reseal(purposePhone, raw)
		}
		if err != nil {
			return govmedia.Internal(fmt.Sprintf("re-sealing the phone in application %d", row.ID), err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE applications SET payload = jsonb_set(payload, '{fields,phone_sealed}', to_jsonb(?::text))
			WHERE id = ?`, base64.StdEncoding.EncodeToString(raw), row.ID)
		if err != nil {
			return err
		}
	}
	return nil
}

// clearTokenCache drops every cached token: they are sealed under the old
// key and will be fetched again.
func clearTokenCache(ctx context.Context, tx bun.Tx) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM wechat_cache")
	return err
}

// recordKey makes secret_keys name the key with fingerprint as the one in use.
func recordKey(fingerprint string) func(context.Context, bun.Tx) error {
	return func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM secret_keys WHERE fingerprint <> ?", fingerprint); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO secret_keys (fingerprint, created_at) VALUES (?, ?)
			ON CONFLICT (fingerprint) DO NOTHING`, fingerprint, govmedia.Now())
		return err
	}
}
