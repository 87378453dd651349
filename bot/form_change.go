package bot

import (
	"fmt"
	"slices"
	"strings"

	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/approvals"
	"govmedia/registry"
)

// changeable are the fields a change application may change.
var changeable = []string{"name", "wechat_kind", "operating_unit", "third_party", "person_in_charge", "phone", "domains", "second_account_reason"}

func init() {
	formKinds["change"] = &formKind{
		steps: func(*request, *form) []string { return []string{"field", "value"} },
		defs: map[string]stepDef{
			"field": {prompt: askChangeField, options: changeFieldOptions, accept: acceptChangeField, then: changeNext},
			"value": {delegate: changeValueDef},
		},
		summary: changeSummary,
		finish:  finishChange,
		fields: func(r *request, _ *form) []field {
			return []field{{Label: govmedia.Print(r.lang, "bot.change.more"), From: "field"}}
		},
	}
}

// chooseAccountFor lists the org's accounts to change or close.
func (r *request) chooseAccountFor(kind string) {
	page, err := r.reg.Search(r.ctx, registry.DirectoryQuery{Org: r.member.OrgCode, Limit: 50,
		States: []registry.State{registry.Approved, registry.Active, registry.Suspended}})
	if err != nil {
		r.fail(err)
		return
	}
	var rows [][]models.InlineKeyboardButton
	for _, a := range page.Accounts {
		if a.HostOrg == r.member.OrgCode {
			label := a.Name + "（" + govmedia.Print(r.lang, "platform."+string(a.Platform)) + "）"
			rows = append(rows, []models.InlineKeyboardButton{button(label, fmt.Sprintf("ac:%s:%d", kind, a.ID))})
		}
	}
	if len(rows) == 0 {
		r.say(tr(r.lang, "bot.my.no_accounts"), nil)
		return
	}
	r.say(tr(r.lang, "bot.apply.pick_account"), inline(rows))
}

// onAccountChosen starts the change or close form for the chosen account:
// "ac:<change|close>:<account>".
func (r *request) onAccountChosen(p []string) {
	if len(p) < 2 || (p[0] != "change" && p[0] != "close") {
		r.staleButton()
		return
	}
	a, err := r.engine.AccountToApplyFor(r.ctx, r.member, id(p, 1))
	if err != nil {
		r.fail(err)
		return
	}
	r.answer("", false)
	r.settleChoice()
	f := &form{Kind: p[0]}
	if p[0] == "change" {
		f.Account = &accountForm{AccountID: a.ID, Fields: registry.Fields{Platform: a.Platform}}
	} else {
		f.Close = &closeForm{AccountID: a.ID}
	}
	r.startForm(f)
}

func askChangeField(r *request, f *form) string {
	if f.Account.AccountID == 0 { // revising a returned open application
		fl := f.Account.Fields
		phone, _ := r.reg.Phone(fl.PhoneSealed)
		return tr(r.lang, "bot.change.which_revise") + "\n" + r.fieldLines(fl, phone)
	}
	a, _ := r.reg.Account(r.ctx, f.Account.AccountID)
	text := tr(r.lang, "bot.change.which", "account", a.Label(r.lang))
	if len(f.Account.Changed) > 0 {
		text += "\n" + r.diffLines(f)
	}
	return text
}

func changeFieldOptions(r *request, f *form) []option {
	var out []option
	for _, field := range changeable {
		if field == "wechat_kind" && f.Account.Fields.Platform != registry.WeChatOA {
			continue
		}
		out = append(out, option{field, formLabel(r.lang, field)})
	}
	if len(f.Account.Changed) > 0 || f.Account.AccountID == 0 {
		out = append(out, option{"=", govmedia.Print(r.lang, "bot.change.done")})
	}
	return out
}

func acceptChangeField(r *request, f *form, a answer) error {
	v := a.Text
	if v != "=" && !slices.Contains(changeable, v) {
		return govmedia.Errorf(govmedia.EINVALID, "bot.form.use_buttons_err")
	}
	f.Account.Editing = v
	if v != "=" && !slices.Contains(f.Account.Changed, v) {
		if acc, err := r.reg.Account(r.ctx, f.Account.AccountID); err == nil {
			setField(&f.Account.Fields, acc.Fields(), v) // start from the account's value
		}
	}
	return nil
}

