package bot_test

import (
	"context"
	"strings"
	"testing"

	"govmedia/publish"
	"govmedia/registry"
)

// TestApprovingACloseAnnouncesItToTheFollowers closes 五华教育 in chat,
// merged into another account: once the city office approves, a 停更公告
// naming the successor goes to the district office for review as any
// publication does, and once approved it is sent to 五华教育's followers,
// and to no other account.
func TestApprovingACloseAnnouncesItToTheFollowers(t *testing.T) {
	w := newPublishingWorld(t)
	ctx := context.Background()
	w.activeAccount("km.wuhua.dept.edu", "五华教育新号")
	w.say(w.operator, "/apply")
	w.press(w.operator, w.operator.id, "关停账号")
	w.press(w.operator, w.operator.id, "五华教育（微信公众号）")
	w.expect(w.operator.id, "关停理由")
	w.say(w.operator, "并入五华教育新号")
	w.expect(w.operator.id, "由哪个账号承接")
	w.press(w.operator, w.operator.id, "五华教育新号")
	w.expect(w.operator.id, "公告期多少天")
	w.press(w.operator, w.operator.id, "15 天")
	w.press(w.operator, w.operator.id, "✅ 提交")
	w.expectCard(w.wuhuaGroup, "关停账号申请")
	w.press(w.reviewer, w.wuhuaGroup, "同意")
	w.expectCard(w.cityGroup, "关停账号申请")
	w.press(w.approver, w.cityGroup, "同意")

	card := w.expectCard(w.wuhuaGroup, "停更公告发布申请")
	if !strings.Contains(card.Text, "《停更公告》") || !strings.Contains(card.Text, "五华教育") || !strings.Contains(card.Text, "群发") {
		t.Fatalf("the closure notice's card:\n%s", card.Text)
	}
	pub, err := w.pub.Publication(ctx, w.lastPublication(t))
	if err != nil || pub.Kind != publish.ClosureNoticeKind || len(pub.Articles) != 1 {
		t.Fatalf("publication %+v (%v), want one closure notice", pub, err)
	}
	for _, want := range []string{"“五华教育”将于2026年12月8日起停止更新", "“五华教育新号”", "五华区教育体育局"} {
		if !strings.Contains(pub.Articles[0].Content, want) {
			t.Errorf("the notice lacks %q:\n%s", want, pub.Articles[0].Content)
		}
	}
	w.press(w.reviewer, w.wuhuaGroup, "同意")
	w.expect(w.wuhuaGroup, "已送达 1 / 1，失败 0")
	if c := w.wx.Counts(w.appIDs["五华教育"]); c.MassSendsAccepted != 1 {
		t.Errorf("五华教育: %+v, want the notice sent to its followers once", c)
	}
	if c := w.wx.Counts(w.appIDs["华山街道"]); c.MassSendsAccepted != 0 || c.DraftsAdded != 0 {
		t.Errorf("华山街道 received the closure notice: %+v", c)
	}
	if a, _ := w.env.Registry.Account(ctx, pub.Targets.Accounts[0]); a == nil || a.State != registry.Closing {
		t.Errorf("the notice went out to an account that is not in its closing notice")
	}
}
