package bot

import "govmedia/keyring"

// secretPurpose is what the WeChat secrets in a form in progress are
// sealed for; they are opened only to be checked and stored.
const secretPurpose = "bot.form"

// sealSecret seals a secret answer (an AppSecret, a token, an AES key)
// under the key in use before it is stored with the form in progress; ""
// seals to nil. A rotation re-seals it (ResealForms).
func (r *request) sealSecret(v string) ([]byte, error) {
	return keyring.SealString(r.ctx, r.db, r.box, secretPurpose, v)
}

// openSecret opens a secret sealed by sealSecret.
func (r *request) openSecret(sealed []byte) (string, error) {
	return keyring.OpenString(r.ctx, r.db, r.box, secretPurpose, sealed)
}
