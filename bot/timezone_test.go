package bot_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"govmedia/registry/registrytest"
)

// inNewYork marks the process TestTimesAreTheCitysWhateverTheMachinesZone
// starts with the machine's zone set to New York.
const inNewYork = "GOVMEDIA_TEST_IN_NEW_YORK"

// TestTimesAreTheCitysWhateverTheMachinesZone runs the bot in a process
// whose local zone is New York (TZ), as a server abroad or set to UTC
// would be: a card's deadline and its decision are in China time.
func TestTimesAreTheCitysWhateverTheMachinesZone(t *testing.T) {
	if os.Getenv(inNewYork) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestTimesAreTheCitysWhateverTheMachinesZone$", "-test.count=1")
		cmd.Env = append(os.Environ(), inNewYork+"=1", "TZ=America/New_York")
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "PASS") {
			t.Fatalf("in New York: %v\n%s", err, out)
		}
		return
	}
	if _, off := time.Now().Zone(); off == 8*3600 {
		t.Fatal("the process's zone is China's: TZ was not applied")
	}
	w := newWorld(t, worldOpts{})
	if _, err := w.engine.SubmitOpen(context.Background(), w.operator.member, registrytest.WeChat("五华时区测试")); err != nil {
		t.Fatal(err)
	}
	w.expect(w.wuhuaGroup, "请在 2026-11-26 09:00 前处理") // three working days from Monday 09:00, Beijing
	w.press(w.reviewer, w.wuhuaGroup, "同意")
	w.expect(w.wuhuaGroup, "✅ 五华区人民政府办公室 — 李强 2026-11-23 09:00")
}
