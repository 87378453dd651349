package bot

import (
	"fmt"
	"strings"

	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/approvals"
	"govmedia/publish"
	"govmedia/registry"
)

// /my answers in one message: the member's applications, a page at a
// time, each with what can be done next, and, a button away in the same
// message, the unit's accounts. Its buttons edit the message in place.

const (
	myApplicationsPage = 5
	myAccountsPage     = 10
	myApplicationsMax  = 100 // the most recent ones; older ones are in the history
)

// my shows the member's applications.
func (r *request) my([]string) {
	text, markup, err := r.myView("a", 0)
	if err != nil {
		r.fail(err)
		return
	}
	r.say(text, markup)
}

// onMyPage turns a page of /my, or switches between applications and
// accounts: "my:<a|c>:<offset>".
func (r *request) onMyPage(p []string) {
	msg := r.u.CallbackQuery.Message.Message
	if len(p) < 2 || (p[0] != "a" && p[0] != "c") || msg == nil {
		r.staleButton()
		return
	}
	text, markup, err := r.myView(p[0], int(id(p, 1)))
	if err != nil {
		r.fail(err)
		return
	}
	r.answer("", false)
	if err := r.editText(r.ctx, r.chat, msg.ID, text, markup); err != nil && !notModified(err) {
		r.sendFailed(r.chat, err)
	}
}

// myView renders one page of /my: applications ("a") or accounts ("c").
func (r *request) myView(view string, offset int) (string, *models.InlineKeyboardMarkup, error) {
	apps, err := r.engine.Applications(r.ctx, approvals.Filter{ApplicantID: r.member.ID, Limit: myApplicationsMax})
	if err != nil {
		return "", nil, err
	}
	accounts, err := r.unitAccounts()
	if err != nil {
		return "", nil, err
	}
	if view == "c" {
		text, rows := r.accountsPage(accounts, offset)
		return text, inline(append(rows, []models.InlineKeyboardButton{
			button(tr(r.lang, "bot.btn.my_applications", "count", len(apps)), "my:a:0")})), nil
	}
	text, rows, err := r.applicationsPage(apps, offset)
	if err != nil {
		return "", nil, err
	}
	return text, inline(append(rows, []models.InlineKeyboardButton{
		button(tr(r.lang, "bot.btn.my_accounts", "count", len(accounts)), "my:c:0")})), nil
}

// applicationsPage lists a page of applications with their buttons.
func (r *request) applicationsPage(apps []*approvals.Application, offset int) (string, [][]models.InlineKeyboardButton, error) {
	if len(apps) == 0 {
		return tr(r.lang, "bot.my.no_applications"), nil, nil
	}
	offset = pageStart(offset, len(apps), myApplicationsPage)
	end := min(offset+myApplicationsPage, len(apps))
	lines := []string{tr(r.lang, "bot.my.applications", "count", len(apps)) + pageNote(r.lang, offset, len(apps), myApplicationsPage)}
	var rows [][]models.InlineKeyboardButton
	for _, a := range apps[offset:end] {
		full, err := r.engine.Application(r.ctx, a.ID)
		if err != nil {
			return "", nil, err
		}
		lines = append(lines, r.applicationLine(full))
		rows = append(rows, r.applicationButtons(full))
	}
	rows = append(rows, pageButtons(r.lang, "my:a:", offset, len(apps), myApplicationsPage)...)
	return strings.Join(lines, "\n\n"), rows, nil
}

