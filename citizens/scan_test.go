package citizens_test

import (
	"bytes"
	"log/slog"
	"sync"

	"govmedia/internal/secretscan"
)

// scanOutputs has the test checked, when it ends, for the account's
// AppSecret, token and AES key, and for the citizens' openids and
// messages, in the callback's and the queue's log, in what WeChat was sent
// (replies and customer-service messages) and in the database at rest.
func (w *wired) scanOutputs(scan *secretscan.Scan, citizens []string, messages []string) {
	scan.Secret("AppSecret", w.creds.AppSecret)
	scan.Secret("callback token", w.creds.Token)
	scan.Secret("EncodingAESKey", w.creds.EncodingAESKey)
	scan.Secret("secret key", w.Key)
	scan.Secret("openid", citizens...)
	scan.Personal("citizen's message", messages...)
	scan.Output("the log", func() []string { return secretscan.Lines(w.logs.String()) })
	scan.Output("the database at rest", secretscan.Database(w.DB))
}

// logBuffer collects a log from many goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
