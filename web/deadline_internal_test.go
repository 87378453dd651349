package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestAPublicRequestEndsAtItsDeadline mounts a public route whose work
// waits on its request's context, as a database read does: the request
// ends at the server's deadline instead of holding its client for ever.
func TestAPublicRequestEndsAtItsDeadline(t *testing.T) {
	s := New(nil, nil, slog.New(slog.DiscardHandler))
	s.deadline = 100 * time.Millisecond
	s.handlePublic("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
			w.WriteHeader(http.StatusServiceUnavailable)
		case <-time.After(30 * time.Second):
			w.WriteHeader(http.StatusOK)
		}
	})
	srv := httptest.NewServer(s)
	defer srv.Close()
	began := time.Now()
	resp, err := http.Get(srv.URL + "/slow")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if took := time.Since(began); resp.StatusCode != http.StatusServiceUnavailable || took > 5*time.Second {
		t.Fatalf("the slow request ended %d after %s; want it cut at its deadline", resp.StatusCode, took)
	}
}
