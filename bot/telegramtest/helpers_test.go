package telegramtest_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia/bot/telegramtest"
)

// startBot runs a long-polling go-telegram bot against s until the test
// ends, passing every update nobody else handles to updates when non-nil.
func startBot(t *testing.T, s *telegramtest.Server, updates chan<- *models.Update, opts ...bot.Option) *bot.Bot {
	t.Helper()
	base := []bot.Option{
		bot.WithServerURL(s.URL()),
		bot.WithErrorsHandler(func(error) {}),
		bot.WithNotAsyncHandlers(), // updates in order, so tests can expect an order
		bot.WithDefaultHandler(func(_ context.Context, _ *bot.Bot, u *models.Update) {
			if updates != nil {
				updates <- u
			}
		}),
	}
	b, err := bot.New(s.Token(), append(base, opts...)...)
	if err != nil {
		t.Fatalf("bot.New against the stand-in: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		b.Start(ctx)
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return b
}

// newClient returns a go-telegram client that does not poll.
func newClient(t *testing.T, s *telegramtest.Server) *bot.Bot {
	t.Helper()
	b, err := bot.New(s.Token(), bot.WithServerURL(s.URL()), bot.WithSkipGetMe(), bot.WithErrorsHandler(func(error) {}))
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	return b
}

// withTimeout is a context for one step of a test.
func withTimeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// receive waits for the next update.
func receive(t *testing.T, updates <-chan *models.Update) *models.Update {
	t.Helper()
	select {
	case u := <-updates:
		return u
	case <-time.After(3 * time.Second):
		t.Fatal("expected an update within 3 s, got none")
		return nil
	}
}

// fakeClock is a settable clock for rate-limit tests.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

// Now reads the clock.
func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// startedUser adds a user who has opened the chat with the bot.
func startedUser(t *testing.T, s *telegramtest.Server, id int64) telegramtest.User {
	t.Helper()
	u := s.AddUser(telegramtest.User{ID: id, FirstName: "Ann", Username: "ann", LanguageCode: "en"})
	if _, err := s.SendText(u.ID, u.ID, "/start"); err != nil {
		t.Fatalf("user writes /start: %v", err)
	}
	return u
}
