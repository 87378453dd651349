package telegramtest

import (
	"errors"
	"fmt"
)

// UserMessage is a message a simulated user sends: a text, a document or a
// photo, possibly as a reply.
type UserMessage struct {
	// ChatID is where to send; 0 is the sender's private chat with the bot.
	ChatID   int64   `json:"chat_id,omitempty"`
	From     int64   `json:"from"`
	Text     string  `json:"text,omitempty"`
	ReplyTo  int     `json:"reply_to,omitempty"` // message id in the same chat
	Document *Upload `json:"document,omitempty"`
	Photo    *Upload `json:"photo,omitempty"`
	Caption  string  `json:"caption,omitempty"`
}

// Upload is a file a simulated user sends. In JSON, Data is base64.
type Upload struct {
	Name string `json:"name"`
	MIME string `json:"mime,omitempty"`
	Data []byte `json:"data"`
}

// SendText makes user from send text into a chat (their own user id for
// their private chat). A text starting with a command gets a bot_command
// entity, as Telegram adds one.
func (s *Server) SendText(chatID, from int64, text string) (Message, error) {
	return s.Send(UserMessage{ChatID: chatID, From: from, Text: text})
}

// Reply makes user from answer message replyTo with text, as a human
// answers a force_reply prompt.
func (s *Server) Reply(chatID, from int64, replyTo int, text string) (Message, error) {
	return s.Send(UserMessage{ChatID: chatID, From: from, Text: text, ReplyTo: replyTo})
}

// Send delivers a user's message into the chat and, unless group privacy
// hides it from the bot, queues it as a "message" update.
func (s *Server) Send(um UserMessage) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if um.ChatID == 0 {
		um.ChatID = um.From
	}
	p, c, err := s.speaker(um.ChatID, um.From)
	if err != nil {
		return Message{}, err
	}
	st, err := s.userMessage(p, c, um)
	if err != nil {
		return Message{}, err
	}
	if !c.isGroup() {
		p.started = true
	}
	s.appendMessage(c, st)
	m := s.wire(c, st, true)
	if s.botSees(c, st) {
		s.enqueueLocked(update{Message: &m})
	}
	return m, nil
}

// speaker checks that user from may write into chatID. Call with s.mu held.
func (s *Server) speaker(chatID, from int64) (*person, *chatState, error) {
	p, c := s.people[from], s.chats[chatID]
	switch {
	case p == nil:
		return nil, nil, fmt.Errorf("telegramtest: no user %d", from)
	case c == nil:
		return nil, nil, fmt.Errorf("telegramtest: no chat %d", chatID)
	case !c.isGroup() && chatID != from:
		return nil, nil, fmt.Errorf("telegramtest: chat %d is not the private chat of user %d", chatID, from)
	case !c.isGroup() && p.blocked:
		return nil, nil, fmt.Errorf("telegramtest: user %d has blocked the bot", from)
	case c.isGroup() && !c.isMember(from):
		return nil, nil, fmt.Errorf("telegramtest: user %d is not a member of chat %d", from, chatID)
	}
	return p, c, nil
}

// userMessage builds the stored form of a user's message. Call with s.mu
// held.
func (s *Server) userMessage(p *person, c *chatState, um UserMessage) (*stored, error) {
	from := p.user // a snapshot: the user may be renamed later
	st := &stored{msg: Message{From: &from}, replyTo: um.ReplyTo}
	if um.ReplyTo != 0 && c.message(um.ReplyTo) == nil {
		return nil, fmt.Errorf("telegramtest: no message %d in chat %d", um.ReplyTo, c.info.ID)
	}
	switch {
	case um.Document != nil:
		f, err := s.storeFile(*um.Document, kindDocument)
		if err != nil {
			return nil, err
		}
		st.msg.Document = f.document()
	case um.Photo != nil:
		f, err := s.storeFile(*um.Photo, kindPhoto)
		if err != nil {
			return nil, err
		}
		st.msg.Photo = f.photo()
	case um.Text == "":
		return nil, errors.New("telegramtest: a message needs a text, a document or a photo")
	}
	if st.msg.Document != nil || st.msg.Photo != nil {
		st.msg.Caption, st.msg.CaptionEntities = um.Caption, commandEntities(um.Caption)
		return st, nil
	}
	st.msg.Text, st.msg.Entities = um.Text, commandEntities(um.Text)
	return st, nil
}

// botSees reports whether the bot receives a message posted in c: group
// privacy mode hides from a non-admin bot everything but commands for it,
// replies to its messages and service messages. Call with s.mu held.
func (s *Server) botSees(c *chatState, st *stored) bool {
	if !c.isGroup() || s.opts.ReadAllGroupMessages || c.isAdmin(s.bot.ID) {
		return true
	}
	if st.msg.NewChatMembers != nil || st.msg.LeftChatMember != nil {
		return true
	}
	if target := c.message(st.replyTo); target != nil && target.msg.From != nil && target.msg.From.ID == s.bot.ID {
		return true
	}
	text := st.msg.Text + st.msg.Caption
	cmd, ok := leadingCommand(text)
	if !ok {
		return false
	}
	_, to, addressed := cutAt(cmd)
	return !addressed || equalFold(to, s.bot.Username)
}
