package telegramtest_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia/bot/telegramtest"
)

// sandbox calls a /_sandbox route with a JSON body and decodes the answer.
func sandbox(t *testing.T, s *telegramtest.Server, method, path string, in, out any) {
	t.Helper()
	var body bytes.Buffer
	if in != nil {
		_ = json.NewEncoder(&body).Encode(in)
	}
	req, _ := http.NewRequest(method, s.URL()+"/_sandbox/"+path, &body)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e struct{ Error string }
		_ = json.NewDecoder(resp.Body).Decode(&e)
		t.Fatalf("expected %s %s to succeed, got %d %s", method, path, resp.StatusCode, e.Error)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatal(err)
		}
	}
}

func TestASandboxPageCanChatWithTheBot(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	b := startBot(t, s, nil)
	var user telegramtest.User
	sandbox(t, s, "POST", "users", telegramtest.User{FirstName: "Web", Username: "web"}, &user)
	chat := strconv.FormatInt(user.ID, 10)
	var start struct{ Next int64 }
	sandbox(t, s, "GET", "events?timeout=0", nil, &start)

	var sent telegramtest.Message
	sandbox(t, s, "POST", "chats/"+chat+"/messages", map[string]any{"from": user.ID, "text": "/start"}, &sent)
	if sent.MessageID != 1 || sent.Entities[0].Type != "bot_command" {
		t.Fatalf("expected message 1 with a bot_command entity, got %+v", sent)
	}
	var evs struct {
		Events []telegramtest.Event
		Next   int64
	}
	sandbox(t, s, "GET", "events?since="+strconv.FormatInt(start.Next, 10), nil, &evs)
	if len(evs.Events) == 0 || evs.Events[0].Kind != telegramtest.EventMessage || evs.Next <= start.Next {
		t.Fatalf("expected a message event after %d, got %+v", start.Next, evs)
	}

	if _, err := b.SendMessage(withTimeout(t), &bot.SendMessageParams{ChatID: user.ID, Text: "Welcome", ReplyMarkup: &models.InlineKeyboardMarkup{
		InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Menu", CallbackData: "menu"}}},
	}}); err != nil {
		t.Fatal(err)
	}
	var view telegramtest.ChatView
	sandbox(t, s, "GET", "chats/"+chat, nil, &view)
	if len(view.Messages) != 2 || view.Messages[1].Text != "Welcome" || !view.Messages[1].FromBot {
		t.Fatalf("expected the bot's welcome as the second message, got %+v", view.Messages)
	}
	var press telegramtest.Press
	sandbox(t, s, "POST", "chats/"+chat+"/press", map[string]any{"from": user.ID, "message_id": 2, "data": "menu"}, &press)
	if press.QueryID == "" || press.Data != "menu" {
		t.Fatalf("expected a fresh callback query for \"menu\", got %+v", press)
	}
}
