package telegramtest

import (
	"context"
	"net/http"
	"time"
)

// memberInput names the user of a join or leave.
type memberInput struct {
	UserID int64 `json:"user_id"`
}

// eventsAnswer is the answer of GET /_sandbox/events.
type eventsAnswer struct {
	Events []Event `json:"events"`
	Next   int64   `json:"next"` // pass as since in the next request
}

// sandboxBlock handles POST /_sandbox/users/{id}/block and /unblock.
func (s *Server) sandboxBlock(blocked bool) func(*http.Request, none) (any, error) {
	return func(r *http.Request, _ none) (any, error) {
		id, err := pathID(r, "id")
		if err != nil {
			return nil, err
		}
		return ok{true}, s.setBlocked(id, blocked)
	}
}

// sandboxView handles GET /_sandbox/chats/{id}.
func (s *Server) sandboxView(r *http.Request, _ none) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.View(id)
}

// sandboxCommands handles GET /_sandbox/chats/{id}/commands?user_id=N.
func (s *Server) sandboxCommands(r *http.Request, _ none) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	cmds, err := s.CommandsFor(id, queryInt(r, "user_id", id))
	if cmds == nil {
		cmds = []BotCommand{}
	}
	return cmds, err
}

// sandboxSend handles POST /_sandbox/chats/{id}/messages.
func (s *Server) sandboxSend(r *http.Request, um UserMessage) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	um.ChatID = id
	return s.Send(um)
}

// sandboxPress handles POST /_sandbox/chats/{id}/press.
func (s *Server) sandboxPress(r *http.Request, bp ButtonPress) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	bp.ChatID = id
	return s.PressButton(bp)
}

// sandboxMembership handles POST /_sandbox/chats/{id}/join and /leave.
func (s *Server) sandboxMembership(join bool) func(*http.Request, memberInput) (any, error) {
	return func(r *http.Request, in memberInput) (any, error) {
		id, err := pathID(r, "id")
		if err != nil {
			return nil, err
		}
		return s.changeMembership(id, in.UserID, join)
	}
}

// sandboxEvents handles GET /_sandbox/events?since=N&timeout=S, a long
// poll answering as soon as there are events after N, or after S seconds
// (default 25, at most 60) with none.
func (s *Server) sandboxEvents(r *http.Request, _ none) (any, error) {
	since := queryInt(r, "since", 0)
	wait := time.Duration(min(max(queryInt(r, "timeout", 25), 0), 60)) * time.Second
	s.mu.Lock()
	last := int64(0)
	if n := len(s.events); n > 0 {
		last = s.events[n-1].Seq
	}
	s.mu.Unlock()
	if since > last {
		return eventsAnswer{Events: []Event{}, Next: last}, nil
	}
	ctx, cancel := context.WithTimeout(r.Context(), wait)
	defer cancel()
	evs := s.WaitEvents(ctx, since)
	next := since
	if n := len(evs); n > 0 {
		next = evs[n-1].Seq
	}
	return eventsAnswer{Events: evs, Next: next}, nil
}

// sandboxCalls handles GET /_sandbox/calls?method=a,b&since=N.
func (s *Server) sandboxCalls(r *http.Request, _ none) (any, error) {
	since := queryInt(r, "since", 0)
	out := []Call{}
	for _, c := range s.Calls(splitList(r.URL.Query().Get("method"))...) {
		if c.Seq > since {
			out = append(out, c)
		}
	}
	return out, nil
}

// sandboxFile handles GET /_sandbox/files/{file_id}: the bytes of a file
// a user or the bot sent, for the page to show.
func (s *Server) sandboxFile(w http.ResponseWriter, r *http.Request) {
	data, _, mimeType, found := s.FileData(r.PathValue("file_id"))
	if !found {
		writeJSON(w, http.StatusNotFound, errorBody{"telegramtest: no such file"})
		return
	}
	if mimeType != "" {
		w.Header().Set("Content-Type", mimeType)
	}
	_, _ = w.Write(data)
}
