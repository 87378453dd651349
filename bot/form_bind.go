package bot

import (
	"context"
	"regexp"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

func init() {
	formKinds["bind"] = &formKind{
		steps:   bindSteps,
		defs:    bindDefs,
		summary: bindSummary,
		finish:  finishBind,
	}
}

var bindDefs = map[string]stepDef{
	"original_id":      {prompt: ask("original_id"), accept: acceptIdentifier("original_id")},
	"app_id":           {prompt: ask("app_id"), accept: acceptIdentifier("app_id")},
	"app_secret":       {prompt: ask("app_secret"), secret: true, accept: acceptSecret("app_secret", `^[0-9a-fA-F]{32}$`)},
	"callback_token":   {prompt: ask("callback_token"), secret: true, accept: acceptSecret("callback_token", `^[A-Za-z0-9]{3,32}$`)},
	"encoding_aes_key": {prompt: ask("encoding_aes_key"), secret: true, optional: true, accept: acceptSecret("encoding_aes_key", `^[A-Za-z0-9]{43}$`)},
	"platform_uid":     {prompt: ask("platform_uid"), accept: acceptText("platform_uid", 200)},
}

func bindSteps(r *request, f *form) []string {
	if registry.Platform(f.Values["platform"]) == registry.WeChatOA {
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
	r.startForm(&form{Kind: "bind", AccountID: a.ID, Values: map[string]string{"platform": string(a.Platform)}})
}

func acceptIdentifier(field string) func(*request, *form, string) error {
	return func(r *request, f *form, v string) error {
		fl := registry.Fields{Platform: registry.WeChatOA, WeChatKind: registry.Subscription, Name: "xx"}
		if field == "original_id" {
			fl.OriginalID = v
		} else {
			fl.AppID = v
		}
		if err := checkField(r, fl, field); err != nil {
			return err
		}
		fl.Normalize()
		f.Values[field] = map[string]string{"original_id": fl.OriginalID, "app_id": fl.AppID}[field]
		return nil
	}
}

// acceptSecret checks a secret's form and keeps it sealed in the form.
func acceptSecret(field, pattern string) func(*request, *form, string) error {
	re := regexp.MustCompile(pattern)
	return func(r *request, f *form, v string) error {
		if v != "" && !re.MatchString(v) {
			return govmedia.Errorf(govmedia.EINVALID, "bot.bind.bad_"+field)
		}
		f.Values[field] = r.sealValue(v)
		return nil
	}
}

func bindSummary(r *request, f *form) (string, error) {
	a, err := r.reg.Account(r.ctx, f.AccountID)
	if err != nil {
		return "", err
	}
	if a.Platform != registry.WeChatOA {
		return tr(r.lang, "bot.bind.summary_other", "account", a.Label(r.lang), "uid", f.Values["platform_uid"]), nil
	}
	return tr(r.lang, "bot.bind.summary_wechat", "account", a.Label(r.lang), "original_id", f.Values["original_id"],
		"app_id", f.Values["app_id"]), nil
}

// finishBind checks WeChat credentials against WeChat, then stores them
// sealed and makes the account active, in one transaction.
func finishBind(r *request, f *form) error {
	ids := registry.Identifiers{OriginalID: f.Values["original_id"], AppID: f.Values["app_id"], PlatformUID: f.Values["platform_uid"]}
	var then func(tx bun.Tx, a *registry.Account) error
	if registry.Platform(f.Values["platform"]) == registry.WeChatOA {
		creds := WeChatCredentials{AppID: ids.AppID, AppSecret: r.openValue(f.Values["app_secret"]),
			Token: r.openValue(f.Values["callback_token"]), EncodingAESKey: r.openValue(f.Values["encoding_aes_key"])}
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
	a, err := r.reg.BindIdentifiers(r.ctx, r.member, f.AccountID, ids, then)
	if err != nil {
		return err
	}
	r.say(tr(r.lang, "bot.bind.done", "account", a.Label(r.lang)), nil)
	return nil
}
