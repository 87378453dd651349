package bot_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"govmedia/bot/telegramtest"
	"govmedia/catalog"
	"govmedia/registry"
	"govmedia/web"
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
	// The public page shows the new version.
	site := web.New(w.env.Registry, func(context.Context) error { return nil }, slog.New(slog.DiscardHandler))
	site.SetCatalog(w.cat)
	rec := httptest.NewRecorder()
	site.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/catalogs/km.wuhua/compulsory-education", nil))
	if page := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(page, "招生计划") || !strings.Contains(page, "第 1 版") {
		t.Fatalf("the public page: %d\n%.600s", rec.Code, page)
	}
}

// TestACatalogIsEditedItemByItemInChat adds an item, changes one of its
// columns and removes another item, each through the form, into one
// draft; then submits it.
func TestACatalogIsEditedItemByItemInChat(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	start := func() {
		before := w.lastMessageID(w.operator.id)
		w.say(w.operator, "/catalog")
		overview := w.expectAfter(w.operator.id, "试点领域中", before)
		w.press(w.operator, w.operator.id, "逐项编辑目录")
		question := w.expectAfter(w.operator.id, "编辑哪个试点领域的目录", overview.MessageID)
		w.press(w.operator, w.operator.id, "义务教育")
		w.expectAfter(w.operator.id, "要做什么", question.MessageID)
	}
	start()
	w.press(w.operator, w.operator.id, "新增事项")
	for _, typed := range []string{"招生入学", "入学政策", "招生范围、条件、程序和时间安排", "《中华人民共和国义务教育法》", "招生前", "县级教育部门"} {
		w.expect(w.operator.id, "请输入")
		w.say(w.operator, typed)
	}
	for _, ticks := range [][]string{{"政府网站", "两微一端"}, {"全社会"}, {"主动"}, {"县级", "乡级"}} {
		for _, tick := range ticks {
			w.press(w.operator, w.operator.id, tick)
		}
		w.press(w.operator, w.operator.id, "完成")
	}
	w.expect(w.operator.id, "新增事项（义务教育）：招生入学 · 入学政策")
	w.press(w.operator, w.operator.id, "✅ 提交")
	w.expect(w.operator.id, "已存入草稿第 1 版，共 1 项")

	start()
	w.press(w.operator, w.operator.id, "修改事项")
	w.expect(w.operator.id, "1. 招生入学 · 入学政策")
	w.say(w.operator, "1")
	w.press(w.operator, w.operator.id, "公开时限")
	w.expect(w.operator.id, "当前：招生前")
	w.say(w.operator, "招生工作开始前20个工作日")
	before := w.lastMessageID(w.operator.id)
	w.press(w.operator, w.operator.id, "✅ 提交")
	w.expectAfter(w.operator.id, "已存入草稿第 1 版，共 1 项", before)

	cur, err := w.bot.CatalogForTest().EditableItems(context.Background(), catalog.Editor{Actor: w.operator.member.Actor(), Member: w.operator.member}, "km.wuhua", "compulsory-education")
	if err != nil || len(cur) != 1 || cur[0].Deadline != "招生工作开始前20个工作日" || len(cur[0].Channels) != 2 || len(cur[0].Levels) != 2 {
		t.Fatalf("the draft's items: %+v %v", cur, err)
	}
	start()
	w.press(w.operator, w.operator.id, "删除事项")
	w.say(w.operator, "2")
	w.expect(w.operator.id, "请输入 1 到 1 之间的序号")
	w.say(w.operator, "1")
	w.press(w.operator, w.operator.id, "✅ 提交")
	w.expect(w.operator.id, "已存入草稿第 1 版，共 0 项")
}

// TestEditingACurrentCatalogInChatOpensADraftAndLeavesTheCurrentOneAlone
// edits a county catalog whose first version is current, item by item in
// chat: the change opens draft 2, copied from version 1 (the item list
// offered is the current one); the removal and the addition go into the
// same draft; version 1 stays current with its items as approved.
func TestEditingACurrentCatalogInChatOpensADraftAndLeavesTheCurrentOneAlone(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	ctx := context.Background()
	cat := w.bot.CatalogForTest()
	a, b := educationItem("招生入学", "入学政策", "招生前"), educationItem("学生资助", "资助政策", "")
	deciders := map[string]*registry.Member{"km.dept.jyt": w.env.Member(t, "km.dept.jyt", registry.Guide, "市教体局指导"), "km.office": w.approver.member}
	makeCurrent(t, w, cat, w.operator.member, "km.wuhua", "compulsory-education", []catalog.Item{a, b}, deciders)
	v1, err := cat.Current(ctx, "km.wuhua", "compulsory-education")
	if err != nil {
		t.Fatal(err)
	}
	start := func(action string) {
		before := w.lastMessageID(w.operator.id)
		w.say(w.operator, "/catalog")
		overview := w.expectAfter(w.operator.id, "义务教育：第 1 版，2 项", before)
		w.press(w.operator, w.operator.id, "逐项编辑目录")
		question := w.expectAfter(w.operator.id, "编辑哪个试点领域的目录", overview.MessageID)
		w.press(w.operator, w.operator.id, "义务教育")
		w.expectAfter(w.operator.id, "要做什么", question.MessageID)
		w.press(w.operator, w.operator.id, action)
	}
	saved := func(want string) {
		before := w.lastMessageID(w.operator.id)
		w.press(w.operator, w.operator.id, "✅ 提交")
		w.expectAfter(w.operator.id, want, before)
	}
	start("修改事项")
	w.expect(w.operator.id, "1. 招生入学 · 入学政策\n2. 学生资助 · 资助政策")
	w.say(w.operator, "1")
	w.press(w.operator, w.operator.id, "公开时限")
	w.expect(w.operator.id, "当前：招生前")
	w.say(w.operator, "招生工作开始前20个工作日")
	saved("已存入草稿第 2 版，共 2 项")

	start("删除事项")
	w.say(w.operator, "2")
	saved("已存入草稿第 2 版，共 1 项")

	start("新增事项")
	for _, typed := range []string{"课后服务", "收费标准", "服务内容和收费标准", "-", "学期开始前", "县级教育部门"} {
		w.expect(w.operator.id, "请输入")
		w.say(w.operator, typed) // "-" leaves 公开依据 empty
	}
	for _, tick := range []string{"政府网站", "全社会", "主动", "县级"} {
		w.press(w.operator, w.operator.id, tick)
		w.press(w.operator, w.operator.id, "完成")
	}
	saved("已存入草稿第 2 版，共 2 项")

	cur, err := cat.Current(ctx, "km.wuhua", "compulsory-education")
	if err != nil || cur.ID != v1.ID || cur.Number != 1 || len(cur.Items) != 2 || cur.Items[0].Deadline != "招生前" || cur.Items[1].Level2 != "资助政策" {
		t.Fatalf("the current version after the edits: %+v %v", cur, err)
	}
	draft, err := cat.OpenVersion(ctx, w.operator.member, "km.wuhua", "compulsory-education")
	if err != nil || draft == nil || draft.Number != 2 || draft.State != catalog.Draft || draft.BasedOn != v1.ID {
		t.Fatalf("the draft after the edits: %+v %v", draft, err)
	}
	if len(draft.Items) != 2 || draft.Items[0].Deadline != "招生工作开始前20个工作日" || draft.Items[1].Level2 != "收费标准" || draft.Items[1].Basis != "" {
		t.Fatalf("the draft's items: %+v", draft.Items)
	}
}

