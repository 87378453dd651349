package bot

import (
	"context"

	tgbot "github.com/go-telegram/bot"
	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
	"govmedia/registry"
)

// postedCard is a card the bot posted, to be edited as its application moves.
type postedCard struct {
	bun.BaseModel `bun:"table:bot_cards"`

	ID            int64 `bun:"id,pk,autoincrement"`
	ApplicationID int64 `bun:"application_id"`
	StepID        int64 `bun:"step_id,nullzero"`
	ChatID        int64 `bun:"chat_id"`
	MessageID     int64 `bun:"message_id"`
	CreatedAt     any   `bun:"created_at"`
}

// cardChats are where a step's card goes: the office's review group, or,
// without one, the private chats of those who may decide it.
func (b *Bot) cardChats(ctx context.Context, step *approvals.Step) ([]int64, error) {
	if chat := b.reviewChatOf(ctx, b.db, step.OfficeOrg); chat != 0 {
		return []int64{chat}, nil
	}
	roles := []registry.Role{registry.Approver}
	switch step.DeciderRole {
	case registry.Reviewer:
		roles = append(roles, registry.Reviewer)
	case registry.Guide:
		roles = []registry.Role{registry.Guide} // a guiding department's guides
	}
	members, err := registry.MembersWithRole(ctx, b.db, step.OfficeOrg, roles...)
	chats := make([]int64, len(members))
	for i, m := range members {
		chats[i] = m.TelegramUserID
	}
	return chats, err
}

// postCard posts the card of a pending step to its chats, once per chat.
func (b *Bot) postCard(ctx context.Context, appID, stepID int64) error {
	app, err := b.engine.Application(ctx, appID)
	if err != nil {
		return err
	}
	step := stepOf(app, stepID)
	if step == nil || step.State != approvals.StepPending {
		return nil // decided or withdrawn before the card went out
	}
	chats, err := b.cardChats(ctx, step)
	if err != nil {
		return err
	}
	for _, chat := range chats {
		err := b.postCardTo(ctx, app, step, chat)
		if gone(err) {
			b.log.Warn("a decider's chat is unreachable; card not posted there", "chat", chat)
			continue
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (b *Bot) postCardTo(ctx context.Context, app *approvals.Application, step *approvals.Step, chat int64) error {
	exists, err := b.db.NewSelect().Model((*postedCard)(nil)).Where("step_id = ? AND chat_id = ?", step.ID, chat).Exists(ctx)
	if err != nil || exists {
		return err
	}
	text, markup := b.cardIn(ctx, app, step, chat)
	msg, err := b.sendCtx(ctx, chat, text, markup)
	if err != nil {
		return err
	}
	_, err = b.db.NewInsert().Model(&postedCard{ApplicationID: app.ID, StepID: step.ID, ChatID: chat,
		MessageID: int64(msg.ID), CreatedAt: b.now()}).On("CONFLICT DO NOTHING").Exec(ctx)
	if err != nil {
		return err
	}
	return b.redrawCardIfMoved(ctx, app.ID, step.ID, chat, msg.ID, text)
}

// redrawCardIfMoved redraws a card just recorded if its application moved
// while it was being sent: a decision pressed on the card as soon as it
// showed found no card to redraw, since the card is recorded only once
// Telegram has it. Recorded first, read again after: whichever comes
// last, the decision's redraw or this read, sees the other.
func (b *Bot) redrawCardIfMoved(ctx context.Context, appID, stepID, chat int64, msg int, sent string) error {
	app, err := b.engine.Application(ctx, appID)
	if err != nil {
		return err
	}
	text, markup := b.cardIn(ctx, app, stepOf(app, stepID), chat)
	if text == sent {
		return nil
	}
	if err := b.editText(ctx, chat, msg, text, markup); err != nil && !notModified(err) && !gone(err) {
		return err
	}
	return nil
}

// trackCard makes msg the card of a step in chat that the bot keeps up to
// date; the one it kept there before, if any, loses its buttons, so that
// no stale card is left to press.
func (b *Bot) trackCard(ctx context.Context, appID, stepID, chat int64, msg int) error {
	old := new(postedCard)
	err := b.db.NewSelect().Model(old).Where("step_id = ? AND chat_id = ?", stepID, chat).Scan(ctx)
	switch {
	case isNoRows(err):
		_, err = b.db.NewInsert().Model(&postedCard{ApplicationID: appID, StepID: stepID, ChatID: chat, MessageID: int64(msg),
			CreatedAt: b.now()}).On("CONFLICT DO NOTHING").Exec(ctx)
		return err
	case err != nil:
		return err
	}
	if _, err := b.db.NewUpdate().Model(old).Set("message_id = ?", msg).WherePK().Exec(ctx); err != nil {
		return err
	}
	_, err = b.api.EditMessageReplyMarkup(ctx, &tgbot.EditMessageReplyMarkupParams{ChatID: chat, MessageID: int(old.MessageID)})
	if notModified(err) || gone(err) {
		return nil
	}
	return err
}

// refreshApplicationCards redraws every card of an application.
func (b *Bot) refreshApplicationCards(ctx context.Context, appID int64) error {
	var cards []postedCard
	if err := b.db.NewSelect().Model(&cards).Where("application_id = ?", appID).Scan(ctx); err != nil {
		return err
	}
	if len(cards) == 0 {
		return nil
	}
	app, err := b.engine.Application(ctx, appID)
	if err != nil {
		return err
	}
	// One card that cannot be edited now must not keep the others stale:
	// edit them all, and report the first failure for the queue to retry.
	var first error
	for _, c := range cards {
		text, markup := b.cardIn(ctx, app, stepOf(app, c.StepID), c.ChatID)
		err := b.editText(ctx, c.ChatID, int(c.MessageID), text, markup)
		if err != nil && !notModified(err) && !gone(err) && first == nil {
			first = err
		}
	}
	return first
}

func stepOf(app *approvals.Application, id int64) *approvals.Step {
	for _, s := range app.Steps {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// chatLanguage is the language to write to a chat in: a member's own for
// a private chat, Chinese for groups.
func (b *Bot) chatLanguage(ctx context.Context, chat int64) govmedia.Language {
	if chat < 0 {
		return govmedia.Chinese
	}
	if m, err := b.reg.MemberByTelegram(ctx, chat); err == nil {
		return m.Lang()
	}
	return govmedia.Chinese
}
