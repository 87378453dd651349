package wechat_test

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/draft"
	"github.com/sirupsen/logrus"

	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

func TestConfigureWeChatRejectsBadAPIURLs(t *testing.T) {
	defer func() { _ = wechat.Configure("", 0) }()
	for _, bad := range []string{"ftp://example.org", "127.0.0.1:8081", "http://example.org/?x=1", "http://"} {
		if err := wechat.Configure(bad, time.Second); err == nil {
			t.Errorf("Configure(%q) accepted a URL that is not an http(s) base URL", bad)
		}
	}
	for _, good := range []string{"", wechat.APIOrigin + "/", "http://127.0.0.1:8081/"} {
		if err := wechat.Configure(good, time.Second); err != nil {
			t.Errorf("Configure(%q): %v", good, err)
		}
	}
}

func TestLogsNeverShowSecretsOrTokens(t *testing.T) {
	start := len(captured.String())
	e := newWxEnv(t, wechattest.Options{})
	c := e.account("嵩明发布", "")
	cl := e.client(c)
	first, _ := cl.AccessToken(e.ctx)
	remember(first)

	// What logs: a token refresh after a rejection (warn, then info)…
	e.wx.ExpireTokens(c.AppID)
	if _, err := cl.UploadImage(e.ctx, "a.png", []byte("\x89PNG")); err != nil {
		t.Fatal(err)
	}
	second, _ := cl.AccessToken(e.ctx)
	remember(second)
	// …a failed call logged by its caller, which quotes the token's URL…
	e.wx.Inject(wechattest.Fault{AppID: c.AppID, Path: "/cgi-bin/draft/add", HTTPStatus: 502, Times: 1})
	_, err := cl.AddDraft(e.ctx, []*draft.Article{article("x")})
	slog.Error("delivery failed", "err", err, "detail", err.(*wechat.Error).Msg)
	// …and the library itself, which logs raw messages at debug level and
	// its failures at error level through logrus.
	logrus.Debugf("request msg =<xml><Content>%s %s</Content></xml>", c.Token, c.EncodingAESKey)
	logrus.Errorf("http get error : uri=%s/cgi-bin/token?grant_type=client_credential&appid=%s&secret=%s , statusCode=502",
		wechat.APIOrigin, c.AppID, c.AppSecret)
	logrus.Warnf("retrying with access_token=%s", second)

	out := captured.String()[start:]
	if leaks := leakedSecrets(out); len(leaks) > 0 {
		t.Fatalf("the log shows %d secrets or tokens (%v):\n%s", len(leaks), leaks, out)
	}
	for _, want := range []string{"wechat rejected the access token", "wechat access token fetched",
		"wechat library: http get error", "secret=[redacted]", "access_token=[redacted]"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "request msg") {
		t.Errorf("the library's debug messages reach the log:\n%s", out)
	}
}
