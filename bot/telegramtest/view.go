package telegramtest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Bubble is one message as the simulated human sees it in the chat window.
type Bubble struct {
	MessageID int             `json:"message_id"`
	From      User            `json:"from"`
	FromBot   bool            `json:"from_bot"`
	Date      int64           `json:"date"`
	Text      string          `json:"text,omitempty"`   // text or caption, formatting applied
	Source    string          `json:"source,omitempty"` // text or caption as the bot sent it
	ParseMode string          `json:"parse_mode,omitempty"`
	Entities  []MessageEntity `json:"entities,omitempty"`
	// Markup is the keyboard of the message: its current inline keyboard,
	// or the reply keyboard, force_reply or remove_keyboard it came with.
	Markup      *ReplyMarkup    `json:"reply_markup,omitempty"`
	ReplyTo     int             `json:"reply_to,omitempty"`
	Document    *Document       `json:"document,omitempty"`
	Photo       *PhotoSize      `json:"photo,omitempty"`
	Joined      []User          `json:"joined,omitempty"`
	Left        *User           `json:"left,omitempty"`
	LinkPreview json.RawMessage `json:"link_preview_options,omitempty"`
	Silent      bool            `json:"silent,omitempty"`
	Edits       int             `json:"edits"` // edits of text or keyboard
	Deleted     bool            `json:"deleted"`
	Presses     []Press         `json:"presses,omitempty"`
}

// ChatView is a chat as the simulated human sees it.
type ChatView struct {
	Chat     Chat     `json:"chat"`
	Messages []Bubble `json:"messages"`
	// Action is what the bot shows it is doing ("typing"), for five
	// seconds after sendChatAction or until its next message.
	Action string `json:"action,omitempty"`
	// Keyboard is the reply keyboard now shown instead of the letters.
	Keyboard *ReplyMarkup `json:"keyboard,omitempty"`
	// ForceReply is the bot message the human is prompted to reply to.
	ForceReply int `json:"force_reply,omitempty"`
}

// bubble renders a stored message for the human.
func (s *Server) bubble(st *stored) Bubble {
	m := st.msg
	b := Bubble{
		MessageID: m.MessageID, From: *m.From, FromBot: m.From.ID == s.bot.ID, Date: m.Date,
		Text: m.Text, Source: st.source, ParseMode: st.parseMode, Entities: m.Entities,
		Markup: st.markup, ReplyTo: st.replyTo, Document: m.Document, Joined: m.NewChatMembers,
		Left: m.LeftChatMember, LinkPreview: st.linkPreview, Silent: st.silent,
		Edits: st.edits, Deleted: st.deleted,
	}
	if m.Text == "" {
		b.Text, b.Entities = m.Caption, m.CaptionEntities
	}
	if len(m.Photo) > 0 {
		b.Photo = &m.Photo[len(m.Photo)-1]
	}
	for _, p := range st.presses {
		b.Presses = append(b.Presses, *p)
	}
	return b
}

// View returns the chat as the human sees it.
func (s *Server) View(chatID int64) (ChatView, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return ChatView{}, fmt.Errorf("telegramtest: no chat %d", chatID)
	}
	return s.viewLocked(c), nil
}

// viewLocked renders c. Call with s.mu held.
func (s *Server) viewLocked(c *chatState) ChatView {
	v := ChatView{Chat: c.info, Messages: make([]Bubble, 0, len(c.msgs))}
	lastBot := -1
	for i, st := range c.msgs {
		v.Messages = append(v.Messages, s.bubble(st))
		if st.msg.From.ID != s.bot.ID {
			if st.replyTo == v.ForceReply {
				v.ForceReply = 0
			}
			if v.Keyboard != nil && v.Keyboard.OneTimeKeyboard {
				v.Keyboard = nil // hidden once used
			}
			continue
		}
		lastBot = i
		switch m := st.markup; {
		case m == nil || m.isInline():
		case m.ForceReply:
			v.ForceReply = st.msg.MessageID
		case m.RemoveKeyboard:
			v.Keyboard = nil
		case len(m.Keyboard) > 0:
			v.Keyboard = m
		}
	}
	if c.action != "" && s.now().Sub(c.actedAt) < 5*time.Second && lastBot < c.actedAfter {
		v.Action = c.action
	}
	return v
}

// Chats lists every chat, private chats and groups.
func (s *Server) Chats() []Chat {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Chat, 0, len(s.chats))
	for _, c := range s.chats {
		out = append(out, c.info)
	}
	slices.SortFunc(out, func(a, b Chat) int { return cmp.Compare(a.ID, b.ID) })
	return out
}
