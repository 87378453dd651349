package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"govmedia"
	"govmedia/approvals"
	"govmedia/bot/telegramtest"
	"govmedia/catalog"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// educationItem is one item of the county's education catalog.
func educationItem(level1, level2, deadline string) catalog.Item {
	return catalog.Item{Level1: level1, Level2: level2, Content: level2 + "的内容", Deadline: deadline,
		Channels: []catalog.Channel{catalog.Website}, Modes: []catalog.Mode{catalog.Proactive},
		Levels: []catalog.Level{catalog.CountyLevel}}
}

// makeCurrent imports items as the government's draft of a domain,
// submits it and has each step approved by the decider deciding it.
func makeCurrent(t *testing.T, w *world, cat *catalog.Catalog, by *registry.Member, org, domain string, items []catalog.Item, deciders map[string]*registry.Member) {
	t.Helper()
	ctx := context.Background()
	if _, err := cat.Import(ctx, catalog.Editor{Actor: by.Actor(), Member: by}, org, []catalog.DomainItems{{Domain: domain, Items: items}}, "t.xlsx"); err != nil {
		t.Fatal(err)
	}
	_, app, err := cat.Submit(ctx, by, org, domain)
	if err != nil {
		t.Fatal(err)
	}
	for app.State == approvals.Pending {
		step := app.PendingStep()
		d := deciders[step.OfficeOrg]
		if d == nil {
			t.Fatalf("no decider for the step at %s", step.OfficeOrg)
		}
		out, err := w.engine.Decide(ctx, d, step.ID, approvals.Approve, "")
		if err != nil {
			t.Fatal(err)
		}
		app, _ = w.engine.Application(ctx, out.Application.ID)
	}
	if app.State != approvals.Approved {
		t.Fatalf("the catalog's application ended %s", app.State)
	}
}

// TestACatalogCardShowsTheDiffAndItsUpdateArticleListsIt submits a second
// version of the county's education catalog that moves one item, changes
// another's 公开时限, removes one and adds one. The guide's card lists each
// (the move with its places, the change as old → new); its full-version
// button sends the guide the workbook of the new version. Once current,
// the update article reviewed by the county office reaches the county's
// and the guiding department's active accounts (not an account not yet
// active), and the article WeChat holds lists the changes and links to
// the catalog's public page under the configured address.
func TestACatalogCardShowsTheDiffAndItsUpdateArticleListsIt(t *testing.T) {
	w := newPublishingWorld(t)
	ctx := context.Background()
	w.addWeChat(t, w.env, "昆明教育发布", "km.dept.jyt")
	spare := registrytest.WeChat("五华教育备用")
	spare.SecondAccountReason = "招生季答疑专用"
	if _, err := w.env.Registry.CreateAccount(ctx, w.env.DB, "km.wuhua.dept.edu", spare, registry.Approved,
		registry.Change{Actor: govmedia.Operator("t"), Action: "account.import"}); err != nil {
		t.Fatal(err)
	}
	guide := w.bind(2301, "郑洁", "km.dept.jyt", registry.Guide)
	w.say(guide, "/start")
	w.expect(guide.id, "指导部门")
	a, b, c, d := educationItem("招生入学", "入学政策", "招生前"), educationItem("学生资助", "资助政策", ""),
		educationItem("教育督导", "督导报告", ""), educationItem("校园安全", "安全预案", "")
	deciders := map[string]*registry.Member{"km.dept.jyt": guide.member, "km.office": w.approver.member}
	makeCurrent(t, w.world, w.cat, w.operator.member, "km.wuhua", "compulsory-education", []catalog.Item{a, b, c, d}, deciders)

	changed, added := a, educationItem("课后服务", "收费标准", "")
	changed.Deadline = "招生工作开始前20个工作日"
	by := catalog.Editor{Actor: w.operator.member.Actor(), Member: w.operator.member}
	if _, err := w.cat.Import(ctx, by, "km.wuhua", []catalog.DomainItems{{Domain: "compulsory-education", Items: []catalog.Item{c, changed, b, added}}}, "v2.xlsx"); err != nil {
		t.Fatal(err)
	}
	before := w.lastMessageID(guide.id)
	w.say(w.operator, "/catalog")
	w.press(w.operator, w.operator.id, "提交审核：义务教育")
	card := w.expectAfter(guide.id, "第 2 版，共 4 项", before) // not version 1's card, however late it comes
	for _, want := range []string{
		"新增 1，修改 1，删除 1，调整顺序 1",
		"↕️ 调整顺序：教育督导 · 督导报告（第 3 项 → 第 1 项）",
		"✏️ 修改：招生入学 · 入学政策\n      公开时限：招生前 → 招生工作开始前20个工作日",
		"➖ 删除：校园安全 · 安全预案", "➕ 新增：课后服务 · 收费标准",
	} {
		if !strings.Contains(card.Text, want) {
			t.Errorf("the guide's card lacks %q:\n%s", want, card.Text)
		}
	}
	if strings.Contains(card.Text, "学生资助 · 资助政策") {
		t.Errorf("the card lists an item that did not change:\n%s", card.Text)
	}
	w.pressOn(guide, guide.id, card, "完整目录")
	doc := w.lastDocument(t, guide.id)
	if !strings.Contains(doc.FileName, "第2版") {
		t.Errorf("the full version is sent as %q", doc.FileName)
	}
	rows := workbookRows(t, w, doc.FileID)
	for _, want := range []string{"督导报告", "收费标准", "招生工作开始前20个工作日", "资助政策"} {
		if !strings.Contains(rows, want) {
			t.Errorf("the full version's workbook lacks %q", want)
		}
	}
	if strings.Contains(rows, "安全预案") {
		t.Error("the full version's workbook holds the removed item")
	}

	w.pressOn(guide, guide.id, card, "同意")
	city := w.expectCard(w.cityGroup, "第 2 版，共 4 项")
	if ans := w.pressOn(w.approver, w.cityGroup, city, "同意"); ans.ShowAlert {
		t.Fatalf("the city office's approval was refused: %s", ans.Text)
	}
	notice := w.expectCard(w.wuhuaGroup, "标准目录第 2 版自")
	if !strings.Contains(notice.Text, "将发送给 2 个") {
		t.Fatalf("the update article's card:\n%s", notice.Text)
	}
	w.pressOn(w.reviewer, w.wuhuaGroup, notice, "同意")
	w.expect(w.wuhuaGroup, "已送达 2 / 2") // the card itself, edited (version 1's article is not approved)
	w.checkUpdateArticle(t)
}

