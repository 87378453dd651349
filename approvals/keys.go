package approvals

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/keyring"
)

// ResealApplicationPhones is the approvals' step of a key rotation: it
// re-seals the phone an account application proposes
// (payload.fields.phone_sealed, base64 in JSON), so that approving it after
// the rotation stores a phone that opens.
func ResealApplicationPhones(ctx context.Context, tx bun.Tx, k *keyring.Rekey) error {
	var rows []struct {
		ID    int64
		Phone string
	}
	err := tx.NewSelect().Table("applications").Column("id").
		ColumnExpr("payload->'fields'->>'phone_sealed' AS phone").
		Where("payload->'fields'->>'phone_sealed' IS NOT NULL").OrderExpr("id").For("UPDATE").Scan(ctx, &rows)
	if err != nil {
		return err
	}
	for _, row := range rows {
		old, err := base64.StdEncoding.DecodeString(row.Phone)
		var sealed []byte
		if err == nil {
			sealed, err = k.Reseal("account.phone", old)
		}
		if err != nil {
			return govmedia.Internal(fmt.Sprintf("re-sealing the phone in application %d", row.ID), err)
		}
		if bytes.Equal(sealed, old) {
			continue
		}
		_, err = tx.ExecContext(ctx, `UPDATE applications SET payload = jsonb_set(payload, '{fields,phone_sealed}', to_jsonb(?::text))
			WHERE id = ?`, base64.StdEncoding.EncodeToString(sealed), row.ID)
		if err != nil {
			return err
		}
	}
	return nil
}
