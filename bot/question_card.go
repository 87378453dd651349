package bot

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/citizens"
)

// questionCard is a question's card the bot posted in a unit's chat.
type questionCard struct {
	bun.BaseModel `bun:"table:bot_question_cards"`

	QuestionID int64  `bun:"question_id,pk"`
	ChatID     int64  `bun:"chat_id,pk"`
	OrgCode    string `bun:"org_code"`
	MessageID  int64  `bun:"message_id"`
	CreatedAt  any    `bun:"created_at"`
}

// cardMessages is how many of a question's latest messages its card
// shows, each cut to cardMessageRunes, so that the card stays within one
// Telegram message.
const (
	cardMessages     = 6
	cardMessageRunes = 500
)

// postQuestionCards posts a question's card to each chat of the unit now
// answering it, once per chat.
func (b *Bot) postQuestionCards(ctx context.Context, id int64, org string) error {
	q, err := b.cit.QuestionIn(ctx, org, id)
	if govmedia.ErrorCode(err) == govmedia.ENOTFOUND {
		return nil // handed over meanwhile: the card goes to the next unit
	}
	if err != nil {
		return err
	}
	chats, err := b.unitChats(ctx, b.db, org)
	if err != nil {
		return err
	}
	for _, chat := range chats {
		err := b.postQuestionCardTo(ctx, q, chat)
		if gone(err) {
			b.log.Warn("a unit's chat is unreachable; question card not posted there", "chat", chat)
			continue
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (b *Bot) postQuestionCardTo(ctx context.Context, q *citizens.Question, chat int64) error {
	exists, err := b.db.NewSelect().Model((*questionCard)(nil)).Where("question_id = ? AND chat_id = ? AND org_code = ?", q.ID, chat, q.OrgCode).Exists(ctx)
	if err != nil || exists {
		return err
	}
	text, markup := b.questionCardFor(ctx, q, b.chatLanguage(ctx, chat))
	msg, err := b.sendCtx(ctx, chat, text, markup)
	if err != nil {
		return err
	}
	_, err = b.db.NewInsert().Model(&questionCard{QuestionID: q.ID, ChatID: chat, OrgCode: q.OrgCode, MessageID: int64(msg.ID), CreatedAt: b.now()}).
		On("CONFLICT (question_id, chat_id) DO UPDATE").Set("org_code = EXCLUDED.org_code, message_id = EXCLUDED.message_id").Exec(ctx)
	if err != nil {
		return err
	}
	return b.redrawIfMoved(ctx, q, chat, msg.ID, text)
}

// redrawIfMoved redraws a card just posted if its question moved while it
// was being sent: a redraw queued then found no card to edit. Read after
// the card is recorded, the question is as fresh as any later redraw will
// find it.
func (b *Bot) redrawIfMoved(ctx context.Context, q *citizens.Question, chat int64, msg int, sent string) error {
	fresh, err := b.cit.QuestionIn(ctx, q.OrgCode, q.ID)
	if err != nil {
		return nil // handed over or gone: its buttons answer as not found
	}
	text, markup := b.questionCardFor(ctx, fresh, b.chatLanguage(ctx, chat))
	if text == sent {
		return nil
	}
	if err := b.editText(ctx, chat, msg, text, markup); err != nil && !notModified(err) && !gone(err) {
		return err
	}
	return nil
}

// refreshQuestionCards redraws every card of a question: in the chats of
// org, the unit answering it, as it stands; in those of units it was
// handed over from, as handed over to org.
func (b *Bot) refreshQuestionCards(ctx context.Context, id int64, org string) error {
	var cards []questionCard
	if err := b.db.NewSelect().Model(&cards).Where("question_id = ?", id).Scan(ctx); err != nil {
		return err
	}
	// One card that cannot be edited now must not keep the others stale:
	// edit them all, and report the first failure for the queue to retry.
	var first error
	for _, c := range cards {
		lang := b.chatLanguage(ctx, c.ChatID)
		var text string
		var markup *models.InlineKeyboardMarkup
		q, err := b.cit.QuestionIn(ctx, c.OrgCode, id)
		switch {
		case err == nil && c.OrgCode == org:
			text, markup = b.questionCardFor(ctx, q, lang)
		case err == nil || govmedia.ErrorCode(err) == govmedia.ENOTFOUND:
			text, markup = b.questionGoneCard(ctx, id, org, lang), inline(nil)
		default:
			return err
		}
		err = b.editText(ctx, c.ChatID, int(c.MessageID), text, markup)
		if err != nil && !notModified(err) && !gone(err) && first == nil {
			first = err
		}
	}
	return first
}

// questionGoneCard is what a card says once its unit no longer answers
// the question: to whom it was handed over (or that it is gone: its
// citizen left, its messages were deleted).
func (b *Bot) questionGoneCard(ctx context.Context, id int64, org string, lang govmedia.Language) string {
	return tr(lang, "bot.question.handed_over", "id", id, "org", b.officeName(ctx, org))
}

// questionCardFor renders a question: its account, the citizen's alias,
// when it was asked, its latest messages, where it stands, and, while it
// is not handled, the buttons Reply, Handled, Hand over.
func (b *Bot) questionCardFor(ctx context.Context, q *citizens.Question, lang govmedia.Language) (string, *models.InlineKeyboardMarkup) {
	var s strings.Builder
	s.WriteString(tr(lang, "bot.question.title", "id", q.ID, "state", govmedia.Text("bot.question.state."+string(q.State))) + "\n")
	s.WriteString(tr(lang, "bot.question.account", "account", b.accountName(ctx, lang, q.AccountID)) + "\n")
	s.WriteString(tr(lang, "bot.question.citizen", "alias", citizenAlias(lang, q)) + "\n")
	s.WriteString(tr(lang, "bot.question.asked", "at", govmedia.FormatTime(q.AskedAt)) + "\n")
	msgs := q.Messages
	if len(msgs) > cardMessages {
		s.WriteString("\n" + tr(lang, "bot.question.earlier", "count", len(msgs)-cardMessages))
		msgs = msgs[len(msgs)-cardMessages:]
	}
	for _, m := range msgs {
		s.WriteString("\n" + b.messageLine(lang, q, m))
	}
	if q.State == citizens.Handled {
		s.WriteString("\n\n" + tr(lang, "bot.question.handled", "at", govmedia.FormatTime(q.HandledAt), "by", actorName(lang, q.HandledBy)))
		return s.String(), inline(nil)
	}
	if q.State == citizens.Open {
		s.WriteString("\n\n" + tr(lang, "bot.question.remind_at", "at", govmedia.FormatTime(q.RemindAt)))
	}
	return s.String(), questionButtons(lang, q.ID)
}

func questionButtons(lang govmedia.Language, id int64) *models.InlineKeyboardMarkup {
	return inline([][]models.InlineKeyboardButton{{
		button(tr(lang, "bot.btn.q_reply"), fmt.Sprintf("q:r:%d", id)),
		button(tr(lang, "bot.btn.q_handled"), fmt.Sprintf("q:h:%d", id)),
		button(tr(lang, "bot.btn.q_hand_over"), fmt.Sprintf("q:t:%d", id)),
	}})
}

// messageLine renders one message: the citizen's, or a reply with how its
// send went.
func (b *Bot) messageLine(lang govmedia.Language, q *citizens.Question, m *citizens.Message) string {
	text := cutRunes(m.Text, cardMessageRunes)
	if m.FromCitizen {
		return tr(lang, "bot.question.from_citizen", "alias", citizenAlias(lang, q), "at", govmedia.FormatTime(m.At), "text", text)
	}
	state := govmedia.Text("bot.question.reply." + m.State)
	return tr(lang, "bot.question.from_unit", "name", actorName(lang, m.Author), "at", govmedia.FormatTime(m.At), "text", text, "state", state)
}

// citizenAlias is how staff know a citizen: the alias the service gave
// them, never their openid.
func citizenAlias(lang govmedia.Language, q *citizens.Question) string {
	if q.Follower == nil {
		return govmedia.Print(lang, "bot.question.citizen_gone")
	}
	return q.Follower.Alias
}

// cutRunes keeps at most n characters of s, marking a cut.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
