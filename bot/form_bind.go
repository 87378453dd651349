package bot

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// bindForm holds the answers of a bind form: the platform identifiers,
// and for WeChat the credentials, kept sealed.
type bindForm struct {
	AccountID      int64             `json:"account_id"`
	Platform       registry.Platform `json:"platform"`
	OriginalID     string            `json:"original_id,omitempty"`
	AppID          string            `json:"app_id,omitempty"`
	PlatformUID    string            `json:"platform_uid,omitempty"`
	AppSecret      []byte            `json:"app_secret,omitempty"` // sealed (secretPurpose)
	CallbackToken  []byte            `json:"callback_token,omitempty"`
	EncodingAESKey []byte            `json:"encoding_aes_key,omitempty"`
}

func (b *bindForm) value(field string) string {
	return map[string]string{"original_id": b.OriginalID, "app_id": b.AppID, "platform_uid": b.PlatformUID}[field]
}

// secrets are the sealed answers of the form, for re-sealing under a new key.
func (b *bindForm) secrets() []*[]byte {
	return []*[]byte{&b.AppSecret, &b.CallbackToken, &b.EncodingAESKey}
}

func init() {
	formKinds["bind"] = &formKind{
		steps:   bindSteps,
		defs:    bindDefs,
		summary: bindSummary,
		finish:  finishBind,
		working: func(r *request, f *form) string {
			if f.Bind.Platform != registry.WeChatOA {
				return ""
			}
			return govmedia.Print(r.lang, "bot.bind.checking")
		},
	}
}

var bindDefs = map[string]stepDef{
	"original_id": {prompt: ask("original_id"), label: "field.original_id", accept: acceptIdentifier("original_id")},
	"app_id":      {prompt: ask("app_id"), label: "field.app_id", accept: acceptIdentifier("app_id")},
	"app_secret": {prompt: ask("app_secret"), secret: true, label: "field.app_secret",
		accept: acceptSecret("app_secret", `^[0-9a-fA-F]{32}$`, func(b *bindForm) *[]byte { return &b.AppSecret })},
	"callback_token": {prompt: ask("callback_token"), secret: true, label: "field.callback_token",
		accept: acceptSecret("callback_token", `^[A-Za-z0-9]{3,32}$`, func(b *bindForm) *[]byte { return &b.CallbackToken })},
	"encoding_aes_key": {prompt: ask("encoding_aes_key"), secret: true, optional: true, label: "field.encoding_aes_key",
		accept: acceptSecret("encoding_aes_key", `^[A-Za-z0-9]{43}$`, func(b *bindForm) *[]byte { return &b.EncodingAESKey })},
	"platform_uid": {prompt: ask("platform_uid"), label: "field.platform_uid", accept: acceptText(200, true, func(f *form) *string { return &f.Bind.PlatformUID })},
}

func bindSteps(r *request, f *form) []string {
	if f.Bind.Platform == registry.WeChatOA {
		return []string{"original_id", "app_id", "app_secret", "callback_token", "encoding_aes_key"}
	}
	return []string{"platform_uid"}
}

// onBindButton starts binding an approved account's identifiers.
func (r *request) onBindButton(p []string) {
	a, err := r.reg.AccountToBind(r.ctx, r.member, id(p, 0))
	if err != nil {
		r.fail(err)
		return
	}
	r.answer("", false)
	r.say(tr(r.lang, "bot.bind.intro", "account", a.Label(r.lang)), nil)
	r.startForm(&form{Kind: "bind", Bind: &bindForm{AccountID: a.ID, Platform: a.Platform}})
}

func acceptIdentifier(field string) func(*request, *form, answer) error {
	return func(r *request, f *form, a answer) error {
		fl := registry.Fields{Platform: registry.WeChatOA, WeChatKind: registry.Subscription, Name: "xx"}
		if field == "original_id" {
			fl.OriginalID = a.Text
		} else {
			fl.AppID = a.Text
		}
		if err := checkField(r, fl, field); err != nil {
			return err
		}
		fl.Normalize()
		if field == "original_id" {
			f.Bind.OriginalID = fl.OriginalID
		} else {
			f.Bind.AppID = fl.AppID
		}
		return nil
	}
}

// acceptSecret checks a secret's form and keeps it sealed in the form.
func acceptSecret(field, pattern string, at func(*bindForm) *[]byte) func(*request, *form, answer) error {
	re := regexp.MustCompile(pattern)
	return func(r *request, f *form, a answer) error {
		v := strings.TrimSpace(a.Text)
		if v != "" && !re.MatchString(v) {
			return govmedia.Errorf(govmedia.EINVALID, "bot.bind.bad_"+field)
		}
		sealed, err := r.sealSecret(v)
		*at(f.Bind) = sealed
		return err
	}
}

func bindSummary(r *request, f *form) (string, error) {
	a, err := r.reg.Account(r.ctx, f.Bind.AccountID)
	if err != nil {
		return "", err
	}
	if a.Platform != registry.WeChatOA {
		return tr(r.lang, "bot.bind.summary_other", "account", a.Label(r.lang), "uid", f.Bind.PlatformUID), nil
	}
	return tr(r.lang, "bot.bind.summary_wechat", "account", a.Label(r.lang), "original_id", f.Bind.OriginalID,
		"app_id", f.Bind.AppID), nil
}

// credentials opens the form's sealed WeChat credentials.
func (r *request) credentials(b *bindForm) (WeChatCredentials, error) {
	c := WeChatCredentials{AppID: b.AppID}
	var errs [3]error
	c.AppSecret, errs[0] = r.openSecret(b.AppSecret)
	c.Token, errs[1] = r.openSecret(b.CallbackToken)
	c.EncodingAESKey, errs[2] = r.openSecret(b.EncodingAESKey)
	if err := errors.Join(errs[:]...); err != nil {
		return c, govmedia.Errorf(govmedia.EINVALID, "bot.bind.secrets_unreadable")
	}
	return c, nil
}

// finishBind checks WeChat credentials against WeChat, then stores them
// sealed and makes the account active, in one transaction.
func finishBind(r *request, f *form) error {
	b := f.Bind
	ids := registry.Identifiers{OriginalID: b.OriginalID, AppID: b.AppID, PlatformUID: b.PlatformUID}
	var then func(tx bun.Tx, a *registry.Account) error
	if b.Platform == registry.WeChatOA {
		creds, err := r.credentials(b)
		if err != nil {
			return err
		}
		if r.wechat == nil {
			return govmedia.Errorf(govmedia.EINTERNAL, "error.internal")
		}
		if err := r.wechat.CheckWeChat(r.ctx, creds.AppID, creds.AppSecret); err != nil {
			return err
		}
		then = func(tx bun.Tx, a *registry.Account) error {
			return r.wechat.BindWeChat(context.WithoutCancel(r.ctx), tx, a.ID, creds)
		}
	}
	a, err := r.reg.BindIdentifiers(r.ctx, r.member, b.AccountID, ids, then)
	if err != nil {
		return err
	}
	r.say(tr(r.lang, "bot.bind.done", "account", a.Label(r.lang)), nil)
	return nil
}
