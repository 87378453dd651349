package bot_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"govmedia/bot/telegramtest"
	"govmedia/catalog"
	"govmedia/registry"
)

// TestACatalogSentToTheBotIsReviewedAndItsUpdatePublished walks a county
// department's catalog from the spreadsheet it sends the bot to the
// followers: the draft and its summary, submission, the guiding
// department's and the city office's approvals on cards that show the
// diff, the version current, and its update article reviewed by the
// county office and delivered once to the county's accounts and the
// guiding department's, not to the township's.
func TestACatalogSentToTheBotIsReviewedAndItsUpdatePublished(t *testing.T) {
	w := newPublishingWorld(t)
	w.addWeChat(t, w.env, "昆明教育发布", "km.dept.jyt")
	guide := w.bind(2301, "郑洁", "km.dept.jyt", registry.Guide)
	w.say(guide, "/start") // a bot writes only to those who have written to it
	w.expect(guide.id, "指导部门")
	data, err := os.ReadFile(filepath.Join("..", "catalog", "testdata", "libreoffice", "county-filled.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.tg.Send(telegramtest.UserMessage{From: w.operator.id, Document: &telegramtest.Upload{Name: "义务教育目录.xlsx", Data: data}}); err != nil {
		t.Fatal(err)
	}
	summary := w.expect(w.operator.id, "已读取五华区人民政府的目录表格")
	if !strings.Contains(summary.Text, "已存为草稿第 1 版") {
		t.Fatalf("the import's summary:\n%s", summary.Text)
	}
	w.press(w.operator, w.operator.id, "提交审核")
	w.expect(w.operator.id, "已提交审核")
	card := w.expectCard(guide.id, "公开事项目录审核")
	if !strings.Contains(card.Text, "新增") || !strings.Contains(buttonsOf(card), "完整目录") {
		t.Fatalf("the guide's card:\n%s\n%s", card.Text, buttonsOf(card))
	}
	w.press(guide, guide.id, "同意")
	w.expectCard(w.cityGroup, "公开事项目录审核")
	if ans := w.press(w.approver, w.cityGroup, "同意"); ans.ShowAlert {
		t.Fatalf("the city office's approval was refused: %s\n%s", ans.Text, w.logs.String())
	}
	notice := w.expectCard(w.wuhuaGroup, "政务公开事项目录更新")
	if !strings.Contains(notice.Text, "将发送给 2 个") {
		t.Fatalf("the update article's card does not reach the county's and the guide's accounts:\n%s", notice.Text)
	}
	w.press(w.reviewer, w.wuhuaGroup, "同意")
	w.expect(w.wuhuaGroup, "已送达 2 / 2")
	for name, want := range map[string]int{"五华教育": 1, "昆明教育发布": 1, "华山街道": 0} {
		if c := w.wx.Counts(w.appIDs[name]); c.PublishesSubmitted != want {
			t.Errorf("%s got %d publishes, want %d", name, c.PublishesSubmitted, want)
		}
	}
	list, err := w.cat.CurrentOf(context.Background(), "km.wuhua")
	if err != nil || len(list) == 0 || list[0].State != catalog.Current {
		t.Fatalf("the county's current catalogs: %v %v", list, err)
	}
}
