package wechat_test

import (
	"testing"

	"github.com/silenceper/wechat/v2/officialaccount/draft"
	"github.com/silenceper/wechat/v2/officialaccount/freepublish"

	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

// uploadCover uploads a thumb for the account of cl and returns its media_id.
func uploadCover(t *testing.T, e *wxEnv, cl *wechat.Client) string {
	t.Helper()
	id, url, err := cl.UploadThumb(e.ctx, "cover.jpg", []byte("\xff\xd8\xff fake jpeg"))
	if err != nil || id == "" || url == "" {
		t.Fatalf("UploadThumb = %q, %q, %v", id, url, err)
	}
	return id
}

func article(cover string) *draft.Article {
	return &draft.Article{Title: "政务公开目录更新", Author: "市政府办", Content: "<p>新增 3 项</p>", ThumbMediaID: cover}
}

func TestDraftIsPublishedAndItsURLRead(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	c := e.account("昆明发布", "")
	cl := e.client(c)
	img, err := cl.UploadImage(e.ctx, "chart.png", []byte("\x89PNG fake"))
	if err != nil || img == "" {
		t.Fatalf("UploadImage = %q, %v", img, err)
	}
	a := article(uploadCover(t, e, cl))
	a.Content += `<img src="` + img + `">`
	mediaID, err := cl.AddDraft(e.ctx, []*draft.Article{a})
	if err != nil {
		t.Fatalf("AddDraft: %v", err)
	}
	publishID, err := cl.SubmitPublish(e.ctx, mediaID)
	if err != nil || publishID == 0 {
		t.Fatalf("SubmitPublish = %d, %v", publishID, err)
	}
	var st freepublish.PublishStatusList
	eventually(t, "the publication to finish", func() bool {
		st, err = cl.PublishStatus(e.ctx, publishID)
		return err == nil && st.PublishStatus == freepublish.PublishStatusSuccess
	})
	if len(st.ArticleDetail.Items) != 1 || st.ArticleDetail.Items[0].ArticleURL == "" {
		t.Fatalf("published without an article URL: %+v", st)
	}
}

func TestMassSendWithTheSameClientMsgIDSendsOnce(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	c := e.account("五华发布", "")
	cl := e.client(c)
	mediaID, err := cl.AddDraft(e.ctx, []*draft.Article{article(uploadCover(t, e, cl))})
	if err != nil {
		t.Fatal(err)
	}
	send := wechat.MassSend{DraftMediaID: mediaID, ClientMsgID: "delivery-42"}
	first, err := cl.SendAll(e.ctx, send)
	if err != nil || first.MsgID == 0 || first.Repeated {
		t.Fatalf("first SendAll = %+v, %v", first, err)
	}
	again, err := cl.SendAll(e.ctx, send)
	if err != nil || !again.Repeated || again.MsgID != first.MsgID {
		t.Fatalf("repeated SendAll = %+v, %v; want the first send (msg_id %d) reported as repeated", again, err, first.MsgID)
	}
	if n := e.wx.Counts(c.AppID).MassSendsAccepted; n != 1 {
		t.Fatalf("%d mass sends accepted, want 1", n)
	}
	eventually(t, "the mass send to finish", func() bool {
		st, err := cl.MassStatus(e.ctx, first.MsgID)
		return err == nil && st == "SEND_SUCCESS"
	})
}
