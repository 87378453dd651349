package bot

import (
	"errors"
	"strings"

	tgbot "github.com/go-telegram/bot"
)

// permanent reports a refusal that sending again cannot change: Telegram
// answered 400 (the message itself is wrong: too long, bad markup), 403
// (the user blocked the bot, the bot was removed from the group) or 404.
// Such a send is given up at once, never retried as a transient failure.
func permanent(err error) bool {
	return err != nil && (errors.Is(err, tgbot.ErrorBadRequest) || errors.Is(err, tgbot.ErrorForbidden) ||
		errors.Is(err, tgbot.ErrorNotFound) || gone(err))
}

// unreachable reports a chat that takes no messages from the bot now.
func unreachable(err error) bool {
	return errors.Is(err, tgbot.ErrorForbidden) || gone(err)
}

// gone reports a chat or message that cannot be written to any more.
func gone(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	for _, sign := range []string{"Forbidden", "chat not found", "message to edit not found", "bot was kicked", "user is deactivated"} {
		if strings.Contains(s, sign) {
			return true
		}
	}
	return false
}
