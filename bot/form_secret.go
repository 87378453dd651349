package bot

// secretPurpose is what the WeChat secrets in a form in progress are
// sealed for; they are opened only to be checked and stored.
const secretPurpose = "bot.form"

// sealSecret seals a secret answer (an AppSecret, a token, an AES key)
// before it is stored with the form in progress; "" seals to nil.
func (b *Bot) sealSecret(v string) []byte {
	return b.box.SealString(secretPurpose, v)
}

// openSecret opens a secret sealed by sealSecret.
func (b *Bot) openSecret(sealed []byte) (string, error) {
	return b.box.OpenString(secretPurpose, sealed)
}
