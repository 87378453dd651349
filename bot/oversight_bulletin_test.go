package bot_test

import (
	"bytes"
	"context"
	"image/png"
	"strings"
	"testing"
	"time"

	"govmedia/bot/telegramtest"
)

// TestBulletinSendsTheWorkbookAndTheChart: the city office's approver asks
// for 2026Q3 and gets the workbook as a document and the chart as a
// photo; a quarter misspelt or to come gets a clear answer; a county
// department's operator is refused and sent no file.
func TestBulletinSendsTheWorkbookAndTheChart(t *testing.T) {
	t.Parallel()
	w := newOversightWorld(t)
	w.say(w.approver, "/bulletin 2026Q3")
	doc, photo := w.expectFile(w.approver.id, func(b telegramtest.Bubble) bool { return b.Document != nil }),
		w.expectFile(w.approver.id, func(b telegramtest.Bubble) bool { return b.Photo != nil })
	data, name, _, ok := w.tg.FileData(doc.Document.FileID)
	if !ok || name != "2026年第三季度政务新媒体工作情况通报.xlsx" || !bytes.HasPrefix(data, []byte("PK")) {
		t.Fatalf("the document is %q (%d bytes), want the quarter's workbook", name, len(data))
	}
	if !strings.Contains(doc.Text, "2026年第三季度") || !strings.Contains(photo.Text, "得分") {
		t.Fatalf("captions: %q and %q", doc.Text, photo.Text)
	}
	img, _, _, _ := w.tg.FileData(photo.Photo.FileID)
	if _, err := png.Decode(bytes.NewReader(img)); err != nil {
		t.Fatalf("the photo is no PNG: %v", err)
	}
	w.say(w.approver, "/bulletin 2026Q5")
	w.expect(w.approver.id, "季度的写法是“年份Q季度”")
	w.expect(w.approver.id, "用法：/bulletin 加季度")
	w.say(w.approver, "/bulletin 2027Q1")
	w.expect(w.approver.id, "季度“2027Q1”还没有开始")

	w.say(w.operator, "/bulletin 2026Q3")
	w.expect(w.operator.id, "季度通报发送给市、县级政府办公室的人员")
	waitIdle(t, w.env.DB)
	for _, m := range w.messages(w.operator.id) {
		if m.Document != nil || m.Photo != nil {
			t.Fatalf("the department's operator was sent a file: %+v", m)
		}
	}
}

// expectFile waits for a bot message in chat that is accepts, and
// returns it.
func (w *world) expectFile(chat int64, is func(telegramtest.Bubble) bool) telegramtest.Bubble {
	w.t.Helper()
	var found telegramtest.Bubble
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := w.tg.WaitFor(ctx, chat, func(msgs []telegramtest.Bubble) bool {
		for _, m := range msgs {
			if m.FromBot && is(m) {
				found = m
				return true
			}
		}
		return false
	})
	if err != nil {
		w.t.Fatalf("waiting for a file in chat %d: %v", chat, err)
	}
	return found
}

// messages are the messages of a chat as its human sees them.
func (w *world) messages(chat int64) []telegramtest.Bubble {
	v, err := w.tg.View(chat)
	if err != nil {
		w.t.Fatal(err)
	}
	return v.Messages
}
