package bot

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/registry"
)

// request is one update being handled, with who sent it.
type request struct {
	*Bot
	ctx     context.Context
	u       *models.Update
	chat    int64
	private bool
	from    *models.User
	member  *registry.Member // nil when the sender is not bound
	lang    govmedia.Language
}

// handle answers one update. A panic is recovered, logged without the
// update's content, and answered with "nothing was changed".
func (b *Bot) handle(ctx context.Context, u *models.Update) {
	r := b.newRequest(ctx, u)
	if r == nil {
		return
	}
	defer func() {
		if p := recover(); p != nil {
			// The panic's value may hold what the user typed: log its type only.
			b.log.Error("bot handler panicked", "update", u.ID, "panic_type", fmt.Sprintf("%T", p), "stack", string(debug.Stack()))
			r.fail(govmedia.Errorf(govmedia.EINTERNAL, "error.internal"))
		}
	}()
	r.route()
}

func (b *Bot) newRequest(ctx context.Context, u *models.Update) *request {
	r := &request{Bot: b, ctx: ctx, u: u, chat: chatKey(u)}
	switch {
	case u.Message != nil:
		r.from, r.private = u.Message.From, u.Message.Chat.Type == models.ChatTypePrivate
	case u.CallbackQuery != nil:
		r.from = &u.CallbackQuery.From
		r.private = r.chat == u.CallbackQuery.From.ID
	default:
		return nil
	}
	if r.from == nil || r.from.IsBot {
		return nil
	}
	r.lang = govmedia.ParseLanguage(r.from.LanguageCode)
	if m, err := b.reg.MemberByTelegram(ctx, r.from.ID); err == nil {
		r.member, r.lang = m, m.Lang()
	}
	return r
}

// route sends the update to its handler.
func (r *request) route() {
	switch {
	case r.u.CallbackQuery != nil:
		r.onCallback()
	case r.private:
		r.onPrivateMessage()
	default:
		r.onGroupMessage()
	}
}

// command splits "/cmd@bot arg arg" into "cmd" and its arguments.
func command(text string) (string, []string) {
	if !strings.HasPrefix(text, "/") {
		return "", nil
	}
	fields := strings.Fields(text)
	name, _, _ := strings.Cut(strings.TrimPrefix(fields[0], "/"), "@")
	return strings.ToLower(name), fields[1:]
}

// say sends an HTML message to the request's chat.
func (r *request) say(text string, markup models.ReplyMarkup) *models.Message {
	return r.send(r.ctx, r.chat, text, markup)
}

// send sends an HTML message to a chat through the rate-limited sender.
func (b *Bot) send(ctx context.Context, chat int64, text string, markup models.ReplyMarkup) *models.Message {
	m, err := b.sendCtx(ctx, chat, text, markup)
	if err != nil {
		b.log.Warn("sending a message", "chat", chat, "err", redact(err.Error(), b.opts.Token))
	}
	return m
}

func (b *Bot) sendCtx(ctx context.Context, chat int64, text string, markup models.ReplyMarkup) (*models.Message, error) {
	var msg *models.Message
	err := b.sender.Do(ctx, chat, func(ctx context.Context) error {
		var err error
		msg, err = b.api.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: chat, Text: text, ParseMode: models.ParseModeHTML,
			ReplyMarkup: markup, LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()}})
		return err
	})
	return msg, err
}

// fail tells the user what went wrong, as an alert for a button press.
func (r *request) fail(err error) {
	if govmedia.ErrorCode(err) == govmedia.EINTERNAL {
		r.log.Error("bot request failed", "update", r.u.ID, "err", redact(err.Error(), r.opts.Token))
	}
	if r.u.CallbackQuery != nil {
		r.answer(govmedia.ErrorMessage(r.lang, err), true)
		return
	}
	r.say(errorText(r.lang, err), nil)
}

// answer answers the request's button press with a toast or an alert.
func (r *request) answer(text string, alert bool) {
	if r.u.CallbackQuery == nil {
		return
	}
	if len([]rune(text)) > 190 {
		text = string([]rune(text)[:190]) + "…"
	}
	_, err := r.api.AnswerCallbackQuery(r.ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: r.u.CallbackQuery.ID, Text: text, ShowAlert: alert})
	if err != nil {
		r.log.Warn("answering a button", "err", redact(err.Error(), r.opts.Token))
	}
}
