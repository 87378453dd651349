package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Screenshot saves a PNG of the tab's viewport as name.png and returns its
// path: in $BROWSERTEST_SCREENSHOTS when set, so a person can look at it
// after the test, else in the test's temporary directory. A failure is
// logged, not fatal: a screenshot is evidence, not a check.
func Screenshot(t testing.TB, ctx context.Context, name string) string {
	t.Helper()
	dir := os.Getenv(ScreenshotsEnv)
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Logf("browsertest: screenshot folder: %v", err)
		return ""
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("browsertest: screenshot %s: %v", name, err)
		return ""
	}
	safe := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ' ' {
			return '_'
		}
		return r
	}, name)
	path := filepath.Join(dir, safe+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Logf("browsertest: screenshot %s: %v", name, err)
		return ""
	}
	t.Logf("browsertest: screenshot %s", path)
	return path
}
