package bot

import (
	"fmt"

	"github.com/go-telegram/bot/models"

	"govmedia"
)

// Acts that cannot be undone (withdrawing an application, unbinding a
// member) ask to confirm first: the first press asks, with a button that
// does it and one that does nothing; the question is then edited to say
// what was done, so that it cannot be pressed twice.

// askConfirm asks whether to do an act: yes carries its data.
func (r *request) askConfirm(question, yesLabel, yes string) {
	r.answer("", false)
	rows := [][]models.InlineKeyboardButton{{button(yesLabel, yes), button(tr(r.lang, "bot.btn.keep"), "x:")}}
	r.say(question, inline(rows))
}

// settle edits the pressed question to say what became of it.
func (r *request) settle(text string) {
	msg := r.u.CallbackQuery.Message.Message
	if msg == nil {
		r.say(text, nil)
		return
	}
	if err := r.editText(r.ctx, r.chat, msg.ID, text, nil); err != nil && !notModified(err) {
		r.sendFailed(r.chat, err)
	}
}

// onKeep answers "do nothing" on a question to confirm: "x:".
func (r *request) onKeep([]string) {
	r.answer("", false)
	r.settle(tr(r.lang, "bot.confirm.kept"))
}

// onWithdrawButton withdraws an application of the presser once they
// confirm: "w:<id>" asks, "w:<id>:y" withdraws.
func (r *request) onWithdrawButton(p []string) {
	appID := id(p, 0)
	if len(p) < 2 || p[1] != "y" {
		app, err := r.engine.ApplicationFor(r.ctx, r.member, appID)
		if err != nil {
			r.fail(err)
			return
		}
		if app.ApplicantID != r.member.ID || app.State.Final() {
			r.staleButton()
			return
		}
		r.askConfirm(tr(r.lang, "bot.confirm.withdraw", "id", app.ID, "action", govmedia.Text("action."+app.Action), "subject", r.subjectName(app)),
			tr(r.lang, "bot.btn.withdraw_yes"), fmt.Sprintf("w:%d:y", app.ID))
		return
	}
	app, err := r.engine.Withdraw(r.ctx, r.member, appID)
	if err != nil {
		r.fail(err)
		return
	}
	r.answer(tr(r.lang, "bot.withdrawn", "id", app.ID), false)
	r.settle(tr(r.lang, "bot.withdrawn", "id", app.ID))
}

// onRevokeButton ends a membership once the admin confirms: "mr:<id>"
// asks, "mr:<id>:y" unbinds.
func (r *request) onRevokeButton(p []string) {
	memberID := id(p, 0)
	if len(p) < 2 || p[1] != "y" {
		m, err := r.administeredMember(memberID)
		if err != nil {
			r.fail(err)
			return
		}
		r.askConfirm(tr(r.lang, "bot.confirm.revoke", "name", m.DisplayName, "org", m.Org.Name, "role", govmedia.Text("role."+string(m.Role))),
			tr(r.lang, "bot.btn.revoke_yes"), fmt.Sprintf("mr:%d:y", m.ID))
		return
	}
	m, err := r.reg.RevokeMember(r.ctx, r.member, memberID)
	if err != nil {
		r.fail(err)
		return
	}
	r.answer(tr(r.lang, "bot.members.revoked", "name", m.DisplayName), false)
	r.settle(tr(r.lang, "bot.members.revoked", "name", m.DisplayName))
}

// settleChoice edits a message of choices once one is pressed: its
// buttons go, and the choice stays visible under the question.
func (r *request) settleChoice() {
	msg := r.u.CallbackQuery.Message.Message
	if msg == nil || msg.ReplyMarkup == nil {
		return
	}
	for _, row := range msg.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData == r.u.CallbackQuery.Data {
				text := esc(msg.Text) + "\n" + tr(r.lang, "bot.form.answered", "answer", b.Text)
				if err := r.editText(r.ctx, r.chat, msg.ID, text, nil); err != nil && !notModified(err) {
					r.log.Debug("settling a choice", "err", err)
				}
				return
			}
		}
	}
}
