package bot

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// onAccountClosed tells the host unit's people, inside the transaction
// that closed the account at the end of its notice, that it is closed and
// who takes over.
func (b *Bot) onAccountClosed(ctx context.Context, tx bun.Tx, a *registry.Account) error {
	members, err := registry.MembersWithRole(ctx, tx, a.HostOrg, registry.Operator, registry.Admin)
	if err != nil {
		return err
	}
	successor := ""
	if a.SuccessorID != 0 {
		if s, err := registry.AccountByID(ctx, tx, a.SuccessorID); err == nil {
			successor = s.Name
		}
	}
	for _, m := range members {
		lang := m.Lang()
		text := tr(lang, "bot.closed.note", "account", a.Label(lang), "at", govmedia.FormatTime(a.ClosingUntil))
		if successor != "" {
			text += "\n" + tr(lang, "bot.closed.successor", "successor", successor)
		}
		if err := b.queue.InsertTx(ctx, tx, notifyArgs{ChatID: m.TelegramUserID, Text: text}, nil); err != nil {
			return err
		}
	}
	return nil
}
