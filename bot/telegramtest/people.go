package telegramtest

import (
	"cmp"
	"fmt"
	"slices"
)

// Group describes a group chat to create.
type Group struct {
	ID       int64   `json:"id"` // negative; 0 picks one
	Title    string  `json:"title"`
	Type     string  `json:"type,omitempty"` // "group" (default) or "supergroup"
	Username string  `json:"username,omitempty"`
	Creator  int64   `json:"creator,omitempty"`
	Admins   []int64 `json:"admins,omitempty"`
	Members  []int64 `json:"members,omitempty"`
	// BotStatus is the bot's membership: "member" (default),
	// "administrator", "left" or "kicked".
	BotStatus string `json:"bot_status,omitempty"`
}

// AddUser creates a simulated user, or updates the one with the same id,
// and opens their private chat with the bot. A zero ID picks a fresh one;
// an empty first name becomes "User <id>".
func (s *Server) AddUser(u User) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.ID == 0 {
		u.ID = 1000 + int64(len(s.people)) + 1
		for s.people[u.ID] != nil || s.chats[u.ID] != nil {
			u.ID++
		}
	}
	if u.FirstName == "" {
		u.FirstName = fmt.Sprintf("User %d", u.ID)
	}
	u.IsBot = false
	p := s.people[u.ID]
	if p == nil {
		p = &person{}
		s.people[u.ID] = p
	}
	p.user = u
	info := Chat{ID: u.ID, Type: "private", FirstName: u.FirstName, LastName: u.LastName, Username: u.Username}
	if c := s.chats[u.ID]; c != nil {
		c.info = info
	} else {
		s.chats[u.ID] = &chatState{info: info}
	}
	s.eventLocked(EventChat, u.ID, 0)
	return u
}

// Users lists the simulated users.
func (s *Server) Users() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]User, 0, len(s.people))
	for _, p := range s.people {
		out = append(out, p.user)
	}
	slices.SortFunc(out, func(a, b User) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// AddGroup creates a group whose members are existing users.
func (s *Server) AddGroup(g Group) (Chat, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g.ID > 0 || (g.ID != 0 && s.chats[g.ID] != nil) {
		return Chat{}, fmt.Errorf("telegramtest: group id %d is positive or taken", g.ID)
	}
	if g.ID == 0 {
		g.ID = -int64(4000 + len(s.chats))
		for s.chats[g.ID] != nil {
			g.ID--
		}
	}
	c := &chatState{info: Chat{ID: g.ID, Type: g.Type, Title: g.Title, Username: g.Username}, members: map[int64]string{}}
	if c.info.Type == "" {
		c.info.Type = "group"
	}
	if err := s.seatMembers(c, g); err != nil {
		return Chat{}, err
	}
	s.chats[g.ID] = c
	s.eventLocked(EventChat, g.ID, 0)
	return c.info, nil
}

// seatMembers fills a new group's member list. Call with s.mu held.
func (s *Server) seatMembers(c *chatState, g Group) error {
	seat := func(ids []int64, status string) error {
		for _, id := range ids {
			if s.people[id] == nil {
				return fmt.Errorf("telegramtest: no user %d", id)
			}
			c.members[id] = status
		}
		return nil
	}
	if err := seat(g.Members, "member"); err != nil {
		return err
	}
	if err := seat(g.Admins, "administrator"); err != nil {
		return err
	}
	if g.Creator != 0 {
		if err := seat([]int64{g.Creator}, "creator"); err != nil {
			return err
		}
	}
	c.members[s.bot.ID] = g.BotStatus
	if g.BotStatus == "" {
		c.members[s.bot.ID] = "member"
	}
	return nil
}

// Block makes the user block the bot: its sends to them fail with 403, and
// it receives a my_chat_member update.
func (s *Server) Block(userID int64) error { return s.setBlocked(userID, true) }

// Unblock undoes Block.
func (s *Server) Unblock(userID int64) error { return s.setBlocked(userID, false) }

// setBlocked changes whether the user blocks the bot.
func (s *Server) setBlocked(userID int64, blocked bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.people[userID]
	if p == nil {
		return fmt.Errorf("telegramtest: no user %d", userID)
	}
	if p.blocked == blocked {
		return nil
	}
	p.blocked = blocked
	old, now := chatMember{Status: "member", User: s.bot}, chatMember{Status: "kicked", User: s.bot}
	if !blocked {
		old, now = now, old
	}
	s.enqueueLocked(update{MyChatMember: &chatMemberUpdated{
		Chat: s.chats[userID].info, From: p.user, Date: s.now().Unix(),
		OldChatMember: old, NewChatMember: now,
	}})
	return nil
}
