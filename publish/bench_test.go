package publish_test

import (
	"context"
	"fmt"
	"govmedia/postgres/pgtest"
	"testing"
	"time"

	"govmedia"
	"govmedia/postgres"
	"govmedia/publish"
	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

// TestBenchFanOut fans one publication out to 10,000 accounts on the
// stand-in with 50 ms per WeChat call, and compares the time taken with
// the bound: WeChat calls × latency ÷ the workers' concurrency; once with
// twice the service's default number of workers, then with the default. It
// runs only under `make bench` (GOVMEDIA_BENCH=1).
func TestBenchFanOut(t *testing.T) {
	pgtest.Bench(t)
	dup, lost := 0, 0
	for _, workers := range []int{2 * postgres.DefaultWorkers, postgres.DefaultWorkers} {
		var ratio float64
		var d, l int
		t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) { ratio, d, l = fanOut(t, workers) }) // its world closed at its end
		dup, lost = dup+d, lost+l
		name := fmt.Sprintf("fan-out to 10,000 accounts, 50 ms/call, %d workers: elapsed ÷ (calls × latency ÷ %d)", workers, workers)
		if workers == postgres.DefaultWorkers {
			name = fmt.Sprintf("fan-out to 10,000 accounts, 50 ms/call, %d workers (the default): elapsed ÷ (calls × latency ÷ %d)", workers, workers)
		}
		pgtest.BenchRow(name, ratio, "ratio", "≤ 1.25", ratio <= 1.25 && d == 0 && l == 0)
	}
	pgtest.BenchRow("fan-out duplicates (extra drafts or publishes), both runs", float64(dup), "count", "0", dup == 0)
	pgtest.BenchRow("fan-out losses (accounts never published to), both runs", float64(lost), "count", "0", lost == 0)
}

// fanOut runs one fan-out to 10,000 accounts with the given workers and
// returns elapsed ÷ bound, and the duplicates and losses the stand-in saw.
func fanOut(t *testing.T, workers int) (ratio float64, dup, lost int) {
	const accounts, latency = 10_000, 50 * time.Millisecond
	w := newPubWorld(t, pubOpts{noWorkers: true, conns: int32(workers/2 + 20), // as govmedia serve sizes its pool
		wx: wechattest.Options{PublishDelay: 200 * time.Millisecond}})
	w.pub.OnProgress = nil
	list := bulkAccounts(t, w, accounts)
	w.wx.Inject(wechattest.Fault{Latency: latency})
	p := w.publishNotice(publish.Publish, "km")
	start := time.Now()
	w.startWorkers(workers)
	pr := w.waitDone(p.ID, 20*time.Minute)
	elapsed := time.Since(start)
	w.stopWorkers()
	all := w.wx.Calls("")
	byPath := map[string]int{}
	for _, c := range all {
		byPath[c.Path]++
	}
	for _, a := range list {
		c := w.wx.Counts(a.creds.AppID)
		dup += max(0, c.PublishesSubmitted-1) + max(0, c.DraftsAdded-1)
		if c.PublishesSubmitted == 0 {
			lost++
		}
	}
	bound := time.Duration(len(all)) * latency / time.Duration(workers)
	t.Logf("%d accounts, %d workers: %v elapsed, %d WeChat calls %v, bound %v, %+v", accounts, workers, elapsed, len(all), byPath, bound, pr)
	return elapsed.Seconds() / bound.Seconds(), dup, lost
}

// bulkAccounts writes n active WeChat accounts under the sample tree's
// orgs, with credentials, registered on the stand-in.
func bulkAccounts(t *testing.T, w *pubWorld, n int) []acct {
	ctx := context.Background()
	var orgs []string
	_ = w.env.DB.NewRaw("SELECT code FROM orgs ORDER BY code").Scan(ctx, &orgs)
	out := make([]acct, n)
	for i := range n {
		c := newCredentials(0)
		var id int64
		err := w.env.DB.NewRaw(`INSERT INTO accounts (platform, wechat_kind, name, original_id, app_id, host_org, state, created_at, updated_at, second_account_reason)
			VALUES ('wechat_oa', 'service', ?, ?, ?, ?, 'active', now(), now(), 'bench') RETURNING id`,
			fmt.Sprintf("压测号%05d", i), fmt.Sprintf("gh_%012x", 0xb00000+i), c.AppID, orgs[i%len(orgs)]).Scan(ctx, &id)
		if err != nil {
			t.Fatal(err)
		}
		c.AccountID = id
		if err := wechat.StoreCredentials(ctx, w.env.DB, w.env.Box, c, govmedia.Now()); err != nil {
			t.Fatal(err)
		}
		wa := wechattest.Account{AppID: c.AppID, Secret: c.AppSecret, Kind: wechattest.Service, Verified: true,
			Callback: wechattest.Callback{URL: w.callback.URL + "/wechat/" + c.AppID, Token: c.Token, EncodingAESKey: c.EncodingAESKey, Mode: wechattest.Safe}}
		if err := w.wx.AddAccount(wa); err != nil {
			t.Fatal(err)
		}
		out[i] = acct{id: id, creds: c}
	}
	return out
}
