package bot

import (
	"context"

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
	first, err := b.engine.MarkReminded(ctx, s.ID)
	if err != nil || !first {
		return err
	}
	chats, err := b.cardChats(ctx, s)
	if err != nil {
		return err
	}
	for _, chat := range chats {
		text := tr(b.chatLanguage(ctx, chat), "bot.remind", "id", s.ApplicationID, "due", formatDue(s))
		if _, err := b.queue.Insert(ctx, notifyArgs{ChatID: chat, Text: text}, nil); err != nil {
			return err
		}
	}
	return nil
}

// escalate tells the next office in the chain (the city office, for the
// last step, is told nothing more: there is no one above it).
func (b *Bot) escalate(ctx context.Context, s *approvals.Step) error {
	app, err := b.engine.Application(ctx, s.ApplicationID)
	if err != nil {
		return err
	}
	var above *approvals.Step
	for _, st := range app.CurrentSteps() {
		if st.Position == s.Position+1 {
			above = st
		}
	}
	first, err := b.engine.MarkEscalated(ctx, s.ID)
	if err != nil || !first || above == nil {
		return err
	}
	chats, err := b.cardChats(ctx, above)
	if err != nil {
		return err
	}
	for _, chat := range chats {
		text := tr(b.chatLanguage(ctx, chat), "bot.escalate", "id", s.ApplicationID, "office", b.officeName(ctx, s.OfficeOrg), "due", formatDue(s))
		if _, err := b.queue.Insert(ctx, notifyArgs{ChatID: chat, Text: text}, nil); err != nil {
			return err
		}
	}
	return nil
}

func formatDue(s *approvals.Step) string { return govmedia.FormatTime(s.DueAt) }
