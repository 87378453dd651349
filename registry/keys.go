package registry

import (
	"bytes"
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/keyring"
)

// ResealPhones is the registry's step of a key rotation: it re-seals every
// account's phone number under the new key.
func ResealPhones(ctx context.Context, tx bun.Tx, k *keyring.Rekey) error {
	var rows []struct {
		ID    int64
		Phone []byte `bun:"phone_sealed"`
	}
	err := tx.NewSelect().Table("accounts").Column("id", "phone_sealed").
		Where("phone_sealed IS NOT NULL").OrderExpr("id").For("UPDATE").Scan(ctx, &rows)
	if err != nil {
		return err
	}
	for _, row := range rows {
		sealed, err := k.Reseal(purposePhone, row.Phone)
		if err != nil {
			return govmedia.Internal(fmt.Sprintf("re-sealing the phone of account %d", row.ID), err)
		}
		if bytes.Equal(sealed, row.Phone) {
			continue
		}
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET phone_sealed = ? WHERE id = ?", sealed, row.ID); err != nil {
			return err
		}
	}
	return nil
}
