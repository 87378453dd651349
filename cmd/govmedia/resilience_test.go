package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/bot/telegramtest"
	"govmedia/postgres"
	"govmedia/publish"
	"govmedia/publish/wechattest"
	"govmedia/registry"
)

// TestServeRunsWhileTelegramIsUnreachable starts serve against a Bot API
// address that refuses connections: the directory answers, /readyz is 200
// and names Telegram as degraded, a delivery completes; once a stand-in
// answers at that address, the bot comes up and answers a user, and when
// the stand-in goes away again /readyz says so.
func TestServeRunsWhileTelegramIsUnreachable(t *testing.T) {
	url := setupCLI(t)
	tgAddr, httpAddr := freeAddr(t), freeAddr(t)
	wx := wechattest.New(wechattest.Options{PublishDelay: 20 * time.Millisecond})
	t.Setenv("GOVMEDIA_WECHAT_API_URL", wx.Start(t))
	t.Setenv("GOVMEDIA_HTTP_ADDR", httpAddr)
	t.Setenv("GOVMEDIA_TELEGRAM_API_URL", "http://"+tgAddr)
	tg := telegramtest.New(telegramtest.Options{BotUsername: "govmedia_test_bot"})
	t.Setenv("GOVMEDIA_TELEGRAM_TOKEN", tg.Token())
	appID := seedDelivery(t, url, wx, "http://"+httpAddr)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := new(syncBuffer)
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, logs, logs) }()

	ready := waitBody(t, "http://"+httpAddr+"/readyz", done, "telegram: unreachable since")
	if !strings.HasPrefix(ready, "degraded\n") {
		t.Fatalf("/readyz with Telegram unreachable:\n%s\nwant degraded, with telegram named", ready)
	}
	waitBody(t, "http://"+httpAddr+"/api/v1/accounts", done, "恢复测试发布")
	waitDelivered(t, url)
	// WeChat's callbacks are answered meanwhile: a new follower is welcomed.
	if reply, err := wx.Follow(appID, "oResilienceFollower000000001"); err != nil || reply.Empty || !strings.Contains(reply.Content, "恢复测试发布") {
		t.Fatalf("a follow while Telegram is unreachable was answered %+v (%v), want the welcome", reply, err)
	}

	tgSrv := httptest.NewUnstartedServer(tg)
	tgSrv.Listener.Close()
	l, err := net.Listen("tcp", tgAddr)
	if err != nil {
		t.Fatal(err)
	}
	tgSrv.Listener = l
	tgSrv.Start()
	defer tgSrv.Close()
	tg.AddUser(telegramtest.User{ID: 7001, FirstName: "新用户", LanguageCode: "zh-hans"})
	if _, err := tg.SendText(7001, 7001, "/start"); err != nil {
		t.Fatal(err)
	}
	waitCtx, stop := context.WithTimeout(ctx, 60*time.Second)
	defer stop()
	if _, err := tg.WaitFor(waitCtx, 7001, func(msgs []telegramtest.Bubble) bool { return len(msgs) > 1 }); err != nil {
		t.Fatalf("the bot never answered once Telegram was there: %v\n%s", err, logs)
	}
	waitBody(t, "http://"+httpAddr+"/readyz", done, "telegram: connected as @govmedia_test_bot")
	tg.Close() // ends the bot's long poll, so that the server can close
	tgSrv.Close()
	waitBody(t, "http://"+httpAddr+"/readyz", done, "telegram: unreachable since")
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, logs)
	}
	if strings.Contains(logs.String(), tg.Token()) {
		t.Fatalf("the bot token reached the log:\n%s", logs)
	}
}

// seedDelivery makes an active WeChat account of the city with credentials
// on wx and its callback at base, and approves a publication to it: one
// delivery queued.
func seedDelivery(t *testing.T, url string, wx *wechattest.Server, base string) (appID string) {
	t.Helper()
	ctx := context.Background()
	key, _ := govmedia.ParseSecretKey(chaosKey)
	box, _ := govmedia.NewSecretBox(key)
	db := openDB(t, url)
	reg := registry.New(db.DB, box, nil)
	engine := approvals.New(db.DB, reg, nil, approvals.Options{})
	q, err := postgres.NewQueue(db)
	if err != nil {
		t.Fatal(err)
	}
	pub := publish.NewPublisher(db.DB, reg, engine, q, box, nil, slog.Default(), publish.Tuning{})
	creds := seedWeChatAccount(ctx, t, db, reg, box, wx, base, "km", "恢复测试发布", 0)
	bindMember(t, url, chaosKey, 801, "km.office", registry.Operator)
	bindMember(t, url, chaosKey, 802, "km.office", registry.Approver)
	submitApproved(t, ctx, reg, engine, pub, 801, 802, "km", "冬季安全通知")
	return creds.AppID
}

// testCover is a small JPEG cover for a publication.
func testCover() []byte {
	var cover bytes.Buffer
	_ = jpeg.Encode(&cover, image.NewGray(image.Rect(0, 0, 30, 20)), nil)
	return cover.Bytes()
}

// waitDelivered waits until the one delivery is delivered.
func waitDelivered(t *testing.T, url string) {
	t.Helper()
	db := openDB(t, url)
	deadline := time.Now().Add(60 * time.Second)
	var state string
	for time.Now().Before(deadline) {
		if err := db.NewRaw("SELECT state FROM deliveries").Scan(context.Background(), &state); err == nil && state == string(publish.Delivered) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the delivery is %q after 60 s, want delivered", state)
}

// waitBody waits until url answers 200 with a body containing want, and
// returns the body; it fails when serve ends first.
func waitBody(t *testing.T, url string, done chan int, want string) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	last := ""
	for time.Now().Before(deadline) {
		select {
		case code := <-done:
			t.Fatalf("serve exited %d before %s answered %q", code, url, want)
		default:
		}
		if resp, err := http.Get(url); err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			last = fmt.Sprintf("%d %s", resp.StatusCode, body)
			if resp.StatusCode == 200 && strings.Contains(string(body), want) {
				return string(body)
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s never answered 200 with %q; last answer: %s", url, want, last)
	return ""
}

// syncBuffer collects log output from many goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
