package bot

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia/oversight"
)

// TellOversight renders an oversight event as the listener does, in tx.
func (b *Bot) TellOversight(ctx context.Context, tx bun.Tx, ev oversight.Event) error {
	return b.onOversightEvent(ctx, tx, ev)
}
