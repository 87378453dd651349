package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
)

// prompt is a question the bot asked in a chat, whose reply gives the
// reason for returning or rejecting a step.
type prompt struct {
	bun.BaseModel `bun:"table:bot_prompts"`

	ChatID    int64  `bun:"chat_id,pk"`
	MessageID int64  `bun:"message_id,pk"`
	MemberID  int64  `bun:"member_id"`
	StepID    int64  `bun:"step_id"`
	Verdict   string `bun:"verdict"`
	CreatedAt any    `bun:"created_at"`
}

var verdicts = map[string]approvals.Verdict{"a": approvals.Approve, "r": approvals.Return, "j": approvals.Reject}

// onDecisionButton handles Approve / Return / Reject on a card. Approve
// decides at once; Return and Reject first ask for the reason.
func (r *request) onDecisionButton(p []string) {
	v, ok := verdicts[p[0]]
	stepID := id(p, 1)
	if !ok || stepID == 0 {
		r.staleButton()
		return
	}
	if v != approvals.Approve {
		r.askReason(stepID, v)
		return
	}
	out, err := r.engine.Decide(r.ctx, r.member, stepID, v, "")
	if err != nil {
		r.failDecision(err)
		if govmedia.ErrorCode(err) == govmedia.ECONFLICT {
			r.refreshCards(out, stepID) // a stale card, pressed by one who may decide: redraw it
		}
		return
	}
	r.answer(r.approvedToast(out), false)
	r.refreshCards(out, stepID)
}

// approvedToast says what an approval did: passed the application on to
// the next office, or, at the last step, approved it for good.
func (r *request) approvedToast(out *approvals.Outcome) string {
	if out.Next != nil {
		return tr(r.lang, "bot.decided.approve", "next", r.officeName(r.ctx, out.Next.OfficeOrg))
	}
	return tr(r.lang, "bot.decided.approve_final")
}

// refreshCards redraws the cards of the step's application at once, so the
// presser sees the result; the queued refresh does the same for certain.
func (r *request) refreshCards(out *approvals.Outcome, stepID int64) {
	appID := int64(0)
	if out != nil {
		appID = out.Application.ID
	} else if id, err := r.engine.ApplicationOfStep(r.ctx, stepID); err == nil {
		appID = id
	} else {
		return
	}
	if err := r.refreshApplicationCards(r.ctx, appID); err != nil {
		r.log.Warn("refreshing cards", "application", appID, "err", redact(err.Error(), r.opts.Token))
	}
}

// askReason checks the presser may decide, then asks for the reason with a
// reply prompt addressed to them.
func (r *request) askReason(stepID int64, v approvals.Verdict) {
	if err := r.engine.CanDecide(r.ctx, r.member, stepID); err != nil {
		r.failDecision(err)
		return
	}
	r.answer(tr(r.lang, "bot.reason.toast"), false)
	text := tr(r.lang, "bot.reason.ask."+string(v), "name", r.member.DisplayName)
	markup := &models.ForceReply{ForceReply: true, Selective: true, InputFieldPlaceholder: govmedia.Print(r.lang, "bot.reason.placeholder")}
	var msg *models.Message
	err := r.sender.Do(r.ctx, r.chat, func(ctx context.Context) error {
		var err error
		msg, err = r.api.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: r.chat, Text: text, ParseMode: models.ParseModeHTML,
			ReplyMarkup: markup, ReplyParameters: r.replyToPressed()})
		return err
	})
	if err != nil || msg == nil {
		r.fail(fmt.Errorf("asking for a reason: %w", err))
		return
	}
	_, err = r.db.NewInsert().Model(&prompt{ChatID: r.chat, MessageID: int64(msg.ID), MemberID: r.member.ID, StepID: stepID,
		Verdict: string(v), CreatedAt: r.now()}).Exec(r.ctx)
	if err != nil {
		r.fail(err)
	}
}

// failDecision explains a refused decision. In an office's review group,
// whose cards are all that office's, one who may not decide is told whose
// the cards are, which the group shows anyway; the domain's answer, which
// reveals nothing of a step one may not see, is given elsewhere.
func (r *request) failDecision(err error) {
	code := govmedia.ErrorCode(err)
	if office := r.officeOfChat(r.ctx, r.chat); !r.private && office != "" && (code == govmedia.ENOTFOUND || code == govmedia.EFORBIDDEN) {
		r.refused(code)
		r.answer(tr(r.lang, "bot.group.not_your_card", "office", r.officeName(r.ctx, office)), true)
		return
	}
	r.fail(err)
}

// replyToPressed makes the prompt a reply to the card that was pressed.
func (r *request) replyToPressed() *models.ReplyParameters {
	if m := r.u.CallbackQuery.Message.Message; m != nil {
		return &models.ReplyParameters{MessageID: m.ID, AllowSendingWithoutReply: true}
	}
	return nil
}

// strayReasonAge is how long after asking for a reason the bot takes text
// typed beside its question for a reason given the wrong way.
const strayReasonAge = 24 * time.Hour

// strayReason answers text that one who was asked for a reason typed in
// the chat without replying to the question: it says how to give the
// reason, under the question itself. It reports whether it answered.
func (r *request) strayReason(msg *models.Message) bool {
	if r.member == nil || strings.TrimSpace(msg.Text) == "" || strings.HasPrefix(msg.Text, "/") {
		return false
	}
	p := new(prompt)
	err := r.db.NewSelect().Model(p).Where("chat_id = ? AND member_id = ? AND created_at > ?", r.chat, r.member.ID, r.now().Add(-strayReasonAge)).
		Where("step_id IN (SELECT id FROM application_steps WHERE state = ?)", approvals.StepPending).OrderExpr("created_at DESC").Limit(1).Scan(r.ctx)
	if err != nil {
		return false
	}
	text := tr(r.lang, "bot.reason.reply_please", "name", r.member.DisplayName, "verdict", govmedia.Text("bot.reason.verdict."+p.Verdict))
	reply := &models.ReplyParameters{MessageID: int(p.MessageID), AllowSendingWithoutReply: true}
	if _, err := r.sendReply(r.ctx, r.chat, text, nil, reply); err != nil {
		r.sendFailed(r.chat, err)
	}
	return true
}

// reasonReply takes a reply to a reason prompt and decides the step; it
// reports whether the message was such a reply.
func (r *request) reasonReply(msg *models.Message) bool {
	p := new(prompt)
	err := r.db.NewSelect().Model(p).Where("chat_id = ? AND message_id = ?", r.chat, msg.ReplyToMessage.ID).Scan(r.ctx)
	if err != nil {
		return false
	}
	if r.member == nil || r.member.ID != p.MemberID {
		r.say(tr(r.lang, "bot.reason.not_yours"), nil)
		return true
	}
	out, err := r.engine.Decide(r.ctx, r.member, p.StepID, approvals.Verdict(p.Verdict), msg.Text)
	if err != nil {
		r.fail(err)
		if govmedia.ErrorCode(err) == govmedia.EINVALID {
			return true
		}
	} else {
		r.say(tr(r.lang, "bot.decided."+p.Verdict), nil)
	}
	_, _ = r.db.NewDelete().Model(p).WherePK().Exec(r.ctx)
	r.refreshCards(out, p.StepID)
	return true
}
