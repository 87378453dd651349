package wechat_test

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

func TestCheckCredentialsExplainsEachRefusal(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	good := newCredentials(0)
	walled := newCredentials(0)
	for _, a := range []wechattest.Account{
		{AppID: good.AppID, Secret: good.AppSecret, Verified: true},
		{AppID: walled.AppID, Secret: walled.AppSecret, IPWhitelist: []string{"203.0.113.7"}},
	} {
		if err := e.wx.AddAccount(a); err != nil {
			t.Fatal(err)
		}
	}
	inject := func(code int) func() {
		return func() {
			e.wx.Inject(wechattest.Fault{AppID: good.AppID, Path: "/cgi-bin/stable_token", ErrCode: code, Times: 1})
		}
	}
	for _, tc := range []struct {
		name     string
		appID    string
		secret   string
		before   func()
		code     string
		key      string
		contains string
	}{
		{name: "accepted", appID: good.AppID, secret: good.AppSecret},
		{name: "wrong secret (40125)", appID: good.AppID, secret: randomHex(16), code: govmedia.EINVALID, key: "wechat.check.bad_secret"},
		{name: "invalid credential (40001)", appID: good.AppID, secret: good.AppSecret, before: inject(40001), code: govmedia.EINVALID, key: "wechat.check.bad_secret"},
		{name: "unknown AppID (40013)", appID: "wx00000000000000ff", secret: good.AppSecret, code: govmedia.EINVALID, key: "wechat.check.bad_app_id", contains: "wx00000000000000ff"},
		{name: "IP not whitelisted (40164)", appID: walled.AppID, secret: walled.AppSecret, code: govmedia.EFORBIDDEN, key: "wechat.check.ip_not_whitelisted", contains: "127.0.0.1"},
		{name: "unverified (48001)", appID: good.AppID, secret: good.AppSecret, before: inject(48001), code: govmedia.EFORBIDDEN, key: "wechat.check.unauthorized"},
		{name: "daily quota (45009)", appID: good.AppID, secret: good.AppSecret, before: inject(45009), code: govmedia.EFORBIDDEN, key: "wechat.check.quota"},
		{name: "system busy (-1)", appID: good.AppID, secret: good.AppSecret, before: inject(-1), code: govmedia.EINVALID, key: "wechat.check.failed", contains: "-1"},
		{name: "HTTP 502", appID: good.AppID, secret: good.AppSecret, code: govmedia.EINTERNAL, key: "wechat.check.unreachable",
			before: func() { e.wx.Inject(wechattest.Fault{Path: "/cgi-bin/stable_token", HTTPStatus: 502, Times: 1}) }},
		{name: "malformed secret", appID: good.AppID, secret: "abc", code: govmedia.EINVALID, key: "wechat.app_secret_invalid"},
	} {
		if tc.before != nil {
			tc.before()
		}
		err := wechat.CheckCredentials(e.ctx, tc.appID, tc.secret)
		remember(tc.secret)
		checkExplained(t, tc.name, err, tc.code, tc.key, tc.contains, tc.secret)
	}
}

func TestCheckCredentialsWhenWeChatCannotBeReached(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	c := newCredentials(0)
	_ = e.wx.AddAccount(wechattest.Account{AppID: c.AppID, Secret: c.AppSecret})

	configure(t, e.wx.URL(), 200*time.Millisecond)
	e.wx.Inject(wechattest.Fault{Path: "/cgi-bin/stable_token", Hang: true, Times: 1})
	start := time.Now()
	err := wechat.CheckCredentials(e.ctx, c.AppID, c.AppSecret)
	checkExplained(t, "hanging server", err, govmedia.EINTERNAL, "wechat.check.unreachable", "", c.AppSecret)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a hanging WeChat held the check for %v; the client timeout is 200ms", d)
	}

	l, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := "http://" + l.Addr().String()
	_ = l.Close()
	configure(t, closed, time.Second)
	err = wechat.CheckCredentials(e.ctx, c.AppID, c.AppSecret)
	checkExplained(t, "connection refused", err, govmedia.EINTERNAL, "wechat.check.unreachable", "", c.AppSecret)
}

// checkExplained asserts that err is a *govmedia.Error with code and key
// (nil when code is ""), rendered in every language with its own text,
// mentioning contains and never the secret.
func checkExplained(t *testing.T, name string, err error, code, key, contains, secret string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Errorf("%s: %v, want the credentials accepted", name, err)
		}
		return
	}
	var ge *govmedia.Error
	var fe govmedia.FieldErrors
	switch {
	case errors.As(err, &fe) && len(fe) > 0:
		ge = fe[0].Err
	case !errors.As(err, &ge):
		t.Errorf("%s: %v (%T), want a *govmedia.Error", name, err, err)
		return
	}
	if govmedia.ErrorCode(err) != code || ge.Key != key {
		t.Errorf("%s: %s %s, want %s %s", name, govmedia.ErrorCode(err), ge.Key, code, key)
	}
	for _, lang := range govmedia.Languages {
		msg := govmedia.ErrorMessage(lang, err)
		if !govmedia.HasText(lang, ge.Key) || strings.Contains(msg, "{") {
			t.Errorf("%s: %s has no complete text for %s: %q", name, lang, ge.Key, msg)
		}
		if !strings.Contains(msg, contains) {
			t.Errorf("%s: %s message %q does not mention %q", name, lang, msg, contains)
		}
		if strings.Contains(msg, secret) || strings.Contains(err.Error(), secret) {
			t.Errorf("%s: the message quotes the secret: %q", name, msg)
		}
	}
}
