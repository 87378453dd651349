package bot

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia/bot/telegramtest"
)

// TestAStalledDownloadEndsWhenTheBotStops has an update's handler download
// a file the Bot API never serves, and stops the bot: the download must
// end once the stop's grace is over, not hold the process.
func TestAStalledDownloadEndsWhenTheBotStops(t *testing.T) {
	tg := telegramtest.Start(t, telegramtest.Options{})
	tg.AddUser(telegramtest.User{ID: 501, FirstName: "上传"})
	sent, err := tg.Send(telegramtest.UserMessage{From: 501, Document: &telegramtest.Upload{Name: "正文.txt", Data: []byte("各单位：")}})
	if err != nil {
		t.Fatal(err)
	}
	tg.Inject(telegramtest.Fault{Method: telegramtest.DownloadMethod, Stall: true})
	b := &Bot{opts: Options{Token: tg.Token(), APIURL: tg.URL()}, log: slog.New(slog.NewTextHandler(io.Discard, nil)), now: time.Now}
	if b.api, err = tgbot.New(tg.Token(), b.clientOptions()...); err != nil {
		t.Fatal(err)
	}
	ended := make(chan error, 1)
	d := newDispatcher(func(ctx context.Context, _ *models.Update) {
		_, err := b.download(ctx, sent.Document.FileID)
		ended <- err
	})
	d.submit(context.Background(), &models.Update{Message: &models.Message{Chat: models.Chat{ID: 501}}})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		changed := tg.Changes()
		if tg.Stalled() > 0 {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal("the download never reached the stand-in")
		case <-changed:
		}
	}
	start := time.Now()
	d.drain(100 * time.Millisecond)
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("stopping took %v with a download stalled, want about the grace (100 ms)", took)
	}
	if err := <-ended; err == nil {
		t.Fatal("the stalled download succeeded")
	}
}

// TestEveryUpdateIsHandledUnderADeadline checks that a handler's context
// ends by itself: a handler that waits on something that never comes
// cannot hold its chat for ever.
func TestEveryUpdateIsHandledUnderADeadline(t *testing.T) {
	got := make(chan time.Time, 1)
	d := newDispatcher(func(ctx context.Context, _ *models.Update) {
		deadline, _ := ctx.Deadline()
		got <- deadline
	})
	d.submit(context.Background(), &models.Update{Message: &models.Message{Chat: models.Chat{ID: 1}}})
	deadline := <-got
	if deadline.IsZero() || time.Until(deadline) > updateTimeout {
		t.Fatalf("an update was handled with deadline %v, want one within %v", deadline, updateTimeout)
	}
	d.drain(time.Second)
}
