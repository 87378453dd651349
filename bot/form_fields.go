package bot

import (
	"strings"

	"govmedia"
	"govmedia/registry"
)

// accountForm holds the answers of an open or change form: the account's
// fields as proposed (the phone sealed by the registry as it is stored),
// and, for a change, which field is being edited and which were changed.
type accountForm struct {
	AccountID int64           `json:"account_id,omitempty"` // the account changed; 0 when opening one
	Fields    registry.Fields `json:"fields"`
	Editing   string          `json:"editing,omitempty"`
	Changed   []string        `json:"changed,omitempty"`
}

// accountFieldDefs ask for each field of an account, with its check.
var accountFieldDefs = map[string]stepDef{
	"platform":       {prompt: ask("platform"), options: platformOptions, accept: acceptPlatform},
	"wechat_kind":    {prompt: ask("wechat_kind"), options: wechatKindOptions, accept: acceptWeChatKind},
	"name":           {prompt: ask("name"), accept: acceptName},
	"operating_unit": {prompt: ask("operating_unit"), optional: true, accept: acceptOperatingUnit},
	"third_party":    {prompt: ask("third_party"), options: yesNoOptions, accept: acceptThirdParty},
	"person_in_charge": {prompt: ask("person_in_charge"), accept: acceptText(32, true,
		func(f *form) *string { return &f.Account.Fields.PersonInCharge })},
	"phone":   {prompt: ask("phone"), optional: true, secret: true, accept: acceptPhone},
	"domains": {prompt: ask("domains"), options: domainOptions, multi: &multiChoice{selected: accountDomains}, accept: acceptDomains},
	"second_account_reason": {prompt: askSecondReason, accept: acceptText(300, true,
		func(f *form) *string { return &f.Account.Fields.SecondAccountReason })},
}

func init() {
	for name, def := range accountFieldDefs {
		def.label = "field." + name
		accountFieldDefs[name] = def
	}
}

func accountDomains(f *form) *[]string { return &f.Account.Fields.Domains }

// ask asks for a field, showing the answer given before when the user
// came back to it (never the phone, which stays sealed).
func ask(field string) func(*request, *form) string {
	return func(r *request, f *form) string {
		text := tr(r.lang, "bot.ask."+field)
		if cur := currentValue(f, field); cur != "" {
			text += "\n" + tr(r.lang, "bot.form.current", "value", r.showValue(r.ctx, r.lang, field, cur))
		}
		return text
	}
}

// currentValue is the answer a form holds for a field, as stored.
func currentValue(f *form, field string) string {
	switch {
	case f.Account != nil && field != "phone" && field != "third_party":
		return f.Account.Fields.Values("")[field]
	case f.Close != nil:
		return f.Close.value(field)
	case f.Bind != nil:
		return f.Bind.value(field)
	case f.Publish != nil && field == "title" && !f.Publish.KeepTitle:
		return f.Publish.Title
	}
	return ""
}

func askSecondReason(r *request, f *form) string {
	others, _ := registry.OthersOnPlatform(r.ctx, r.db, r.member.OrgCode, f.Account.Fields.Platform, f.Account.AccountID)
	names := make([]string, len(others))
	for i, o := range others {
		names[i] = o.Name
	}
	return tr(r.lang, "bot.ask.second_account_reason", "existing", strings.Join(names, "、"))
}

func acceptPlatform(r *request, f *form, a answer) error {
	if p := registry.Platform(a.Text); p != f.Account.Fields.Platform {
		f.Account.Fields.Platform, f.Account.Fields.WeChatKind = p, ""
	}
	return nil
}

func acceptWeChatKind(r *request, f *form, a answer) error {
	f.Account.Fields.WeChatKind = registry.WeChatKind(a.Text)
	return nil
}

func acceptThirdParty(r *request, f *form, a answer) error {
	f.Account.Fields.ThirdParty = a.Text == "yes"
	return nil
}

func acceptOperatingUnit(r *request, f *form, a answer) error {
	return acceptText(100, false, func(f *form) *string { return &f.Account.Fields.OperatingUnit })(r, f, a)
}

// acceptText takes free text of at most max characters into the field at.
func acceptText(max int, required bool, at func(*form) *string) func(*request, *form, answer) error {
	return func(r *request, f *form, a answer) error {
		v := strings.TrimSpace(a.Text)
		if len([]rune(v)) > max {
			return govmedia.Errorf(govmedia.EINVALID, "bot.form.too_long", "max", max)
		}
		if v == "" && required {
			return govmedia.Errorf(govmedia.EINVALID, "bot.form.required")
		}
		*at(f) = v
		return nil
	}
}

// checkField validates one field on its own, with the registry's rules.
func checkField(r *request, fl registry.Fields, field string) error {
	fl.Normalize()
	domains := map[string]string{}
	if list, err := r.reg.Domains(r.ctx); err == nil {
		for _, d := range list {
			domains[d.Code] = d.Name
		}
	}
	for _, e := range fl.Validate(domains) {
		if e.Column == field {
			return e.Err
		}
	}
	return nil
}

func acceptName(r *request, f *form, a answer) error {
	v := strings.TrimSpace(a.Text)
	fl := registry.Fields{Platform: f.Account.Fields.Platform, WeChatKind: registry.Subscription, Name: v}
	if err := checkField(r, fl, "name"); err != nil {
		return err
	}
	holder, err := r.reg.NameHolder(r.ctx, fl.Platform, v, f.Account.AccountID)
	if err != nil {
		return err
	}
	if holder != "" {
		return govmedia.Errorf(govmedia.ECONFLICT, "account.name_taken", "value", v, "holder", holder)
	}
	f.Account.Fields.Name = v
	return nil
}

// acceptPhone checks a phone number and keeps it sealed by the registry,
// as accounts store it; "-" clears it.
func acceptPhone(r *request, f *form, a answer) error {
	fl := registry.Fields{Platform: registry.Weibo, Name: "xx", Phone: a.Text}
	if err := checkField(r, fl, "phone"); err != nil {
		return err
	}
	fl.Normalize()
	if err := r.reg.SealPhone(r.ctx, r.db, &fl); err != nil {
		return err
	}
	f.Account.Fields.Phone, f.Account.Fields.PhoneSealed = "", fl.PhoneSealed
	return nil
}

func acceptDomains(r *request, f *form, _ answer) error {
	if len(f.Account.Fields.Domains) == 0 {
		return govmedia.Errorf(govmedia.EINVALID, "bot.form.pick_domains")
	}
	return nil
}

func platformOptions(r *request, _ *form) []option {
	out := make([]option, len(registry.Platforms))
	for i, p := range registry.Platforms {
		out[i] = option{string(p), govmedia.Print(r.lang, "platform."+string(p))}
	}
	return out
}

func wechatKindOptions(r *request, _ *form) []option {
	return []option{{"subscription", govmedia.Print(r.lang, "wechat_kind.subscription")}, {"service", govmedia.Print(r.lang, "wechat_kind.service")}}
}

func yesNoOptions(r *request, _ *form) []option {
	return []option{{"yes", govmedia.Print(r.lang, "bot.yes")}, {"no", govmedia.Print(r.lang, "bot.no")}}
}

func domainOptions(r *request, _ *form) []option {
	list, _ := r.reg.Domains(r.ctx)
	out := make([]option, len(list))
	for i, d := range list {
		out[i] = option{d.Code, d.Name}
	}
	return out
}
