package bot_test

import (
	"context"
	"strings"
	"testing"

	"govmedia/bot/telegramtest"
)

// TestTypedTextIsNeverTakenForAFileOrAButton types what the old forms took
// for a file or a kept value ("doc:…", "photo:…", "=keep", an option's
// value): it is text where text is taken and refused where it is not, and
// no handler fails.
func TestTypedTextIsNeverTakenForAFileOrAButton(t *testing.T) {
	w := newPublishingWorld(t)
	w.say(w.operator, "/publish")
	w.expect(w.operator.id, "文章标题")
	w.say(w.operator, "doc:x")
	w.expect(w.operator.id, "请发送正文")
	w.say(w.operator, "doc:abc:notice.html")
	w.expect(w.operator.id, "封面图片")
	w.say(w.operator, "photo:abc")
	w.expect(w.operator.id, "请发送一张图片作为封面")
	w.say(w.operator, "-")
	w.say(w.operator, "tree") // an option's value, typed: not a button
	w.expect(w.operator.id, "请按消息下方的按钮选择")
	w.press(w.operator, w.operator.id, "本政府及下级")
	w.press(w.operator, w.operator.id, "发布（显示")
	summary := w.expect(w.operator.id, "发布：doc:x")
	if !strings.Contains(summary.Text, "正文 19 字（文本）") {
		t.Fatalf("the typed title and body are not taken as text:\n%s", summary.Text)
	}
	if strings.Contains(w.logs.String(), "panicked") {
		t.Fatalf("a handler panicked:\n%s", w.logs.String())
	}
}

// TestForgedOptionsOfTheOwnFormAreRefused presses, in one's own form,
// values that are not among the question's options: refused, the form
// stays where it was, and a real option still works.
func TestForgedOptionsOfTheOwnFormAreRefused(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.say(w.operator, "/apply")
	w.press(w.operator, w.operator.id, "开设新账号")
	prompt := w.expect(w.operator.id, "平台")
	for _, data := range []string{"f:platform:myspace", "f:platform:", "f:platform:=", "f:confirm:yes", "f:name:x"} {
		pr, err := w.tg.ForgePress(telegramtest.ButtonPress{From: w.operator.id, MessageID: prompt.MessageID, Data: data})
		if err != nil {
			t.Fatal(err)
		}
		if ans := w.answered(w.operator.id, prompt.MessageID, pr.QueryID); !ans.ShowAlert {
			t.Errorf("forged %q was answered %+v, want an alert", data, ans)
		}
	}
	var form string
	if err := w.env.DB.NewRaw("SELECT form->>'step' FROM bot_sessions WHERE telegram_user_id = ?", w.operator.id).Scan(context.Background(), &form); err != nil {
		t.Fatal(err)
	}
	if form != "platform" {
		t.Fatalf("the form moved on to %q after forged options", form)
	}
	w.press(w.operator, w.operator.id, "微博")
	w.expect(w.operator.id, "账号名称")
}

// TestAFileTooLargeIsRefusedBeforeItIsFetched sends a body file over the
// bot's limit: a clear answer names the limit, and the question stands.
func TestAFileTooLargeIsRefusedBeforeItIsFetched(t *testing.T) {
	w := newPublishingWorld(t)
	w.say(w.operator, "/publish")
	w.expect(w.operator.id, "文章标题")
	w.say(w.operator, "通知")
	w.expect(w.operator.id, "请发送正文")
	big := strings.Repeat("<p>很长的正文</p>", 700_000)
	if _, err := w.tg.Send(telegramtest.UserMessage{From: w.operator.id, Document: &telegramtest.Upload{Name: "notice.html", Data: []byte(big)}}); err != nil {
		t.Fatal(err)
	}
	w.expect(w.operator.id, "文件太大（上限 10 MB）")
	w.say(w.operator, "短正文")
	w.expect(w.operator.id, "封面图片")
}
