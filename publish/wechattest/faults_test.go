package wechattest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"
)

func TestErrCodeOnTheNextNCalls(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("n")
	tok := h.token(a)
	h.s.Inject(Fault{AppID: a.AppID, Path: "/cgi-bin/draft/", ErrCode: CodeDailyQuota, Times: 2})
	wantCode(t, "first faulted call", h.countDrafts(tok), CodeDailyQuota)
	wantCode(t, "second faulted call", h.countDrafts(tok), CodeDailyQuota)
	wantCode(t, "call after the fault ran out", h.countDrafts(tok), 0)

	calls := h.s.Calls(a.AppID)
	if len(calls) != 4 || !calls[1].Injected || calls[1].ErrCode != CodeDailyQuota || calls[3].Injected {
		t.Fatalf("call log %+v, want token, 2 injected 45009s, then a success", calls)
	}
}

func TestFaultForOneAccountSparesOthers(t *testing.T) {
	h := newHarness(t, Options{})
	a, b := h.account("a"), h.account("b")
	remove := h.s.Inject(Fault{AppID: a.AppID, ErrCode: CodeInvalidCredential})
	wantCode(t, "faulted account", h.countDrafts(h.token(b)), 0)
	r := h.get("/cgi-bin/token", url.Values{"grant_type": {"client_credential"}, "appid": {a.AppID}, "secret": {a.Secret}})
	wantCode(t, "token call of the faulted account", r, CodeInvalidCredential)
	remove()
	h.token(a)
}

func TestInjectedHTTPStatus(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("h")
	tok := h.token(a)
	h.s.Inject(Fault{Path: "/cgi-bin/draft/count", HTTPStatus: http.StatusBadGateway, Times: 1})
	resp, err := http.Get(h.base + "/cgi-bin/draft/count?access_token=" + tok)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadGateway {
		t.Fatalf("status %d, want 502", resp.StatusCode)
	}
}

func TestHangLastsUntilTheClientGivesUp(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("hang")
	tok := h.token(a)
	h.s.Inject(Fault{AppID: a.AppID, Hang: true, Times: 1})
	client := &http.Client{Timeout: 50 * time.Millisecond}
	start := time.Now()
	if _, err := client.Get(h.base + "/cgi-bin/draft/count?access_token=" + tok); err == nil {
		t.Fatal("a hanging call answered")
	}
	if time.Since(start) > time.Second {
		t.Fatal("the client timeout did not end the hang")
	}
	wantCode(t, "call after the hang", h.countDrafts(tok), 0)
}

func TestWrongMethodAndPath(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("m")
	tok := h.token(a)
	wantCode(t, "GET on a POST API", h.get("/cgi-bin/draft/add", url.Values{"access_token": {tok}}), CodeRequirePOST)
	wantCode(t, "POST on a GET API", h.post("/cgi-bin/draft/count", tok, nil), CodeRequireGET)
	wantCode(t, "unknown path", h.post("/cgi-bin/nothing", tok, nil), CodeInvalidURL)
}

// TestLatencyDoesNotSerialiseCalls checks the benchmark set-up: 10,000
// accounts, 50 ms per call, 50 calls at once. 400 calls take 0.4 s when
// concurrent and 20 s when serialised.
func TestLatencyDoesNotSerialiseCalls(t *testing.T) {
	h := newHarness(t, Options{Latency: 50 * time.Millisecond})
	for i := range 10000 {
		if err := h.s.AddAccount(Account{AppID: fmt.Sprintf("wxb%05d", i), Secret: "s", Verified: true}); err != nil {
			t.Fatal(err)
		}
	}
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 50}}
	start := time.Now()
	var wg sync.WaitGroup
	for w := range 50 {
		wg.Go(func() {
			for i := w; i < 200; i += 50 {
				if err := tokenAndCount(client, h.base, fmt.Sprintf("wxb%05d", i*37)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("400 calls of 50 ms at 50 at once took %v", d)
	}
}

// tokenAndCount fetches a token and counts drafts, safe off the test
// goroutine.
func tokenAndCount(client *http.Client, base, appid string) error {
	var tok struct {
		AccessToken string `json:"access_token"`
		ErrCode     int    `json:"errcode"`
	}
	q := url.Values{"grant_type": {"client_credential"}, "appid": {appid}, "secret": {"s"}}
	if err := getJSON(client, base+"/cgi-bin/token?"+q.Encode(), &tok); err != nil || tok.AccessToken == "" {
		return fmt.Errorf("token for %s: %v (errcode %d)", appid, err, tok.ErrCode)
	}
	var count struct {
		ErrCode int `json:"errcode"`
	}
	if err := getJSON(client, base+"/cgi-bin/draft/count?access_token="+tok.AccessToken, &count); err != nil || count.ErrCode != 0 {
		return fmt.Errorf("draft/count for %s: %v (errcode %d)", appid, err, count.ErrCode)
	}
	return nil
}

func getJSON(client *http.Client, u string, v any) error {
	resp, err := client.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

func TestCutAnswerCarriesTheCallOutAndBreaksOffItsAnswer(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("c")
	tok := h.token(a)
	h.s.Inject(Fault{Path: "/cgi-bin/draft/count", CutAnswer: true, Times: 1})
	resp, err := http.Get(h.base + "/cgi-bin/draft/count?access_token=" + tok)
	if err != nil {
		t.Fatalf("the cut answer did not even start: %v", err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || err == nil {
		t.Fatalf("status %d, body %q read with %v; want 200 and the body broken off", resp.StatusCode, body, err)
	}
	if calls := h.s.Calls(a.AppID); !calls[len(calls)-1].Injected || calls[len(calls)-1].HTTPStatus != http.StatusOK {
		t.Fatalf("call log %+v, want the call recorded as carried out and injected", calls)
	}
}
