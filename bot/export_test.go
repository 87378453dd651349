package bot

import (
	"context"
	"slices"
	"sort"

	"govmedia/catalog"
)

// CallbackVerbs lists the prefixes of every button's data, for the tests
// that forge them.
func CallbackVerbs() []string {
	out := make([]string, 0, len(callbackHandlers))
	for v := range callbackHandlers {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// CatalogForTest is the catalog the bot fronts.
func (b *Bot) CatalogForTest() *catalog.Catalog { return b.cat }

// PrivateCommands are the commands of the bot's private chats.
func PrivateCommands() []string { return slices.Clone(privateCommands) }

// SendDocumentForTest sends a file as the bot's outbox does.
func (b *Bot) SendDocumentForTest(ctx context.Context, chat int64, name string, data []byte, caption string) error {
	return b.sendDocument(ctx, chat, name, data, caption)
}
