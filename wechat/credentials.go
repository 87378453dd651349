package wechat

import (
	"encoding/base64"
	"fmt"
	"log/slog"
	"regexp"
	"strings"

	"govmedia"
)

// Credentials are what govmedia holds to act for one official account:
// the AppID and AppSecret of the API, and the token and EncodingAESKey of its
// callback (服务器配置). They are sealed at rest, and String and LogValue
// show only the account and AppID, so that printing or logging them leaks
// nothing.
type Credentials struct {
	AccountID      int64
	AppID          string // wx followed by 16 hex characters
	AppSecret      string // 32 hex characters
	Token          string // callback token: 3 to 32 letters and digits
	EncodingAESKey string // 43 characters of base64; empty for a plain-mode callback
}

// The purposes values are sealed under: a value sealed for one does not open
// for another, so columns cannot be swapped.
const (
	purposeAppID  = "wechat.app_id"
	purposeSecret = "wechat.app_secret"
	purposeToken  = "wechat.callback_token"
	purposeAESKey = "wechat.encoding_aes_key"
	purposePhone  = "account.phone" // sealed by the registry
)

var (
	appIDPattern  = regexp.MustCompile(`^wx[0-9a-f]{16}$`)
	secretPattern = regexp.MustCompile(`^[0-9a-fA-F]{32}$`)
	tokenPattern  = regexp.MustCompile(`^[A-Za-z0-9]{3,32}$`)
	aesKeyPattern = regexp.MustCompile(`^[A-Za-z0-9+/]{43}$`)
)

// Trimmed returns the credentials with surrounding blanks removed, as they
// often come pasted from WeChat's console.
func (c Credentials) Trimmed() Credentials {
	c.AppID = strings.TrimSpace(c.AppID)
	c.AppSecret = strings.TrimSpace(c.AppSecret)
	c.Token = strings.TrimSpace(c.Token)
	c.EncodingAESKey = strings.TrimSpace(c.EncodingAESKey)
	return c
}

// Validate checks the format of every field: one bad field is a
// *govmedia.Error, more are govmedia.FieldErrors (code EINVALID). The
// messages name the fields and never quote a value.
func (c Credentials) Validate() error { return c.validate(true) }

// validateAPI checks only the fields the API needs: AppID and AppSecret.
func (c Credentials) validateAPI() error { return c.validate(false) }

func (c Credentials) validate(callback bool) error {
	var errs govmedia.FieldErrors
	add := func(column, key string, args ...any) {
		errs = append(errs, govmedia.FieldError{Column: column, Err: govmedia.Errorf(govmedia.EINVALID, key, args...)})
	}
	if !appIDPattern.MatchString(c.AppID) {
		add("AppID", "wechat.app_id_invalid") // not quoted: it may be a misplaced secret
	}
	if !secretPattern.MatchString(c.AppSecret) {
		add("AppSecret", "wechat.app_secret_invalid")
	}
	if callback && !tokenPattern.MatchString(c.Token) {
		add("Token", "wechat.token_invalid")
	}
	if callback && c.EncodingAESKey != "" && !validAESKey(c.EncodingAESKey) {
		add("EncodingAESKey", "wechat.aes_key_invalid")
	}
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0].Err // its message names the field
	}
	return errs
}

// validAESKey reports whether key is 43 base64 characters that decode, with
// the "=" WeChat leaves off, to a 32-byte AES key.
func validAESKey(key string) bool {
	if !aesKeyPattern.MatchString(key) {
		return false
	}
	raw, err := base64.StdEncoding.DecodeString(key + "=")
	return err == nil && len(raw) == 32
}

// String names the credentials without revealing them.
func (c Credentials) String() string {
	return fmt.Sprintf("WeChat credentials of account %d (%s)", c.AccountID, c.AppID)
}

// GoString is String, so that %#v reveals nothing either.
func (c Credentials) GoString() string { return c.String() }

// LogValue logs the account and AppID only.
func (c Credentials) LogValue() slog.Value {
	return slog.GroupValue(slog.Int64("account", c.AccountID), slog.String("appid", c.AppID))
}
