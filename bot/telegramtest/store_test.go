package telegramtest_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia/bot/telegramtest"
)

// openServer opens a server on dir and serves it until the test ends.
func openServer(t *testing.T, dir string) *telegramtest.Server {
	t.Helper()
	s, err := telegramtest.Open(dir, telegramtest.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// TestAReopenedServerHasTheChats stops a server in the middle of a
// conversation (a card with buttons, edited, a file sent, a press the bot
// has not fetched) and opens another on its folder: the chats look the
// same, the bot gets the press it missed and may still answer it, the file
// downloads, the command menu is there, and new messages are numbered on.
func TestAReopenedServerHasTheChats(t *testing.T) {
	dir := t.TempDir()
	s := openServer(t, dir)
	u := startedUser(t, s, 42)
	if _, err := s.AddGroup(telegramtest.Group{ID: -100, Title: "审核群", Members: []int64{u.ID}}); err != nil {
		t.Fatal(err)
	}
	c, ctx := newClient(t, s), withTimeout(t)
	card, err := c.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID, Text: "申请卡片", ReplyMarkup: &models.InlineKeyboardMarkup{
		InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "同意", CallbackData: "ok:1"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: u.ID, MessageID: card.ID, Text: "申请卡片（已更新）",
		ReplyMarkup: card.ReplyMarkup}); err != nil {
		t.Fatal(err)
	}
	doc, err := c.SendDocument(ctx, &bot.SendDocumentParams{ChatID: u.ID, Document: &models.InputFileUpload{Filename: "登记表.csv", Data: strings.NewReader("名称\n五华发布\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "apply", Description: "申请"}}}); err != nil {
		t.Fatal(err)
	}
	press, err := s.PressButton(telegramtest.ButtonPress{From: u.ID, MessageID: card.ID, Data: "ok:1"})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := s.View(u.ID)
	s.Close()

	r := openServer(t, dir)
	after, _ := r.View(u.ID)
	if a, b := asJSON(after), asJSON(before); a != b {
		t.Fatalf("the chat after reopening:\n%s\nwant as before:\n%s", a, b)
	}
	if chats := r.Chats(); len(chats) != 2 {
		t.Fatalf("chats after reopening = %+v, want the private chat and the group", chats)
	}
	c, ctx = newClient(t, r), withTimeout(t)
	ups := pendingUpdates(t, r, 0)
	if n := len(ups); n == 0 || ups[n-1].CallbackQuery == nil || ups[n-1].CallbackQuery.ID != press.QueryID {
		t.Fatalf("updates after reopening = %+v, want the press the bot had not fetched last", ups)
	}
	if _, err := c.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: press.QueryID, Text: "已同意"}); err != nil {
		t.Fatalf("answering the press after reopening: %v", err)
	}
	data, _, _, ok := r.FileData(doc.Document.FileID)
	if !ok || !bytes.Equal(data, []byte("名称\n五华发布\n")) {
		t.Fatalf("the document after reopening = %q, %v", data, ok)
	}
	if cmds, _ := c.GetMyCommands(ctx, &bot.GetMyCommandsParams{}); len(cmds) != 1 || cmds[0].Command != "apply" {
		t.Fatalf("commands after reopening = %+v", cmds)
	}
	next, err := c.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID, Text: "又一条"})
	if err != nil || next.ID != doc.ID+1 {
		t.Fatalf("a message after reopening: id %v (%v), want %d", next, err, doc.ID+1)
	}
}

// TestConfirmedUpdatesStayConfirmed: updates the bot confirmed before a
// restart do not come again.
func TestConfirmedUpdatesStayConfirmed(t *testing.T) {
	dir := t.TempDir()
	s := openServer(t, dir)
	u := startedUser(t, s, 43)
	ups := pendingUpdates(t, s, 0)
	if len(ups) != 1 {
		t.Fatalf("first updates: %+v, want the /start", ups)
	}
	pendingUpdates(t, s, ups[0].ID+1)
	if _, err := s.SendText(u.ID, u.ID, "第二条"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	r := openServer(t, dir)
	ups = pendingUpdates(t, r, 0)
	if len(ups) != 1 || ups[0].Message == nil || ups[0].Message.Text != "第二条" {
		t.Fatalf("updates after reopening = %+v, want only the unconfirmed 第二条", ups)
	}
}

// pendingUpdates calls getUpdates with offset, without waiting.
func pendingUpdates(t *testing.T, s *telegramtest.Server, offset int64) []models.Update {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, methodURL(s, "getUpdates")+"?timeout=0&offset="+strconv.FormatInt(offset, 10), nil)
	a := do(t, req)
	var ups []models.Update
	if err := json.Unmarshal(a.Result, &ups); err != nil || !a.OK {
		t.Fatalf("getUpdates: %s (%v)", a.Description, err)
	}
	return ups
}

// TestAMessageIsKeptBeforeItIsAnswered reads the folder right after the
// bot is answered: the message is in it.
func TestAMessageIsKeptBeforeItIsAnswered(t *testing.T) {
	dir := t.TempDir()
	s := openServer(t, dir)
	u := startedUser(t, s, 44)
	if _, err := newClient(t, s).SendMessage(withTimeout(t), &bot.SendMessageParams{ChatID: u.ID, Text: "已收到您的申请"}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "state.json"))
	if err != nil || !json.Valid(raw) || !strings.Contains(string(raw), "已收到您的申请") {
		t.Fatalf("state.json right after sendMessage was answered (%v):\n%s", err, raw)
	}
}

func asJSON(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}
