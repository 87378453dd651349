package telegramtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Server is a stand-in Telegram Bot API server holding simulated users,
// groups and their chats with one bot. It is an http.Handler serving the
// bot side under /bot<token>/<method> and /file/bot<token>/<path>, and the
// sandbox (the simulated humans) under /_sandbox/. All methods are safe for
// concurrent use.
type Server struct {
	opts    Options
	bot     User
	sandbox *http.ServeMux

	mu       stateLock // releasing it keeps a changed state (see Open)
	store    *store    // nil: in memory only
	people   map[int64]*person
	chats    map[int64]*chatState
	files    map[string]*storedFile
	queries  map[string]*query
	commands map[commandKey][]BotCommand
	updates  updateQueue
	hook     webhook
	log      callLog
	limiter  limiter
	faults   []*Fault
	events   []Event
	seq      int64 // last id handed out for files and callback queries
	stalled  int   // calls held by a Stall fault
	changed  chan struct{}

	ctx     context.Context // canceled by Close
	stop    context.CancelFunc
	httpSrv *httptest.Server
}

// New returns a Server with no users and no chats.
func New(opts Options) *Server {
	opts = opts.withDefaults()
	s := &Server{
		opts:     opts,
		people:   map[int64]*person{},
		chats:    map[int64]*chatState{},
		files:    map[string]*storedFile{},
		queries:  map[string]*query{},
		commands: map[commandKey][]BotCommand{},
		changed:  make(chan struct{}),
	}
	s.ctx, s.stop = context.WithCancel(context.Background())
	s.bot = User{
		ID: opts.botID(), IsBot: true, FirstName: opts.BotName, Username: opts.BotUsername,
	}
	s.log.limit = opts.CallLogLimit
	s.limiter = newLimiter()
	s.sandbox = s.sandboxRoutes()
	return s
}

// Start serves s on a local HTTP server until tb ends, and returns s. Its
// address is s.URL(); point the bot at it with bot.WithServerURL(s.URL()).
func Start(tb testing.TB, opts Options) *Server {
	tb.Helper()
	s := New(opts)
	s.Start()
	tb.Cleanup(s.Close)
	return s
}

// Start serves s on a local HTTP server and returns its URL; Close stops it.
func (s *Server) Start() string {
	srv := httptest.NewServer(s)
	s.mu.Lock()
	s.httpSrv = srv
	s.mu.Unlock()
	return srv.URL
}

// URL is the address given by Start, or "" when s was not started.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.httpSrv == nil {
		return ""
	}
	return s.httpSrv.URL
}

// Close ends long polls and webhook deliveries, and stops the HTTP server
// started by Start.
func (s *Server) Close() {
	s.stop()
	s.mu.Lock()
	srv := s.httpSrv
	s.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

// Bot is the bot's own user, as getMe returns it.
func (s *Server) Bot() User { return s.bot }

// Token is the token the server accepts.
func (s *Server) Token() string { return s.opts.Token }

// ServeHTTP routes bot requests, file downloads and the sandbox API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case strings.HasPrefix(p, "/_sandbox/"):
		s.sandbox.ServeHTTP(w, r)
	case strings.HasPrefix(p, "/file/bot"):
		s.serveFile(w, r, strings.TrimPrefix(p, "/file/bot"))
	case strings.HasPrefix(p, "/bot"):
		s.serveMethod(w, r, strings.TrimPrefix(p, "/bot"))
	default:
		writeEnvelope(w, errorEnvelope(errNotFound))
	}
}

// now is the server's clock.
func (s *Server) now() time.Time { return s.opts.Now() }

// changedLocked wakes everyone waiting for a change. Call with s.mu held.
func (s *Server) changedLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Changes returns a channel closed at the next change of any chat, update
// queue or call log.
func (s *Server) Changes() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changed
}

// nextSeq hands out a fresh number for ids. Call with s.mu held.
func (s *Server) nextSeq() int64 {
	s.seq++
	return s.seq
}
