package wechattest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// openHarness is newHarness for a stand-in that keeps its state in dir,
// on clock (shared by the stand-ins opened one after the other on dir).
func openHarness(t *testing.T, dir string, clock *fakeClock, opts Options) *harness {
	t.Helper()
	opts.Now = clock.Now
	opts.PublishDelay = orDuration(opts.PublishDelay, 5*time.Millisecond)
	opts.MassSendDelay = orDuration(opts.MassSendDelay, 5*time.Millisecond)
	s, err := Open(dir, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, s: s, clock: clock, client: &http.Client{Timeout: 5 * time.Second}}
	h.base = s.Start(t)
	return h
}

func noon() *fakeClock { return &fakeClock{t: time.Date(2025, 3, 10, 12, 0, 0, 0, beijing)} }

// TestAReopenedStandInHasWhatItKept stops a stand-in with a publication
// and a mass send under way, and opens another on its folder: the token
// handed out before still works, the materials and drafts are there, both
// jobs finish, the counters went on, and no id is handed out twice.
func TestAReopenedStandInHasWhatItKept(t *testing.T) {
	dir, clock := t.TempDir(), noon()
	first := openHarness(t, dir, clock, Options{PublishDelay: time.Hour, MassSendDelay: time.Hour})
	a := first.account("keep")
	tok := first.token(a)
	kept := first.draft(tok)
	published := first.draft(tok)
	sub := first.post("/cgi-bin/freepublish/submit", tok, map[string]any{"media_id": published})
	wantCode(t, "submit", sub, 0)
	mass := first.post("/cgi-bin/message/mass/sendall", tok, sendAll(kept, "keep-1"))
	wantCode(t, "sendall", mass, 0)
	before := first.s.Counts(a.AppID)
	first.s.Close() // the jobs are still under way: Close ends their timers

	h := openHarness(t, dir, clock, Options{})
	if got := h.s.Counts(a.AppID); got != before {
		t.Fatalf("counts after reopening = %+v, want %+v", got, before)
	}
	count := h.get("/cgi-bin/material/get_materialcount", map[string][]string{"access_token": {tok}})
	wantCode(t, "the token handed out before the restart", count, 0)
	if count.num("image_count") != 2 {
		t.Fatalf("materials after reopening = %v, want the 2 covers", count)
	}
	var st result
	eventually(t, "the publication under way to finish", func() bool {
		st = h.publishStatus(tok, sub.num("publish_id"))
		return st.num("publish_status") == int64(PublishSuccess)
	})
	if art := h.post("/cgi-bin/freepublish/getarticle", tok, map[string]any{"article_id": st.str("article_id")}); art.code() != 0 {
		t.Fatalf("the published article: %v", art)
	}
	eventually(t, "the mass send under way to finish", func() bool {
		return h.post("/cgi-bin/message/mass/get", tok, map[string]any{"msg_id": mass.num("msg_id")}).str("msg_status") == "SEND_SUCCESS"
	})
	wantCode(t, "a repeat of the mass send's clientmsgid", h.post("/cgi-bin/message/mass/sendall", tok, sendAll(kept, "keep-1")), CodeClientMsgIDExist)
	again := h.post("/cgi-bin/freepublish/submit", tok, map[string]any{"media_id": h.draft(tok)})
	if id := again.num("publish_id"); id <= mass.num("msg_id") || id <= sub.num("publish_id") {
		t.Fatalf("publish_id %d after reopening, want one above every id handed out before (%d, %d)", id, sub.num("publish_id"), mass.num("msg_id"))
	}
}

// TestAChangeIsKeptBeforeItIsAnswered reads the account's file at the
// moments a crash could come: right after an answer, and while the
// finish event of a publication is being pushed. Each time the file
// already holds the change.
func TestAChangeIsKeptBeforeItIsAnswered(t *testing.T) {
	dir, clock := t.TempDir(), noon()
	seen := make(chan string, 1)
	callback := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := os.ReadFile(filepath.Join(dir, "accounts", "wxdisk.json"))
		seen <- string(raw)
		_, _ = io.WriteString(w, "success")
	}))
	defer callback.Close()
	h := openHarness(t, dir, clock, Options{})
	a := h.account("disk", func(a *Account) { a.Callback = Callback{URL: callback.URL, Token: "tok"} })
	tok := h.token(a)
	media := h.draft(tok)
	rec := readRecord(t, dir, a.AppID)
	if len(rec.Drafts) != 1 || rec.Drafts[0].MediaID != media {
		t.Fatalf("the file after draft/add answered holds drafts %+v, want %s", rec.Drafts, media)
	}
	wantCode(t, "submit", h.post("/cgi-bin/freepublish/submit", tok, map[string]any{"media_id": media}), 0)
	select {
	case raw := <-seen:
		var at accountRecord
		if err := json.Unmarshal([]byte(raw), &at); err != nil || len(at.Publishes) != 1 || at.Publishes[0].ArticleID == "" {
			t.Fatalf("while PUBLISHJOBFINISH was pushed the file held %s, want the publication with its article_id", raw)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no PUBLISHJOBFINISH pushed")
	}
}

// TestPutAccountKeepsTheStateOfAKnownAccount: a reopened stand-in given an
// account it knows takes its new callback and keeps its drafts.
func TestPutAccountKeepsTheStateOfAKnownAccount(t *testing.T) {
	dir, clock := t.TempDir(), noon()
	first := openHarness(t, dir, clock, Options{})
	a := first.account("put")
	media := first.draft(first.token(a))
	first.s.Close()

	h := openHarness(t, dir, clock, Options{})
	a.Callback = Callback{URL: "http://127.0.0.1:1/wechat/" + a.AppID, Token: "new"}
	a.Followers = []string{"o-new"}
	if err := h.s.PutAccount(a); err != nil {
		t.Fatal(err)
	}
	if _, ok := h.s.Draft(a.AppID, media); !ok {
		t.Fatalf("draft %s gone after PutAccount", media)
	}
	got := h.s.account(a.AppID).snapshot()
	if got.Callback.URL != a.Callback.URL || !strings.Contains(strings.Join(got.Followers, ","), "o-new") {
		t.Fatalf("account after PutAccount = %+v, want the new callback and follower", got)
	}
	if err := h.s.PutAccount(Account{AppID: "wxnew", Secret: "s"}); err != nil || h.s.account("wxnew") == nil {
		t.Fatalf("PutAccount of a new account: %v", err)
	}
}

// TestAStandInInMemoryWritesNothing: New keeps no files.
func TestAStandInInMemoryWritesNothing(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("mem")
	h.draft(h.token(a))
	if h.s.store != nil || h.s.account(a.AppID).mu.keep != nil {
		t.Fatal("a stand-in made by New keeps its state on disk")
	}
}

func readRecord(t *testing.T, dir, appid string) accountRecord {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "accounts", fileName(appid)))
	if err != nil {
		t.Fatal(err)
	}
	var rec accountRecord
	if err := json.Unmarshal(raw, &rec); err != nil {
		t.Fatal(err)
	}
	return rec
}
