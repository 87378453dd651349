package telegramtest_test

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia/bot/telegramtest"
)

// limitWorld is a stand-in on a fake clock, judging sends without refusing
// them, with two clients of the same bot (as two replicas would be).
type limitWorld struct {
	t       *testing.T
	s       *telegramtest.Server
	clock   *fakeClock
	clients [2]*bot.Bot
	sent    int
}

func newLimitWorld(t *testing.T) *limitWorld {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	s := telegramtest.Start(t, telegramtest.Options{Now: clock.Now})
	return &limitWorld{t: t, s: s, clock: clock, clients: [2]*bot.Bot{newClient(t, s), newClient(t, s)}}
}

// send sends a message to chat, from the two clients in turn.
func (w *limitWorld) send(chat int64) *models.Message {
	w.t.Helper()
	m, err := w.clients[w.sent%2].SendMessage(withTimeout(w.t), &bot.SendMessageParams{ChatID: chat, Text: "通知"})
	if err != nil {
		w.t.Fatalf("send %d to %d: %v", w.sent+1, chat, err)
	}
	w.sent++
	return m
}

// flagged returns the limits the stand-in found broken, in order.
func (w *limitWorld) flagged() []string {
	var out []string
	for _, v := range w.s.Violations() {
		out = append(out, v.Limit)
	}
	return out
}

func (w *limitWorld) want(step string, limits ...string) {
	w.t.Helper()
	if got := w.flagged(); !slices.Equal(got, limits) {
		w.t.Fatalf("%s: the stand-in flagged %v, want %v", step, got, limits)
	}
}

// The stand-in flags what Telegram refuses, for the bot whatever client
// sends: a 31st message within a second over all chats, a second message
// to a chat within a second, a 21st message to a group within a minute;
// and nothing short of that.
func TestTheStandInFlagsExactlyTelegramsLimits(t *testing.T) {
	t.Run("30 a second over all chats", func(t *testing.T) {
		w := newLimitWorld(t)
		for i := range 31 {
			startedUser(t, w.s, int64(100+i))
		}
		for i := range 30 {
			w.send(int64(100 + i))
			w.clock.Advance(33 * time.Millisecond)
		}
		w.want("30 sends within 990 ms")
		w.send(130)
		w.want("a 31st within the second", "global")
		w.clock.Advance(time.Second)
		w.send(100)
		w.want("the next second", "global")
	})
	t.Run("one a second into a chat", func(t *testing.T) {
		w := newLimitWorld(t)
		u := startedUser(t, w.s, 5)
		w.send(u.ID)
		w.clock.Advance(time.Second)
		w.send(u.ID)
		w.want("a second apart")
		w.clock.Advance(999 * time.Millisecond)
		w.send(u.ID)
		w.want("999 ms apart", "chat")
		for range 25 { // a private chat is not held to a group's 20 a minute
			w.clock.Advance(time.Second)
			w.send(u.ID)
		}
		w.want("25 more, a second apart", "chat")
	})
	t.Run("20 a minute into a group", func(t *testing.T) {
		w := newLimitWorld(t)
		w.s.AddUser(telegramtest.User{ID: 5})
		g, err := w.s.AddGroup(telegramtest.Group{Title: "审批群", Members: []int64{5}})
		if err != nil {
			t.Fatal(err)
		}
		for range 20 {
			w.send(g.ID)
			w.clock.Advance(2 * time.Second)
		}
		w.want("20 within 40 s")
		w.clock.Advance(19 * time.Second) // 59 s after the first
		w.send(g.ID)
		w.want("a 21st within the minute", "group")
		w.clock.Advance(4 * time.Second) // the first three have left the minute
		w.send(g.ID)
		w.want("once the minute has room", "group")
	})
	t.Run("edits and chat actions are not messages", func(t *testing.T) {
		w := newLimitWorld(t)
		u := startedUser(t, w.s, 5)
		m := w.send(u.ID)
		for i := range 40 {
			if _, err := w.clients[i%2].EditMessageText(withTimeout(t), &bot.EditMessageTextParams{ChatID: u.ID, MessageID: m.ID, Text: fmt.Sprintf("改 %d", i)}); err != nil {
				t.Fatal(err)
			}
			if _, err := w.clients[i%2].SendChatAction(withTimeout(t), &bot.SendChatActionParams{ChatID: u.ID, Action: models.ChatActionTyping}); err != nil {
				t.Fatal(err)
			}
		}
		w.want("40 edits and chat actions within no time")
		if _, err := w.clients[0].SendPhoto(withTimeout(t), &bot.SendPhotoParams{ChatID: u.ID, Photo: &models.InputFileUpload{Filename: "a.png", Data: bytes.NewReader(pngBytes(t, 4, 4))}}); err != nil {
			t.Fatal(err)
		}
		w.want("a photo right after the message", "chat")
	})
}
