package publish_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/sirupsen/logrus"

	"govmedia/postgres/pgtest"
)

// TestMain captures every log line of the run (slog, and logrus, which the
// WeChat library logs to) and fails the run if any secret or token a test
// remembered appears in it.
func TestMain(m *testing.M) {
	slog.SetDefault(slog.New(slog.NewTextHandler(captured, &slog.HandlerOptions{Level: slog.LevelDebug})))
	logrus.SetOutput(captured) // until ConfigureWeChat sends it to slog
	code := pgtest.Run(m)
	if leaks := leakedSecrets(captured.String()); len(leaks) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: %d secrets or tokens appear in the log output of the run\n", len(leaks))
		code = 1
	}
	os.Exit(code)
}

// logBuffer is the log output of the run; set GOVMEDIA_TEST_LOGS=1 to see it.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

var captured = &logBuffer{}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if os.Getenv("GOVMEDIA_TEST_LOGS") != "" {
		_, _ = io.Writer(os.Stderr).Write(p)
	}
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// secrets are the AppSecrets, tokens and keys the tests have used.
var secrets struct {
	mu     sync.Mutex
	values []string
}

// remember records values that must never be logged.
func remember(values ...string) {
	secrets.mu.Lock()
	defer secrets.mu.Unlock()
	for _, v := range values {
		if v != "" {
			secrets.values = append(secrets.values, v)
		}
	}
}

// leakedSecrets returns the remembered values that appear in text.
func leakedSecrets(text string) []string {
	secrets.mu.Lock()
	defer secrets.mu.Unlock()
	var out []string
	for _, v := range secrets.values {
		if strings.Contains(text, v) {
			out = append(out, v[:4]+"…")
		}
	}
	return out
}
