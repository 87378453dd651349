package wechat

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/silenceper/wechat/v2/util"
	"github.com/sirupsen/logrus"
)

// APIOrigin is where the real WeChat API lives.
const APIOrigin = "https://api.weixin.qq.com"

// DefaultTimeout bounds a whole WeChat call when no timeout is given.
const DefaultTimeout = 30 * time.Second

// Configure sets silenceper/wechat's process-wide state; call it once
// at start, before any WeChat call. It gives the library an HTTP client with
// connect, TLS, response-header and overall timeouts (timeout, or
// DefaultTimeout if zero: the library passes no context on most
// calls); sends logrus (which the library logs raw messages to) to slog at
// warning level and above only, redacted; and, when apiURL is set
// (GOVMEDIA_WECHAT_API_URL) and is not the real API, rewrites
// https://api.weixin.qq.com to it.
func Configure(apiURL string, timeout time.Duration) error {
	rewrite, err := apiRewriter(apiURL)
	if err != nil {
		return err
	}
	client := newWeChatHTTPClient(timeout)
	calls.reset(client)
	util.DefaultHTTPClient = client
	util.SetURIModifier(rewrite)
	quietLogrus()
	return nil
}

// apiRewriter returns the URI modifier that points the library at base, nil
// for the real API.
func apiRewriter(base string) (util.URIModifier, error) {
	base = strings.TrimRight(strings.TrimSpace(base), "/")
	if base == "" || base == APIOrigin {
		return nil, nil
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("WeChat API URL %q: want an http(s) URL such as http://127.0.0.1:8081", base)
	}
	return func(uri string) string {
		rest, ok := strings.CutPrefix(uri, APIOrigin)
		if ok && (rest == "" || rest[0] == '/' || rest[0] == '?') {
			return base + rest
		}
		return uri
	}, nil
}

// newWeChatHTTPClient returns a client whose every step has a deadline.
func newWeChatHTTPClient(timeout time.Duration) *http.Client {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	step := min(timeout, 10*time.Second)
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: step, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   step,
		ResponseHeaderTimeout: timeout,
		ExpectContinueTimeout: time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   128, // every worker calls the one API host: keep their connections
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{Transport: transport, Timeout: timeout}
}

// quietLogrus stops logrus writing anything itself and forwards warnings and
// errors to slog, redacted. The library's init (if its root package is
// linked in) sets Debug level and stdout.
func quietLogrus() {
	l := logrus.StandardLogger()
	l.SetOutput(io.Discard)
	l.SetLevel(logrus.WarnLevel)
	l.ReplaceHooks(logrus.LevelHooks{})
	l.AddHook(slogHook{})
}

// slogHook forwards logrus entries to slog's default logger.
type slogHook struct{}

// Levels are the levels forwarded: warning and above.
func (slogHook) Levels() []logrus.Level {
	return []logrus.Level{logrus.PanicLevel, logrus.FatalLevel, logrus.ErrorLevel, logrus.WarnLevel}
}

// Fire logs the entry's message only (fields are dropped), redacted.
func (slogHook) Fire(e *logrus.Entry) error {
	level := slog.LevelWarn
	if e.Level <= logrus.ErrorLevel {
		level = slog.LevelError
	}
	slog.Default().Log(context.Background(), level, "wechat library: "+redact(e.Message))
	return nil
}
