package publish_test

import (
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/publish"
	"govmedia/registry"
)

// A publication the reviewers return is edited and resubmitted by its
// author; a refused edit leaves it as it was; the approved revision is
// what reaches the accounts.
func TestReturnedPublicationIsRevisedThenDelivered(t *testing.T) {
	w := newPubWorld(t, pubOpts{})
	a := w.addAccount("修改测试发布", "km.office")
	draft := func(title string) publish.Draft {
		return publish.Draft{Mode: publish.Publish, Targets: publish.Targets{Accounts: []int64{a.id}},
			Articles: []publish.DraftArticle{{Title: title, Body: "<p>" + title + "正文</p><img src=\"data:image/jpeg;base64," + jpegB64 + "\">", Cover: testJPEG()}}}
	}
	pub, app, err := w.pub.Submit(w.ctx, w.operator, draft("初稿标题"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.engine.Decide(w.ctx, w.approver, app.PendingStep().ID, approvals.Return, "标题请写明时间"); err != nil {
		t.Fatal(err)
	}
	stranger := w.env.Member(t, "km.office", registry.Operator, "另一运营")
	if _, _, err := w.pub.Resubmit(w.ctx, stranger, app.ID, draft("别人的修改")); govmedia.ErrorCode(err) != govmedia.EFORBIDDEN {
		t.Fatalf("someone else's resubmission: %v, want EFORBIDDEN", err)
	}
	if _, _, err := w.pub.Resubmit(w.ctx, w.operator, app.ID, draft(strings.Repeat("长", 40))); govmedia.ErrorCode(err) != govmedia.EINVALID {
		t.Fatalf("a title of 40 characters: %v, want EINVALID", err)
	}
	if got := title(t, w, pub.ID); got != "初稿标题" {
		t.Fatalf("after a refused revision the title is %q, want the returned draft's", got)
	}
	kept, err := w.pub.DraftOf(w.ctx, pub.ID)
	if err != nil {
		t.Fatal(err)
	}
	kept.Articles[0].Title = "12月1日起冬季安全生产检查"
	revised, app, err := w.pub.Resubmit(w.ctx, w.operator, app.ID, kept)
	if err != nil {
		t.Fatal(err)
	}
	if revised.ID != pub.ID || app.State != approvals.Pending || app.Round != 2 || app.PendingStep().OfficeOrg != "km.office" {
		t.Fatalf("resubmitted: publication %d (want %d), application %s round %d", revised.ID, pub.ID, app.State, app.Round)
	}
	if _, _, err := w.pub.Resubmit(w.ctx, w.operator, app.ID, draft("再改一次")); govmedia.ErrorCode(err) != govmedia.ECONFLICT {
		t.Fatalf("resubmitting a pending application: %v, want ECONFLICT", err)
	}
	if _, err := w.engine.Decide(w.ctx, w.approver, app.PendingStep().ID, approvals.Approve, ""); err != nil {
		t.Fatal(err)
	}
	w.waitDone(pub.ID, 30*time.Second)
	list, err := w.pub.Deliveries(w.ctx, pub.ID)
	if err != nil || len(list) != 1 || list[0].State != publish.Delivered {
		t.Fatalf("deliveries %v, %v; want one, delivered", list, err)
	}
	arts, ok := w.wx.Published(a.creds.AppID, list[0].ArticleID)
	if !ok || len(arts) != 1 || arts[0].Title != "12月1日起冬季安全生产检查" || !strings.Contains(arts[0].Content, "<img src=\"http") {
		t.Fatalf("WeChat published %+v (found %v); want the revised article", arts, ok)
	}
}

func title(t *testing.T, w *pubWorld, id int64) string {
	t.Helper()
	p, err := w.pub.Publication(w.ctx, id)
	if err != nil || len(p.Articles) != 1 {
		t.Fatalf("publication %d: %v, %v", id, p, err)
	}
	return p.Articles[0].Title
}
