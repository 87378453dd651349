package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"govmedia/bot/telegramtest"
)

// TestTheCatalogFileIsSentOnRequest presses the file button of a draft
// catalog, as its card offers it: the workbook arrives in the presser's
// chat, named after the catalog, and holds the draft's items.
func TestTheCatalogFileIsSentOnRequest(t *testing.T) {
	w := newPublishingWorld(t)
	draft, _ := w.forgeCatalogs(t)
	msg := w.markerAnswered(t, forger{"the operator", w.operator, w.operator.id}, "file")
	pr, err := w.tg.ForgePress(telegramtest.ButtonPress{ChatID: w.operator.id, From: w.operator.id, MessageID: msg, Data: fmt.Sprintf("cx:%d", draft)})
	if err != nil {
		t.Fatal(err)
	}
	if ans := w.answered(w.operator.id, msg, pr.QueryID); ans.ShowAlert {
		t.Fatalf("the press was refused: %s", ans.Text)
	}
	doc := w.lastDocument(t, w.operator.id)
	if !strings.HasSuffix(doc.FileName, ".xlsx") || !strings.Contains(doc.FileName, "五华区") {
		t.Errorf("the file is named %q", doc.FileName)
	}
	data, _, _, ok := w.tg.FileData(doc.FileID)
	if !ok {
		t.Fatal("the stand-in has no such file")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the file is no workbook: %v", err)
	}
	defer f.Close()
	found := false
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for _, row := range rows {
			found = found || strings.Contains(strings.Join(row, "|"), "目录密项一")
		}
	}
	if !found {
		t.Error("the workbook does not hold the draft's item")
	}
}

// TestALongCaptionIsCutWithinTelegramsLimit sends a file with a caption
// past Telegram's 1,024 characters: it is sent, cut with a note saying
// so, and Telegram refuses nothing.
func TestALongCaptionIsCutWithinTelegramsLimit(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.say(w.operator, "/help")
	w.expect(w.operator.id, "")
	caption := strings.Repeat("<b>五华区</b>教育体育局的说明文字。", 120)
	if err := w.bot.SendDocumentForTest(context.Background(), w.operator.id, "说明.txt", []byte("正文"), caption); err != nil {
		t.Fatalf("the file was not sent: %v", err)
	}
	doc := w.lastDocumentBubble(t, w.operator.id)
	if n := len(utf16.Encode([]rune(doc.Text))); n > 1024 || !strings.HasSuffix(doc.Text, "其余部分未显示）") {
		t.Errorf("the caption is %d UTF-16 units long, or says nothing of the cut:\n%s", n, doc.Text)
	}
	for _, c := range w.tg.Calls("sendDocument") {
		if !c.OK {
			t.Errorf("Telegram refused the file: %s", c.Description)
		}
	}
}

func (w *world) lastDocumentBubble(t *testing.T, chat int64) telegramtest.Bubble {
	t.Helper()
	v, err := w.tg.View(chat)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(v.Messages) - 1; i >= 0; i-- {
		if m := v.Messages[i]; m.FromBot && m.Document != nil {
			return m
		}
	}
	t.Fatal("no file in the chat")
	return telegramtest.Bubble{}
}

func (w *world) lastDocument(t *testing.T, chat int64) *telegramtest.Document {
	t.Helper()
	return w.lastDocumentBubble(t, chat).Document
}
