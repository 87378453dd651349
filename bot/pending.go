package bot

import (
	"fmt"

	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/approvals"
)

const pendingPage = 5

// pending lists what waits for the member's office (or, for a guide, its
// department), oldest first; the domain decides who may see it.
func (r *request) pending([]string) {
	r.showPending(r.member.OrgCode, 0)
}

// groupPending lists the queue of the office whose review group this is.
func (r *request) groupPending() {
	office := r.officeOfChat(r.ctx, r.chat)
	if office == "" {
		r.say(tr(r.lang, "bot.group_not_bound"), nil)
		return
	}
	r.showPending(office, 0)
}

// onPendingPage shows another page of the queue: "pg:<offset>". The
// queue is the group's office's in a review group, the member's own
// office's in a private chat: the data names no office, so none can be
// forged, and showPending asks the domain whether the member may see it.
func (r *request) onPendingPage(p []string) {
	office := r.member.OrgCode
	if !r.private {
		office = r.officeOfChat(r.ctx, r.chat)
	}
	if office == "" || len(p) == 0 {
		r.staleButton()
		return
	}
	r.answer("", false)
	r.showPending(office, int(id(p, len(p)-1)))
}

// groupMayDecide reports whether the request comes from the review group
// of office, whose members see its queue as they see its cards.
func (r *request) groupMayDecide(office string) bool {
	return !r.private && r.officeOfChat(r.ctx, r.chat) == office
}

// showPending sends one page of an office's waiting steps, each with the
// button that brings up its card. Its review group sees it; elsewhere the
// domain decides who may.
func (r *request) showPending(office string, offset int) {
	var steps []*approvals.Step
	var total int
	var err error
	if r.groupMayDecide(office) {
		steps, total, err = r.engine.Waiting(r.ctx, office, max(0, offset), pendingPage)
	} else {
		steps, total, err = r.engine.WaitingFor(r.ctx, r.member, office, offset, pendingPage)
	}
	if err != nil {
		r.fail(err)
		return
	}
	if total == 0 {
		r.say(tr(r.lang, "bot.pending.none", "office", r.officeName(r.ctx, office)), nil)
		return
	}
	text := tr(r.lang, "bot.pending.title", "office", r.officeName(r.ctx, office), "total", total) + pageNote(r.lang, offset, total, pendingPage)
	var rows [][]models.InlineKeyboardButton
	for _, s := range steps {
		app, err := r.engine.Application(r.ctx, s.ApplicationID)
		if err != nil {
			continue
		}
		late := ""
		if r.now().After(s.DueAt) {
			late = tr(r.lang, "bot.pending.late")
		}
		text += "\n" + tr(r.lang, "bot.pending.item", "id", app.ID, "action", govmedia.Text("action."+app.Action),
			"subject", r.subjectName(app), "org", app.Applicant.Org.Name, "waited", rawHTML(waited(r.lang, r.now().Sub(s.StartedAt)))) + late
		rows = append(rows, []models.InlineKeyboardButton{button(tr(r.lang, "bot.btn.open_card", "id", app.ID), fmt.Sprintf("pc:%d", s.ID))})
	}
	rows = append(rows, pageButtons(r.lang, "pg:", offset, total, pendingPage)...)
	r.say(text, inline(rows))
}

// onPendingCard brings up, in this chat, the card of a waiting step with
// its decision buttons and deadline: "pc:<step>". The card is the one the
// bot keeps up to date as the application moves; one posted earlier in
// this chat gives up its buttons to it.
func (r *request) onPendingCard(p []string) {
	appID, err := r.engine.ApplicationOfStep(r.ctx, id(p, 0))
	if err != nil {
		r.fail(err)
		return
	}
	app, err := r.engine.Application(r.ctx, appID)
	if err != nil {
		r.fail(err)
		return
	}
	step := stepOf(app, id(p, 0))
	if !r.groupMayDecide(step.OfficeOrg) {
		if err := approvals.CheckSee(r.ctx, r.db, r.member, app); err != nil {
			r.fail(err)
			return
		}
	}
	r.answer("", false)
	text, markup := r.cardIn(r.ctx, app, step, r.chat)
	msg, err := r.sendCtx(r.ctx, r.chat, text, markup)
	if err != nil {
		r.sendFailed(r.chat, err)
		return
	}
	if step.State == approvals.StepPending {
		if err := r.trackCard(r.ctx, app.ID, step.ID, r.chat, msg.ID); err != nil {
			r.log.Warn("keeping a card", "application", app.ID, "err", err)
		}
	}
}
