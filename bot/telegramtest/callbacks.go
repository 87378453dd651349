package telegramtest

import (
	"context"
	"fmt"
	"hash/fnv"
	"strconv"
	"time"
)

// ButtonPress is a simulated user pressing an inline button, found by its
// callback_data or, when Data is empty, by its label.
type ButtonPress struct {
	ChatID    int64  `json:"chat_id,omitempty"` // 0 is the user's private chat
	From      int64  `json:"from"`
	MessageID int    `json:"message_id"`
	Data      string `json:"data,omitempty"`
	Text      string `json:"text,omitempty"`
}

// Press is one press of an inline button and the bot's answer to it: the
// toast (or alert, with ShowAlert) the user saw.
type Press struct {
	QueryID   string    `json:"callback_query_id"`
	From      int64     `json:"from"`
	Data      string    `json:"data"`
	At        time.Time `json:"at"`
	Answered  bool      `json:"answered"`
	Text      string    `json:"text,omitempty"`
	ShowAlert bool      `json:"show_alert,omitempty"`
	URL       string    `json:"url,omitempty"`
}

// query is a callback query waiting for answerCallbackQuery.
type query struct {
	chatID    int64
	messageID int
	press     *Press
}

// PressButton presses an inline button of a message, queues the
// callback_query update and returns the press, answered later by the bot.
func (s *Server) PressButton(bp ButtonPress) (Press, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if bp.ChatID == 0 {
		bp.ChatID = bp.From
	}
	p, c, err := s.speaker(bp.ChatID, bp.From)
	if err != nil {
		return Press{}, err
	}
	st := c.message(bp.MessageID)
	if st == nil || !st.markup.isInline() {
		return Press{}, fmt.Errorf("telegramtest: message %d in chat %d has no inline keyboard", bp.MessageID, bp.ChatID)
	}
	data, ok := findCallbackData(st.markup, bp)
	if !ok {
		return Press{}, fmt.Errorf("telegramtest: message %d has no callback button %q%q", bp.MessageID, bp.Data, bp.Text)
	}
	return s.pressLocked(p, c, st, bp, data), nil
}

// ForgePress sends a callback query with any data for any message of the
// bot's in the chat, as a modified client can: the data need not be one of
// the message's buttons, nor the message have any. Data over Telegram's
// 64 bytes is refused as the client API refuses it.
func (s *Server) ForgePress(bp ButtonPress) (Press, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if bp.ChatID == 0 {
		bp.ChatID = bp.From
	}
	p, c, err := s.speaker(bp.ChatID, bp.From)
	if err != nil {
		return Press{}, err
	}
	st := c.message(bp.MessageID)
	if st == nil {
		return Press{}, fmt.Errorf("telegramtest: no message %d in chat %d", bp.MessageID, bp.ChatID)
	}
	if bp.Data == "" || len(bp.Data) > 64 {
		return Press{}, fmt.Errorf("telegramtest: callback data must be 1-64 bytes, got %d", len(bp.Data))
	}
	return s.pressLocked(p, c, st, bp, bp.Data), nil
}

// pressLocked records a press and queues its callback_query. Call with
// s.mu held.
func (s *Server) pressLocked(p *person, c *chatState, st *stored, bp ButtonPress, data string) Press {
	press := &Press{QueryID: strconv.FormatInt(s.bot.ID<<16+s.nextSeq(), 10), From: bp.From, Data: data, At: s.now()}
	st.presses = append(st.presses, press)
	s.queries[press.QueryID] = &query{chatID: c.info.ID, messageID: bp.MessageID, press: press}
	m := s.wire(c, st, true)
	s.enqueueLocked(update{CallbackQuery: &CallbackQuery{
		ID: press.QueryID, From: p.user, Message: &m, ChatInstance: chatInstance(c.info.ID), Data: data,
	}})
	s.eventLocked(EventPressed, c.info.ID, bp.MessageID)
	return *press
}

// findCallbackData finds the pressed button's callback_data.
func findCallbackData(m *ReplyMarkup, bp ButtonPress) (string, bool) {
	for _, row := range m.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData != "" && (bp.Data == b.CallbackData || bp.Data == "" && bp.Text == b.Text) {
				return b.CallbackData, true
			}
		}
	}
	return "", false
}

// chatInstance is a stable identifier of a chat, as callback queries carry.
func chatInstance(chatID int64) string {
	h := fnv.New64a()
	fmt.Fprint(h, chatID)
	return strconv.FormatInt(int64(h.Sum64()>>1), 10)
}

// answerCallbackQuery implements answerCallbackQuery; a query can be
// answered once, within the answer window.
func (s *Server) answerCallbackQuery(_ context.Context, p *params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.queries[p.str("callback_query_id")]
	if q == nil || q.press.Answered || s.now().Sub(q.press.At) > s.opts.CallbackAnswerWindow {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	q.press.Answered = true
	q.press.Text, q.press.ShowAlert, q.press.URL = p.str("text"), p.bool("show_alert"), p.str("url")
	s.eventLocked(EventAnswered, q.chatID, q.messageID)
	return true, nil
}
