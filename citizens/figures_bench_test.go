package citizens_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/citizens"
	"govmedia/postgres"
	"govmedia/postgres/pgtest"
	"govmedia/publish/wechattest"
	"govmedia/registry"
	"govmedia/registry/registrytest"
	"govmedia/wechat"
)

// TestBenchFollowerFigures measures the morning fetch of WeChat's follower
// figures: 300 active accounts with credentials, WeChat answering each
// call after 50 ms (the stand-in's latency), 7 days due each. It prints
// the accounts fetched per second, which bounds how many accounts one run
// of the job (5 minutes at most) serves. It runs only under `make bench`.
func TestBenchFollowerFigures(t *testing.T) {
	pgtest.Bench(t)
	const accounts = 300
	w := newWorld(t)
	wx := wechattest.New(wechattest.Options{Now: w.Clock.Now, Latency: 50 * time.Millisecond})
	if err := wechat.Configure(wx.Start(t), 5*time.Second); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = wechat.Configure("", 0) })
	for i := range accounts {
		f := registrytest.WeChat(fmt.Sprintf("压测号%03d", i))
		f.OriginalID, f.AppID, f.SecondAccountReason = fmt.Sprintf("gh_%012d", 500+i), fmt.Sprintf("wx%016x", 0xbe00+i), "压测"
		a, err := w.Registry.CreateAccount(w.ctx, w.DB, "km.wuhua.dept.edu", f, registry.Active, registry.Change{Actor: govmedia.Operator("t"), Action: "account.import"})
		if err != nil {
			t.Fatal(err)
		}
		c := wechat.Credentials{AccountID: a.ID, AppID: f.AppID, AppSecret: strings.Repeat("cd", 16), Token: "benchtoken"}
		if err := wechat.StoreCredentials(w.ctx, w.DB, w.Box, c, w.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		if err := wx.AddAccount(wechattest.Account{AppID: c.AppID, Secret: c.AppSecret, Verified: true}); err != nil {
			t.Fatal(err)
		}
	}
	cit := citizens.New(w.DB.DB, w.Registry, w.Box, nil, nil, approvals.Calendar{StepDays: 3}, w.Clock.Now, citizens.Options{})
	q, err := postgres.NewQueue(w.DB)
	if err != nil {
		t.Fatal(err)
	}
	cit.UseWeChat(q, wechat.NewClients(w.DB.DB, w.Box, w.Clock.Now, nil))
	start := time.Now()
	if err := cit.FetchFollowerFigures(context.Background()); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	var rows int
	if err := w.DB.NewRaw("SELECT count(*) FROM follower_days WHERE wechat_fetched_at IS NOT NULL").Scan(w.ctx, &rows); err != nil {
		t.Fatal(err)
	}
	if rows != accounts*7 {
		t.Fatalf("%d days fetched, want %d", rows, accounts*7)
	}
	rate := float64(accounts) / took.Seconds()
	t.Logf("%d accounts' 7 days in %v: %.0f accounts/s, %.0f accounts in a 5-minute run", accounts, took.Round(time.Millisecond), rate, rate*300)
	pgtest.BenchRow("follower figures fetched, WeChat at 50 ms a call", rate, "accounts/s", "≥ 20", rate >= 20)
}
