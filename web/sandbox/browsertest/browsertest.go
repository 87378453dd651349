// Package browsertest starts a headless Chromium for tests that drive the
// product's web pages through github.com/chromedp/chromedp.
//
//	ctx := browsertest.New(t)
//	err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/sandbox"))
//
// The machine's network is closed, so the browser is started with the
// flags that keep it from reaching out (and stalling): no background
// networking, no component updates, no sync, no QUIC. Each test gets a
// fresh profile in its temporary directory. Without a Chromium the test is
// skipped, saying how to install one.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// ChromiumEnv names the variable that may point at a Chromium binary.
const ChromiumEnv = "BROWSERTEST_CHROMIUM"

// ScreenshotsEnv names the variable that may name a folder to keep
// screenshots in; unset, they go to the test's temporary directory.
const ScreenshotsEnv = "BROWSERTEST_SCREENSHOTS"

// candidates are the names Chromium goes by on PATH.
var candidates = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless-shell"}

// ExecPath returns the Chromium to run: $BROWSERTEST_CHROMIUM, else the
// first of the usual names on PATH; "" when there is none.
func ExecPath() string {
	if p := os.Getenv(ChromiumEnv); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
		return ""
	}
	for _, name := range candidates {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// flags are the command-line switches of every browser this package
// starts, beyond the executable and the profile folder.
func flags() []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.WindowSize(1280, 860),
	}
}

// New starts a headless Chromium with a fresh profile and returns the
// context of one of its tabs, for chromedp.Do and chromedp.Run; derive a
// context with a timeout from it to bound a step. The browser stops when
// the test ends. The page's console errors and uncaught exceptions go to
// the test log. Without a Chromium the test is skipped, except in CI
// (CI=true), where it fails.
func New(t testing.TB) context.Context {
	t.Helper()
	path := ExecPath()
	if path == "" {
		missing := t.Skipf
		if InCI() {
			missing = t.Fatalf // CI must run the browser tests, not pass by skipping them
		}
		missing("browsertest: no Chromium found (looked for $%s and %s on PATH); install one, e.g. apt-get install -y chromium",
			ChromiumEnv, strings.Join(candidates, ", "))
	}
	opts := append(flags(), chromedp.ExecPath(path), chromedp.UserDataDir(filepath.Join(t.TempDir(), "profile")))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	log := &testLog{t: t}
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithErrorf(log.printf))
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browsertest: start %s: %v", path, err)
	}
	go log.console(ctx)
	t.Cleanup(log.stop) // runs before the browser stops
	return ctx
}

// testLog writes to the test log until the test ends.
type testLog struct {
	mu      sync.Mutex
	t       testing.TB
	stopped bool
}

func (l *testLog) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.t.Logf("browser: "+format, args...)
	}
}

func (l *testLog) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopped = true
}

// console logs the page's errors, warnings and uncaught exceptions.
func (l *testLog) console(ctx context.Context) {
	for m, err := range chromedp.Console(ctx) {
		if err != nil {
			return
		}
		switch m.Type {
		case chromedp.ConsoleError, chromedp.ConsoleWarning, chromedp.ConsoleException:
			l.printf("console %s: %s (%s:%d)", m.Type, m.Text, m.URL, m.Line+1)
		}
	}
}

// InCI reports whether the tests run in CI (CI=true, as CI services set it).
func InCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v == "true" || v == "1"
}
