package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// commandKey identifies one command list: a scope and a language.
type commandKey struct {
	scope  string
	chatID int64
	userID int64
	lang   string
}

// commandScope is the Bot API "BotCommandScope" object.
type commandScope struct {
	Type   string          `json:"type"`
	ChatID json.RawMessage `json:"chat_id"`
	UserID int64           `json:"user_id"`
}

// commandRe is the documented form of a command: 1-32 lower-case letters,
// digits and underscores.
var commandRe = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// commandKeyOf reads scope and language_code. Call with s.mu held.
func (s *Server) commandKeyOf(p *params) (commandKey, error) {
	sc := commandScope{Type: "default"}
	if err := p.json("scope", &sc); err != nil {
		return commandKey{}, err
	}
	key := commandKey{scope: sc.Type, lang: p.str("language_code"), userID: sc.UserID}
	switch sc.Type {
	case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
		key.userID = 0
		return key, nil
	case "chat", "chat_administrators", "chat_member":
	default:
		return commandKey{}, badRequest("unsupported bot command scope type specified")
	}
	c, err := s.resolveChat(strings.Trim(string(sc.ChatID), `"`))
	if err != nil {
		return commandKey{}, err
	}
	key.chatID = c.info.ID
	if sc.Type != "chat_member" {
		key.userID = 0
	} else if s.people[sc.UserID] == nil {
		return commandKey{}, badRequest("user not found")
	}
	return key, nil
}

// setMyCommands implements setMyCommands.
func (s *Server) setMyCommands(_ context.Context, p *params) (any, error) {
	var cmds []BotCommand
	if err := p.json("commands", &cmds); err != nil {
		return nil, err
	}
	if len(cmds) > 100 {
		return nil, badRequest("BOT_COMMANDS_TOO_MUCH")
	}
	for _, c := range cmds {
		if !commandRe.MatchString(c.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := len([]rune(strings.TrimSpace(c.Description))); n < 1 || n > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key, err := s.commandKeyOf(p)
	if err != nil {
		return nil, err
	}
	if len(cmds) == 0 {
		delete(s.commands, key)
	} else {
		s.commands[key] = cmds
	}
	s.eventLocked(EventCommands, key.chatID, 0)
	return true, nil
}

// getMyCommands implements getMyCommands: the list of exactly that scope
// and language, without fallback.
func (s *Server) getMyCommands(_ context.Context, p *params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key, err := s.commandKeyOf(p)
	if err != nil {
		return nil, err
	}
	return append([]BotCommand{}, s.commands[key]...), nil
}

// deleteMyCommands implements deleteMyCommands.
func (s *Server) deleteMyCommands(_ context.Context, p *params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key, err := s.commandKeyOf(p)
	if err != nil {
		return nil, err
	}
	delete(s.commands, key)
	s.eventLocked(EventCommands, key.chatID, 0)
	return true, nil
}

// CommandsFor returns the command menu user sees in chat, resolved in the
// order of the Bot API's "Determining list of commands": the narrowest
// scope first, each with the user's language before without.
func (s *Server) CommandsFor(chatID, userID int64) ([]BotCommand, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, p := s.chats[chatID], s.people[userID]
	if c == nil || p == nil {
		return nil, fmt.Errorf("telegramtest: no chat %d or user %d", chatID, userID)
	}
	for _, key := range commandScopesFor(c, userID) {
		for _, lang := range slices.Compact([]string{p.user.LanguageCode, ""}) {
			key.lang = lang
			if cmds, ok := s.commands[key]; ok {
				return slices.Clone(cmds), nil
			}
		}
	}
	return nil, nil
}

// commandScopesFor lists the scopes that apply to user in c, narrowest
// first.
func commandScopesFor(c *chatState, userID int64) []commandKey {
	id := c.info.ID
	if !c.isGroup() {
		return []commandKey{{scope: "chat", chatID: id}, {scope: "all_private_chats"}, {scope: "default"}}
	}
	keys := []commandKey{{scope: "chat_member", chatID: id, userID: userID}}
	if c.isAdmin(userID) {
		keys = append(keys, commandKey{scope: "chat_administrators", chatID: id})
	}
	keys = append(keys, commandKey{scope: "chat", chatID: id})
	if c.isAdmin(userID) {
		keys = append(keys, commandKey{scope: "all_chat_administrators"})
	}
	return append(keys, commandKey{scope: "all_group_chats"}, commandKey{scope: "default"})
}
