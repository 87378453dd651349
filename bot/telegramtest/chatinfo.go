package telegramtest

import (
	"context"
	"slices"
)

// chatMember is the Bot API "ChatMember" object in its several kinds,
// told apart by Status.
type chatMember struct {
	Status      string `json:"status"`
	User        User   `json:"user"`
	IsAnonymous *bool  `json:"is_anonymous,omitempty"` // creator and administrator
	UntilDate   *int64 `json:"until_date,omitempty"`   // kicked

	// Administrator rights; all granted to a simulated administrator.
	CanBeEdited         *bool `json:"can_be_edited,omitempty"`
	CanManageChat       *bool `json:"can_manage_chat,omitempty"`
	CanDeleteMessages   *bool `json:"can_delete_messages,omitempty"`
	CanManageVideoChats *bool `json:"can_manage_video_chats,omitempty"`
	CanRestrictMembers  *bool `json:"can_restrict_members,omitempty"`
	CanPromoteMembers   *bool `json:"can_promote_members,omitempty"`
	CanChangeInfo       *bool `json:"can_change_info,omitempty"`
	CanInviteUsers      *bool `json:"can_invite_users,omitempty"`
	CanPostStories      *bool `json:"can_post_stories,omitempty"`
	CanEditStories      *bool `json:"can_edit_stories,omitempty"`
	CanDeleteStories    *bool `json:"can_delete_stories,omitempty"`
}

// newChatMember fills the fields the Bot API requires for status.
func newChatMember(status string, u User) chatMember {
	yes, no, never := true, false, int64(0)
	m := chatMember{Status: status, User: u}
	switch status {
	case "creator":
		m.IsAnonymous = &no
	case "administrator":
		m.IsAnonymous, m.CanBeEdited = &no, &no
		m.CanManageChat, m.CanDeleteMessages, m.CanManageVideoChats = &yes, &yes, &yes
		m.CanRestrictMembers, m.CanPromoteMembers, m.CanChangeInfo = &yes, &yes, &yes
		m.CanInviteUsers, m.CanPostStories, m.CanEditStories, m.CanDeleteStories = &yes, &yes, &yes, &yes
	case "kicked":
		m.UntilDate = &never
	}
	return m
}

// chatFullInfo is the Bot API "ChatFullInfo" object, with its required
// fields.
type chatFullInfo struct {
	Chat
	AccentColorID    int `json:"accent_color_id"`
	MaxReactionCount int `json:"max_reaction_count"`
}

// getMe implements getMe.
func (s *Server) getMe(context.Context, *params) (any, error) {
	me := s.bot
	me.CanJoinGroups, me.CanReadAllGroupMessages = true, s.opts.ReadAllGroupMessages
	return me, nil
}

// getChat implements getChat.
func (s *Server) getChat(_ context.Context, p *params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.resolveChat(p.str("chat_id"))
	if err != nil {
		return nil, err
	}
	return chatFullInfo{Chat: c.info, MaxReactionCount: 11}, nil
}

// getChatMember implements getChatMember: in a group, the member's status;
// in a private chat, the user and the bot are members.
func (s *Server) getChatMember(_ context.Context, p *params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.resolveChat(p.str("chat_id"))
	if err != nil {
		return nil, err
	}
	id, err := p.int64("user_id")
	if err != nil {
		return nil, err
	}
	u, ok := s.userByID(id)
	if !ok {
		return nil, badRequest("user not found")
	}
	status := "member"
	if c.isGroup() {
		status = c.members[id]
	} else if id != c.info.ID && id != s.bot.ID {
		status = "left"
	}
	if status == "" {
		status = "left"
	}
	return newChatMember(status, u), nil
}

// userByID finds a simulated user or the bot. Call with s.mu held.
func (s *Server) userByID(id int64) (User, bool) {
	if id == s.bot.ID {
		return s.bot, true
	}
	if p := s.people[id]; p != nil {
		return p.user, true
	}
	return User{}, false
}

// chatActions are the actions sendChatAction accepts.
var chatActions = []string{
	"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
	"upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
}

// sendChatAction implements sendChatAction; the human sees the action for
// five seconds or until the bot's next message.
func (s *Server) sendChatAction(_ context.Context, p *params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.writableChat(p.str("chat_id"))
	if err != nil {
		return nil, err
	}
	if !slices.Contains(chatActions, p.str("action")) {
		return nil, badRequest("wrong parameter action in request")
	}
	c.action, c.actedAt, c.actedAfter = p.str("action"), s.now(), len(c.msgs)
	s.eventLocked(EventAction, c.info.ID, 0)
	return true, nil
}
