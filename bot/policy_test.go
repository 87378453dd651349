package bot_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"govmedia"
	"govmedia/bot/telegramtest"
	"govmedia/publish"
)

func (w *publishingWorld) send(p person, um telegramtest.UserMessage) {
	w.t.Helper()
	um.From = p.id
	if _, err := w.tg.Send(um); err != nil {
		w.t.Fatal(err)
	}
}

// TestAPolicyWithTwoInterpretationsGoesOutAsOneDraftFromChat walks
// /policy: the policy from a Word file with an attachment, an attempt to
// go on without an interpretation (refused), two interpretations (one a
// picture), one card showing them together, one approval, and one draft
// of three articles per account, the policy first.
func TestAPolicyWithTwoInterpretationsGoesOutAsOneDraftFromChat(t *testing.T) {
	w := newPublishingWorld(t)
	docx, err := os.ReadFile("../publish/testdata/policy-libreoffice.docx")
	if err != nil {
		t.Fatal(err)
	}
	op := w.operator
	w.say(op, "/policy")
	w.expect(op.id, "请输入政策文件标题")
	w.say(op, "五华区基层政务公开标准化实施方案")
	w.expect(op.id, "请输入文号")
	w.say(op, "五政办2020年32号")
	w.expect(op.id, "格式不对：应为“发文机关代字〔年份〕序号号”")
	w.say(op, "五政办[2020]32号")
	w.expect(op.id, "请输入成文日期")
	w.say(op, "2020年6月1日")
	w.press(op, op.id, "义务教育")
	w.press(op, op.id, "完成")
	w.expect(op.id, "请发送政策文件正文")
	w.send(op, telegramtest.UserMessage{Document: &telegramtest.Upload{Name: "实施方案.docx", Data: docx}})
	w.expect(op.id, "请逐个发送附件")
	w.send(op, telegramtest.UserMessage{Document: &telegramtest.Upload{Name: "附件1.pdf", Data: []byte("%PDF-1.4 附件")}})
	w.expect(op.id, "已收到 1 个附件：附件1.pdf")
	w.press(op, op.id, "完成")
	w.press(op, op.id, "本政府及下级")
	w.press(op, op.id, "发布（显示")
	w.expect(op.id, "解读 1（最多 7 篇）")
	w.press(op, op.id, "不再添加解读")
	w.expect(op.id, "政策文件须同时附至少一篇解读材料")
	w.press(op, op.id, "文字解读")
	w.say(op, "《实施方案》政策解读")
	w.say(op, "一、出台背景：推进基层政务公开标准化规范化。")
	w.press(op, op.id, "再添加一篇解读")
	w.press(op, op.id, "政策图解")
	w.say(op, "一图读懂实施方案")
	w.expect(op.id, "解读 2：请发送解读正文")
	w.send(op, telegramtest.UserMessage{Photo: &telegramtest.Upload{Name: "图解.jpg", Data: smallJPEG()}})
	w.expect(op.id, "已填好解读 2")
	w.press(op, op.id, "完成，查看汇总")
	summary := w.expect(op.id, "解读材料（2 篇）")
	for _, want := range []string{"文号：五政办〔2020〕32号", "成文日期：2020年6月1日", "领域：义务教育", "docx 文件 · 附件 1 个",
		"1. [文字解读] 《实施方案》政策解读", "2. [政策图解] 一图读懂实施方案 · 正文：图片", "将发送给 2 个运营中的公众号"} {
		if !strings.Contains(summary.Text, want) {
			t.Errorf("the summary lacks %q:\n%s", want, summary.Text)
		}
	}
	w.press(op, op.id, "✅ 提交")
	w.expect(op.id, "政策文件及 2 篇解读已作为发布")
	card := w.expectCard(w.wuhuaGroup, "政策文件及解读发布申请")
	for _, want := range []string{"《五华区基层政务公开标准化实施方案》", "文号：五政办〔2020〕32号", "发文单位：五华区教育体育局",
		"📎 附件1.pdf", "解读材料（2 篇", "1. [文字解读]《《实施方案》政策解读》（五华区教育体育局）一、出台背景", "2. [政策图解]《一图读懂实施方案》"} {
		if !strings.Contains(card.Text, want) {
			t.Errorf("the review card lacks %q:\n%s", want, card.Text)
		}
	}
	if n := strings.Count(w.texts(w.wuhuaGroup), "发布申请 #"); n != 1 {
		t.Errorf("%d cards in the review group, want one for the policy and its interpretations", n)
	}
	w.press(w.reviewer, w.wuhuaGroup, "同意")
	w.expect(w.wuhuaGroup, "已送达 2 / 2，失败 0")
	w.checkThreeArticles(t, "五华区基层政务公开标准化实施方案", "《实施方案》政策解读", "一图读懂实施方案")
}

