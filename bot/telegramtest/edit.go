package telegramtest

import (
	"context"
	"reflect"
	"strings"
	"time"
)

// notModified is Telegram's answer to an edit that changes nothing.
var notModified = badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")

// editTarget finds the bot's message an edit method names. Call with s.mu
// held.
func (s *Server) editTarget(p *params) (*chatState, *stored, error) {
	if !p.has("chat_id") && p.has("inline_message_id") {
		return nil, nil, badRequest("message to edit not found")
	}
	c, err := s.writableChat(p.str("chat_id"))
	if err != nil {
		return nil, nil, err
	}
	id, err := p.int("message_id")
	if err != nil {
		return nil, nil, err
	}
	if id == 0 {
		return nil, nil, badRequest("message identifier is not specified")
	}
	st := c.message(id)
	if st == nil {
		return nil, nil, badRequest("message to edit not found")
	}
	if st.msg.From == nil || st.msg.From.ID != s.bot.ID {
		return nil, nil, badRequest("message can't be edited")
	}
	return c, st, nil
}

// editMessageText implements editMessageText. Without reply_markup the
// inline keyboard goes, as on Telegram.
func (s *Server) editMessageText(_ context.Context, p *params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, st, err := s.editTarget(p)
	if err != nil {
		return nil, err
	}
	source := p.str("text")
	text, entities, err := s.format(source, p.str("parse_mode"), p, "entities")
	switch {
	case err != nil:
		return nil, err
	case strings.TrimSpace(text) == "":
		return nil, badRequest("message text is empty")
	case utf16Len(text) > 4096:
		return nil, badRequest("message is too long")
	case st.msg.Text == "":
		return nil, badRequest("there is no text in the message to edit")
	}
	markup, err := parseInlineMarkup(p.str("reply_markup"))
	if err != nil {
		return nil, err
	}
	if text == st.msg.Text && sameEntities(entities, st.msg.Entities) && sameMarkup(markup, st.markup) {
		return nil, notModified
	}
	st.msg.Text, st.msg.Entities, st.source, st.parseMode = text, entities, source, p.str("parse_mode")
	st.msg.EditDate = s.now().Unix()
	s.replaceInlineMarkup(st, markup)
	s.eventLocked(EventEdited, c.info.ID, st.msg.MessageID)
	return s.wire(c, st, true), nil
}

// editMessageReplyMarkup implements editMessageReplyMarkup; an absent or
// empty markup removes the inline keyboard.
func (s *Server) editMessageReplyMarkup(_ context.Context, p *params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, st, err := s.editTarget(p)
	if err != nil {
		return nil, err
	}
	markup, err := parseInlineMarkup(p.str("reply_markup"))
	if err != nil {
		return nil, err
	}
	if sameMarkup(markup, st.markup) {
		return nil, notModified
	}
	s.replaceInlineMarkup(st, markup)
	s.eventLocked(EventEdited, c.info.ID, st.msg.MessageID)
	return s.wire(c, st, true), nil
}

// replaceInlineMarkup sets a message's inline keyboard and counts the
// edit; a reply keyboard sent with the message stays.
func (s *Server) replaceInlineMarkup(st *stored, markup *ReplyMarkup) {
	st.edits++
	if st.markup.isInline() || st.markup == nil || markup.isInline() {
		st.markup = nil
		if markup.isInline() {
			st.markup = markup
		}
	}
}

// sameEntities compares entity lists, nil being empty.
func sameEntities(a, b []MessageEntity) bool {
	return len(a) == 0 && len(b) == 0 || reflect.DeepEqual(a, b)
}

// deleteMessage implements deleteMessage: the bot may delete its own
// messages and, in private chats or as a group administrator, the others'.
func (s *Server) deleteMessage(_ context.Context, p *params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.resolveChat(p.str("chat_id"))
	if err != nil {
		return nil, err
	}
	id, err := p.int("message_id")
	if err != nil {
		return nil, err
	}
	st := c.message(id)
	switch {
	case st == nil:
		return nil, badRequest("message to delete not found")
	case c.isGroup() && st.msg.From.ID != s.bot.ID && !c.isAdmin(s.bot.ID):
		return nil, badRequest("message can't be deleted")
	case s.now().Sub(time.Unix(st.msg.Date, 0)) > 48*time.Hour:
		return nil, badRequest("message can't be deleted for everyone")
	}
	st.deleted = true
	s.eventLocked(EventDeleted, c.info.ID, id)
	return true, nil
}