// pressOn presses the button labelled label of one message of chat.
func (w *world) pressOn(p person, chat int64, m telegramtest.Bubble, label string) telegramtest.Press {
	w.t.Helper()
	if m.Markup != nil {
		for _, row := range m.Markup.InlineKeyboard {
			for _, b := range row {
				if strings.Contains(b.Text, label) {
					pr, err := w.tg.PressButton(telegramtest.ButtonPress{ChatID: chat, From: p.id, MessageID: m.MessageID, Data: b.CallbackData})
					if err != nil {
						w.t.Fatalf("pressing %q: %v", label, err)
					}
					return w.answered(chat, m.MessageID, pr.QueryID)
				}
			}
		}
	}
	w.t.Fatalf("no button %q on message %d", label, m.MessageID)
	return telegramtest.Press{}
}

// checkUpdateArticle reads the last publication's deliveries and the
// articles WeChat published for them.
func (w *publishingWorld) checkUpdateArticle(t *testing.T) {
	t.Helper()
	var got []struct {
		Name      string `bun:"name"`
		ArticleID string `bun:"article_id"`
	}
	if err := w.env.DB.NewRaw(`SELECT a.name, d.article_id FROM deliveries d JOIN accounts a ON a.id = d.account_id
		WHERE d.publication_id = (SELECT max(id) FROM publications WHERE kind = 'catalog_update') AND d.state = 'delivered' ORDER BY a.name`).
		Scan(context.Background(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "五华教育" || got[1].Name != "昆明教育发布" {
		var all []map[string]any
		_ = w.env.DB.NewRaw("SELECT p.id, p.kind, d.state, d.account_id, d.article_id FROM publications p LEFT JOIN deliveries d ON d.publication_id = p.id ORDER BY p.id").Scan(context.Background(), &all)
		t.Fatalf("the update article was delivered to %+v, want 五华教育 and 昆明教育发布; the publications: %v", got, all)
	}
	page := "https://gk.km.gov.cn/catalogs/km.wuhua/compulsory-education"
	for _, g := range got {
		arts, ok := w.wx.Published(w.appIDs[g.Name], g.ArticleID)
		if !ok || len(arts) != 1 {
			t.Fatalf("%s holds no article %q: %+v", g.Name, g.ArticleID, arts)
		}
		art := arts[0]
		for _, want := range []string{"义务教育领域政务公开事项标准目录第 2 版", "共 4 项",
			"新增 1 项，修改 1 项，删除 1 项，调整顺序 1 项",
			"<h3>新增事项</h3><ul><li>课后服务 · 收费标准</li></ul>",
			"<h3>修改事项</h3><ul><li>招生入学 · 入学政策（公开时限）</li></ul>",
			"<h3>删除事项</h3><ul><li>校园安全 · 安全预案</li></ul>",
			"<h3>调整顺序的事项</h3><ul><li>教育督导 · 督导报告</li></ul>",
			page,
		} {
			if !strings.Contains(art.Content, want) {
				t.Errorf("%s's article lacks %q:\n%s", g.Name, want, art.Content)
			}
		}
		if strings.Contains(art.Content, "资助政策") {
			t.Errorf("%s's article lists an item that did not change", g.Name)
		}
		if art.ContentSourceURL != page || !strings.Contains(art.Title, "目录更新") {
			t.Errorf("%s's article is titled %q and reads on at %q, want %q", g.Name, art.Title, art.ContentSourceURL, page)
		}
	}
}

// workbookRows are every row of a workbook sent to the chat, joined.
func workbookRows(t *testing.T, w *publishingWorld, fileID string) string {
	t.Helper()
	data, _, _, ok := w.tg.FileData(fileID)
	if !ok {
		t.Fatal("the stand-in has no such file")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the file is no workbook: %v", err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for _, row := range rows {
			b.WriteString(strings.Join(row, "|") + "\n")
		}
	}
	return b.String()
}

// TestACatalogCardOfManyLongChangesFitsTelegram changes two long columns
// of each of 40 items: the guide's card names the first changes with
// their values cut, counts the rest, offers the full version, and stays
// within Telegram's 4,096 characters.
func TestACatalogCardOfManyLongChangesFitsTelegram(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	ctx := context.Background()
	cat := w.bot.CatalogForTest()
	guide := w.bind(2301, "郑洁", "km.dept.jyt", registry.Guide)
	w.say(guide, "/start") // a bot writes only to those who have written to it
	w.expect(guide.id, "指导部门")
	w.say(w.operator, "/start")
	w.expect(w.operator.id, "")
	var old, changed []catalog.Item
	for i := range 40 {
		it := educationItem("招生入学", fmt.Sprintf("第%d项", i+1), "招生前")
		old = append(old, it)
		it.Content, it.Basis = strings.Repeat("招生范围、条件、程序和时间安排", 30), strings.Repeat("《中华人民共和国义务教育法》", 20)
		changed = append(changed, it)
	}
	makeCurrent(t, w, cat, w.operator.member, "km.wuhua", "compulsory-education", old,
		map[string]*registry.Member{"km.dept.jyt": guide.member, "km.office": w.approver.member})
	by := catalog.Editor{Actor: w.operator.member.Actor(), Member: w.operator.member}
	if _, err := cat.Import(ctx, by, "km.wuhua", []catalog.DomainItems{{Domain: "compulsory-education", Items: changed}}, "v2.xlsx"); err != nil {
		t.Fatal(err)
	}
	before := w.lastMessageID(guide.id)
	if _, _, err := cat.Submit(ctx, w.operator.member, "km.wuhua", "compulsory-education"); err != nil {
		t.Fatal(err)
	}
	card := w.expectAfter(guide.id, "第 2 版，共 40 项", before)
	if n := len(utf16.Encode([]rune(card.Text))); n > 4096 {
		t.Fatalf("the card is %d UTF-16 units, over Telegram's 4096", n)
	}
	for _, want := range []string{"修改 40", "✏️ 修改：招生入学 · 第1项\n      公开内容（要素）：第1项的内容 → 招生范围、条件",
		"…\n      公开依据：（空） → 《中华人民共和国义务教育法》", "项未列出"} {
		if !strings.Contains(card.Text, want) {
			t.Errorf("the card lacks %q:\n%s", want, card.Text)
		}
	}
	if !strings.Contains(buttonsOf(card), "完整目录") {
		t.Errorf("the card offers no full version: %s", buttonsOf(card))
	}
	for _, c := range w.refusedSends() {
		if !strings.Contains(c.Description, "message is not modified") { // a redraw that changed nothing: the bot lets it be
			t.Errorf("Telegram refused %s: %s", c.Method, c.Description)
		}
	}
}
