package wechattest

import (
	"net/http"
	"testing"
)

func TestListenServesUntilClose(t *testing.T) {
	s := New(Options{})
	base, err := s.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.RewriteURI("https://api.weixin.qq.com/cgi-bin/token?appid=x"); got != base+"/cgi-bin/token?appid=x" {
		t.Fatalf("RewriteURI = %q", got)
	}
	resp, err := http.Get(base + "/cgi-bin/draft/count")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	s.Close()
	if _, err := http.Get(base + "/cgi-bin/draft/count"); err == nil {
		t.Fatal("the stand-in still answers after Close")
	}
}

func TestAddAccountChecks(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	if err := s.AddAccount(Account{AppID: "wx1", Secret: "s", Callback: Callback{Mode: Safe, EncodingAESKey: "short"}}); err == nil {
		t.Fatal("safe mode with a bad EncodingAESKey was accepted")
	}
	if err := s.AddAccount(Account{AppID: "wx1", Secret: "s"}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddAccount(Account{AppID: "wx1", Secret: "s"}); err == nil {
		t.Fatal("a second account with the same AppID was accepted")
	}
	if r, err := s.Follow("wx1", "c1"); err != nil || !r.Empty {
		t.Fatalf("Follow without a callback = %+v, %v; want an empty reply", r, err)
	}
	if _, err := s.SendText("wx1", "stranger", "hi"); err == nil {
		t.Fatal("a non-follower sent a message")
	}
}
