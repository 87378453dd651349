package citizens

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia/keyring"
)

// RotationStep is the citizens' step of a key rotation (keyring.Step):
// each follower's openid is sealed again and its keyed hash computed anew
// under the new key, and every message is sealed again, in the rotation's
// transaction, so that followers are still found and read after it.
func RotationStep(ctx context.Context, tx bun.Tx, k *keyring.Rekey) error {
	var followers []Follower
	if err := tx.NewSelect().Model(&followers).For("UPDATE").Scan(ctx); err != nil {
		return err
	}
	for i := range followers {
		if err := rehash(ctx, tx, k, &followers[i]); err != nil {
			return err
		}
	}
	var messages []Message
	if err := tx.NewSelect().Model(&messages).Column("id", "text_sealed").For("UPDATE").Scan(ctx); err != nil {
		return err
	}
	for i := range messages {
		sealed, err := k.Reseal(textPurpose, messages[i].TextSealed)
		if err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model(&messages[i]).Set("text_sealed = ?", sealed).WherePK().Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// rehash seals a follower's openid anew and computes its hash under the
// new key.
func rehash(ctx context.Context, tx bun.Tx, k *keyring.Rekey, f *Follower) error {
	openid, err := k.Open(openIDPurpose, f.OpenIDSealed)
	if err != nil {
		return err
	}
	sig, err := k.Sign(openIDLabel, openIDMessage(f.AccountID, string(openid)))
	if err != nil {
		return err
	}
	sealed, err := k.Reseal(openIDPurpose, f.OpenIDSealed)
	if err != nil {
		return err
	}
	_, err = tx.NewUpdate().Model(f).Set("openid_hash = ?, openid_sealed = ?", sig.MAC, sealed).WherePK().Exec(ctx)
	return err
}
