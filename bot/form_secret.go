package bot

import (
	"encoding/base64"
	"strings"
)

// sealedPrefix marks a form value kept sealed in the session table.
const sealedPrefix = "sealed:"

// sealValue seals a private answer (a phone, an AppSecret) before it is
// stored with the form in progress.
func (b *Bot) sealValue(v string) string {
	if v == "" {
		return ""
	}
	return sealedPrefix + base64.StdEncoding.EncodeToString(b.box.SealString("bot.form", v))
}

// sealedPhone keeps a phone already sealed by the registry as it is.
func sealedPhone(sealed []byte) string {
	if sealed == nil {
		return ""
	}
	return "phone:" + base64.StdEncoding.EncodeToString(sealed)
}

// openValue opens a value sealed by sealValue; plain values pass through.
func (b *Bot) openValue(v string) string {
	if !strings.HasPrefix(v, sealedPrefix) {
		return v
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(v, sealedPrefix))
	if err != nil {
		return ""
	}
	plain, err := b.box.OpenString("bot.form", raw)
	if err != nil {
		return ""
	}
	return plain
}

// phoneOf returns the form's phone: plain (to seal) or already sealed.
func (b *Bot) phoneOf(v string) (plain string, sealed []byte) {
	if strings.HasPrefix(v, "phone:") {
		raw, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(v, "phone:"))
		return "", raw
	}
	return b.openValue(v), nil
}
