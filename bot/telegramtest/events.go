package telegramtest

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// EventKind says what changed in a chat.
type EventKind string

// The kinds of events.
const (
	EventMessage  EventKind = "message"  // a message was posted
	EventEdited   EventKind = "edited"   // the bot edited a message's text or keyboard
	EventDeleted  EventKind = "deleted"  // a message was deleted
	EventPressed  EventKind = "pressed"  // a user pressed an inline button
	EventAnswered EventKind = "answered" // the bot answered a press
	EventAction   EventKind = "action"   // the bot sent a chat action
	EventChat     EventKind = "chat"     // a chat was created or its members changed
	EventCommands EventKind = "commands" // the bot changed its command menu
)

// maxEvents bounds the event log; older events are dropped.
const maxEvents = 100000

// Event is one change a sandbox page can follow.
type Event struct {
	Seq       int64     `json:"seq"`
	Kind      EventKind `json:"kind"`
	ChatID    int64     `json:"chat_id,omitempty"`
	MessageID int       `json:"message_id,omitempty"`
	At        time.Time `json:"at"`
}

// eventLocked logs an event and wakes the waiters. Call with s.mu held.
func (s *Server) eventLocked(kind EventKind, chatID int64, messageID int) {
	seq := int64(1)
	if n := len(s.events); n > 0 {
		seq = s.events[n-1].Seq + 1
	}
	s.events = append(s.events, Event{Seq: seq, Kind: kind, ChatID: chatID, MessageID: messageID, At: s.now()})
	if len(s.events) > maxEvents {
		s.events = append([]Event(nil), s.events[len(s.events)-maxEvents/2:]...)
	}
	s.changedLocked()
}

// Events returns the events after seq since, oldest first.
func (s *Server) Events(since int64) []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.eventsLocked(since)
}

// eventsLocked returns the events after since. Call with s.mu held.
func (s *Server) eventsLocked(since int64) []Event {
	out := []Event{}
	for i := len(s.events) - 1; i >= 0 && s.events[i].Seq > since; i-- {
		out = append(out, s.events[i])
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// WaitEvents waits until there are events after since, or ctx ends, and
// returns them (none when ctx ended).
func (s *Server) WaitEvents(ctx context.Context, since int64) []Event {
	for {
		s.mu.Lock()
		evs, changed := s.eventsLocked(since), s.changed
		s.mu.Unlock()
		if len(evs) > 0 {
			return evs
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return evs
		case <-s.ctx.Done():
			return evs
		}
	}
}

// WaitFor waits until cond holds for the chat's messages, as the human
// sees them, and returns them. When ctx ends first the error says so and
// shows the last messages.
func (s *Server) WaitFor(ctx context.Context, chatID int64, cond func([]Bubble) bool) ([]Bubble, error) {
	for {
		s.mu.Lock()
		c, changed := s.chats[chatID], s.changed
		var msgs []Bubble
		if c != nil {
			msgs = s.viewLocked(c).Messages
		}
		s.mu.Unlock()
		if c != nil && cond(msgs) {
			return msgs, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return msgs, fmt.Errorf("telegramtest: chat %d: condition not met (%w); last messages: %s", chatID, ctx.Err(), lastTexts(msgs, 3))
		}
	}
}

// lastTexts quotes the last n messages for an error message.
func lastTexts(msgs []Bubble, n int) string {
	var parts []string
	for _, b := range msgs[max(0, len(msgs)-n):] {
		parts = append(parts, fmt.Sprintf("#%d %q", b.MessageID, b.Text))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// LastFromBot returns the bot's latest message that is not deleted.
func LastFromBot(msgs []Bubble) (Bubble, bool) {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].FromBot && !msgs[i].Deleted {
			return msgs[i], true
		}
	}
	return Bubble{}, false
}
