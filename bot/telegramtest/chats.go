package telegramtest

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// person is a simulated human.
type person struct {
	user    User
	started bool // has written to the bot in private, so the bot may write
	blocked bool // has blocked the bot
}

// chatState is one chat: a user's private chat with the bot, or a group.
type chatState struct {
	info       Chat
	members    map[int64]string // groups only: user id → status, the bot too
	msgs       []*stored        // index i holds message id i+1
	action     string           // the last sendChatAction
	actedAt    time.Time        // when it was sent
	actedAfter int              // how many messages the chat held then
}

// stored is a message kept in a chat, with what the human sees of it.
type stored struct {
	msg         Message // without reply_to_message and reply_markup
	replyTo     int
	markup      *ReplyMarkup // any kind of keyboard sent with the message
	source      string       // text or caption as the bot sent it
	parseMode   string
	edits       int
	deleted     bool
	silent      bool
	linkPreview json.RawMessage
	presses     []*Press
}

// isGroup reports whether the chat is a group or supergroup.
func (c *chatState) isGroup() bool { return c.info.Type != "private" }

// message returns the live message with id, or nil.
func (c *chatState) message(id int) *stored {
	if id < 1 || id > len(c.msgs) || c.msgs[id-1].deleted {
		return nil
	}
	return c.msgs[id-1]
}

// isAdmin reports whether user administers the group.
func (c *chatState) isAdmin(user int64) bool {
	st := c.members[user]
	return st == "creator" || st == "administrator"
}

// isMember reports whether user is currently in the group.
func (c *chatState) isMember(user int64) bool {
	switch c.members[user] {
	case "creator", "administrator", "member", "restricted":
		return true
	}
	return false
}

// resolveChat finds the chat a chat_id parameter names: a number or an
// @username. Call with s.mu held.
func (s *Server) resolveChat(v string) (*chatState, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, badRequest("chat_id is empty")
	}
	if name, ok := strings.CutPrefix(v, "@"); ok {
		for _, c := range s.chats {
			if c.isGroup() && strings.EqualFold(c.info.Username, name) {
				return c, nil
			}
		}
		return nil, errChatNotFound
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || s.chats[id] == nil {
		return nil, errChatNotFound
	}
	return s.chats[id], nil
}

// writableChat resolves chat_id and checks that the bot may post there.
// Call with s.mu held.
func (s *Server) writableChat(v string) (*chatState, error) {
	c, err := s.resolveChat(v)
	if err != nil {
		return nil, err
	}
	if !c.isGroup() {
		p := s.people[c.info.ID]
		switch {
		case p.blocked:
			return nil, forbidden("bot was blocked by the user")
		case !p.started:
			return nil, forbidden("bot can't initiate conversation with a user")
		}
		return c, nil
	}
	switch c.members[s.bot.ID] {
	case "kicked":
		return nil, forbidden("bot was kicked from the " + c.info.Type + " chat")
	case "left", "":
		return nil, forbidden("bot is not a member of the " + c.info.Type + " chat")
	}
	return c, nil
}

// appendMessage stores a new message in c, numbering and dating it. Call
// with s.mu held.
func (s *Server) appendMessage(c *chatState, st *stored) *stored {
	st.msg.MessageID = len(c.msgs) + 1
	st.msg.Date = s.now().Unix()
	st.msg.Chat = c.info
	c.msgs = append(c.msgs, st)
	s.eventLocked(EventMessage, c.info.ID, st.msg.MessageID)
	return st
}

// wire is the Message the Bot API returns for st; the replied-to message is
// included one level deep, as Telegram does. Call with s.mu held.
func (s *Server) wire(c *chatState, st *stored, withReply bool) Message {
	m := st.msg
	if st.markup.isInline() {
		m.ReplyMarkup = &ReplyMarkup{InlineKeyboard: st.markup.InlineKeyboard}
	}
	if target := c.message(st.replyTo); withReply && target != nil {
		r := s.wire(c, target, false)
		m.ReplyToMessage = &r
	}
	return m
}
