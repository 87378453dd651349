package telegramtest

import (
	"context"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// outgoing holds the parameters all send methods share.
type outgoing struct {
	chat    *chatState
	replyTo int
	markup  *ReplyMarkup
	silent  bool
	preview json.RawMessage
}

// replyParameters is the Bot API "ReplyParameters" object.
type replyParameters struct {
	MessageID                int  `json:"message_id"`
	AllowSendingWithoutReply bool `json:"allow_sending_without_reply"`
}

// sendMessage implements sendMessage.
func (s *Server) sendMessage(_ context.Context, p *params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.readOutgoing(p)
	if err != nil {
		return nil, err
	}
	source := p.str("text")
	text, entities, err := s.format(source, p.str("parse_mode"), p, "entities")
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(text) == "" {
		return nil, badRequest("message text is empty")
	}
	if utf16Len(text) > 4096 {
		return nil, badRequest("message is too long")
	}
	st := &stored{msg: Message{From: &s.bot, Text: text, Entities: entities}, source: source, parseMode: p.str("parse_mode")}
	return s.post(o, st, "sendMessage")
}

// readOutgoing reads and checks chat_id, reply_markup, the reply target and
// disable_notification. Call with s.mu held.
func (s *Server) readOutgoing(p *params) (*outgoing, error) {
	c, err := s.writableChat(p.str("chat_id"))
	if err != nil {
		return nil, err
	}
	o := &outgoing{chat: c, silent: p.bool("disable_notification")}
	if o.markup, err = parseReplyMarkup(p.str("reply_markup")); err != nil {
		return nil, err
	}
	if raw := p.str("link_preview_options"); raw != "" && json.Valid([]byte(raw)) {
		o.preview = json.RawMessage(raw)
	}
	rp := replyParameters{AllowSendingWithoutReply: p.bool("allow_sending_without_reply")}
	if rp.MessageID, err = p.int("reply_to_message_id"); err != nil {
		return nil, err
	}
	if err := p.json("reply_parameters", &rp); err != nil {
		return nil, err
	}
	if rp.MessageID != 0 && c.message(rp.MessageID) == nil {
		if !rp.AllowSendingWithoutReply {
			return nil, badRequest("message to be replied not found")
		}
		rp.MessageID = 0
	}
	o.replyTo = rp.MessageID
	return o, nil
}

// format applies parse_mode to a text or caption, or takes the explicit
// entities. Call with s.mu held.
func (s *Server) format(source, parseMode string, p *params, entitiesParam string) (string, []MessageEntity, error) {
	if !utf8.ValidString(source) {
		return "", nil, badRequest("text must be encoded in UTF-8")
	}
	switch strings.ToLower(parseMode) {
	case "":
		var entities []MessageEntity
		err := p.json(entitiesParam, &entities)
		return source, entities, err
	case "html":
		text, entities, err := parseHTML(source, s.opts.RefuseBareAmpersand)
		if err != nil {
			return "", nil, badRequest("can't parse entities: " + err.Error())
		}
		for i, e := range entities {
			if e.User != nil && s.people[e.User.ID] != nil {
				u := s.people[e.User.ID].user
				entities[i].User = &u
			}
		}
		return text, entities, nil
	case "markdown", "markdownv2":
		// Markdown is not parsed: the text is kept as sent.
		return source, nil, nil
	}
	return "", nil, badRequest("unsupported parse_mode")
}

// post stores a message the bot sends, once the rate limits let it
// through. Call with s.mu held.
func (s *Server) post(o *outgoing, st *stored, method string) (any, error) {
	if err := s.admitSend(method, o.chat); err != nil {
		return nil, err
	}
	st.replyTo, st.markup, st.silent, st.linkPreview = o.replyTo, o.markup, o.silent, o.preview
	s.appendMessage(o.chat, st)
	return s.wire(o.chat, st, true), nil
}
