package telegramtest

import (
	"bytes"
	"encoding/json"
	"reflect"
)

// ReplyMarkup is any of the four keyboards a bot may attach to a message:
// InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove or
// ForceReply. Only the fields of the kind that was sent are set.
type ReplyMarkup struct {
	InlineKeyboard [][]InlineKeyboardButton `json:"inline_keyboard,omitempty"`

	Keyboard              [][]KeyboardButton `json:"keyboard,omitempty"`
	IsPersistent          bool               `json:"is_persistent,omitempty"`
	ResizeKeyboard        bool               `json:"resize_keyboard,omitempty"`
	OneTimeKeyboard       bool               `json:"one_time_keyboard,omitempty"`
	InputFieldPlaceholder string             `json:"input_field_placeholder,omitempty"`
	Selective             bool               `json:"selective,omitempty"`

	RemoveKeyboard bool `json:"remove_keyboard,omitempty"`
	ForceReply     bool `json:"force_reply,omitempty"`
}

// InlineKeyboardButton is a button under a message (Bot API
// "InlineKeyboardButton"). Actions other than url and callback_data are kept
// as the JSON the bot sent.
type InlineKeyboardButton struct {
	Text         string          `json:"text"`
	URL          string          `json:"url,omitempty"`
	CallbackData string          `json:"callback_data,omitempty"`
	WebApp       json.RawMessage `json:"web_app,omitempty"`
	LoginURL     json.RawMessage `json:"login_url,omitempty"`
	CopyText     json.RawMessage `json:"copy_text,omitempty"`
	SwitchInline *string         `json:"switch_inline_query,omitempty"`
	SwitchHere   *string         `json:"switch_inline_query_current_chat,omitempty"`
	Pay          bool            `json:"pay,omitempty"`
}

// KeyboardButton is a button of a reply keyboard (Bot API "KeyboardButton");
// pressing it sends its text.
type KeyboardButton struct {
	Text            string `json:"text"`
	RequestContact  bool   `json:"request_contact,omitempty"`
	RequestLocation bool   `json:"request_location,omitempty"`
}

// UnmarshalJSON accepts a button given as a bare string, as the Bot API does.
func (b *KeyboardButton) UnmarshalJSON(data []byte) error {
	if len(data) > 0 && data[0] == '"' {
		return json.Unmarshal(data, &b.Text)
	}
	type plain KeyboardButton
	return json.Unmarshal(data, (*plain)(b))
}

// isInline reports whether m is an inline keyboard with at least one button.
func (m *ReplyMarkup) isInline() bool {
	return m != nil && len(m.InlineKeyboard) > 0
}

// sameMarkup reports whether two keyboards look the same to a user.
func sameMarkup(a, b *ReplyMarkup) bool {
	if a.isInline() != b.isInline() {
		return false
	}
	return !a.isInline() || reflect.DeepEqual(a.InlineKeyboard, b.InlineKeyboard)
}

// parseReplyMarkup reads the reply_markup parameter; a missing one is nil.
func parseReplyMarkup(raw string) (*ReplyMarkup, error) {
	if raw == "" {
		return nil, nil
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &keys); err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	var m ReplyMarkup
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	switch {
	case keys["inline_keyboard"] != nil:
		if !isArray(keys["inline_keyboard"]) {
			return nil, badRequest(`field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays`)
		}
		return &m, checkInlineKeyboard(m.InlineKeyboard)
	case keys["keyboard"] != nil:
		if !isArray(keys["keyboard"]) {
			return nil, badRequest(`field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays`)
		}
		return &m, nil
	case m.RemoveKeyboard, m.ForceReply:
		return &m, nil
	}
	return nil, badRequest("can't parse reply keyboard markup JSON object")
}

// parseInlineMarkup reads a reply_markup that may only be an inline keyboard,
// as in the edit methods.
func parseInlineMarkup(raw string) (*ReplyMarkup, error) {
	m, err := parseReplyMarkup(raw)
	if err != nil || m == nil {
		return m, err
	}
	return &ReplyMarkup{InlineKeyboard: m.InlineKeyboard}, nil
}

// checkInlineKeyboard refuses buttons Telegram refuses: callback_data over
// 64 bytes and buttons without any action.
func checkInlineKeyboard(rows [][]InlineKeyboardButton) error {
	for _, row := range rows {
		for _, b := range row {
			if len(b.CallbackData) > 64 {
				return badRequest("BUTTON_DATA_INVALID")
			}
			if !b.hasAction() {
				return badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
			}
		}
	}
	return nil
}

// hasAction reports whether the button does something when pressed.
func (b InlineKeyboardButton) hasAction() bool {
	return b.URL != "" || b.CallbackData != "" || b.Pay ||
		b.SwitchInline != nil || b.SwitchHere != nil ||
		filled(b.WebApp) || filled(b.LoginURL) || filled(b.CopyText)
}

// filled reports whether raw JSON holds an object with at least one
// non-empty value; some clients send empty objects for unused fields.
func filled(raw json.RawMessage) bool {
	var v map[string]any
	if json.Unmarshal(raw, &v) != nil {
		return false
	}
	for _, x := range v {
		if x != "" && x != nil && x != false {
			return true
		}
	}
	return false
}

// isArray reports whether raw JSON is an array.
func isArray(raw json.RawMessage) bool {
	return bytes.HasPrefix(bytes.TrimSpace(raw), []byte("["))
}
