package bot_test

import (
	"context"
	"strings"
	"testing"

	"govmedia/bot/telegramtest"
	"govmedia/oversight/content"
)

// TestTheCityOfficeKeepsTheWordListsInChat: the city office's approver
// sends /wordlist, gets the lists in force as a workbook, sends a new
// file, checks the counts and submits: the new lists are in force. A bad
// file is told row by row and changes nothing; a department is refused.
func TestTheCityOfficeKeepsTheWordListsInChat(t *testing.T) {
	w := newPublishingWorld(t)
	checker := content.NewChecker(w.env.DB.DB, w.env.Clock.Now)
	w.pub.Content = checker
	p := w.approver
	w.say(p, "/wordlist")
	w.expect(p.id, "以上是现行审查词表")
	if doc := w.lastDocument(t, p.id); !strings.HasSuffix(doc.FileName, ".xlsx") {
		t.Fatalf("the lists in force came as %q", doc.FileName)
	}
	send := func(name, data string) {
		if _, err := w.tg.Send(telegramtest.UserMessage{From: p.id, Document: &telegramtest.Upload{Name: name, Data: []byte(data)}}); err != nil {
			t.Fatal(err)
		}
	}
	send("坏词表.csv", "类型,词语\n不知道,某词\n")
	w.expect(p.id, "第 2 行")
	send("词表.csv", "类型,词语,更正为\n屏蔽词,测试屏蔽词\n敏感词,测试敏感词\n错误表述,中华人民共合国,中华人民共和国\n")
	w.expect(p.id, "屏蔽词 1 个，敏感词 1 个，错误表述 1 个")
	w.press(p, p.id, "✅ 提交")
	w.expect(p.id, "已启用第 1 版审查词表")
	entries, err := checker.Entries(context.Background())
	if err != nil || len(entries) != 3 {
		t.Fatalf("the lists in force: %d entries (%v), want the 3 sent", len(entries), err)
	}
	w.say(w.operator, "/wordlist")
	w.expect(w.operator.id, "审查词表由市政府办公室的审批人和管理员维护")
}