// applicationLine says where an application stands: which step, who holds
// it, for how long.
func (r *request) applicationLine(a *approvals.Application) string {
	line := tr(r.lang, "bot.my.application", "id", a.ID, "action", govmedia.Text("action."+a.Action),
		"subject", r.subjectName(a), "state", govmedia.Text("application."+string(a.State)))
	if s := a.PendingStep(); s != nil {
		line += "\n" + tr(r.lang, "bot.my.waiting", "office", r.officeName(r.ctx, s.OfficeOrg),
			"waited", rawHTML(waited(r.lang, r.now().Sub(s.StartedAt))), "due", govmedia.FormatTime(s.DueAt)) + r.overdueMark(s)
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

// applicationButtons are what can be done with one application, each
// button naming it by its number.
func (r *request) applicationButtons(a *approvals.Application) []models.InlineKeyboardButton {
	var row []models.InlineKeyboardButton
	if r.revisable(a) {
		row = append(row, button(tr(r.lang, "bot.btn.revise_n", "id", a.ID), fmt.Sprintf("e:%d", a.ID)))
	}
	if !a.State.Final() {
		row = append(row, button(tr(r.lang, "bot.btn.withdraw_n", "id", a.ID), fmt.Sprintf("w:%d", a.ID)))
	}
	return append(row, button(tr(r.lang, "bot.btn.details_n", "id", a.ID), fmt.Sprintf("i:%d", a.ID)))
}

// unitAccounts are the accounts the member's unit hosts, closed ones left
// out, up to maxUnitAccounts.
func (r *request) unitAccounts() ([]registry.PublicAccount, error) {
	q := registry.DirectoryQuery{Org: r.member.OrgCode, Limit: 100,
		States: []registry.State{registry.Approved, registry.Active, registry.Closing, registry.Suspended}}
	var out []registry.PublicAccount
	for len(out) < maxUnitAccounts {
		page, err := r.reg.Search(r.ctx, q)
		if err != nil {
			return nil, err
		}
		for _, a := range page.Accounts {
			if a.HostOrg == r.member.OrgCode {
				out = append(out, a)
			}
		}
		if page.Next == 0 {
			break
		}
		q.After = page.Next
	}
	return out, nil
}

// maxUnitAccounts bounds the accounts /my lists of one unit.
const maxUnitAccounts = 1000

// accountsPage lists a page of the unit's accounts; an approved one
// offers binding.
func (r *request) accountsPage(accounts []registry.PublicAccount, offset int) (string, [][]models.InlineKeyboardButton) {
	if len(accounts) == 0 {
		return tr(r.lang, "bot.my.no_accounts"), nil
	}
	offset = pageStart(offset, len(accounts), myAccountsPage)
	end := min(offset+myAccountsPage, len(accounts))
	lines := []string{tr(r.lang, "bot.my.accounts", "count", len(accounts)) + pageNote(r.lang, offset, len(accounts), myAccountsPage)}
	var rows [][]models.InlineKeyboardButton
	for _, a := range accounts[offset:end] {
		line := tr(r.lang, "bot.my.account", "name", a.Name, "platform", govmedia.Text("platform."+string(a.Platform)),
			"state", govmedia.Text("state."+string(a.State)))
		if a.State == registry.Closing && a.ClosingUntil != nil {
			line += tr(r.lang, "bot.my.closing_until", "at", govmedia.FormatTime(*a.ClosingUntil))
		}
		lines = append(lines, line)
		if a.State == registry.Approved {
			rows = append(rows, []models.InlineKeyboardButton{button(tr(r.lang, "bot.btn.bind", "name", a.Name), fmt.Sprintf("b:%d", a.ID))})
		}
	}
	rows = append(rows, pageButtons(r.lang, "my:c:", offset, len(accounts), myAccountsPage)...)
	return strings.Join(lines, "\n"), rows
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

// detailsText is an application as one who asked for its details in
// private sees it: the phone in full for those who may see it.
func (r *request) detailsText(app *approvals.Application) string {
	text, _ := r.cardFor(r.ctx, app, nil, r.lang, r.engine.MaySeePrivate(r.ctx, r.member, app))
	var rounds []string
	for _, s := range app.Steps {
		if s.Round == app.Round || s.DecidedBy == 0 {
			continue
		}
		reason := rawHTML("")
		if s.Reason != "" {
			reason = rawHTML(tr(r.lang, "bot.details.reason", "reason", s.Reason))
		}
		rounds = append(rounds, tr(r.lang, "bot.details.earlier", "round", s.Round, "office", r.officeName(r.ctx, s.OfficeOrg),
			"state", govmedia.Text("step."+string(s.State)), "reason", reason))
	}
	if len(rounds) > 0 {
		text += "\n\n" + strings.Join(rounds, "\n")
	}
	return text
}
