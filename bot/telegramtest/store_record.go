package telegramtest

import (
	"cmp"
	"encoding/json"
	"maps"
	"slices"
)

// snapshot is the server's state as its file holds it: what Telegram would
// remember across a restart (the people, the chats and their messages,
// the files' descriptions, the command menus, the updates the bot has not
// confirmed, the presses it may still answer), not the evidence kept for
// tests (calls, statistics), the webhook, injected faults or what a chat
// shows only for a moment (a chat action). The files' bytes are kept
// apart, one file each.
type snapshot struct {
	Seq       int64 // the last id handed out for files and callback queries
	LastEvent *Event
	People    []personRecord
	Chats     []chatRecord
	Files     []fileRecord
	Commands  []commandRecord
	Updates   updatesRecord
}

type personRecord struct {
	User    User
	Started bool `json:",omitempty"`
	Blocked bool `json:",omitempty"`
}

type chatRecord struct {
	Info     Chat
	Members  map[int64]string `json:",omitempty"`
	Messages []messageRecord
}

type messageRecord struct {
	Msg         Message
	ReplyTo     int             `json:",omitempty"`
	Markup      *ReplyMarkup    `json:",omitempty"`
	Source      string          `json:",omitempty"`
	ParseMode   string          `json:",omitempty"`
	Edits       int             `json:",omitempty"`
	Deleted     bool            `json:",omitempty"`
	Silent      bool            `json:",omitempty"`
	LinkPreview json.RawMessage `json:",omitempty"`
	Presses     []Press         `json:",omitempty"`
	Open        []string        `json:",omitempty"` // ids of the presses still waiting for an answer
}

type fileRecord struct {
	ID, UniqueID, Path, Name, MIME string
	Width, Height                  int `json:",omitempty"`
}

type commandRecord struct {
	Scope    string
	ChatID   int64  `json:",omitempty"`
	UserID   int64  `json:",omitempty"`
	Lang     string `json:",omitempty"`
	Commands []BotCommand
}

type updatesRecord struct {
	Pending []update `json:",omitempty"`
	LastID  int
	Allowed []string `json:",omitempty"`
}

// snapshotLocked copies the server's state. Call with s.mu held.
func (s *Server) snapshotLocked() snapshot {
	snap := snapshot{Seq: s.seq, Updates: updatesRecord{Pending: s.updates.pending, LastID: s.updates.lastID, Allowed: s.updates.allowed}}
	if n := len(s.events); n > 0 {
		snap.LastEvent = &s.events[n-1]
	}
	for _, id := range slices.Sorted(maps.Keys(s.people)) {
		p := s.people[id]
		snap.People = append(snap.People, personRecord{User: p.user, Started: p.started, Blocked: p.blocked})
	}
	for _, id := range slices.Sorted(maps.Keys(s.chats)) {
		snap.Chats = append(snap.Chats, s.chatRecordLocked(s.chats[id]))
	}
	for _, id := range slices.Sorted(maps.Keys(s.files)) {
		f := s.files[id]
		snap.Files = append(snap.Files, fileRecord{ID: f.id, UniqueID: f.uniqueID, Path: f.path, Name: f.name, MIME: f.mime, Width: f.width, Height: f.height})
	}
	for key, cmds := range s.commands {
		snap.Commands = append(snap.Commands, commandRecord{Scope: key.scope, ChatID: key.chatID, UserID: key.userID, Lang: key.lang, Commands: cmds})
	}
	slices.SortFunc(snap.Commands, func(a, b commandRecord) int {
		return cmp.Or(cmp.Compare(a.Scope, b.Scope), cmp.Compare(a.ChatID, b.ChatID), cmp.Compare(a.UserID, b.UserID), cmp.Compare(a.Lang, b.Lang))
	})
	return snap
}

// chatRecordLocked copies one chat. Call with s.mu held.
func (s *Server) chatRecordLocked(c *chatState) chatRecord {
	r := chatRecord{Info: c.info, Members: c.members}
	for _, st := range c.msgs {
		m := messageRecord{Msg: st.msg, ReplyTo: st.replyTo, Markup: st.markup, Source: st.source, ParseMode: st.parseMode,
			Edits: st.edits, Deleted: st.deleted, Silent: st.silent, LinkPreview: st.linkPreview}
		for _, p := range st.presses {
			m.Presses = append(m.Presses, *p)
			if s.queries[p.QueryID] != nil && !p.Answered {
				m.Open = append(m.Open, p.QueryID)
			}
		}
		r.Messages = append(r.Messages, m)
	}
	return r
}

// restoreLocked puts a snapshot's state into an empty server; data reads
// a file's bytes. Call with s.mu held.
func (s *Server) restoreLocked(snap snapshot, data func(id string) ([]byte, error)) error {
	s.seq = snap.Seq
	if snap.LastEvent != nil {
		s.events = []Event{*snap.LastEvent} // the page's event numbers go on
	}
	for _, p := range snap.People {
		s.people[p.User.ID] = &person{user: p.User, started: p.Started, blocked: p.Blocked}
	}
	for _, cr := range snap.Chats {
		s.chats[cr.Info.ID] = s.restoreChat(cr)
	}
	for _, f := range snap.Files {
		raw, err := data(f.ID)
		if err != nil {
			return err
		}
		s.files[f.ID] = &storedFile{id: f.ID, uniqueID: f.UniqueID, path: f.Path, name: f.Name, mime: f.MIME, data: raw, width: f.Width, height: f.Height}
	}
	for _, c := range snap.Commands {
		s.commands[commandKey{scope: c.Scope, chatID: c.ChatID, userID: c.UserID, lang: c.Lang}] = c.Commands
	}
	s.updates.pending, s.updates.lastID, s.updates.allowed = snap.Updates.Pending, snap.Updates.LastID, snap.Updates.Allowed
	return nil
}

// restoreChat rebuilds a chat, and the presses the bot may still answer.
func (s *Server) restoreChat(cr chatRecord) *chatState {
	c := &chatState{info: cr.Info, members: cr.Members}
	if c.isGroup() && c.members == nil {
		c.members = map[int64]string{}
	}
	for _, m := range cr.Messages {
		st := &stored{msg: m.Msg, replyTo: m.ReplyTo, markup: m.Markup, source: m.Source, parseMode: m.ParseMode,
			edits: m.Edits, deleted: m.Deleted, silent: m.Silent, linkPreview: m.LinkPreview}
		for _, p := range m.Presses {
			press := &p
			st.presses = append(st.presses, press)
			if slices.Contains(m.Open, p.QueryID) {
				s.queries[p.QueryID] = &query{chatID: c.info.ID, messageID: m.Msg.MessageID, press: press}
			}
		}
		c.msgs = append(c.msgs, st)
	}
	return c
}
