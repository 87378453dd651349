package wechattest

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/officialaccount"
	"github.com/silenceper/wechat/v2/officialaccount/broadcast"
	"github.com/silenceper/wechat/v2/officialaccount/config"
	oadraft "github.com/silenceper/wechat/v2/officialaccount/draft"
	"github.com/silenceper/wechat/v2/officialaccount/freepublish"
	oamaterial "github.com/silenceper/wechat/v2/officialaccount/material"
	"github.com/silenceper/wechat/v2/util"
)

// silenceper points silenceper's globals at the stand-in, as production code
// would at start: a URI modifier and an HTTP client with a timeout. Tests
// using it must not run in parallel.
func silenceper(t *testing.T, h *harness, a Account, stable bool) *officialaccount.OfficialAccount {
	t.Helper()
	util.SetURIModifier(h.s.RewriteURI)
	util.DefaultHTTPClient = &http.Client{Timeout: 2 * time.Second}
	t.Cleanup(func() {
		util.SetURIModifier(nil)
		util.DefaultHTTPClient = http.DefaultClient
	})
	return officialaccount.NewOfficialAccount(&config.Config{
		AppID: a.AppID, AppSecret: a.Secret, Cache: cache.NewMemory(), UseStableAK: stable,
	})
}

// uploadCover uploads a thumb through silenceper.
func uploadCover(t *testing.T, oa *officialaccount.OfficialAccount) string {
	t.Helper()
	id, url, err := oa.GetMaterial().AddMaterialFromReader(oamaterial.MediaTypeThumb, "covers/cover.jpg", bytes.NewReader([]byte("\xff\xd8\xff fake jpeg")))
	if err != nil || id == "" || !strings.Contains(url, "mmbiz.qpic.cn") {
		t.Fatalf("AddMaterialFromReader = %q, %q, %v", id, url, err)
	}
	return id
}

func addDraft(t *testing.T, oa *officialaccount.OfficialAccount, cover string) string {
	t.Helper()
	id, err := oa.GetDraft().AddDraft([]*oadraft.Article{{
		Title: "城市通知", Author: "市政府", Content: "<p>明日停水</p>", ThumbMediaID: cover, NeedOpenComment: 1,
	}})
	if err != nil || id == "" {
		t.Fatalf("AddDraft = %q, %v", id, err)
	}
	return id
}

func TestSilenceperTokenMaterialDraftAndPublish(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("city")
	oa := silenceper(t, h, a, false)

	if tok, err := oa.GetAccessToken(); err != nil || tok == "" {
		t.Fatalf("GetAccessToken = %q, %v", tok, err)
	}
	mediaID := addDraft(t, oa, uploadCover(t, oa))
	publishID, err := oa.GetFreePublish().Publish(mediaID)
	if err != nil || publishID == 0 {
		t.Fatalf("Publish = %d, %v", publishID, err)
	}
	var st freepublish.PublishStatusList
	eventually(t, "publish to finish", func() bool {
		st, err = oa.GetFreePublish().SelectStatus(publishID)
		return err == nil && st.PublishStatus == freepublish.PublishStatusSuccess
	})
	if st.ArticleID == "" || st.ArticleDetail.Count != 1 || !strings.HasPrefix(st.ArticleDetail.Items[0].ArticleURL, "http://mp.weixin.qq.com/s?") {
		t.Fatalf("finished publication lacks its article: %+v", st)
	}
	got := h.s.Counts(a.AppID)
	if got.TokensIssued != 1 || got.MaterialsUploaded != 1 || got.DraftsAdded != 1 || got.PublishesSubmitted != 1 {
		t.Fatalf("counts %+v, want one token, material, draft and publish", got)
	}
	if _, err := oa.GetDraft().GetDraft(mediaID); !isCode(err, CodeInvalidMediaID) {
		t.Fatalf("published draft still in the box: GetDraft error %v, want 40007", err)
	}
}

func TestSilenceperStableTokenIsReused(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("stable")
	oa := silenceper(t, h, a, true)
	if _, err := oa.GetDraft().CountDraft(); err != nil {
		t.Fatalf("CountDraft with a stable token: %v", err)
	}
	oa2 := silenceper(t, h, a, true) // a second replica, its own cache
	if _, err := oa2.GetDraft().CountDraft(); err != nil {
		t.Fatal(err)
	}
	if n := h.s.Counts(a.AppID).TokensIssued; n != 1 {
		t.Fatalf("two replicas using stable_token made %d tokens, want 1", n)
	}
}

func TestSilenceperMassSendAllUntilQuota(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("mass", func(a *Account) { a.Followers = []string{"o1", "o2"} })
	oa := silenceper(t, h, a, false)
	cover := uploadCover(t, oa)
	bc := broadcast.NewBroadcast(oa.GetContext()) // a fresh object per call, never a shared one
	var first *broadcast.Result
	for i := range 4 {
		res, err := bc.SendNews(nil, addDraft(t, oa, cover), false)
		if err != nil || res.MsgID == 0 {
			t.Fatalf("send %d of the month's 4: %v", i+1, err)
		}
		if first == nil {
			first = res
		}
	}
	_, err := bc.SendNews(nil, addDraft(t, oa, cover), false)
	if !isCode(err, CodeNoMassQuota) {
		t.Fatalf("fifth send of the month: %v, want 45028", err)
	}
	eventually(t, "mass send to finish", func() bool {
		st, err := bc.GetMassStatus(strconv.FormatInt(first.MsgID, 10))
		return err == nil && st.MsgStatus == "SEND_SUCCESS"
	})
	if n := h.s.Counts(a.AppID).MassSendsAccepted; n != 4 {
		t.Fatalf("MassSendsAccepted = %d, want 4", n)
	}
}

func TestSilenceperSeesErrorCodesAsCommonError(t *testing.T) {
	h := newHarness(t, Options{})
	unverified := h.account("unverified", func(a *Account) { a.Verified = false })
	oa := silenceper(t, h, unverified, false)
	if _, err := oa.GetDraft().CountDraft(); !isCode(err, CodeAPIUnauthorized) {
		t.Fatalf("unverified account: %v, want 48001", err)
	}

	a := h.account("faulty")
	oa = silenceper(t, h, a, false)
	h.s.Inject(Fault{AppID: a.AppID, Path: "/cgi-bin/draft/count", ErrCode: CodeSystemBusy, Times: 1})
	if _, err := oa.GetDraft().CountDraft(); !isCode(err, CodeSystemBusy) {
		t.Fatalf("injected -1: %v", err)
	}
	h.s.ExpireTokens(a.AppID)
	if _, err := oa.GetDraft().CountDraft(); !isCode(err, CodeTokenExpired) {
		t.Fatalf("expired token: %v, want 42001", err)
	}
}

func TestSilenceperTokenFetchFromOutsideWhitelist(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("ip", func(a *Account) { a.IPWhitelist = []string{"203.0.113.7"} })
	oa := silenceper(t, h, a, false)
	_, err := oa.GetAccessToken()
	if err == nil || !strings.Contains(err.Error(), "40164") || !strings.Contains(err.Error(), "invalid ip 127.0.0.1") {
		t.Fatalf("token from a non-whitelisted IP: %v, want 40164 naming 127.0.0.1", err)
	}
}

func isCode(err error, code int) bool {
	var ce *util.CommonError
	return errors.As(err, &ce) && ce.ErrCode == int64(code)
}
