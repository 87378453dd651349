package bot

import (
	"strings"

	"govmedia"
	"govmedia/registry"
)

// accountFieldDefs ask for each field of an account, with its check.
var accountFieldDefs = map[string]stepDef{
	"platform":              {prompt: ask("platform"), options: platformOptions, accept: setValue("platform")},
	"wechat_kind":           {prompt: ask("wechat_kind"), options: wechatKindOptions, accept: setValue("wechat_kind")},
	"name":                  {prompt: ask("name"), accept: acceptName},
	"operating_unit":        {prompt: ask("operating_unit"), optional: true, accept: acceptText("operating_unit", 100)},
	"third_party":           {prompt: ask("third_party"), options: yesNoOptions, accept: setValue("third_party")},
	"person_in_charge":      {prompt: ask("person_in_charge"), accept: acceptText("person_in_charge", 32)},
	"phone":                 {prompt: ask("phone"), optional: true, accept: acceptPhone},
	"domains":               {prompt: ask("domains"), options: domainOptions, multi: true, accept: acceptDomains},
	"second_account_reason": {prompt: askSecondReason, accept: acceptText("second_account_reason", 300)},
}

// ask asks for a field, showing the answer given before when the user
// came back to it.
func ask(field string) func(*request, *form) string {
	return func(r *request, f *form) string {
		text := tr(r.lang, "bot.ask."+field)
		if cur := f.Values[field]; cur != "" && !strings.HasPrefix(cur, sealedPrefix) && !strings.HasPrefix(cur, "phone:") {
			text += "\n" + tr(r.lang, "bot.form.current", "value", r.showValue(r.ctx, r.lang, field, cur))
		}
		return text
	}
}

func askSecondReason(r *request, f *form) string {
	others, _ := registry.OthersOnPlatform(r.ctx, r.db, r.member.OrgCode, registry.Platform(f.Values["platform"]), f.AccountID)
	names := make([]string, len(others))
	for i, o := range others {
		names[i] = o.Name
	}
	return tr(r.lang, "bot.ask.second_account_reason", "existing", strings.Join(names, "、"))
}

func setValue(field string) func(*request, *form, string) error {
	return func(r *request, f *form, v string) error {
		f.Values[field] = v
		return nil
	}
}

func acceptText(field string, max int) func(*request, *form, string) error {
	return func(r *request, f *form, v string) error {
		if len([]rune(v)) > max {
			return govmedia.Errorf(govmedia.EINVALID, "bot.form.too_long", "max", max)
		}
		if v == "" && field != "operating_unit" {
			return govmedia.Errorf(govmedia.EINVALID, "bot.form.required")
		}
		f.Values[field] = v
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

func acceptName(r *request, f *form, v string) error {
	fl := registry.Fields{Platform: registry.Platform(f.Values["platform"]), WeChatKind: registry.Subscription, Name: v}
	if err := checkField(r, fl, "name"); err != nil {
		return err
	}
	holder, err := r.reg.NameHolder(r.ctx, fl.Platform, v, f.AccountID)
	if err != nil {
		return err
	}
	if holder != "" {
		return govmedia.Errorf(govmedia.ECONFLICT, "account.name_taken", "value", v, "holder", holder)
	}
	f.Values["name"] = strings.TrimSpace(v)
	return nil
}

func acceptPhone(r *request, f *form, v string) error {
	fl := registry.Fields{Platform: registry.Weibo, Name: "xx", Phone: v}
	if err := checkField(r, fl, "phone"); err != nil {
		return err
	}
	fl.Normalize()
	f.Values["phone"] = r.sealValue(fl.Phone)
	return nil
}

func acceptDomains(r *request, f *form, _ string) error {
	if len(f.Domains) == 0 {
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
