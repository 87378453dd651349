// Package web serves the service over HTTP: health for operators and
// metrics for an address of their own, the public directory of official
// accounts (JSON, CSV and HTML pages), and the endpoints other parts mount
// (the WeChat callback, the Telegram webhook, the sandbox).
package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"govmedia"
	"govmedia/catalog"
	"govmedia/publish"
	"govmedia/registry"
)

// Server is the service's one HTTP mux with its handlers. Every answer
// carries the security headers; the public routes are guarded (see Guard)
// and take only queries of sensible length.
type Server struct {
	mux       *http.ServeMux
	handler   http.Handler
	registry  *registry.Registry
	ready     func(context.Context) error
	parts     parts // the other parts /readyz reports on
	log       *slog.Logger
	metrics   *prometheus.Registry
	requests  *prometheus.HistogramVec
	proxies   []netip.Prefix
	public    *clients
	callbacks *clients
	catalog   *catalog.Catalog // the public catalog pages' (see SetCatalog)
	layouts   *layouts
	patterns  []string           // every route mounted, in order (Routes)
	published *publish.Publisher // the accounts' latest articles (see ServePolicies)
	deadline  time.Duration      // of a public request (PublicDeadline)
}

// New returns the server. ready reports whether the service can serve
// (the database answers).
func New(reg *registry.Registry, ready func(context.Context) error, log *slog.Logger) *Server {
	s := &Server{mux: http.NewServeMux(), registry: reg, ready: ready, log: log, metrics: prometheus.NewRegistry(), deadline: PublicDeadline}
	s.metrics.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.requests = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "govmedia_http_request_duration_seconds", Help: "HTTP requests by route and status.",
		Buckets: []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"route", "status"})
	s.metrics.MustRegister(s.requests)
	s.SetGuard(DefaultGuard())
	s.routes()
	s.handler = securityHeaders(s.mux)
	return s
}

// Metrics is the registry other parts add their collectors to.
func (s *Server) Metrics() prometheus.Registerer { return s.metrics }

// MetricsHandler serves the metrics, for an address of their own that
// only operators reach (never the public mux).
func (s *Server) MetricsHandler() http.Handler {
	return promhttp.HandlerFor(s.metrics, promhttp.HandlerOpts{})
}

// Handle mounts another part's handler on a pattern of the mux, with no
// per-client limit: for a machine endpoint that authenticates its caller
// first (the Telegram webhook checks its secret token).
func (s *Server) Handle(pattern string, h http.Handler) {
	s.patterns = append(s.patterns, pattern)
	s.mux.Handle(pattern, s.measure(pattern, h))
}

// Routes lists the patterns mounted on the public mux, for the tests that
// check each one's access (testdata/authorisation_http.tsv).
func (s *Server) Routes() []string { return slices.Clone(s.patterns) }

// HandleCallback mounts the WeChat callback: limited per client by the
// guard's Callbacks allowance (WeChat retries a refused push, twice).
func (s *Server) HandleCallback(pattern string, h http.Handler) {
	s.Handle(pattern, s.limited(func() *clients { return s.callbacks }, h))
}

func (s *Server) routes() {
	s.handleFunc("GET /healthz", s.healthz)
	s.handlePublic("GET /readyz", s.readyz)
	s.handlePublic("GET /api/v1/accounts", s.listAccounts)
	s.handlePublic("GET /api/v1/accounts.csv", s.exportAccountsCSV)
	s.handlePublic("GET /api/v1/accounts/{id}", s.getAccount)
	s.handlePublic("GET /api/v1/verify", s.verify)
	s.handlePublic("GET /{$}", s.directoryPage)
	s.handlePublic("GET /verify", s.verifyPage)
	s.handlePublic("GET /accounts/{id}", s.accountPage)
}

func (s *Server) handleFunc(pattern string, h http.HandlerFunc) { s.Handle(pattern, h) }

// handlePublic mounts a public route: limited per client, lengths capped.
func (s *Server) handlePublic(pattern string, h http.HandlerFunc) {
	s.Handle(pattern, s.limited(func() *clients { return s.public }, s.capped(h)))
}

// ServeHTTP serves the mux, with the security headers on every answer.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) measure(route string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: 200}
		h.ServeHTTP(sw, r)
		s.requests.WithLabelValues(route, http.StatusText(sw.status)).Observe(time.Since(start).Seconds())
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz answers 503 only when the database does not answer: without it
// nothing works. Every other part reported (the bot's link to Telegram,
// say) is listed with its state, and one that is degraded does not fail
// the check: the directory, the WeChat callbacks and the deliveries go on
// without it.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.ready(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
		return
	}
	state := "ready"
	var lines strings.Builder
	for _, p := range s.parts.list() {
		ok, detail := p.state()
		if !ok {
			state = "degraded"
		}
		fmt.Fprintf(&lines, "%s: %s\n", p.name, detail)
	}
	_, _ = io.WriteString(w, state+"\ndatabase: ok\n"+lines.String())
}

// Report adds a part to /readyz: state tells whether the part works and,
// in a few words, how it stands ("unreachable since …"). A part that does
// not work shows the service as degraded, still ready.
func (s *Server) Report(name string, state func() (ok bool, detail string)) {
	s.parts.add(part{name: name, state: state})
}

// statusOf maps the error codes to HTTP statuses.
var statusOf = map[string]int{
	govmedia.EINVALID:   http.StatusBadRequest,
	govmedia.ENOTFOUND:  http.StatusNotFound,
	govmedia.ECONFLICT:  http.StatusConflict,
	govmedia.EFORBIDDEN: http.StatusForbidden,
	govmedia.EINTERNAL:  http.StatusInternalServerError,
	codeRateLimited:     http.StatusTooManyRequests,
}

// writeError answers an error as JSON in the request's language, logging
// only internal errors, whose details never reach the client.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := govmedia.ErrorCode(err)
	if code == govmedia.EINTERNAL && !errors.Is(err, context.Canceled) {
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
	}
	writeJSON(w, statusOf[code], map[string]any{"error": map[string]string{
		"code": code, "message": govmedia.ErrorMessage(language(r), err)}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// language picks the reply's language from ?lang= or Accept-Language (a
// query too long to be read gives only the header).
func language(r *http.Request) govmedia.Language {
	if len(r.URL.RawQuery) <= maxQueryBytes {
		if l := r.URL.Query().Get("lang"); l != "" {
			return govmedia.ParseLanguage(shorten(l, 8))
		}
	}
	return govmedia.ParseLanguage(r.Header.Get("Accept-Language"))
}
