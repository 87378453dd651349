package telegramtest_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"govmedia/bot/telegramtest"
)

// answer is the Bot API envelope as a test reads it.
type answer struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// do sends a request and decodes the envelope, checking that the HTTP
// status matches error_code.
func do(t *testing.T, req *http.Request) answer {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a answer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		t.Fatalf("expected a JSON envelope, got %v", err)
	}
	if want := map[bool]int{true: 200, false: a.ErrorCode}[a.OK]; resp.StatusCode != want {
		t.Fatalf("expected HTTP %d, got %d", want, resp.StatusCode)
	}
	return a
}

// methodURL is the address of a method.
func methodURL(s *telegramtest.Server, method string) string {
	return s.URL() + "/bot" + s.Token() + "/" + method
}

func TestParametersAreAcceptedInEveryDocumentedForm(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	u := startedUser(t, s, 5)
	markup := `{"inline_keyboard":[[{"text":"Go","callback_data":"go"}]]}`

	query, _ := http.NewRequest(http.MethodGet, methodURL(s, "SENDMESSAGE")+"?chat_id=5&text=by+query", nil)
	form, _ := http.NewRequest(http.MethodPost, methodURL(s, "sendMessage"),
		strings.NewReader(url.Values{"chat_id": {"5"}, "text": {"by form"}, "reply_markup": {markup}}.Encode()))
	form.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	jsonReq, _ := http.NewRequest(http.MethodPost, methodURL(s, "sendMessage"),
		strings.NewReader(`{"chat_id":5,"text":"by json","reply_markup":`+markup+`}`))
	jsonReq.Header.Set("Content-Type", "application/json")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("chat_id", "5")
	_ = mw.WriteField("text", "by multipart")
	_ = mw.WriteField("reply_markup", markup)
	mw.Close()
	multi, _ := http.NewRequest(http.MethodPost, methodURL(s, "sendMessage"), &body)
	multi.Header.Set("Content-Type", mw.FormDataContentType())

	for _, req := range []*http.Request{query, form, jsonReq, multi} {
		if a := do(t, req); !a.OK {
			t.Fatalf("expected %s %s to succeed, got %d %s", req.Method, req.Header.Get("Content-Type"), a.ErrorCode, a.Description)
		}
	}
	view, _ := s.View(u.ID)
	var texts []string
	for _, b := range view.Messages[1:] {
		texts = append(texts, b.Text)
	}
	if got := strings.Join(texts, "|"); got != "by query|by form|by json|by multipart" {
		t.Fatalf("expected the four messages in order, got %q", got)
	}
	if view.Messages[4].Markup == nil || view.Messages[4].Markup.InlineKeyboard[0][0].CallbackData != "go" {
		t.Fatalf("expected the multipart reply_markup JSON to be read, got %+v", view.Messages[4].Markup)
	}
}

func TestUnknownMethodIsNotFound(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	req, _ := http.NewRequest(http.MethodPost, methodURL(s, "sendTelepathy"), nil)
	if a := do(t, req); a.ErrorCode != 404 || a.Description != "Not Found" {
		t.Fatalf("expected 404 Not Found, got %d %q", a.ErrorCode, a.Description)
	}
}

func TestASecondGetUpdatesTerminatesTheFirst(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	first := make(chan answer, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, methodURL(s, "getUpdates")+"?timeout=5", nil)
		first <- do(t, req)
	}()
	eventually(t, "the first poll to wait", s.Polling)
	second, _ := http.NewRequest(http.MethodGet, methodURL(s, "getUpdates")+"?timeout=0", nil)
	if a := do(t, second); !a.OK {
		t.Fatalf("expected the second getUpdates to succeed, got %s", a.Description)
	}
	select {
	case a := <-first:
		want := "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
		if a.ErrorCode != 409 || a.Description != want {
			t.Fatalf("expected the first poll to end with 409 %q, got %d %q", want, a.ErrorCode, a.Description)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("expected the first poll to be terminated at once")
	}
}

func TestGetUpdatesIsRefusedWhileAWebhookIsSet(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	set, _ := http.NewRequest(http.MethodGet, methodURL(s, "setWebhook")+"?url="+url.QueryEscape("http://127.0.0.1:1/hook"), nil)
	if a := do(t, set); !a.OK {
		t.Fatalf("expected setWebhook to succeed, got %s", a.Description)
	}
	poll, _ := http.NewRequest(http.MethodGet, methodURL(s, "getUpdates"), nil)
	want := "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
	if a := do(t, poll); a.ErrorCode != 409 || a.Description != want {
		t.Fatalf("expected 409 %q, got %d %q", want, a.ErrorCode, a.Description)
	}
}

// eventually waits up to 3 s for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("expected %s within 3 s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
