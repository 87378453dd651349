package sandbox_test

import (
	"context"
	"fmt"
	"html"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia/bot/telegramtest"
)

// The simulated people and the review group of the browser test.
const (
	operatorID  = 1001
	reviewerID  = 1002
	reviewGroup = -1001
)

// startEchoBot runs a small go-telegram bot against the stand-in until the
// test ends. It greets /start with a reply keyboard, answers a text with
// an HTML card with two buttons, edits
// the card when a button is pressed (answering with an alert for 通过 and
// a toast for 退回) and tells the review group; it prompts for a reason on
// /reason (force reply), acknowledges a reply and a file, and on /clean
// deletes its last message.
func startEchoBot(t *testing.T, s *telegramtest.Server) {
	t.Helper()
	e := &echoBot{last: map[int64]int{}}
	b, err := bot.New(s.Token(), bot.WithServerURL(s.URL()), bot.WithNotAsyncHandlers(),
		bot.WithErrorsHandler(func(err error) { t.Logf("echo bot: %v", err) }),
		bot.WithDefaultHandler(e.handle))
	if err != nil {
		t.Fatalf("echo bot against the stand-in: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{
		{Command: "start", Description: "开始 / Start"},
		{Command: "reason", Description: "填写理由 / Give a reason"},
		{Command: "clean", Description: "删除上一条 / Delete the last message"},
	}}); err != nil {
		t.Fatalf("setMyCommands: %v", err)
	}
	done := make(chan struct{})
	go func() {
		b.Start(ctx)
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

// echoBot remembers its last message in each chat, for /clean.
type echoBot struct {
	last map[int64]int
}

func (e *echoBot) handle(ctx context.Context, b *bot.Bot, u *models.Update) {
	switch {
	case u.CallbackQuery != nil:
		e.decide(ctx, b, u.CallbackQuery)
	case u.Message == nil:
	case u.Message.Document != nil:
		d := u.Message.Document
		e.send(ctx, b, u.Message.Chat.ID, fmt.Sprintf("收到文件 / Got a file: <code>%s</code> (%d bytes)", html.EscapeString(d.FileName), d.FileSize), nil)
	case u.Message.Text == "/clean":
		if id := e.last[u.Message.Chat.ID]; id != 0 {
			_, _ = b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: u.Message.Chat.ID, MessageID: id})
		}
	case u.Message.Text == "/start":
		e.send(ctx, b, u.Message.Chat.ID, "欢迎使用 <b>政务新媒体</b> / Welcome", &models.ReplyKeyboardMarkup{
			Keyboard:       [][]models.KeyboardButton{{{Text: "申请开设 / Apply"}, {Text: "我的申请 / Mine"}}},
			ResizeKeyboard: true,
		})
	case u.Message.Text == "我的申请 / Mine":
		e.send(ctx, b, u.Message.Chat.ID, "您没有待办申请 / Nothing open", &models.ReplyKeyboardRemove{RemoveKeyboard: true})
	case u.Message.Text == "/reason":
		e.send(ctx, b, u.Message.Chat.ID, "请说明退回理由 / Why return it?", &models.ForceReply{ForceReply: true, InputFieldPlaceholder: "理由 / reason"})
	case u.Message.ReplyToMessage != nil:
		e.send(ctx, b, u.Message.Chat.ID, "已收到理由 / Reason received: <i>"+html.EscapeString(u.Message.Text)+"</i>", nil)
	default:
		e.send(ctx, b, u.Message.Chat.ID, card(u.Message.Text, "<i>待审核 pending</i>"), &models.InlineKeyboardMarkup{
			InlineKeyboard: [][]models.InlineKeyboardButton{{
				{Text: "✅ 通过 Approve", CallbackData: "approve"},
				{Text: "↩️ 退回 Return", CallbackData: "return"},
			}, {
				{Text: "办事指南 Guide", URL: "https://example.gov.cn/guide"},
			}},
		})
	}
}

// card is the application card: the applicant's words (escaped), a state
// and the formatting a real card uses.
func card(words, state string) string {
	return strings.Join([]string{
		"<b>开设申请 / Application</b> #7",
		"<blockquote>" + html.EscapeString(words) + "</blockquote>",
		"状态 / State: " + state,
		"联系电话 <tg-spoiler>0871-6361 0000</tg-spoiler> · <a href=\"https://example.gov.cn/a?x=1&amp;y=2\">详情 details</a>",
		"<pre><code class=\"language-json\">{\"platform\": \"wechat\"}</code></pre>",
	}, "\n")
}

// decide edits the card after a press and answers the press.
func (e *echoBot) decide(ctx context.Context, b *bot.Bot, q *models.CallbackQuery) {
	msg := q.Message.Message
	words := ""
	if i := strings.Index(msg.Text, "\n"); i >= 0 {
		words = strings.SplitN(msg.Text[i+1:], "\n", 2)[0]
	}
	answer := &bot.AnswerCallbackQueryParams{CallbackQueryID: q.ID}
	state := "<b>已通过 approved</b>"
	if q.Data == "approve" {
		answer.Text, answer.ShowAlert = "已通过 / Approved", true
		e.send(ctx, b, reviewGroup, "五华区教育体育局的申请 #7 <b>已通过</b> / approved", nil)
	} else {
		state, answer.Text = "<s>待审核</s> <b>已退回 returned</b>", "已退回 / Returned"
	}
	if _, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{
		ChatID: msg.Chat.ID, MessageID: msg.ID, Text: card(words, state), ParseMode: models.ParseModeHTML,
	}); err != nil {
		answer.Text, answer.ShowAlert = err.Error(), true
	}
	_, _ = b.AnswerCallbackQuery(ctx, answer)
}

// send posts an HTML message and remembers it.
func (e *echoBot) send(ctx context.Context, b *bot.Bot, chatID int64, text string, markup models.ReplyMarkup) {
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chatID, Text: text, ParseMode: models.ParseModeHTML, ReplyMarkup: markup})
	if err == nil {
		e.last[chatID] = m.ID
	}
}
