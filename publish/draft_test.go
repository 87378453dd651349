package publish_test

import (
	"errors"
	"strings"
	"testing"

	"govmedia"
	"govmedia/publish"
)

func TestBadDraftsAreRefusedAtSubmissionWithEveryReason(t *testing.T) {
	w := newPubWorld(t, pubOpts{noWorkers: true})
	big := make([]byte, 3<<20)
	copy(big, testJPEG())
	cases := []struct {
		name    string
		article publish.DraftArticle
		want    string
	}{
		{"no title", publish.DraftArticle{Body: "正文", Cover: testJPEG()}, "标题不能为空"},
		{"long title", publish.DraftArticle{Title: strings.Repeat("长", 33), Body: "正文", Cover: testJPEG()}, "最多 32 个字"},
		{"no body", publish.DraftArticle{Title: "标题", Body: "<script>x</script>", Cover: testJPEG()}, "正文不能为空"},
		{"long body", publish.DraftArticle{Title: "标题", Body: strings.Repeat("字", 20000), Format: "text", Cover: testJPEG()}, "超过微信上限"},
		{"external image", publish.DraftArticle{Title: "标题", Body: `<p>图</p><img src="https://example.org/a.png">`, Cover: testJPEG()}, "外部图片"},
		{"missing image", publish.DraftArticle{Title: "标题", Body: `<p>图</p><img src="chart.png">`, Cover: testJPEG()}, "没有随稿件提交"},
		{"huge cover", publish.DraftArticle{Title: "标题", Body: "正文", Cover: big}, "封面图 3.0 MB 太大"},
		{"no cover", publish.DraftArticle{Title: "标题", Body: "正文"}, "缺少封面图"},
		{"not an image", publish.DraftArticle{Title: "标题", Body: "正文", Cover: []byte("GIF89a...")}, "JPG 或 PNG"},
	}
	for _, c := range cases {
		_, _, err := w.pub.Submit(w.ctx, w.operator, publish.Draft{Mode: publish.Publish, Targets: publish.Targets{Org: "km", Descendants: true},
			Articles: []publish.DraftArticle{c.article}})
		var fe govmedia.FieldErrors
		if !errors.As(err, &fe) || !strings.Contains(fe.Message(govmedia.Chinese), c.want) {
			t.Errorf("%s: got %v, want a reason containing %q", c.name, err, c.want)
		}
	}
	var n int
	_ = w.env.DB.NewRaw("SELECT count(*) FROM publications").Scan(w.ctx, &n)
	if n != 0 {
		t.Fatalf("%d publications stored from refused drafts", n)
	}
}

func TestBodiesAreCleanedToWhatWeChatTakes(t *testing.T) {
	w := newPubWorld(t, pubOpts{noWorkers: true})
	p, _, err := w.pub.Submit(w.ctx, w.operator, publish.Draft{Mode: publish.Publish, Targets: publish.Targets{Org: "km"},
		Articles: []publish.DraftArticle{{Title: "清理", Cover: testJPEG(), Images: map[string][]byte{"chart.jpg": testJPEG()},
			Body: `<p onclick="evil()">正文<script>alert(1)</script><a href="javascript:x">链接</a><a href="https://www.km.gov.cn">官网</a></p><img src="chart.jpg"><iframe src="x"></iframe>`}}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := w.pub.Publication(w.ctx, p.ID)
	body := got.Articles[0].Content
	for _, bad := range []string{"onclick", "script", "alert", "javascript", "iframe"} {
		if strings.Contains(body, bad) {
			t.Errorf("the cleaned body keeps %q: %s", bad, body)
		}
	}
	for _, good := range []string{`href="https://www.km.gov.cn"`, `src="govmedia:chart.jpg"`, "正文"} {
		if !strings.Contains(body, good) {
			t.Errorf("the cleaned body lost %q: %s", good, body)
		}
	}
}
