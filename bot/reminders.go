package bot

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
)

// remindOverdue reminds each office of its steps past their deadline, once,
// and raises a step left past twice its time with the next office up.
func (b *Bot) remindOverdue(ctx context.Context) error {
	now := b.engine.Now()
	steps, err := b.engine.Overdue(ctx, now)
	if err != nil {
		return err
	}
	for _, s := range steps {
		if s.RemindedAt.IsZero() {
			if err := b.remind(ctx, s); err != nil {
				return err
			}
		}
		if s.EscalatedAt.IsZero() && now.After(s.DueAt.Add(s.DueAt.Sub(s.StartedAt))) {
			if err := b.escalate(ctx, s); err != nil {
				return err
			}
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
	return b.markAndQueue(ctx, b.engine.MarkReminded, s.ID, notes)
}

// escalate tells the next office in the chain (the city office, for the
// last step, is told nothing more: there is no one above it).
func (b *Bot) escalate(ctx context.Context, s *approvals.Step) error {
	app, err := b.engine.Application(ctx, s.ApplicationID)
	if err != nil {
		return err
	}
	var notes []notifyArgs
	for _, above := range app.CurrentSteps() {
		if above.Position != s.Position+1 {
			continue
		}
		chats, err := b.cardChats(ctx, above)
		if err != nil {
			return err
		}
		for _, chat := range chats {
			notes = append(notes, notifyArgs{ChatID: chat, Text: tr(b.chatLanguage(ctx, chat), "bot.escalate", "id", s.ApplicationID,
				"office", b.officeName(ctx, s.OfficeOrg), "due", formatDue(s))})
		}
	}
	return b.markAndQueue(ctx, b.engine.MarkEscalated, s.ID, notes)
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
