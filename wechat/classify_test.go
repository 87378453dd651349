package wechat_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/draft"

	"govmedia"
	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

func TestFailuresAreClassifiedWithTheirErrcode(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	c := e.account("东川发布", "")
	unverified := e.account("禄劝发布", "", func(a *wechattest.Account) { a.Verified = false })
	cl := e.client(c)
	cover := uploadCover(t, e, cl)
	addDraft := func(cl *wechat.Client, thumb string) error {
		_, err := cl.AddDraft(e.ctx, []*draft.Article{article(thumb)})
		return err
	}
	fault := func(f wechattest.Fault) func() error {
		return func() error {
			f.AppID, f.Path, f.Times = c.AppID, "/cgi-bin/draft/add", 1
			e.wx.Inject(f)
			return addDraft(cl, cover)
		}
	}
	for _, tc := range []struct {
		name  string
		call  func() error
		class wechat.Class
		code  int64
	}{
		{"system busy", fault(wechattest.Fault{ErrCode: -1}), wechat.ClassTransient, -1},
		{"HTTP 502", fault(wechattest.Fault{HTTPStatus: 502}), wechat.ClassTransient, 0},
		{"daily quota", fault(wechattest.Fault{ErrCode: 45009}), wechat.ClassRate, 45009},
		{"customer-service limit", fault(wechattest.Fault{ErrCode: 45047}), wechat.ClassRate, 45047},
		{"unknown thumb", func() error { return addDraft(cl, "no-such-media") }, wechat.ClassPermanent, 40007},
		{"unverified account", func() error { return addDraft(e.client(unverified), cover) }, wechat.ClassPermanent, 48001},
		{"bad thumb upload", func() error {
			_, _, err := cl.UploadThumb(e.ctx, "cover.gif", []byte("GIF89a"))
			return err
		}, wechat.ClassPermanent, 40005},
		{"mass-send quota", func() error { return exhaustMassQuota(e, cl, cover) }, wechat.ClassRate, 45028},
	} {
		err := tc.call()
		if got := wechat.Classify(err); got != tc.class || wechat.ErrCode(err) != tc.code {
			t.Errorf("%s: %v classified %s with errcode %d, want %s with %d", tc.name, err, got, wechat.ErrCode(err), tc.class, tc.code)
		}
	}
}

// exhaustMassQuota sends until WeChat refuses, and returns the refusal.
func exhaustMassQuota(e *wxEnv, cl *wechat.Client, cover string) error {
	for i := range 10 {
		id, err := cl.AddDraft(e.ctx, []*draft.Article{article(cover)})
		if err != nil {
			return err
		}
		if _, err := cl.SendAll(e.ctx, wechat.MassSend{DraftMediaID: id, ClientMsgID: fmt.Sprint("q", i)}); err != nil {
			return err
		}
	}
	return errors.New("the quota never ran out")
}

func TestHangingCallTimesOutAsTransientWithoutItsToken(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	c := e.account("富民发布", "")
	cl := e.client(c)
	tok, err := cl.AccessToken(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	remember(tok)
	configure(t, e.wx.URL(), 200*time.Millisecond)
	e.wx.Inject(wechattest.Fault{AppID: c.AppID, Path: "/cgi-bin/media/uploadimg", Hang: true, Times: 1})
	_, err = cl.UploadImage(e.ctx, "a.png", []byte("\x89PNG"))
	var we *wechat.Error
	if !errors.As(err, &we) || !we.Network || wechat.Classify(err) != wechat.ClassTransient {
		t.Fatalf("hanging upload: %v, want a transient network error", err)
	}
	e.wx.Inject(wechattest.Fault{AppID: c.AppID, Path: "/cgi-bin/media/uploadimg", HTTPStatus: 503, Times: 1})
	_, err502 := cl.UploadImage(e.ctx, "a.png", []byte("\x89PNG"))
	for _, err := range []error{err, err502} {
		if strings.Contains(err.Error(), tok) || strings.Contains(fmt.Sprintf("%#v", err), tok) {
			t.Fatalf("the error quotes the access token: %v", err)
		}
	}
	if !strings.Contains(err.Error(), "access_token=[redacted]") {
		t.Fatalf("the network error lost its URL or was not redacted: %v", err)
	}
	if wechat.Classify(err502) != wechat.ClassTransient {
		t.Fatalf("HTTP 503: %v classified %s, want transient", err502, wechat.Classify(err502))
	}
}

func TestClassifyErrorsFromOutsideWeChat(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want wechat.Class
	}{
		{nil, wechat.ClassNone},
		{govmedia.Errorf(govmedia.ENOTFOUND, "wechat.credentials_missing", "id", 1), wechat.ClassPermanent},
		{context.DeadlineExceeded, wechat.ClassTransient},
		{errors.New("connection reset by peer"), wechat.ClassTransient},
	} {
		if got := wechat.Classify(tc.err); got != tc.want {
			t.Errorf("Classify(%v) = %s, want %s", tc.err, got, tc.want)
		}
	}
}
