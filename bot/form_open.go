package bot

import (
	"context"
	"strings"

	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/approvals"
	"govmedia/registry"
)

func init() {
	formKinds["open"] = &formKind{steps: openSteps, defs: accountFieldDefs, summary: openSummary, finish: finishOpen}
}

// apply offers the three kinds of application.
func (r *request) apply([]string) {
	if err := approvals.CheckMayApply(r.member); err != nil {
		r.fail(err)
		return
	}
	rows := [][]models.InlineKeyboardButton{
		{button(tr(r.lang, "bot.apply.open"), "ap:open")},
		{button(tr(r.lang, "bot.apply.change"), "ap:change")},
		{button(tr(r.lang, "bot.apply.close"), "ap:close")},
	}
	r.say(tr(r.lang, "bot.apply.which", "org", r.member.Org.Name), inline(rows))
}

// onApplyButton starts the chosen form.
func (r *request) onApplyButton(kind string) {
	if err := approvals.CheckMayApply(r.member); err != nil {
		r.fail(err)
		return
	}
	r.answer("", false)
	switch kind {
	case "open":
		r.startForm(&form{Kind: "open"})
	case "change", "close":
		r.chooseAccountFor(kind)
	}
}

func openSteps(r *request, f *form) []string {
	steps := []string{"platform"}
	if registry.Platform(f.Values["platform"]) == registry.WeChatOA {
		steps = append(steps, "wechat_kind")
	}
	steps = append(steps, "name", "operating_unit", "third_party", "person_in_charge", "phone", "domains")
	if r.hasAccountOn(registry.Platform(f.Values["platform"]), f.AccountID) {
		steps = append(steps, "second_account_reason")
	}
	return steps
}

// hasAccountOn reports whether the member's org already has an open
// account on the platform (other than except).
func (r *request) hasAccountOn(p registry.Platform, except int64) bool {
	if p == "" {
		return false
	}
	others, err := registry.OthersOnPlatform(r.ctx, r.db, r.member.OrgCode, p, except)
	return err == nil && len(others) > 0
}

func openSummary(r *request, f *form) (string, error) {
	fl := r.formFields(f)
	phone := fl.Phone
	if phone == "" && fl.PhoneSealed != nil {
		phone, _ = r.reg.Phone(fl.PhoneSealed)
	}
	return tr(r.lang, "bot.form.summary_open") + "\n" + r.fieldLines(fl, phone), nil
}

func finishOpen(r *request, f *form) error {
	if f.ApplicationID != 0 {
		fl := r.formFields(f)
		return r.resubmit(f, approvals.Revision{Fields: &fl})
	}
	app, err := r.engine.SubmitOpen(r.ctx, r.member, r.formFields(f))
	if err != nil {
		return err
	}
	r.say(tr(r.lang, "bot.submitted", "id", app.ID, "office", r.officeName(r.ctx, app.PendingStep().OfficeOrg)), nil)
	return nil
}

// formFields builds account fields from a form's answers.
func (r *request) formFields(f *form) registry.Fields {
	v := f.Values
	phone, sealed := r.phoneOf(v["phone"])
	return registry.Fields{
		Platform: registry.Platform(v["platform"]), WeChatKind: registry.WeChatKind(v["wechat_kind"]), Name: v["name"],
		OperatingUnit: v["operating_unit"], ThirdParty: v["third_party"] == "yes", PersonInCharge: v["person_in_charge"],
		Phone: phone, PhoneSealed: sealed, Domains: append([]string(nil), f.Domains...), SecondAccountReason: v["second_account_reason"],
		OriginalID: v["original_id"], AppID: v["app_id"], PlatformUID: v["platform_uid"],
	}
}

// fieldLines renders account fields, one per line; phone is shown masked.
func (r *request) fieldLines(fl registry.Fields, phone string) string {
	values := fl.Values(phone)
	values["platform"] = govmedia.Print(r.lang, "platform."+string(fl.Platform))
	if fl.WeChatKind != "" {
		values["wechat_kind"] = govmedia.Print(r.lang, "wechat_kind."+string(fl.WeChatKind))
	}
	values["third_party"] = yesNo(r.lang, fl.ThirdParty)
	values["domains"] = r.domainNames(r.ctx, fl.Domains)
	var b strings.Builder
	for _, field := range registry.FieldOrder {
		if v := values[field]; v != "" && !(field == "phone" && phone == "") {
			b.WriteString("• " + esc(formLabel(r.lang, field)) + "：" + esc(v) + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

func yesNo(lang govmedia.Language, v bool) string {
	if v {
		return govmedia.Print(lang, "bot.yes")
	}
	return govmedia.Print(lang, "bot.no")
}

// domainNames renders domain codes as their names.
func (b *Bot) domainNames(ctx context.Context, codes []string) string {
	names, _ := b.reg.DomainNames(ctx)
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = names[c]
	}
	return strings.Join(out, "、")
}

func (b *Bot) officeName(ctx context.Context, code string) string {
	o, err := b.reg.Org(ctx, code)
	if err != nil {
		return code
	}
	return o.Name
}
