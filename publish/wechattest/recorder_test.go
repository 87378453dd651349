package wechattest

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
)

// recorded is one push as a callback server received it.
type recorded struct {
	query url.Values
	body  []byte
}

// recorder is a callback server that records pushes and answers "success".
type recorder struct {
	mu     sync.Mutex
	pushes []recorded
	url    string
}

func newRecorder(t *testing.T) *recorder {
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.pushes = append(rec.pushes, recorded{r.URL.Query(), body})
		rec.mu.Unlock()
		_, _ = w.Write([]byte("success"))
	}))
	t.Cleanup(srv.Close)
	rec.url = srv.URL + "/wechat/callback"
	return rec
}

func (rec *recorder) all() []recorded {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]recorded(nil), rec.pushes...)
}

// pushedEvent is the part of an event push the tests look at.
type pushedEvent struct {
	ToUserName   string
	FromUserName string
	Event        string
	MsgID        int64 `xml:"MsgID"`
	Status       string
	TotalCount   int
	FilterCount  int
	SentCount    int
	Encrypt      string
}

func parseEvent(t *testing.T, body []byte) pushedEvent {
	t.Helper()
	var ev pushedEvent
	if err := xml.Unmarshal(body, &ev); err != nil {
		t.Fatalf("push is not XML: %v: %s", err, body)
	}
	return ev
}