// TestATownshipIsToldTheCountysTownshipItemsItLacks makes the county's
// education catalog current with three 乡级 items and a 县级 one, and the
// township's with one of the 乡级 items. /catalog tells the county one of
// the 26 domains is current and nothing is missing; it tells the
// township its current version lacks the two other 乡级 items, by name.
// The township's next version adds one of them and goes to the county
// office on a card that names the one still missing.
func TestATownshipIsToldTheCountysTownshipItemsItLacks(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	ctx := context.Background()
	cat := w.bot.CatalogForTest()
	township := func(it catalog.Item) catalog.Item {
		it.Levels = []catalog.Level{catalog.CountyLevel, catalog.TownshipLevel}
		return it
	}
	policy, aid, safety := township(educationItem("招生入学", "入学政策", "")), township(educationItem("学生资助", "资助名单", "")), township(educationItem("校园安全", "安全预案", ""))
	deciders := map[string]*registry.Member{"km.dept.jyt": w.env.Member(t, "km.dept.jyt", registry.Guide, "市教体局指导"),
		"km.office": w.approver.member, "km.wuhua.office": w.reviewer.member}
	makeCurrent(t, w, cat, w.operator.member, "km.wuhua", "compulsory-education",
		[]catalog.Item{policy, educationItem("招生入学", "学区划分", ""), aid, safety}, deciders)
	makeCurrent(t, w, cat, w.township.member, "km.wuhua.huashan", "compulsory-education", []catalog.Item{policy}, deciders)

	w.say(w.operator, "/catalog")
	county := w.expect(w.operator.id, "五华区人民政府政务公开事项标准目录")
	if !strings.Contains(county.Text, "26 个试点领域中，1 个已有现行目录") || !strings.Contains(county.Text, "✅ 义务教育：第 1 版，4 项") ||
		strings.Count(county.Text, "⬜ ") != 25 || strings.Contains(county.Text, "缺") {
		t.Fatalf("the county's overview:\n%s", county.Text)
	}
	w.say(w.township, "/catalog")
	overview := w.expect(w.township.id, "华山街道办事处政务公开事项标准目录")
	for _, want := range []string{"26 个试点领域中，1 个已有现行目录", "✅ 义务教育：第 1 版，1 项", "缺乡级事项 2 项",
		"对照县级目录，缺少的乡级事项：\n义务教育（2 项）：\n    学生资助 · 资助名单\n    校园安全 · 安全预案\n"} {
		if !strings.Contains(overview.Text, want) {
			t.Errorf("the township's overview lacks %q:\n%s", want, overview.Text)
		}
	}
	if strings.Count(overview.Text, "⬜ ") != 25 || strings.Contains(overview.Text, "学区划分") {
		t.Errorf("the township's overview:\n%s", overview.Text)
	}
	by := catalog.Editor{Actor: w.township.member.Actor(), Member: w.township.member}
	if _, err := cat.Import(ctx, by, "km.wuhua.huashan", []catalog.DomainItems{{Domain: "compulsory-education", Items: []catalog.Item{policy, aid}}}, "t.xlsx"); err != nil {
		t.Fatal(err)
	}
	before := w.lastMessageID(w.wuhuaGroup)
	w.say(w.township, "/catalog")
	w.press(w.township, w.township.id, "提交审核：义务教育")
	card := w.expectAfter(w.wuhuaGroup, "义务教育领域目录第 2 版", before)
	if !strings.Contains(card.Text, "县级目录中标为“乡级”的事项，本目录缺少 1 项：\n    校园安全 · 安全预案") ||
		strings.Contains(card.Text, "学区划分") {
		t.Fatalf("the county office's card of the township's catalog:\n%s", card.Text)
	}
}
