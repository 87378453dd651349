package telegramtest_test

import (
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia/bot/telegramtest"
)

func TestPrivacyModeHidesGroupChatterButNotCommands(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	updates := make(chan *models.Update, 8)
	startBot(t, s, updates)
	s.AddUser(telegramtest.User{ID: 5})
	s.AddUser(telegramtest.User{ID: 6})
	g, err := s.AddGroup(telegramtest.Group{Title: "Desk", Creator: 5})
	if err != nil {
		t.Fatal(err)
	}

	for _, text := range []string{"just chatting", "/status@other_bot", "/status@test_bot"} {
		if _, err := s.SendText(g.ID, 5, text); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Join(g.ID, 6); err != nil {
		t.Fatal(err)
	}

	if got := receive(t, updates).Message; got.Text != "/status@test_bot" || got.Chat.Type != "group" {
		t.Fatalf("expected only the command for this bot to arrive first, got %+v", got)
	}
	if got := receive(t, updates).Message; len(got.NewChatMembers) != 1 || got.NewChatMembers[0].ID != 6 {
		t.Fatalf("expected the new_chat_members service message, got %+v", got)
	}
	view, _ := s.View(g.ID)
	if len(view.Messages) != 4 {
		t.Fatalf("expected the human to see all 4 messages, got %d", len(view.Messages))
	}
}

func TestGetChatMemberReportsGroupStatuses(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	b := newClient(t, s)
	for _, id := range []int64{5, 6, 7} {
		s.AddUser(telegramtest.User{ID: id})
	}
	g, err := s.AddGroup(telegramtest.Group{Title: "Desk", Creator: 5, Admins: []int64{6}, Members: []int64{7}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Leave(g.ID, 7); err != nil {
		t.Fatal(err)
	}
	want := map[int64]models.ChatMemberType{5: "creator", 6: "administrator", 7: "left"}
	for id, status := range want {
		m, err := b.GetChatMember(withTimeout(t), &bot.GetChatMemberParams{ChatID: g.ID, UserID: id})
		if err != nil {
			t.Fatal(err)
		}
		if m.Type != status {
			t.Fatalf("expected user %d to be %s, got %s", id, status, m.Type)
		}
	}
	chat, err := b.GetChat(withTimeout(t), &bot.GetChatParams{ChatID: g.ID})
	if err != nil || chat.Title != "Desk" || chat.Type != "group" {
		t.Fatalf("expected getChat to describe the group, got %+v, %v", chat, err)
	}
}
