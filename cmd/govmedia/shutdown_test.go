package main

import (
	"context"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"govmedia/bot/telegramtest"
	"govmedia/publish/wechattest"
)

// runAsMain set to 1 makes the test binary run main itself.
const runAsMain = "GOVMEDIA_TEST_RUN_MAIN"

// TestSIGTERMEndsServeWhileCallsStall runs `govmedia serve` as a process,
// with a bot handler stalled on the Bot API (it never answers a
// sendMessage) and a delivery stalled on WeChat (it never answers the cover
// upload), and sends SIGTERM in the middle: the process must end, cleanly,
// within the 30 s an orchestrator waits before it kills.
func TestSIGTERMEndsServeWhileCallsStall(t *testing.T) {
	url := setupCLI(t)
	httpAddr := freeAddr(t)
	wx := wechattest.New(wechattest.Options{})
	wxURL := wx.Start(t)
	wx.Inject(wechattest.Fault{Path: "/cgi-bin/material/add_material", Hang: true}) // a call silenceper makes without a context
	tg := telegramtest.Start(t, telegramtest.Options{})
	tg.AddUser(telegramtest.User{ID: 7002, FirstName: "等待", LanguageCode: "zh-hans"})
	tg.Inject(telegramtest.Fault{Method: "sendMessage", Stall: true, Times: 100})
	seedDelivery(t, url, wx, "http://"+httpAddr)
	cmd, out := startMain(t, "serve", "GOVMEDIA_HTTP_ADDR="+httpAddr, "GOVMEDIA_WECHAT_API_URL="+wxURL,
		"GOVMEDIA_TELEGRAM_API_URL="+tg.URL(), "GOVMEDIA_TELEGRAM_TOKEN="+tg.Token())
	if _, err := tg.SendText(7002, 7002, "/start"); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "a bot handler stalled on the Bot API and a delivery stalled on WeChat", func() bool {
		return tg.Stalled() > 0 && wx.Hanging() > 0
	})
	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		t.Logf("serve ended %.1f s after SIGTERM", time.Since(sent).Seconds())
		if err != nil {
			t.Fatalf("serve ended with %v after SIGTERM, want a clean exit:\n%s", err, out)
		}
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Signal(syscall.SIGQUIT) // its goroutines, in the output below
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		t.Fatalf("serve still running 30 s after SIGTERM with calls stalled:\n%s", out)
	}
}

// startMain runs this test binary as `govmedia command` with the test's
// environment and env added, and kills it if it still runs when the test
// ends; its output is collected in the buffer returned.
func startMain(t *testing.T, command string, env ...string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	out := new(syncBuffer)
	cmd := exec.Command(os.Args[0], command)
	cmd.Env = append(append(os.Environ(), runAsMain+"=1"), env...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return cmd, out
}

// waitUntil waits up to a minute for cond.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for %s: gave up after a minute", what)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