// checkThreeArticles checks each account got one draft, published once,
// of the policy and its two interpretations in order.
func (w *publishingWorld) checkThreeArticles(t *testing.T, titles ...string) {
	t.Helper()
	list, err := w.pub.Deliveries(context.Background(), w.lastPublication(t))
	if err != nil || len(list) != 2 {
		t.Fatalf("deliveries %v, %v", list, err)
	}
	for _, d := range list {
		appID := w.appIDs[d.Account.Name]
		if c := w.wx.Counts(appID); c.DraftsAdded != 1 || c.PublishesSubmitted != 1 {
			t.Errorf("%s: %+v, want one draft and one publish", d.Account.Name, c)
		}
		arts, ok := w.wx.Published(appID, d.ArticleID)
		if !ok || len(arts) != len(titles) {
			t.Fatalf("%s published %d articles, want %d", d.Account.Name, len(arts), len(titles))
		}
		for i, a := range arts {
			if a.Title != titles[i] {
				t.Errorf("%s: article %d is %q, want %q", d.Account.Name, i+1, a.Title, titles[i])
			}
		}
		if !strings.Contains(arts[0].Content, `<td rowspan="2">义务教育</td>`) || !strings.Contains(arts[2].Content, "<img") {
			t.Errorf("%s: the policy from Word or the graphic is not as sent:\n%s\n%s", d.Account.Name, arts[0].Content, arts[2].Content)
		}
	}
}

// texts are the bot's messages in a chat, one after the other.
func (w *publishingWorld) texts(chat int64) string {
	v, err := w.tg.View(chat)
	if err != nil {
		w.t.Fatal(err)
	}
	var b strings.Builder
	for _, m := range v.Messages {
		if m.FromBot {
			b.WriteString(m.Text + "\n")
		}
	}
	return b.String()
}

// A policy with seven interpretations and ten attachments, all with long
// names, still makes one card Telegram takes: the attachments end with
// "还有 N 项".
func TestAFullPolicyCardFitsTelegram(t *testing.T) {
	w := newPublishingWorld(t)
	pd := publish.PolicyDraft{Title: strings.Repeat("关于推进基层政务公开标准化规范化", 6), Number: "五政办〔2021〕3号",
		IssuedOn: time.Date(2021, 3, 1, 0, 0, 0, 0, govmedia.ChinaTime), Body: publish.Body{Format: "text", Text: strings.Repeat("正文。", 500)},
		Mode: publish.Publish, Targets: publish.Targets{Org: "km.wuhua", Descendants: true}}
	for i := range 10 {
		pd.Attachments = append(pd.Attachments, publish.AttachmentFile{Name: strings.Repeat("附件名称很长", 15) + string(rune('0'+i)) + ".pdf", Data: []byte("%PDF")})
	}
	for range 7 {
		pd.Interpretations = append(pd.Interpretations, publish.InterpretationDraft{Form: publish.QAInterpretation,
			Title: strings.Repeat("问答", 50), Body: publish.Body{Format: "text", Text: strings.Repeat("问：为什么？答：因为。", 200)}})
	}
	if _, _, err := w.pub.SubmitPolicy(context.Background(), w.operator.member, pd); err != nil {
		t.Fatal(err)
	}
	card := w.expectCard(w.wuhuaGroup, "政策文件及解读发布申请")
	if n := len(utf16.Encode([]rune(card.Text))); n > 4096 {
		t.Fatalf("the card is %d UTF-16 units, over Telegram's 4096", n)
	}
	for _, want := range []string{"附件（10 个）", "还有", "解读材料（7 篇", "7. [问答解读]"} {
		if !strings.Contains(card.Text, want) {
			t.Errorf("the card lacks %q:\n%s", want, card.Text)
		}
	}
}
