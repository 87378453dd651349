package telegramtest_test

import (
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia/bot/telegramtest"
)

func TestTheHumanSeesReplyKeyboardsAndChatActions(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	b, u := newClient(t, s), startedUser(t, s, 5)
	ctx := withTimeout(t)
	if _, err := b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: u.ID, Action: models.ChatActionTyping}); err != nil {
		t.Fatal(err)
	}
	if view, _ := s.View(u.ID); view.Action != "typing" {
		t.Fatalf("expected the bot to show \"typing\", got %q", view.Action)
	}
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID, Text: "Choose", ReplyMarkup: &models.ReplyKeyboardMarkup{
		Keyboard: [][]models.KeyboardButton{{{Text: "News"}, {Text: "Help"}}}, OneTimeKeyboard: true,
	}})
	if err != nil {
		t.Fatal(err)
	}
	view, _ := s.View(u.ID)
	if view.Action != "" || view.Keyboard == nil || view.Keyboard.Keyboard[0][1].Text != "Help" {
		t.Fatalf("expected the action gone and the News/Help keyboard shown, got %q %+v", view.Action, view.Keyboard)
	}
	if _, err := s.SendText(u.ID, u.ID, "News"); err != nil {
		t.Fatal(err)
	}
	if view, _ := s.View(u.ID); view.Keyboard != nil {
		t.Fatalf("expected the one-time keyboard hidden after use, got %+v", view.Keyboard)
	}
}
