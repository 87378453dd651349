package telegramtest_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia/bot/telegramtest"
)

// wantError checks that err is a Bad Request/Forbidden… of the given
// description, as go-telegram reports it.
func wantError(t *testing.T, err, kind error, description string) {
	t.Helper()
	if err == nil || !errors.Is(err, kind) || !strings.HasSuffix(err.Error(), description) {
		t.Fatalf("expected %v with %q, got %v", kind, description, err)
	}
}

func TestHTMLIsValidatedLikeTelegram(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	b, u := newClient(t, s), startedUser(t, s, 5)
	cases := map[string]string{
		"line<br>break":          `Bad Request: can't parse entities: Unsupported start tag "br" at byte offset 4`,
		"1 < 2":                  `Bad Request: can't parse entities: Unsupported start tag "" at byte offset 2`,
		"<b>open":                `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`,
		"<b>x</i>":               `Bad Request: can't parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`,
		"<span>x</span>":         `Bad Request: can't parse entities: Tag "span" must have class "tg-spoiler" at byte offset 0`,
		"<b></b>":                "Bad Request: message text is empty",
		"":                       "Bad Request: message text is empty",
		"<a href=x/>y</a>":       `Bad Request: can't parse entities: Unexpected end of name token at byte offset 8`,
		"<i>tail</i> <b":         `Bad Request: can't parse entities: Unclosed start tag at byte offset 12`,
		"x</b>":                  `Bad Request: can't parse entities: Unexpected end tag at byte offset 1`,
		"<tg-emoji>x</tg-emoji>": "Bad Request: can't parse entities: Invalid custom emoji identifier specified",
	}
	for text, want := range cases {
		_, err := b.SendMessage(withTimeout(t), &bot.SendMessageParams{ChatID: u.ID, Text: text, ParseMode: models.ParseModeHTML})
		wantError(t, err, bot.ErrorBadRequest, want)
	}
	m, err := b.SendMessage(withTimeout(t), &bot.SendMessageParams{ChatID: u.ID, Text: "Tom &amp; Jerry & co &lt;3", ParseMode: models.ParseModeHTML})
	if err != nil || m.Text != "Tom & Jerry & co <3" {
		t.Fatalf("expected escaped and bare ampersands to be kept as text, got %v, %v", m, err)
	}
}

func TestCallbackDataOver64BytesIsRefused(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	b, u := newClient(t, s), startedUser(t, s, 5)
	_, err := b.SendMessage(withTimeout(t), &bot.SendMessageParams{
		ChatID: u.ID, Text: "pick",
		ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{
			{Text: "too long", CallbackData: strings.Repeat("x", 65)},
		}}},
	})
	wantError(t, err, bot.ErrorBadRequest, "Bad Request: BUTTON_DATA_INVALID")
}

func TestPrivateChatsNeedTheUserToWriteFirst(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	b := newClient(t, s)
	silent := s.AddUser(telegramtest.User{ID: 11})
	_, err := b.SendMessage(withTimeout(t), &bot.SendMessageParams{ChatID: silent.ID, Text: "hello"})
	wantError(t, err, bot.ErrorForbidden, "Forbidden: bot can't initiate conversation with a user")

	u := startedUser(t, s, 12)
	if err := s.Block(u.ID); err != nil {
		t.Fatal(err)
	}
	_, err = b.SendMessage(withTimeout(t), &bot.SendMessageParams{ChatID: u.ID, Text: "hello"})
	wantError(t, err, bot.ErrorForbidden, "Forbidden: bot was blocked by the user")

	_, err = b.SendMessage(withTimeout(t), &bot.SendMessageParams{ChatID: 999, Text: "hello"})
	wantError(t, err, bot.ErrorBadRequest, "Bad Request: chat not found")
}

func TestEditsReportMissingAndUnchangedMessages(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	b, u := newClient(t, s), startedUser(t, s, 5)
	ctx := withTimeout(t)
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID, Text: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: u.ID, MessageID: m.ID, Text: "v1"})
	wantError(t, err, bot.ErrorBadRequest, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: u.ID, MessageID: 99, Text: "v2"})
	wantError(t, err, bot.ErrorBadRequest, "Bad Request: message to edit not found")
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: u.ID, MessageID: 1, Text: "v2"})
	wantError(t, err, bot.ErrorBadRequest, "Bad Request: message can't be edited")

	if ok, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: u.ID, MessageID: m.ID}); !ok || err != nil {
		t.Fatalf("expected the delete to succeed, got %v, %v", ok, err)
	}
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: u.ID, MessageID: m.ID, Text: "v2"})
	wantError(t, err, bot.ErrorBadRequest, "Bad Request: message to edit not found")
	view, _ := s.View(u.ID)
	if !view.Messages[m.ID-1].Deleted {
		t.Fatalf("expected message %d to show as deleted, got %+v", m.ID, view.Messages[m.ID-1])
	}
}

func TestACallbackQueryIsAnsweredOnce(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	b, u := newClient(t, s), startedUser(t, s, 5)
	ctx := withTimeout(t)
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID, Text: "pick", ReplyMarkup: &models.InlineKeyboardMarkup{
		InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "A", CallbackData: "a"}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	press, err := s.PressButton(telegramtest.ButtonPress{From: u.ID, MessageID: m.ID, Data: "a"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: press.QueryID}); err != nil {
		t.Fatalf("expected the first answer to succeed, got %v", err)
	}
	_, err = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: press.QueryID})
	wantError(t, err, bot.ErrorBadRequest, "Bad Request: query is too old and response timeout expired or query ID is invalid")
	_, err = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: "nope"})
	wantError(t, err, bot.ErrorBadRequest, "Bad Request: query is too old and response timeout expired or query ID is invalid")
}

func TestWrongTokenIsUnauthorized(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	_, err := bot.New("1:wrong", bot.WithServerURL(s.URL()))
	if !errors.Is(err, bot.ErrorUnauthorized) {
		t.Fatalf("expected Unauthorized for a wrong token, got %v", err)
	}
}
