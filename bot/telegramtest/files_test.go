package telegramtest_test

import (
	"bytes"
	"image"
	"image/png"
	"io"
	"net/http"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia/bot/telegramtest"
)

// pngBytes is a w×h PNG image.
func pngBytes(t *testing.T, w, h int) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestTheBotDownloadsAUsersDocument(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	updates := make(chan *models.Update, 4)
	b := startBot(t, s, updates)
	u := s.AddUser(telegramtest.User{ID: 5})
	content := []byte("name,phone\nAnn,123\n")
	if _, err := s.Send(telegramtest.UserMessage{From: u.ID, Document: &telegramtest.Upload{Name: "list.csv", Data: content}, Caption: "/import"}); err != nil {
		t.Fatal(err)
	}

	doc := receive(t, updates).Message.Document
	if doc == nil || doc.FileName != "list.csv" || doc.MimeType != "text/csv" || doc.FileSize != int64(len(content)) {
		t.Fatalf("expected list.csv as text/csv of %d bytes, got %+v", len(content), doc)
	}
	f, err := b.GetFile(withTimeout(t), &bot.GetFileParams{FileID: doc.FileID})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(b.FileDownloadLink(f))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if !bytes.Equal(got, content) {
		t.Fatalf("expected the download to return the uploaded bytes, got %q", got)
	}
}

func TestTheBotSendsAPhotoAndReusesItsFileID(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	b, u := newClient(t, s), startedUser(t, s, 5)
	ctx := withTimeout(t)
	m, err := b.SendPhoto(ctx, &bot.SendPhotoParams{
		ChatID: u.ID, Caption: "<i>cover</i>", ParseMode: models.ParseModeHTML,
		Photo: &models.InputFileUpload{Filename: "cover.png", Data: bytes.NewReader(pngBytes(t, 40, 30))},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Photo) != 1 || m.Photo[0].Width != 40 || m.Photo[0].Height != 30 || m.Caption != "cover" {
		t.Fatalf("expected a 40×30 photo captioned \"cover\", got %+v %q", m.Photo, m.Caption)
	}
	again, err := b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: u.ID, Document: &models.InputFileString{Data: m.Photo[0].FileID}})
	if err != nil || again.Document == nil || again.Document.FileID != m.Photo[0].FileID {
		t.Fatalf("expected the photo's file_id to be sendable again, got %+v, %v", again, err)
	}
	_, err = b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: u.ID, Photo: &models.InputFileString{Data: "no-such-file"}})
	wantError(t, err, bot.ErrorBadRequest, "Bad Request: wrong file identifier/HTTP URL specified")
	view, _ := s.View(u.ID)
	if p := view.Messages[1].Photo; p == nil || p.Width != 40 {
		t.Fatalf("expected the human to see the photo, got %+v", view.Messages[1])
	}
}
