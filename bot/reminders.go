package bot

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
	"govmedia/registry"
)

// remindOverdue reminds each office of its steps past their deadline, once
// each working day in office hours, and raises a step left past twice its
// time with the office above (approvals.RemindersDue decides which and
// when; approvals.EscalationOf to whom).
func (b *Bot) remindOverdue(ctx context.Context) error {
	remind, escalate, err := b.engine.RemindersDue(ctx, b.engine.Now())
	if err != nil {
		return err
	}
	for _, s := range remind {
		if err := b.remind(ctx, s); err != nil {
			return err
		}
	}
	for _, s := range escalate {
		if err := b.escalate(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

func (b *Bot) remind(ctx context.Context, s *approvals.Step) error {
	chats, err := b.cardChats(ctx, s)
	if err != nil {
		return err
	}
	notes := make([]notifyArgs, len(chats))
	for i, chat := range chats {
		notes[i] = notifyArgs{ChatID: chat, Text: tr(b.chatLanguage(ctx, chat), "bot.remind", "id", s.ApplicationID, "due", formatDue(s))}
	}
	return b.markAndQueue(ctx, b.engine.MarkRemindedToday, s.ID, notes)
}

// escalate tells the office above the step's office (its review chat, or
// its deciders), or, for the city office's own steps, that office's admins.
func (b *Bot) escalate(ctx context.Context, s *approvals.Step) error {
	org, admins, err := approvals.EscalationOf(ctx, b.db, s)
	if err != nil {
		return err
	}
	chats, err := b.escalationChats(ctx, org, admins)
	if err != nil {
		return err
	}
	notes := make([]notifyArgs, len(chats))
	for i, chat := range chats {
		notes[i] = notifyArgs{ChatID: chat, Text: tr(b.chatLanguage(ctx, chat), "bot.escalate", "id", s.ApplicationID,
			"office", b.officeName(ctx, s.OfficeOrg), "due", formatDue(s))}
	}
	return b.markAndQueue(ctx, b.engine.MarkEscalated, s.ID, notes)
}

// escalationChats are where an escalation to org is told: its admins in
// private, or the chats its cards go to.
func (b *Bot) escalationChats(ctx context.Context, org string, admins bool) ([]int64, error) {
	if !admins {
		return b.cardChats(ctx, &approvals.Step{OfficeOrg: org, DeciderRole: registry.Reviewer})
	}
	members, err := registry.MembersWithRole(ctx, b.db, org, registry.Admin)
	chats := make([]int64, len(members))
	for i, m := range members {
		chats[i] = m.TelegramUserID
	}
	return chats, err
}

// markAndQueue marks a step reminded or escalated and queues its notes in
// one transaction: a note is queued if and only if the mark is recorded,
// so that a crash or a failed insert neither loses it nor sends it twice.
// The notes are written before, outside it, so that the transaction reads
// nothing through the pool while it holds the step's row.
func (b *Bot) markAndQueue(ctx context.Context, mark func(context.Context, bun.IDB, int64) (bool, error), stepID int64, notes []notifyArgs) error {
	return b.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		first, err := mark(ctx, tx, stepID)
		if err != nil || !first {
			return err
		}
		for _, n := range notes {
			if err := b.queue.InsertTx(ctx, tx, n, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

func formatDue(s *approvals.Step) string { return govmedia.FormatTime(s.DueAt) }
