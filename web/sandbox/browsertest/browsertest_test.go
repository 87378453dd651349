package browsertest_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"govmedia/web/sandbox/browsertest"
)

// TestNeedsABrowser is run by TestMissingChromiumFailsInCI in a child
// process with no Chromium to be found.
func TestNeedsABrowser(t *testing.T) {
	if os.Getenv("BROWSERTEST_CHILD") == "" {
		t.Skip("run by TestMissingChromiumFailsInCI")
	}
	browsertest.New(t)
}

// TestMissingChromiumFailsInCI runs a browser test where no Chromium can
// be found: it is skipped on a developer's machine and fails in CI, so
// that CI never passes by leaving the browser tests out.
func TestMissingChromiumFailsInCI(t *testing.T) {
	for _, ci := range []string{"", "true"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestNeedsABrowser$", "-test.v")
		cmd.Env = append(os.Environ(), "BROWSERTEST_CHILD=1", "CI="+ci, browsertest.ChromiumEnv+"=/nonexistent/chromium")
		out, err := cmd.CombinedOutput()
		failed := err != nil
		if failed != (ci == "true") || !strings.Contains(string(out), "no Chromium found") {
			t.Errorf("CI=%q: failed=%v, want %v:\n%s", ci, failed, ci == "true", out)
		}
	}
}
