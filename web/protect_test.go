package web_test

import (
	"encoding/csv"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"govmedia"
	"govmedia/registry"
	"govmedia/web"
)

// TestEveryAnswerCarriesTheSecurityHeaders: pages, JSON, CSV, errors,
// refusals and mounted handlers all say nosniff, no referrer, and no
// framing.
func TestEveryAnswerCarriesTheSecurityHeaders(t *testing.T) {
	t.Parallel()
	ts, _ := newServerWith(t, func(s *web.Server) {
		s.Handle("POST /telegram/webhook", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
		s.HandleCallback("/wechat/{appid}", http.NotFoundHandler())
	})
	paths := append([]string{"/healthz", "/verify", "/?platform=myspace", "/accounts/999999", "/api/v1/accounts/999999",
		"/api/v1/verify?q=", "/no/such/page", "/wechat/wx0000000000000000", "/verify?q=" + hugeQuery(4096)}, publicPaths...)
	for _, path := range paths {
		resp, _ := getWith(t, ts.URL+path, "")
		checkSecurityHeaders(t, "GET "+path, resp)
	}
	resp, err := http.Post(ts.URL+"/api/v1/accounts", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	checkSecurityHeaders(t, "POST /api/v1/accounts (405)", resp)
}

func checkSecurityHeaders(t *testing.T, what string, resp *http.Response) {
	t.Helper()
	h := resp.Header
	csp := h.Get("Content-Security-Policy")
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" ||
		!strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("%s (%d): nosniff %q, Referrer-Policy %q, CSP %q; want nosniff, no-referrer and a CSP with default-src and frame-ancestors 'none'",
			what, resp.StatusCode, h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"), csp)
	}
}

// manualClock is a clock a test moves.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *manualClock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

func getFrom(t *testing.T, url, forwardedFor string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", forwardedFor)
	}
	req.Header.Set("Accept-Language", "en")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	_, _ = io.Copy(&b, resp.Body)
	return resp, b.String()
}

// TestPublicEndpointsAreLimitedPerClient: a client past its burst gets 429
// with Retry-After and a message in its language, on pages and JSON alike,
// while another client is served; a trusted proxy's X-Forwarded-For names
// the client, an untrusted peer's is ignored; the allowance refills.
func TestPublicEndpointsAreLimitedPerClient(t *testing.T) {
	t.Parallel()
	clock := &manualClock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	guard := web.Guard{Public: web.ClientLimit{PerSecond: 0.5, Burst: 3}, Now: clock.Now,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}
	ts, _ := newServerWith(t, func(s *web.Server) { s.SetGuard(guard) })
	for i := range 3 {
		if resp, body := getFrom(t, ts.URL+"/api/v1/accounts", "203.0.113.5"); resp.StatusCode != 200 {
			t.Fatalf("request %d within the burst: %d %s", i+1, resp.StatusCode, body)
		}
	}
	for _, path := range []string{"/api/v1/accounts", "/verify?q=x"} {
		resp, body := getFrom(t, ts.URL+path, "198.51.100.7, 203.0.113.5")
		if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" || !strings.Contains(body, "Too many requests; try again in 2 seconds") {
			t.Errorf("%s past the burst: %d, Retry-After %q, %.200s; want 429, Retry-After 2 and the reason in English", path, resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
	}
	if resp, _ := getFrom(t, ts.URL+"/api/v1/accounts", "203.0.113.6"); resp.StatusCode != 200 {
		t.Errorf("another client behind the proxy: %d, want 200", resp.StatusCode)
	}
	clock.Advance(2 * time.Second)
	if resp, _ := getFrom(t, ts.URL+"/api/v1/accounts", "203.0.113.5"); resp.StatusCode != 200 {
		t.Errorf("after the allowance refilled: %d, want 200", resp.StatusCode)
	}

	untrusted := guard
	untrusted.TrustedProxies = nil
	direct, _ := newServerWith(t, func(s *web.Server) { s.SetGuard(untrusted) })
	limited := false
	for i := range 5 {
		resp, _ := getFrom(t, direct.URL+"/api/v1/accounts", "203.0.113."+strconv.Itoa(10+i))
		limited = limited || resp.StatusCode == 429
	}
	if !limited {
		t.Errorf("a client naming itself anew in X-Forwarded-For from an untrusted address was never limited")
	}
}

// TestMetricsAreNotOnThePublicMux: /metrics is served apart, for an
// operators' address.
func TestMetricsAreNotOnThePublicMux(t *testing.T) {
	t.Parallel()
	var srv *web.Server
	ts, _ := newServerWith(t, func(s *web.Server) { srv = s })
	get(t, ts.URL+"/healthz")
	if status, _ := get(t, ts.URL+"/metrics"); status != 404 {
		t.Errorf("/metrics on the public mux: %d, want 404", status)
	}
	metrics := httptest.NewServer(srv.MetricsHandler())
	defer metrics.Close()
	if status, body := get(t, metrics.URL+"/metrics"); status != 200 || !strings.Contains(body, "govmedia_http_request_duration_seconds") {
		t.Errorf("the metrics handler: %d, want 200 with the request histogram", status)
	}
}

// TestPublicCSVNeverHoldsAFormula: an account name a spreadsheet would run
// is quoted in the public CSV.
func TestPublicCSVNeverHoldsAFormula(t *testing.T) {
	t.Parallel()
	ts, env := newServer(t)
	f := registry.Fields{Platform: registry.Kuaishou, Name: `=HYPERLINK("http://x.example/","核对")`, Domains: []string{}}
	if _, err := env.Registry.CreateAccount(t.Context(), env.DB, "km.wuhua.dept.mz", f, registry.Active,
		registry.Change{Actor: govmedia.Operator("test"), Action: "account.import"}); err != nil {
		t.Fatal(err)
	}
	_, body := get(t, ts.URL+"/api/v1/accounts.csv")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\xef\xbb\xbf"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("public CSV cell %q would run as a formula", cell)
			}
			found = found || cell == `'=HYPERLINK("http://x.example/","核对")`
		}
	}
	if !found {
		t.Errorf("the account's name is not in the CSV, quoted:\n%s", body)
	}
}
