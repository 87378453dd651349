package wechattest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// apiOrigin is where the real API lives; RewriteURI replaces it.
const apiOrigin = "https://api.weixin.qq.com"

// Server is a stand-in for WeChat's official-account API. It is an
// http.Handler serving the API paths as api.weixin.qq.com has them.
type Server struct {
	opts Options
	mux  *http.ServeMux

	mu       sync.RWMutex
	accounts map[string]*accountState
	tokens   map[string]*token
	store    *store // nil: in memory only (see Open)

	faults faultSet
	calls  callLog
	pushes pushLog
	seq    atomic.Int64

	ctx    context.Context // cancelled by Close; ends hangs and jobs
	cancel context.CancelFunc
	jobs   sync.WaitGroup

	baseURL atomic.Value // string
	http    *http.Server
	test    *httptest.Server
}

// New returns a stand-in with no accounts. Call Start or Listen to serve it,
// or mount it as a handler.
func New(opts Options) *Server {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		opts:     opts.withDefaults(),
		accounts: map[string]*accountState{},
		tokens:   map[string]*token{},
		ctx:      ctx,
		cancel:   cancel,
	}
	s.faults.byApp = map[string][]*faultEntry{}
	s.seq.Store(time.Now().Unix() % 100000 * 1000)
	s.baseURL.Store("")
	s.mux = s.routes()
	return s
}

// ServeHTTP answers one API call.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

// Start serves the stand-in on a loopback port for the test's duration and
// returns its base URL (http://127.0.0.1:port).
func (s *Server) Start(t testing.TB) string {
	t.Helper()
	s.test = httptest.NewServer(s)
	t.Cleanup(s.Close)
	s.baseURL.Store(s.test.URL)
	return s.test.URL
}

// Listen serves the stand-in on addr (e.g. "127.0.0.1:8081", for a sandbox)
// until Close, and returns its base URL.
func (s *Server) Listen(addr string) (string, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	s.http = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := s.http.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = l.Close()
		}
	}()
	url := "http://" + l.Addr().String()
	s.baseURL.Store(url)
	return url, nil
}

// URL is the base URL the stand-in serves on, once started.
func (s *Server) URL() string {
	return s.baseURL.Load().(string)
}

// RewriteURI turns a URI of api.weixin.qq.com into the same URI on the
// stand-in. It fits silenceper's util.SetURIModifier.
func (s *Server) RewriteURI(uri string) string {
	if base := s.URL(); base != "" && strings.HasPrefix(uri, apiOrigin) {
		return base + strings.TrimPrefix(uri, apiOrigin)
	}
	return uri
}

// Close stops serving, releases hanging calls and waits for pending jobs
// (publishes, mass sends, pushes) to stop.
func (s *Server) Close() {
	s.cancel()
	if s.test != nil {
		s.test.Close()
	}
	if s.http != nil {
		_ = s.http.Close()
	}
	s.jobs.Wait()
}

// after runs fn after delay on its own goroutine unless the stand-in closes
// first.
func (s *Server) after(delay time.Duration, fn func()) {
	s.jobs.Add(1)
	go func() {
		defer s.jobs.Done()
		timer := time.NewTimer(delay)
		defer timer.Stop()
		select {
		case <-timer.C:
			fn()
		case <-s.ctx.Done():
		}
	}()
}

// now reads the stand-in's clock.
func (s *Server) now() time.Time {
	return s.opts.Now()
}

// nextID returns a fresh positive number for publish, message and msg_data ids.
func (s *Server) nextID() int64 {
	return 2247483648 + s.seq.Add(1)
}
