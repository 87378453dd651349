package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"govmedia"
)

// What a public request may carry. The longest real value is a name or
// an org code (at most 64 characters); the whole query, percent-encoded,
// fits in a few hundred bytes.
const (
	maxQueryBytes = 2048 // the query string as sent
	maxValueRunes = 64   // each parameter's value
	maxPathBytes  = 256  // the path as sent
)

// codeRateLimited is the error code of a client over its allowance.
const codeRateLimited = "rate_limited"

// securityHeaders are sent with every answer: no content sniffing, no
// referrer, nothing loaded and no framing unless a page says otherwise
// (pages widen default-src for their styles, keeping frame-ancestors).
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		h.ServeHTTP(w, r)
	})
}

// limited refuses a request over its client's allowance in c with 429.
func (s *Server) limited(c func() *clients, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, wait := c().take(clientAddr(r, s.proxies))
		if !ok {
			secs := retryAfter(wait)
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			s.refuse(w, r, govmedia.Errorf(codeRateLimited, "web.rate_limited", "seconds", secs))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// capped refuses, with 400 and before anything else reads it, a request
// whose path, query or any parameter is longer than a real one can be.
func (s *Server) capped(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkLengths(r); err != nil {
			s.refuse(w, r, err)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.deadline)
		defer cancel()
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// PublicDeadline is how long a public page or API request may take: past
// it, its database reads are cancelled and it ends, so that a slow query
// never holds a connection or a client for ever.
const PublicDeadline = 10 * time.Second

func checkLengths(r *http.Request) error {
	if len(r.URL.EscapedPath()) > maxPathBytes {
		return govmedia.Errorf(govmedia.EINVALID, "web.path_too_long", "limit", maxPathBytes)
	}
	if len(r.URL.RawQuery) > maxQueryBytes {
		return govmedia.Errorf(govmedia.EINVALID, "web.query_too_long_bytes", "limit", maxQueryBytes)
	}
	for name, values := range r.URL.Query() {
		for _, v := range values {
			if utf8.RuneCountInString(v) > maxValueRunes {
				return govmedia.Errorf(govmedia.EINVALID, "web.parameter_too_long", "name", shorten(name, 32), "limit", maxValueRunes)
			}
		}
	}
	return nil
}

// shorten keeps the first n characters of s, so that a message never
// echoes more than that of what a client sent.
func shorten(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i] + "…"
		}
		n--
	}
	return s
}

// refuse answers an error in the request's language: as JSON under /api/,
// as a page elsewhere.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, err error) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.writeError(w, r, err)
		return
	}
	s.errorPage(w, r, err)
}
