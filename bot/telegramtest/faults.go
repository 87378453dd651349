package telegramtest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// Fault makes the server answer the next calls with an error instead of
// running them.
type Fault struct {
	// Method limits the fault to one method (case-insensitive), or to file
	// downloads with DownloadMethod; "" is any API method.
	Method string `json:"method,omitempty"`
	// ChatID limits the fault to calls whose chat_id is this chat; 0 is any.
	ChatID int64 `json:"chat_id,omitempty"`
	// Times is how many calls fail; default 1.
	Times int `json:"times,omitempty"`
	// Code and Description are the error answered; a 429 without a
	// description gets "Too Many Requests: retry after <RetryAfter>".
	Code        int    `json:"error_code"`
	Description string `json:"description,omitempty"`
	RetryAfter  int    `json:"retry_after,omitempty"`
	// Stall holds the call without answering until the client gives up or
	// the server closes, as a Bot API that stopped answering would; Code
	// and Description are then not used.
	Stall bool `json:"stall,omitempty"`
}

// DownloadMethod is the Fault.Method of file downloads (GET
// /file/bot<token>/<path>).
const DownloadMethod = "download"

// Inject queues a fault; faults are matched in the order injected.
func (s *Server) Inject(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	if f.Code == 0 {
		f.Code = http.StatusInternalServerError
	}
	if f.Description == "" {
		f.Description = defaultDescription(f.Code)
		if f.Code == http.StatusTooManyRequests {
			f.Description = fmt.Sprintf("Too Many Requests: retry after %d", f.RetryAfter)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// InjectTooManyRequests answers the next times calls of method (for chatID,
// or any chat when 0) with 429 and retry_after.
func (s *Server) InjectTooManyRequests(method string, chatID int64, times, retryAfter int) {
	s.Inject(Fault{Method: method, ChatID: chatID, Times: times, Code: http.StatusTooManyRequests, RetryAfter: retryAfter})
}

// FailNextCall answers the next call of any method with code and
// description.
func (s *Server) FailNextCall(code int, description string) {
	s.Inject(Fault{Code: code, Description: description})
}

// takeFault consumes the first fault matching the call, if any, and
// answers it: a stall holds the call until ctx or the server ends.
func (s *Server) takeFault(ctx context.Context, method, chatID string) error {
	f := s.matchFault(method, chatID)
	if f == nil {
		return nil
	}
	if f.Stall {
		s.stall(ctx)
	}
	return &apiError{Code: f.Code, Description: f.Description, RetryAfter: f.RetryAfter}
}

func (s *Server) matchFault(method, chatID string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if (f.Method != "" || method == DownloadMethod) && !strings.EqualFold(f.Method, method) {
			continue // "" is any API method; downloads are named
		}
		if f.ChatID != 0 && fmt.Sprint(f.ChatID) != strings.TrimSpace(chatID) {
			continue
		}
		f.Times--
		if f.Times == 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return f
	}
	return nil
}

// stall holds a call until the client gives up or the server closes.
func (s *Server) stall(ctx context.Context) {
	s.mu.Lock()
	s.stalled++
	s.changedLocked()
	s.mu.Unlock()
	select {
	case <-ctx.Done():
	case <-s.ctx.Done():
	}
	s.mu.Lock()
	s.stalled--
	s.changedLocked()
	s.mu.Unlock()
}

// Stalled is how many calls a Stall fault is holding now.
func (s *Server) Stalled() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stalled
}
