package telegramtest_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/go-telegram/bot"

	"govmedia/bot/telegramtest"
)

func TestConcurrentSendsGetDistinctIncreasingIDs(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	b, u := newClient(t, s), startedUser(t, s, 5)
	const bots, humans, each = 8, 4, 10
	var wg sync.WaitGroup
	errs := make(chan error, bots*each+humans*each)
	for i := range bots {
		wg.Go(func() {
			for j := range each {
				_, err := b.SendMessage(withTimeout(t), &bot.SendMessageParams{ChatID: u.ID, Text: fmt.Sprintf("bot %d/%d", i, j)})
				errs <- err
			}
		})
	}
	for i := range humans {
		wg.Go(func() {
			for j := range each {
				_, err := s.SendText(u.ID, u.ID, fmt.Sprintf("human %d/%d", i, j))
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("expected every concurrent send to pass, got %v", err)
		}
	}

	view, _ := s.View(u.ID)
	if want := 1 + (bots+humans)*each; len(view.Messages) != want {
		t.Fatalf("expected %d messages, got %d", want, len(view.Messages))
	}
	for i, m := range view.Messages {
		if m.MessageID != i+1 {
			t.Fatalf("expected message ids 1..n in order, got %d at position %d", m.MessageID, i)
		}
	}
	if got := s.Stats().Sends[u.ID]; got != bots*each {
		t.Fatalf("expected %d sends counted, got %d", bots*each, got)
	}
}

func BenchmarkSendMessage(b *testing.B) {
	s := telegramtest.New(telegramtest.Options{CallLogLimit: 1000, Limits: &telegramtest.Limits{}})
	s.Start()
	b.Cleanup(s.Close)
	u := s.AddUser(telegramtest.User{ID: 5})
	if _, err := s.SendText(u.ID, u.ID, "/start"); err != nil {
		b.Fatal(err)
	}
	client, err := bot.New(s.Token(), bot.WithServerURL(s.URL()), bot.WithSkipGetMe())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := client.SendMessage(b.Context(), &bot.SendMessageParams{ChatID: u.ID, Text: "<b>news</b>", ParseMode: "HTML"}); err != nil {
			b.Fatal(err)
		}
	}
}
