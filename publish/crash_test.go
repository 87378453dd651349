package publish_test

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/postgres"
	"govmedia/publish"
	"govmedia/publish/wechattest"
	"govmedia/registry"
	"govmedia/wechat"
)

// TestHelperDeliveryWorker is not a test: run as a child process by the
// crash test, it works the delivery queue until it is killed.
func TestHelperDeliveryWorker(t *testing.T) {
	if os.Getenv("GOVMEDIA_HELPER_WORKER") == "" {
		t.Skip("a helper process for TestAWorkerKilledMidFanOutResumesWithoutDuplicates")
	}
	ctx := context.Background()
	db, err := postgres.Open(ctx, os.Getenv("GOVMEDIA_HELPER_DB"), 20)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := govmedia.ParseSecretKey(os.Getenv("GOVMEDIA_HELPER_KEY"))
	box, _ := govmedia.NewSecretBox(key)
	if err := wechat.Configure(os.Getenv("GOVMEDIA_HELPER_WECHAT"), 5*time.Second); err != nil {
		t.Fatal(err)
	}
	reg := registry.New(db.DB, box, nil)
	q, _ := postgres.NewQueue(db)
	publish.NewPublisher(db.DB, reg, approvals.New(db.DB, reg, nil, approvals.Options{}), q, box, nil, slog.Default(), publish.Tuning{PollEvery: 50 * time.Millisecond})
	if err := q.Start(ctx, db, 8, slog.Default()); err != nil {
		t.Fatal(err)
	}
	parent := os.Getppid()
	for deadline := time.Now().Add(3 * time.Minute); time.Now().Before(deadline) && os.Getppid() == parent; {
		time.Sleep(200 * time.Millisecond) // until killed, or orphaned
	}
}

func TestAWorkerKilledMidFanOutResumesWithoutDuplicates(t *testing.T) {
	w := newPubWorld(t, pubOpts{noWorkers: true})
	accounts := w.addAccounts(24, "km.wuhua.dept.edu")
	w.wx.Inject(wechattest.Fault{Latency: 25 * time.Millisecond})
	p := w.publishNotice(publish.Publish, "km.wuhua")

	child := exec.Command(os.Args[0], "-test.run=^TestHelperDeliveryWorker$")
	child.Env = append(os.Environ(), "GOVMEDIA_HELPER_WORKER=1", "GOVMEDIA_HELPER_DB="+w.env.URL,
		"GOVMEDIA_HELPER_KEY="+w.env.Key, "GOVMEDIA_HELPER_WECHAT="+w.wx.URL())
	child.Stdout, child.Stderr = os.Stderr, os.Stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = child.Process.Kill(); _ = child.Wait() })
	waitDelivered(t, w, p.ID, 6)
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	before, _ := w.pub.Progress(w.ctx, p.ID)
	if before.Pending == 0 {
		t.Fatalf("the worker finished everything before it was killed (%+v): the test proves nothing", before)
	}
	w.queue.RescueAfter, w.queue.JobTimeout = 2*time.Second, 2*time.Second
	w.startWorkers(8)
	pr := w.waitDone(p.ID, 90*time.Second)
	if pr.Delivered != len(accounts) {
		t.Fatalf("after the crash: %+v, want all %d delivered", pr, len(accounts))
	}
	w.exactlyOnce(accounts, publish.Publish)
	t.Logf("killed with %+v; resumed to %+v", before, pr)
}

// waitDelivered waits until at least n deliveries of the publication are done.
func waitDelivered(t *testing.T, w *pubWorld, pubID int64, n int) {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if pr, _ := w.pub.Progress(w.ctx, pubID); pr.Delivered >= n {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("fewer than %d deliveries in a minute", n)
}
