package wechat

import (
	"bytes"
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/keyring"
)

// RotationSteps are this package's steps of a key rotation (keyring.Rotate,
// and keyring.Finish): the WeChat credentials are re-sealed, the cached
// tokens dropped (they are fetched again). The other packages that seal
// values contribute their own steps (see cmd/govmedia's rotationSteps).
func RotationSteps() []keyring.Step {
	return []keyring.Step{ResealCredentials, ForgetTokens}
}

// ResealCredentials is the step of a key rotation that re-seals every
// column of wechat_credentials under the new key.
func ResealCredentials(ctx context.Context, tx bun.Tx, k *keyring.Rekey) error {
	var rows []SealedCredentials
	if err := tx.NewSelect().Model(&rows).OrderExpr("account_id").For("UPDATE").Scan(ctx); err != nil {
		return err
	}
	for i := range rows {
		changed, err := resealRow(k, &rows[i])
		if err != nil {
			return govmedia.Internal(fmt.Sprintf("re-sealing the WeChat credentials of account %d", rows[i].AccountID), err)
		}
		if !changed {
			continue
		}
		_, err = tx.NewUpdate().Model(&rows[i]).
			Column("app_id_sealed", "secret_sealed", "token_sealed", "aes_key_sealed").WherePK().Exec(ctx)
		if err != nil {
			return err
		}
	}
	return nil
}

// resealRow re-seals the columns of one row in place, and says whether any changed.
func resealRow(k *keyring.Rekey, row *SealedCredentials) (bool, error) {
	changed := false
	for _, col := range []struct {
		purpose string
		value   *[]byte
	}{
		{purposeAppID, &row.AppIDSealed}, {purposeSecret, &row.SecretSealed},
		{purposeToken, &row.TokenSealed}, {purposeAESKey, &row.AESKeySealed},
	} {
		sealed, err := k.Reseal(col.purpose, *col.value)
		if err != nil {
			return false, err
		}
		changed = changed || !bytes.Equal(sealed, *col.value)
		*col.value = sealed
	}
	return changed, nil
}

// ForgetTokens is the step of a key rotation that drops every cached
// token: they are sealed under the old key, and are fetched again.
func ForgetTokens(ctx context.Context, tx bun.Tx, _ *keyring.Rekey) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM wechat_cache")
	return err
}
