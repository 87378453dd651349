package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// TestServeStartsWithNothingSetUp runs `govmedia serve` as a newcomer
// would: no DATABASE_URL, no key. It must start its own PostgreSQL, migrate,
// answer /healthz, /readyz and the public catalog pages, serve /metrics on its own address and not on
// the public one, and stop cleanly; a second start reuses the data.
func TestServeStartsWithNothingSetUp(t *testing.T) {
	dir, err := os.MkdirTemp("", "govmedia-serve-")
	if err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(dir, 0o755)
	t.Cleanup(func() { os.RemoveAll(dir) })
	t.Setenv("DATABASE_URL", "")
	t.Setenv("GOVMEDIA_SECRET_KEY", "")
	t.Setenv("GOVMEDIA_DATA_DIR", dir+"/data")
	for round := 1; round <= 2; round++ {
		addr, metrics := freeAddr(t), freeAddr(t)
		t.Setenv("GOVMEDIA_HTTP_ADDR", addr)
		t.Setenv("GOVMEDIA_METRICS_ADDR", metrics)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int, 1)
		var logs bytes.Buffer
		go func() { done <- run(ctx, []string{"serve"}, &logs, &logs) }()
		for _, url := range []string{"http://" + addr + "/healthz", "http://" + addr + "/readyz", "http://" + addr + "/catalogs",
			"http://" + metrics + "/metrics"} {
			if !waitOK(t, url, done) {
				cancel()
				t.Fatalf("round %d: %s never answered 200:\n%s", round, url, logs.String())
			}
		}
		body := fetch(t, "http://"+metrics+"/metrics")
		if !strings.Contains(body, `govmedia_deliveries_in_flight{state="queued"} 0`) || !strings.Contains(body, `govmedia_questions_open{past_due="true"} 0`) ||
			strings.Contains(body, "govmedia_gauge_errors{") {
			t.Errorf("round %d: /metrics lacks the database's gauges, or one failed:\n%s", round, grepLines(body, "govmedia_"))
		}
		if status := statusOf(t, "http://"+addr+"/metrics"); status != http.StatusNotFound {
			t.Errorf("round %d: /metrics on the public address: %d, want 404", round, status)
		}
		if status := statusOf(t, "http://"+addr+"/wechat/wx00000000deadbeef?timestamp=1"); status != http.StatusNotFound {
			t.Errorf("round %d: a callback for an unknown account: %d, want 404", round, status)
		}
		if got := fetch(t, "http://"+metrics+"/metrics"); !strings.Contains(got, `govmedia_wechat_callback_refused_total{reason="unknown_account"} 1`) {
			t.Errorf("round %d: /metrics does not count the refused callback:\n%s", round, got)
		}
		cancel()
		if code := <-done; code != 0 {
			t.Fatalf("round %d: serve exited %d:\n%s", round, code, logs.String())
		}
	}
}

// fetch returns the body url answers.
func fetch(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

// grepLines keeps the lines holding s.
func grepLines(text, s string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func statusOf(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func waitOK(t *testing.T, url string, done chan int) bool {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case code := <-done:
			done <- code
			return false
		default:
		}
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return true
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}
