package telegramtest

import "fmt"

// Join adds a user to a group; the group gets a new_chat_members service
// message, which the bot receives as a "message" update.
func (s *Server) Join(chatID, userID int64) (Message, error) {
	return s.changeMembership(chatID, userID, true)
}

// Leave removes a user from a group; the group gets a left_chat_member
// service message, which the bot receives as a "message" update.
func (s *Server) Leave(chatID, userID int64) (Message, error) {
	return s.changeMembership(chatID, userID, false)
}

// changeMembership moves a user into or out of a group.
func (s *Server) changeMembership(chatID, userID int64, join bool) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, p := s.chats[chatID], s.people[userID]
	switch {
	case c == nil || !c.isGroup():
		return Message{}, fmt.Errorf("telegramtest: no group %d", chatID)
	case p == nil:
		return Message{}, fmt.Errorf("telegramtest: no user %d", userID)
	case c.isMember(userID) == join:
		return Message{}, fmt.Errorf("telegramtest: user %d already has that membership of %d", userID, chatID)
	}
	from := p.user
	st := &stored{msg: Message{From: &from}}
	if join {
		c.members[userID] = "member"
		st.msg.NewChatMembers = []User{p.user}
	} else {
		c.members[userID] = "left"
		u := p.user
		st.msg.LeftChatMember = &u
	}
	s.appendMessage(c, st)
	s.eventLocked(EventChat, chatID, st.msg.MessageID)
	m := s.wire(c, st, true)
	if s.botSees(c, st) {
		s.enqueueLocked(update{Message: &m})
	}
	return m, nil
}
