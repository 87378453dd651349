package telegramtest_test

import (
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia/bot/telegramtest"
)

func TestCommandsAreKeptPerScopeAndLanguage(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	b := newClient(t, s)
	zh := s.AddUser(telegramtest.User{ID: 5, LanguageCode: "zh"})
	en := s.AddUser(telegramtest.User{ID: 6, LanguageCode: "en"})
	ctx := withTimeout(t)
	sets := []*bot.SetMyCommandsParams{
		{Commands: []models.BotCommand{{Command: "start", Description: "Start"}}},
		{Commands: []models.BotCommand{{Command: "start", Description: "开始"}}, LanguageCode: "zh"},
		{Commands: []models.BotCommand{{Command: "apply", Description: "Apply"}}, Scope: &models.BotCommandScopeAllPrivateChats{}},
	}
	for _, p := range sets {
		if _, err := b.SetMyCommands(ctx, p); err != nil {
			t.Fatal(err)
		}
	}

	got, err := b.GetMyCommands(ctx, &bot.GetMyCommandsParams{LanguageCode: "zh"})
	if err != nil || len(got) != 1 || got[0].Description != "开始" {
		t.Fatalf("expected the zh default list, got %+v, %v", got, err)
	}
	menu, _ := s.CommandsFor(en.ID, en.ID)
	if len(menu) != 1 || menu[0].Command != "apply" {
		t.Fatalf("expected the private-chats scope to win in a private chat, got %+v", menu)
	}
	if _, err := b.DeleteMyCommands(ctx, &bot.DeleteMyCommandsParams{Scope: &models.BotCommandScopeAllPrivateChats{}}); err != nil {
		t.Fatal(err)
	}
	menu, _ = s.CommandsFor(zh.ID, zh.ID)
	if len(menu) != 1 || menu[0].Description != "开始" {
		t.Fatalf("expected the zh default list after deleting the narrower scope, got %+v", menu)
	}
	_, err = b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "Bad-Name", Description: "x"}}})
	wantError(t, err, bot.ErrorBadRequest, "Bad Request: BOT_COMMAND_INVALID")
}
