package bot

import (
	"context"
	"encoding/json"

	"github.com/uptrace/bun"

	"govmedia/keyring"
	"govmedia/registry"
)

// sealedValues are the sealed answers a form holds, each with what it is
// sealed for: an account's phone (sealed by the registry), the WeChat
// secrets of a binding.
func (f *form) sealedValues() map[*[]byte]string {
	out := map[*[]byte]string{}
	if f.Account != nil {
		out[&f.Account.Fields.PhoneSealed] = registry.PhonePurpose
	}
	if f.Bind != nil {
		for _, s := range f.Bind.secrets() {
			out[s] = secretPurpose
		}
	}
	return out
}

// ResealForms is the bot's step of a key rotation (keyring.Step): every
// form in progress has its sealed answers sealed again under the new key,
// in the rotation's transaction, so that nobody's form is lost to it.
func ResealForms(ctx context.Context, tx bun.Tx, k *keyring.Rekey) error {
	var rows []session
	if err := tx.NewSelect().Model(&rows).For("UPDATE").Scan(ctx); err != nil {
		return err
	}
	for i := range rows {
		changed, err := resealSession(&rows[i], k)
		if err != nil {
			return err
		}
		if changed {
			if _, err := tx.NewUpdate().Model(&rows[i]).Column("form").WherePK().Exec(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// resealSession re-seals one stored form's answers; it reports whether any
// changed.
func resealSession(s *session, k *keyring.Rekey) (bool, error) {
	f := new(form)
	if err := json.Unmarshal(s.Form, f); err != nil {
		return false, err
	}
	changed := false
	for at, purpose := range f.sealedValues() {
		if *at == nil {
			continue
		}
		next, err := k.Reseal(purpose, *at)
		if err != nil {
			return false, err
		}
		changed = changed || string(next) != string(*at)
		*at = next
	}
	if !changed {
		return false, nil
	}
	raw, err := json.Marshal(f)
	s.Form = raw
	return true, err
}
