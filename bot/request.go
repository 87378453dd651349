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
	// answered: the button press has had its one answer (a toast or alert).
	answered bool
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

// fail tells the user what went wrong: in an alert for a button press
// not answered yet, else in a message. A press already answered (a slow
// step answers first, then works) or a reason too long for an alert is
// told in the chat, so that no failure goes unsaid.
func (r *request) fail(err error) {
	r.refusedError(err)
	if govmedia.ErrorCode(err) == govmedia.EINTERNAL {
		r.log.Error("bot request failed", "update", r.u.ID, "err", redact(err.Error(), r.opts.Token))
	}
	msg := govmedia.ErrorMessage(r.lang, err)
	if r.u.CallbackQuery != nil && !r.answered && len([]rune(msg)) <= maxAlert {
		r.answer(msg, true)
		return
	}
	r.answer("", false)
	r.say(errorText(r.lang, err), nil)
}

// maxAlert is how long an alert may be: Telegram shows up to 200
// characters.
const maxAlert = 190

// answer answers the request's button press with a toast or an alert.
func (r *request) answer(text string, alert bool) {
	if r.u.CallbackQuery == nil || r.answered {
		return
	}
	r.answered = true
	if len([]rune(text)) > maxAlert {
		text = string([]rune(text)[:maxAlert]) + "…"
	}
	_, err := r.api.AnswerCallbackQuery(r.ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: r.u.CallbackQuery.ID, Text: text, ShowAlert: alert})
	if err != nil {
		r.log.Warn("answering a button", "err", redact(err.Error(), r.opts.Token))
	}
}
