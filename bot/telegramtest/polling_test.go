package telegramtest_test

import (
	"context"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia/bot/telegramtest"
)

func TestLongPollingReceivesAUsersCommand(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	updates := make(chan *models.Update, 8)
	startBot(t, s, updates)
	u := s.AddUser(telegramtest.User{ID: 42, FirstName: "Ann", LanguageCode: "zh"})

	if _, err := s.SendText(u.ID, u.ID, "/start CODE7"); err != nil {
		t.Fatal(err)
	}

	got := receive(t, updates)
	if got.Message == nil || got.Message.Text != "/start CODE7" {
		t.Fatalf("expected the message \"/start CODE7\", got %+v", got)
	}
	ents := got.Message.Entities
	if len(ents) != 1 || ents[0].Type != models.MessageEntityTypeBotCommand || ents[0].Offset != 0 || ents[0].Length != 6 {
		t.Fatalf("expected one bot_command entity over \"/start\", got %+v", ents)
	}
	if got.Message.From.ID != 42 || got.Message.From.LanguageCode != "zh" || got.Message.Chat.Type != "private" {
		t.Fatalf("expected from user 42 (zh) in a private chat, got %+v in %+v", got.Message.From, got.Message.Chat)
	}
}

func TestHandlersSendEditAndAnswerAsTheHumanSees(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	b := startBot(t, s, nil)
	b.RegisterHandler(bot.HandlerTypeMessageText, "start", bot.MatchTypeCommand, func(ctx context.Context, b *bot.Bot, u *models.Update) {
		_, _ = b.SendMessage(ctx, &bot.SendMessageParams{
			ChatID: u.Message.Chat.ID, Text: "Apply for <b>Account</b>?", ParseMode: models.ParseModeHTML,
			ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{
				{Text: "Yes", CallbackData: "apply:1"}, {Text: "No", CallbackData: "cancel:1"},
			}}},
		})
	})
	b.RegisterHandler(bot.HandlerTypeCallbackQueryData, "apply:", bot.MatchTypePrefix, func(ctx context.Context, b *bot.Bot, u *models.Update) {
		msg := u.CallbackQuery.Message.Message
		_, _ = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: msg.Chat.ID, MessageID: msg.ID, Text: "Applied."})
		_, _ = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: u.CallbackQuery.ID, Text: "Saved", ShowAlert: true})
	})
	u := s.AddUser(telegramtest.User{ID: 7, FirstName: "Ann"})
	if _, err := s.SendText(u.ID, u.ID, "/start"); err != nil {
		t.Fatal(err)
	}

	msgs, err := s.WaitFor(withTimeout(t), u.ID, func(m []telegramtest.Bubble) bool { return len(m) == 2 })
	if err != nil {
		t.Fatal(err)
	}
	card := msgs[1]
	if !card.FromBot || card.Text != "Apply for Account?" || card.ParseMode != "HTML" || card.Source != "Apply for <b>Account</b>?" {
		t.Fatalf("expected the bot's HTML card, got %+v", card)
	}
	if len(card.Entities) != 1 || card.Entities[0].Type != "bold" || card.Entities[0].Offset != 10 || card.Entities[0].Length != 7 {
		t.Fatalf("expected bold over \"Account\", got %+v", card.Entities)
	}
	if _, err := s.PressButton(telegramtest.ButtonPress{From: u.ID, MessageID: card.MessageID, Text: "Yes"}); err != nil {
		t.Fatal(err)
	}

	msgs, err = s.WaitFor(withTimeout(t), u.ID, func(m []telegramtest.Bubble) bool {
		return len(m[1].Presses) == 1 && m[1].Presses[0].Answered && m[1].Edits == 1
	})
	if err != nil {
		t.Fatal(err)
	}
	card = msgs[1]
	if card.Text != "Applied." || card.Markup != nil {
		t.Fatalf("expected the card edited to \"Applied.\" without keyboard, got %q with %+v", card.Text, card.Markup)
	}
	if p := card.Presses[0]; p.Data != "apply:1" || p.Text != "Saved" || !p.ShowAlert {
		t.Fatalf("expected the press of apply:1 answered with alert \"Saved\", got %+v", p)
	}
}

func TestForceReplyPromptGetsTheHumansReply(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	updates := make(chan *models.Update, 8)
	b := startBot(t, s, updates)
	u := startedUser(t, s, 9)
	receive(t, updates)

	prompt, err := b.SendMessage(withTimeout(t), &bot.SendMessageParams{
		ChatID: u.ID, Text: "Your name?", ReplyMarkup: &models.ForceReply{ForceReply: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	view, _ := s.View(u.ID)
	if view.ForceReply != prompt.ID {
		t.Fatalf("expected the human to be prompted to reply to %d, got %d", prompt.ID, view.ForceReply)
	}
	if _, err := s.Reply(u.ID, u.ID, prompt.ID, "Ann Lee"); err != nil {
		t.Fatal(err)
	}

	got := receive(t, updates)
	if got.Message.ReplyToMessage == nil || got.Message.ReplyToMessage.ID != prompt.ID || got.Message.Text != "Ann Lee" {
		t.Fatalf("expected \"Ann Lee\" replying to %d, got %+v", prompt.ID, got.Message)
	}
	if got.Message.ReplyToMessage.From == nil || !got.Message.ReplyToMessage.From.IsBot {
		t.Fatalf("expected the replied-to message to come from the bot, got %+v", got.Message.ReplyToMessage.From)
	}
}
