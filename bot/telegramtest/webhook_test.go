package telegramtest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia/bot/telegramtest"
)

func TestWebhookDeliversInOrderWithTheSecretAndRetries(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	var mu sync.Mutex
	var delivered []int
	failures := 2
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Header.Get("X-Telegram-Bot-Api-Secret-Token") != "s3cret" {
			t.Errorf("expected the secret token header, got %q", r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
		}
		if failures > 0 {
			failures--
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		var u models.Update
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &u)
		delivered = append(delivered, int(u.ID))
	}))
	t.Cleanup(hook.Close)
	b := newClient(t, s)
	if ok, err := b.SetWebhook(withTimeout(t), &bot.SetWebhookParams{URL: hook.URL, SecretToken: "s3cret"}); !ok || err != nil {
		t.Fatalf("expected setWebhook to succeed, got %v %v", ok, err)
	}
	u := s.AddUser(telegramtest.User{ID: 5})
	for _, text := range []string{"one", "two", "three"} {
		if _, err := s.SendText(u.ID, u.ID, text); err != nil {
			t.Fatal(err)
		}
	}

	eventually(t, "three deliveries", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(delivered) == 3
	})
	if delivered[0] != 1 || delivered[1] != 2 || delivered[2] != 3 {
		t.Fatalf("expected updates 1, 2, 3 in order, got %v", delivered)
	}
	info, err := b.GetWebhookInfo(withTimeout(t))
	if err != nil {
		t.Fatal(err)
	}
	if info.PendingUpdateCount != 0 || info.LastErrorMessage != "Wrong response from the webhook: 500 Internal Server Error" {
		t.Fatalf("expected nothing pending and the 500 reported, got %+v", info)
	}
}

func TestGoTelegramBotRunsOnTheWebhook(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	b, err := bot.New(s.Token(), bot.WithServerURL(s.URL()), bot.WithWebhookSecretToken("tok"),
		bot.WithDefaultHandler(func(ctx context.Context, b *bot.Bot, u *models.Update) {
			_, _ = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: "echo: " + u.Message.Text})
		}))
	if err != nil {
		t.Fatal(err)
	}
	hook := httptest.NewServer(b.WebhookHandler())
	t.Cleanup(hook.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go b.StartWebhook(ctx)
	if _, err := b.SetWebhook(withTimeout(t), &bot.SetWebhookParams{URL: hook.URL, SecretToken: "tok"}); err != nil {
		t.Fatal(err)
	}
	u := s.AddUser(telegramtest.User{ID: 5})
	if _, err := s.SendText(u.ID, u.ID, "hi"); err != nil {
		t.Fatal(err)
	}

	msgs, err := s.WaitFor(withTimeout(t), u.ID, func(m []telegramtest.Bubble) bool { return len(m) == 2 })
	if err != nil {
		t.Fatal(err)
	}
	if msgs[1].Text != "echo: hi" {
		t.Fatalf("expected the bot to answer \"echo: hi\", got %q", msgs[1].Text)
	}
}

func TestAMethodInTheWebhookReplyIsPerformed(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"method":"sendMessage","chat_id":5,"text":"answered in the reply"}`)
	}))
	t.Cleanup(hook.Close)
	if _, err := newClient(t, s).SetWebhook(withTimeout(t), &bot.SetWebhookParams{URL: hook.URL}); err != nil {
		t.Fatal(err)
	}
	u := s.AddUser(telegramtest.User{ID: 5})
	if _, err := s.SendText(u.ID, u.ID, "hi"); err != nil {
		t.Fatal(err)
	}

	msgs, err := s.WaitFor(withTimeout(t), u.ID, func(m []telegramtest.Bubble) bool { return len(m) == 2 })
	if err != nil {
		t.Fatal(err)
	}
	if msgs[1].Text != "answered in the reply" {
		t.Fatalf("expected the reply's sendMessage to be performed, got %q", msgs[1].Text)
	}
}
