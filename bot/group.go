package bot

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// reviewChat is an office's review group.
type reviewChat struct {
	bun.BaseModel `bun:"table:review_chats"`

	ChatID  int64  `bun:"chat_id,pk"`
	OrgCode string `bun:"org_code"`
	Title   string `bun:"title"`
	BoundBy string `bun:"bound_by"`
	BoundAt any    `bun:"bound_at"`
}

// onGroupMessage handles what the bot answers in groups: binding, the
// office's queue, and replies giving the reason for a return or rejection.
func (r *request) onGroupMessage() {
	msg := r.u.Message
	if msg.ReplyToMessage != nil && msg.Text != "" {
		if r.reasonReply(msg) {
			return
		}
	}
	if r.strayReason(msg) {
		return
	}
	name, args := command(msg.Text)
	switch name {
	case "bindgroup":
		r.bindGroup(args)
	case "pending":
		r.groupPending()
	case "help", "start":
		r.say(tr(r.lang, "bot.group_help"), nil)
	}
}

// bindGroup makes this group the review chat of the office a review-group
// invite names.
func (r *request) bindGroup(args []string) {
	if r.member == nil {
		r.unbound()
		return
	}
	if len(args) != 1 {
		r.say(tr(r.lang, "bot.bindgroup_usage"), nil)
		return
	}
	title := r.u.Message.Chat.Title
	office, err := r.reg.RedeemGroupInvite(r.ctx, args[0], r.member, func(tx bun.Tx, office *registry.Org) error {
		return BindReviewChat(r.ctx, tx, r.chat, office.Code, title, r.member.Actor(), r.now())
	})
	if err != nil {
		r.fail(err)
		return
	}
	r.say(tr(r.lang, "bot.group_bound", "org", office.Name), nil)
}

// reviewChatOf returns the review group of an office, 0 if it has none.
func (b *Bot) reviewChatOf(ctx context.Context, db bun.IDB, office string) int64 {
	var chat int64
	err := db.NewSelect().Model((*reviewChat)(nil)).Column("chat_id").Where("org_code = ?", office).Scan(ctx, &chat)
	if err != nil {
		return 0
	}
	return chat
}

// officeOfChat returns the office whose review group a chat is.
func (b *Bot) officeOfChat(ctx context.Context, chat int64) string {
	var org string
	_ = b.db.NewSelect().Model((*reviewChat)(nil)).Column("org_code").Where("chat_id = ?", chat).Scan(ctx, &org)
	return org
}

// BindReviewChat makes chat the review group of an office directly, as the
// sandbox and operators' scripts do; in chat, /bindgroup does it.
func BindReviewChat(ctx context.Context, db bun.IDB, chat int64, office, title string, by govmedia.Actor, now any) error {
	_, err := db.NewInsert().Model(&reviewChat{ChatID: chat, OrgCode: office, Title: title, BoundBy: by.String(), BoundAt: now}).
		On("CONFLICT (org_code) DO UPDATE").Set("chat_id = EXCLUDED.chat_id, title = EXCLUDED.title, bound_by = EXCLUDED.bound_by, bound_at = EXCLUDED.bound_at").
		Exec(ctx)
	return err
}
