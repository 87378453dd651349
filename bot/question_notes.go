package bot

import (
	"context"

	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/citizens"
)

// sendQuestionNote tells one chat about a question, in the chat's
// language, under the question's card there when it has one: a citizen's
// follow-up, a reminder, an escalation to the office, or, to the operator
// who wrote a reply, whether it reached the citizen.
func (b *Bot) sendQuestionNote(ctx context.Context, n questionNoteArgs) error {
	lang := b.chatLanguage(ctx, n.ChatID)
	q, err := b.cit.QuestionIn(ctx, n.Org, n.QuestionID)
	if govmedia.ErrorCode(err) == govmedia.ENOTFOUND {
		return nil // handed over, or its citizen left, before the note went
	}
	if err != nil {
		return err
	}
	text := b.questionNoteText(ctx, lang, q, n)
	_, err = b.sendReply(ctx, n.ChatID, text, nil, b.cardReply(ctx, n.QuestionID, n.ChatID))
	return err
}

func (b *Bot) questionNoteText(ctx context.Context, lang govmedia.Language, q *citizens.Question, n questionNoteArgs) string {
	args := []any{"id", q.ID, "alias", citizenAlias(lang, q), "account", b.accountName(ctx, lang, q.AccountID),
		"asked", govmedia.FormatTime(q.AskedAt), "unit", b.officeName(ctx, q.OrgCode)}
	switch n.Note {
	case "followup":
		return tr(lang, "bot.question.note.followup", append(args, "text", cutRunes(messageText(q, n.MessageID), cardMessageRunes))...)
	case "escalated":
		return tr(lang, "bot.question.note.escalated", append(args, "text", cutRunes(lastFromCitizen(q), cardMessageRunes))...)
	case "sent":
		return tr(lang, "bot.question.note.sent", args...)
	case "refused":
		return tr(lang, "bot.question.note.refused", append(args, "reason", govmedia.Print(lang, n.Reason, "code", n.Code))...) + refusalAdvice(lang, n.Code)
	}
	return tr(lang, "bot.question.note.reminder", args...)
}

// refusalAdvice says what an operator can do about WeChat's refusal.
func refusalAdvice(lang govmedia.Language, code int64) string {
	switch code {
	case 45015, 43004, 45047:
		return "\n" + tr(lang, "bot.question.advice.wait")
	case 48001:
		return "\n" + tr(lang, "bot.question.advice.verify")
	}
	return ""
}

func messageText(q *citizens.Question, id int64) string {
	for _, m := range q.Messages {
		if m.ID == id {
			return m.Text
		}
	}
	return ""
}

func lastFromCitizen(q *citizens.Question) string {
	for i := len(q.Messages) - 1; i >= 0; i-- {
		if q.Messages[i].FromCitizen {
			return q.Messages[i].Text
		}
	}
	return ""
}

// cardReply makes a note answer the question's card in chat, when there
// is one there.
func (b *Bot) cardReply(ctx context.Context, questionID, chat int64) *models.ReplyParameters {
	c := new(questionCard)
	if err := b.db.NewSelect().Model(c).Where("question_id = ? AND chat_id = ?", questionID, chat).Scan(ctx); err != nil {
		return nil
	}
	return &models.ReplyParameters{MessageID: int(c.MessageID), AllowSendingWithoutReply: true}
}
