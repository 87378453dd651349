package telegramtest_test

import (
	"bytes"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia/bot/telegramtest"
)

// TestSendPhotoKeepsTelegramsLimits: a photo uploaded with sendPhoto must
// be at most 10 MB, its width and height together at most 10,000, neither
// over 20 times the other; the same image goes as a document.
func TestSendPhotoKeepsTelegramsLimits(t *testing.T) {
	s := telegramtest.Start(t, telegramtest.Options{})
	b, u := newClient(t, s), startedUser(t, s, 5)
	ctx := withTimeout(t)
	send := func(name string, data []byte) error {
		_, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: u.ID, Photo: &models.InputFileUpload{Filename: name, Data: bytes.NewReader(data)}})
		return err
	}
	wantError(t, send("wide.png", pngBytes(t, 2100, 100)), bot.ErrorBadRequest, "Bad Request: PHOTO_INVALID_DIMENSIONS")
	wantError(t, send("huge.png", pngBytes(t, 6000, 4500)), bot.ErrorBadRequest, "Bad Request: PHOTO_INVALID_DIMENSIONS")
	big := append(pngBytes(t, 40, 30), make([]byte, 10<<20)...) // a PNG with 10 MB of trailing bytes
	wantError(t, send("big.png", big), bot.ErrorBadRequest, "Bad Request: PHOTO_SAVE_FILE_INVALID")
	wantError(t, send("text.png", []byte("not an image")), bot.ErrorBadRequest, "Bad Request: IMAGE_PROCESS_FAILED")
	if err := send("chart.png", pngBytes(t, 1600, 900)); err != nil {
		t.Fatalf("a 1600×900 chart should be taken: %v", err)
	}
	if _, err := b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: u.ID,
		Document: &models.InputFileUpload{Filename: "wide.png", Data: bytes.NewReader(pngBytes(t, 2100, 100))}}); err != nil {
		t.Fatalf("a wide image should go as a document: %v", err)
	}
}
