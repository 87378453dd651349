package bot

import (
	"bytes"
	"context"
	"errors"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia"
)

// Every message the bot sends goes through sendCtx: its text is fitted to
// Telegram's limit, its keyboard cleaned of what Telegram refuses, and it
// waits for the sending limits. A send Telegram still refuses is logged,
// and the person who asked is told why (say).

// say sends an HTML message to the request's chat. When Telegram refuses
// it, the person is told the real cause instead of being left with nothing.
func (r *request) say(text string, markup models.ReplyMarkup) *models.Message {
	m, err := r.sendCtx(r.ctx, r.chat, text, markup)
	if err != nil {
		r.sendFailed(r.chat, err)
	}
	return m
}

// sendCtx sends an HTML message through the rate-limited sender, fitted to
// Telegram's limits.
func (b *Bot) sendCtx(ctx context.Context, chat int64, text string, markup models.ReplyMarkup) (*models.Message, error) {
	return b.sendReply(ctx, chat, text, markup, nil)
}

// sendReply is sendCtx for a message that replies to another (reply nil:
// to none).
func (b *Bot) sendReply(ctx context.Context, chat int64, text string, markup models.ReplyMarkup, reply *models.ReplyParameters) (*models.Message, error) {
	text = fitText(text, maxText, func() string { return tr(b.chatLanguage(ctx, chat), "bot.text_cut") })
	markup = b.cleanMarkup(markup)
	var msg *models.Message
	err := b.sender.Do(ctx, chat, func(ctx context.Context) error {
		var err error
		msg, err = b.api.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: chat, Text: text, ParseMode: models.ParseModeHTML,
			ReplyMarkup: markup, ReplyParameters: reply, LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()}})
		return err
	})
	return msg, err
}

// editText edits a message's text and keyboard in place, fitted to the
// limits as sendCtx fits them.
func (b *Bot) editText(ctx context.Context, chat int64, msg int, text string, markup *models.InlineKeyboardMarkup) error {
	text = fitText(text, maxText, func() string { return tr(b.chatLanguage(ctx, chat), "bot.text_cut") })
	params := &tgbot.EditMessageTextParams{ChatID: chat, MessageID: msg, Text: text, ParseMode: models.ParseModeHTML}
	if m, ok := b.cleanMarkup(markup).(*models.InlineKeyboardMarkup); ok {
		params.ReplyMarkup = m
	} else if markup != nil {
		params.ReplyMarkup = &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}
	}
	_, err := b.api.EditMessageText(ctx, params)
	return err
}

// cleanMarkup drops from an inline keyboard the rows without buttons and
// the buttons whose data is over Telegram's 64 bytes (a bug, logged), and
// sends no keyboard at all rather than one without buttons, which
// Telegram refuses.
func (b *Bot) cleanMarkup(markup models.ReplyMarkup) models.ReplyMarkup {
	m, ok := markup.(*models.InlineKeyboardMarkup)
	if !ok {
		return markup
	}
	if m == nil {
		return nil
	}
	var rows [][]models.InlineKeyboardButton
	for _, row := range m.InlineKeyboard {
		var kept []models.InlineKeyboardButton
		for _, btn := range row {
			if len(btn.CallbackData) > maxCallbackData || btn.Text == "" {
				b.log.Error("a button Telegram would refuse was left out", "data_bytes", len(btn.CallbackData))
				continue
			}
			kept = append(kept, btn)
		}
		if len(kept) > 0 {
			rows = append(rows, kept)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

// sendFailed logs a refused send and tells the person who asked the real
// cause: in an alert for a button press, else in a short plain message.
func (r *request) sendFailed(chat int64, err error) {
	r.log.Warn("telegram refused a message", "chat", chat, "err", redact(err.Error(), r.opts.Token))
	if ctxDone(r.ctx, err) {
		return
	}
	why := tr(r.lang, "bot.send_refused", "cause", refusalCause(r.lang, err))
	if r.u.CallbackQuery != nil && !r.answered {
		r.answer(why, true)
		return
	}
	if unreachable(err) {
		return // nothing can be said in a chat that takes no messages
	}
	if _, err := r.sendCtx(r.ctx, chat, why, nil); err != nil {
		r.log.Warn("telling of a refused message", "chat", chat, "err", redact(err.Error(), r.opts.Token))
	}
}

func ctxDone(ctx context.Context, err error) bool {
	return ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// refusalCause says in the person's words why Telegram refused a message.
func refusalCause(lang govmedia.Language, err error) string {
	s := err.Error()
	for sign, key := range map[string]string{
		"message is too long":         "bot.refused.too_long",
		"can't parse entities":        "bot.refused.format",
		"reply keyboard markup":       "bot.refused.keyboard",
		"inline_keyboard":             "bot.refused.keyboard",
		"BUTTON_DATA_INVALID":         "bot.refused.keyboard",
		"bot was blocked by the user": "bot.refused.blocked",
		"chat not found":              "bot.refused.no_chat",
		"can't initiate conversation": "bot.refused.not_started",
		"bot was kicked":              "bot.refused.kicked",
		"user is deactivated":         "bot.refused.deactivated",
	} {
		if strings.Contains(s, sign) {
			return govmedia.Print(lang, key)
		}
	}
	if wait, ok := RetryAfter(err); ok {
		return govmedia.Print(lang, "bot.refused.busy", "seconds", int(wait.Seconds()))
	}
	return govmedia.Print(lang, "bot.refused.other")
}

// sendPages sends a text too long for one message as several, each
// headed with its page number; a short text goes as it is.
func (r *request) sendPages(chat int64, text string) error {
	header := tr(r.lang, "bot.page_header", "page", 99, "pages", 99)
	parts := pages(text, maxText, visibleLen(header)+1)
	for i, part := range parts {
		if len(parts) > 1 {
			part = tr(r.lang, "bot.page_header", "page", i+1, "pages", len(parts)) + "\n" + part
		}
		if _, err := r.sendCtx(r.ctx, chat, part, nil); err != nil {
			return err
		}
	}
	return nil
}

// sendDocument sends a file with an HTML caption fitted to Telegram's
// 1,024 characters, through the rate-limited sender.
func (b *Bot) sendDocument(ctx context.Context, chat int64, name string, data []byte, caption string) error {
	caption = fitText(caption, maxCaption, func() string { return tr(b.chatLanguage(ctx, chat), "bot.text_cut") })
	return b.sender.Do(ctx, chat, func(ctx context.Context) error {
		_, err := b.api.SendDocument(ctx, &tgbot.SendDocumentParams{ChatID: chat, Caption: caption, ParseMode: models.ParseModeHTML,
			Document: &models.InputFileUpload{Filename: name, Data: bytes.NewReader(data)}})
		return err
	})
}