func changeNext(f *form) string {
	if f.Account.Editing == "=" {
		return confirmStep
	}
	return "value"
}

// changeValuePrompt asks for the value of the field being edited.
func changeValuePrompt(r *request, f *form) string {
	field := f.Account.Editing
	fl, _, _ := r.changeFields(f)
	phone, _ := r.reg.Phone(fl.PhoneSealed)
	cur := fl.Values(phone)[field]
	return tr(r.lang, "bot.ask."+field) + "\n" + tr(r.lang, "bot.form.current", "value", r.showValue(r.ctx, r.lang, field, cur))
}

// changeValueDef asks for the new value of the field being edited as the
// open form asks for that field, then goes back to the choice of field.
func changeValueDef(f *form) stepDef {
	def := accountFieldDefs[f.Account.Editing]
	inner := def.accept
	def.prompt = changeValuePrompt
	def.then = func(*form) string { return "field" }
	def.accept = func(r *request, f *form, a answer) error {
		if err := inner(r, f, a); err != nil {
			return err
		}
		if !slices.Contains(f.Account.Changed, f.Account.Editing) {
			f.Account.Changed = append(f.Account.Changed, f.Account.Editing)
		}
		return nil
	}
	return def
}

// changeFields are the account's fields with the form's changes applied.
func (r *request) changeFields(f *form) (registry.Fields, *registry.Account, error) {
	if f.Account.AccountID == 0 {
		return f.Account.Fields, nil, nil
	}
	a, err := r.reg.Account(r.ctx, f.Account.AccountID)
	if err != nil {
		return registry.Fields{}, nil, err
	}
	fl := a.Fields()
	for _, field := range f.Account.Changed {
		setField(&fl, f.Account.Fields, field)
	}
	return fl, a, nil
}

func setField(dst *registry.Fields, src registry.Fields, field string) {
	switch field {
	case "name":
		dst.Name = src.Name
	case "wechat_kind":
		dst.WeChatKind = src.WeChatKind
	case "operating_unit":
		dst.OperatingUnit = src.OperatingUnit
	case "third_party":
		dst.ThirdParty = src.ThirdParty
	case "person_in_charge":
		dst.PersonInCharge = src.PersonInCharge
	case "phone":
		dst.Phone, dst.PhoneSealed = src.Phone, src.PhoneSealed
	case "domains":
		dst.Domains = slices.Clone(src.Domains)
	case "second_account_reason":
		dst.SecondAccountReason = src.SecondAccountReason
	}
}

func (r *request) diffLines(f *form) string {
	fl, a, err := r.changeFields(f)
	if err != nil || a == nil {
		return ""
	}
	var lines []string
	for _, c := range r.reg.Diff(a, fl) {
		lines = append(lines, tr(r.lang, "bot.card.change", "field", govmedia.Text("field."+c.Field),
			"old", r.showValue(r.ctx, r.lang, c.Field, c.Old), "new", r.showValue(r.ctx, r.lang, c.Field, c.New)))
	}
	return strings.Join(lines, "\n")
}

func changeSummary(r *request, f *form) (string, error) {
	if f.Account.AccountID == 0 {
		return openSummary(r, f)
	}
	a, err := r.reg.Account(r.ctx, f.Account.AccountID)
	if err != nil {
		return "", err
	}
	return tr(r.lang, "bot.form.summary_change", "account", a.Label(r.lang)) + "\n" + r.diffLines(f), nil
}

func finishChange(r *request, f *form) error {
	fl, _, err := r.changeFields(f)
	if err != nil {
		return err
	}
	if f.ApplicationID != 0 {
		return r.resubmit(f, approvals.Revision{Fields: &fl})
	}
	app, err := r.engine.SubmitChange(r.ctx, r.member, f.Account.AccountID, fl)
	if err != nil {
		return err
	}
	r.say(tr(r.lang, "bot.submitted", "id", app.ID, "office", r.officeName(r.ctx, app.PendingStep().OfficeOrg)), nil)
	return nil
}
