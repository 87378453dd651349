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
	formKinds["open"] = &formKind{steps: openSteps, defs: accountFieldDefs, summary: openSummary, finish: finishOpen, missing: openMissing}
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
	r.settleChoice()
	switch kind {
	case "open":
		r.startForm(&form{Kind: "open", Account: &accountForm{}})
	case "change", "close":
		r.chooseAccountFor(kind)
	}
}

func openSteps(r *request, f *form) []string {
	p := f.Account.Fields.Platform
	steps := []string{"platform"}
	if p == registry.WeChatOA {
		steps = append(steps, "wechat_kind")
	}
	steps = append(steps, "name", "operating_unit", "third_party", "person_in_charge", "phone", "domains")
	if r.hasAccountOn(p, f.Account.AccountID) {
		steps = append(steps, "second_account_reason")
	}
	return steps
}

// openMissing is the first question of an open form that a change made
// from the summary left unanswered (a platform changed to WeChat needs the
// account's kind), "" when none.
func openMissing(r *request, f *form) string {
	fl := f.Account.Fields
	switch {
	case fl.Platform == registry.WeChatOA && fl.WeChatKind == "":
		return "wechat_kind"
	case fl.Name == "":
		return "name"
	case fl.PersonInCharge == "":
		return "person_in_charge"
	case len(fl.Domains) == 0:
		return "domains"
	case fl.SecondAccountReason == "" && r.hasAccountOn(fl.Platform, f.Account.AccountID):
		return "second_account_reason"
	}
	return ""
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
	fl := f.Account.Fields
	phone, _ := r.reg.Phone(fl.PhoneSealed)
	return tr(r.lang, "bot.form.summary_open") + "\n" + r.fieldLines(fl, phone), nil
}

func finishOpen(r *request, f *form) error {
	fl := f.Account.Fields
	if f.ApplicationID != 0 {
		return r.resubmit(f, approvals.Revision{Fields: &fl})
	}
	app, err := r.engine.SubmitOpen(r.ctx, r.member, fl)
	if err != nil {
		return err
	}
	r.say(tr(r.lang, "bot.submitted", "id", app.ID, "office", r.officeName(r.ctx, app.PendingStep().OfficeOrg)), nil)
	return nil
}

// fieldLines renders account fields, one per line; phone is shown masked.
func (r *request) fieldLines(fl registry.Fields, phone string) string {
	return r.fieldLinesFor(fl, phone, false)
}

// fieldLinesFor renders account fields, one per line, the phone in full
// when private, masked otherwise.
func (r *request) fieldLinesFor(fl registry.Fields, phone string, private bool) string {
	values := fl.Values(phone)
	if private && phone != "" {
		values["phone"] = phone
	}
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
