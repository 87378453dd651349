package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/approvals"
	"govmedia/publish"
	"govmedia/registry"
)

// my lists the member's applications with where each stands, and their
// org's accounts, with what can be done next.
func (r *request) my([]string) {
	apps, err := r.engine.Applications(r.ctx, approvals.Filter{ApplicantID: r.member.ID, Limit: 10})
	if err != nil {
		r.fail(err)
		return
	}
	if len(apps) == 0 {
		r.say(tr(r.lang, "bot.my.no_applications"), nil)
	}
	for _, a := range apps {
		full, err := r.engine.Application(r.ctx, a.ID)
		if err != nil {
			r.fail(err)
			return
		}
		r.say(r.applicationLine(full), r.applicationButtons(full))
	}
	r.myAccounts()
}

// applicationLine says where an application stands: which step, who holds
// it, for how long.
func (r *request) applicationLine(a *approvals.Application) string {
	line := tr(r.lang, "bot.my.application", "id", a.ID, "action", govmedia.Text("action."+a.Action),
		"subject", r.subjectName(a), "state", govmedia.Text("application."+string(a.State)))
	if s := a.PendingStep(); s != nil {
		line += "\n" + tr(r.lang, "bot.my.waiting", "office", r.officeName(r.ctx, s.OfficeOrg), "since", govmedia.FormatTime(s.StartedAt),
			"hours", int(r.now().Sub(s.StartedAt)/time.Hour), "due", govmedia.FormatTime(s.DueAt))
	}
	for _, s := range a.CurrentSteps() {
		if s.Reason != "" {
			line += "\n" + tr(r.lang, "bot.chain.reason", "reason", s.Reason)
		}
	}
	return line
}

// subjectName names what an application is about.
func (r *request) subjectName(a *approvals.Application) string {
	if a.SubjectKind == publish.PublicationKind && r.pub != nil {
		if p, err := r.pub.Publication(r.ctx, a.SubjectID); err == nil && len(p.Articles) > 0 {
			return p.Articles[0].Title
		}
	}
	if req, err := a.Request(); err == nil && req.Fields != nil {
		return req.Fields.Name
	}
	if acc, err := r.reg.Account(r.ctx, a.SubjectID); err == nil {
		return acc.Name
	}
	return fmt.Sprint("#", a.SubjectID)
}

func (r *request) applicationButtons(a *approvals.Application) models.ReplyMarkup {
	var row []models.InlineKeyboardButton
	if r.revisable(a) {
		row = append(row, button(tr(r.lang, "bot.btn.revise"), fmt.Sprintf("e:%d", a.ID)))
	}
	if !a.State.Final() {
		row = append(row, button(tr(r.lang, "bot.btn.withdraw"), fmt.Sprintf("w:%d", a.ID)))
	}
	row = append(row, button(tr(r.lang, "bot.btn.details"), fmt.Sprintf("i:%d", a.ID)))
	return inline([][]models.InlineKeyboardButton{row})
}

// myAccounts lists the org's accounts; an approved one offers binding.
func (r *request) myAccounts() {
	page, err := r.reg.Search(r.ctx, registry.DirectoryQuery{Org: r.member.OrgCode, Limit: 100,
		States: []registry.State{registry.Approved, registry.Active, registry.Closing, registry.Suspended}})
	if err != nil {
		r.fail(err)
		return
	}
	var lines []string
	var binds []*registry.PublicAccount // each line's account, or nil when it offers no binding
	for _, a := range page.Accounts {
		if a.HostOrg != r.member.OrgCode {
			continue
		}
		lines = append(lines, tr(r.lang, "bot.my.account", "name", a.Name, "platform", govmedia.Text("platform."+string(a.Platform)),
			"state", govmedia.Text("state."+string(a.State))))
		if a.State == registry.Approved {
			binds = append(binds, &a)
		} else {
			binds = append(binds, nil)
		}
	}
	if len(lines) == 0 {
		r.say(tr(r.lang, "bot.my.no_accounts"), nil)
		return
	}
	if page.Next != 0 {
		lines = append(lines, tr(r.lang, "bot.registry.more"))
		binds = append(binds, nil)
	}
	lines, shown := fitList(r.lang, lines)
	var rows [][]models.InlineKeyboardButton
	for _, a := range binds[:shown] {
		if a != nil && len(rows) < maxButtonRows {
			rows = append(rows, []models.InlineKeyboardButton{button(tr(r.lang, "bot.btn.bind", "name", a.Name), fmt.Sprintf("b:%d", a.ID))})
		}
	}
	r.say(tr(r.lang, "bot.my.accounts")+"\n"+strings.Join(lines, "\n"), inline(rows))
}

// onWithdrawButton withdraws an application of the presser.
func (r *request) onWithdrawButton(p []string) {
	app, err := r.engine.Withdraw(r.ctx, r.member, id(p, 0))
	if err != nil {
		r.fail(err)
		return
	}
	r.answer(tr(r.lang, "bot.withdrawn", "id", app.ID), false)
	r.say(tr(r.lang, "bot.withdrawn", "id", app.ID), nil)
}

// onDetailsButton sends the whole application, every round, privately.
func (r *request) onDetailsButton(p []string) {
	app, err := r.engine.ApplicationFor(r.ctx, r.member, id(p, 0))
	if err != nil {
		r.fail(err)
		return
	}
	if err := r.sendPages(r.from.ID, r.detailsText(app)); err != nil {
		if unreachable(err) {
			r.answer(tr(r.lang, "bot.details.start_private", "bot", r.username), true)
		} else {
			r.sendFailed(r.from.ID, err)
		}
		return
	}
	if r.private {
		r.answer("", false)
		return
	}
	r.answer(tr(r.lang, "bot.details.sent"), false)
}

func (r *request) detailsText(app *approvals.Application) string {
	text, _ := r.card(r.ctx, app, nil, r.lang)
	var rounds []string
	for _, s := range app.Steps {
		if s.Round == app.Round || s.DecidedBy == 0 {
			continue
		}
		rounds = append(rounds, tr(r.lang, "bot.details.earlier", "round", s.Round, "office", r.officeName(r.ctx, s.OfficeOrg),
			"state", govmedia.Text("step."+string(s.State)), "reason", s.Reason))
	}
	if len(rounds) > 0 {
		text += "\n\n" + strings.Join(rounds, "\n")
	}
	return text
}
