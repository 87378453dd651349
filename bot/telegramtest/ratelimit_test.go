package telegramtest_test

import (
	"errors"
	"testing"
	"time"

	"github.com/go-telegram/bot"

	"govmedia/bot/telegramtest"
)

func TestInjected429SurfacesAsTooManyRequestsError(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	b, u := newClient(t, s), startedUser(t, s, 5)
	s.InjectTooManyRequests("sendMessage", u.ID, 1, 7)

	_, err := b.SendMessage(withTimeout(t), &bot.SendMessageParams{ChatID: u.ID, Text: "hi"})
	var tooMany *bot.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter != 7 {
		t.Fatalf("expected *bot.TooManyRequestsError with RetryAfter 7, got %#v", err)
	}
	if _, err := b.SendMessage(withTimeout(t), &bot.SendMessageParams{ChatID: u.ID, Text: "hi"}); err != nil {
		t.Fatalf("expected the fault to hit one call only, got %v", err)
	}
	calls := s.Calls("sendMessage")
	if len(calls) != 2 || calls[0].ErrorCode != 429 || calls[0].Description != "Too Many Requests: retry after 7" || !calls[1].OK {
		t.Fatalf("expected a 429 then a success in the call log, got %+v", calls)
	}
}

func TestAnInjectedErrorAnswersTheNextCall(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	b := newClient(t, s)
	s.FailNextCall(502, "Bad Gateway")
	if _, err := b.GetMe(withTimeout(t)); err == nil {
		t.Fatal("expected the injected 502 to fail getMe")
	}
	if _, err := b.GetMe(withTimeout(t)); err != nil {
		t.Fatalf("expected the next getMe to succeed, got %v", err)
	}
}

func TestEnforcedPerChatLimitAnswers429(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	s := telegramtest.Start(t, telegramtest.Options{EnforceRateLimits: true, Now: clock.Now})
	b, u := newClient(t, s), startedUser(t, s, 5)

	if _, err := b.SendMessage(withTimeout(t), &bot.SendMessageParams{ChatID: u.ID, Text: "1"}); err != nil {
		t.Fatal(err)
	}
	_, err := b.SendMessage(withTimeout(t), &bot.SendMessageParams{ChatID: u.ID, Text: "2"})
	var tooMany *bot.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter != 1 {
		t.Fatalf("expected a second message within a second to get 429 retry after 1, got %v", err)
	}
	clock.Advance(time.Second)
	if _, err := b.SendMessage(withTimeout(t), &bot.SendMessageParams{ChatID: u.ID, Text: "3"}); err != nil {
		t.Fatalf("expected a send after a second to pass, got %v", err)
	}
	st := s.Stats()
	if st.Sends[u.ID] != 2 || len(st.Violations) != 1 || !st.Violations[0].Refused || st.Violations[0].Limit != "chat" {
		t.Fatalf("expected 2 sends and one refused per-chat violation, got %+v", st)
	}
}

func TestGroupLimitIsCountedWithoutRefusing(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	s := telegramtest.Start(t, telegramtest.Options{Now: clock.Now})
	b := newClient(t, s)
	s.AddUser(telegramtest.User{ID: 5})
	group, err := s.AddGroup(telegramtest.Group{Title: "Editors", Members: []int64{5}})
	if err != nil {
		t.Fatal(err)
	}

	for i := range 21 {
		if _, err := b.SendMessage(withTimeout(t), &bot.SendMessageParams{ChatID: group.ID, Text: "news"}); err != nil {
			t.Fatalf("expected send %d to pass in counting mode, got %v", i+1, err)
		}
		clock.Advance(2 * time.Second)
	}

	st := s.Stats()
	if st.Sends[group.ID] != 21 {
		t.Fatalf("expected 21 sends counted for the group, got %d", st.Sends[group.ID])
	}
	if len(st.Violations) != 1 || st.Violations[0].Limit != "group" || st.Violations[0].ChatID != group.ID || st.Violations[0].Refused {
		t.Fatalf("expected one unrefused group violation on the 21st message, got %+v", st.Violations)
	}
	if st.Calls["sendMessage"] != 21 {
		t.Fatalf("expected 21 sendMessage calls counted, got %v", st.Calls)
	}
}
