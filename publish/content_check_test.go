package publish_test

import (
	"encoding/json"
	"strings"
	"testing"

	"govmedia"
	"govmedia/oversight/content"
	"govmedia/publish"
)

// TestSubmissionsAreCheckedBeforeReview submits articles against the
// city's lists: one holding a mobile number and a blocked word is refused
// with both places and nothing written; one holding a sensitive word and a
// wrong expression goes to review with both on what its deciders see.
func TestSubmissionsAreCheckedBeforeReview(t *testing.T) {
	w := newPubWorld(t, pubOpts{noWorkers: true})
	w.pub.Content = content.NewChecker(w.env.DB.DB, nil)
	if _, err := w.pub.Content.Replace(w.ctx, govmedia.Operator("t"), []content.Entry{{Kind: content.EntryBlocked, Word: "内部资料"},
		{Kind: content.EntrySensitive, Word: "维稳"}, {Kind: content.EntryCorrection, Word: "中华人民共合国", Correction: "中华人民共和国"}}, "t"); err != nil {
		t.Fatal(err)
	}
	draft := func(body string) publish.Draft {
		return publish.Draft{Mode: publish.Publish, Targets: publish.Targets{Org: "km"},
			Articles: []publish.DraftArticle{{Title: "通知", Body: body, Format: "html", Cover: testJPEG()}}}
	}
	var before int
	_ = w.env.DB.NewRaw("SELECT count(*) FROM publications").Scan(w.ctx, &before)
	_, _, err := w.pub.Submit(w.ctx, w.operator, draft("<p>内部资料，联系人电话 13912345678。</p>"))
	text := govmedia.ErrorMessage(govmedia.Chinese, err)
	if govmedia.ErrorCode(err) != govmedia.EINVALID || !strings.Contains(text, "第 1 篇 · 正文") || !strings.Contains(text, "139****5678") ||
		!strings.Contains(text, "内部资料") || strings.Contains(text, "13912345678") {
		t.Fatalf("a body with a mobile number and a blocked word: %v\n%s", err, text)
	}
	var after int
	_ = w.env.DB.NewRaw("SELECT count(*) FROM publications").Scan(w.ctx, &after)
	if after != before {
		t.Fatalf("a refused submission wrote %d publications", after-before)
	}
	_, app, err := w.pub.Submit(w.ctx, w.operator, draft("<p>依据《中华人民共合国宪法》做好维稳工作。</p>"))
	if err != nil {
		t.Fatal(err)
	}
	var pv publish.Preview
	if err := json.Unmarshal(app.Payload, &pv); err != nil || pv.Content == nil || len(pv.Content.Warnings()) != 2 {
		t.Fatalf("the deciders' summary holds %+v %v, want the two warnings", pv.Content, err)
	}
}
