package publish_test

import (
	"context"
	"fmt"
	"govmedia/postgres/pgtest"
	"testing"
	"time"

	"govmedia"
	"govmedia/publish"
	"govmedia/publish/wechattest"
)

// TestBenchFanOut fans one publication out to 10,000 accounts on the
// stand-in with 50 ms per WeChat call, and compares the time taken with
// the bound: WeChat calls × latency ÷ the workers' concurrency. It runs
// only under `make bench` (GOVMEDIA_BENCH=1).
func TestBenchFanOut(t *testing.T) {
	pgtest.Bench(t)
	const accounts, latency, concurrency = 10_000, 50 * time.Millisecond, 100
	w := newPubWorld(t, pubOpts{noWorkers: true, conns: concurrency/2 + 20, // as govmedia serve sizes its pool
		wx: wechattest.Options{PublishDelay: 200 * time.Millisecond}})
	w.pub.OnProgress = nil
	list := bulkAccounts(t, w, accounts)
	w.wx.Inject(wechattest.Fault{Latency: latency})
	p := w.publishNotice(publish.Publish, "km")
	start := time.Now()
	w.startWorkers(concurrency)
	pr := w.waitDone(p.ID, 20*time.Minute)
	elapsed := time.Since(start)
	all := w.wx.Calls("")
	calls, dup, lost := len(all), 0, 0
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
	bound := time.Duration(calls) * latency / concurrency
	ratio := elapsed.Seconds() / bound.Seconds()
	t.Logf("%d accounts: %v elapsed, %d WeChat calls %v, bound %v, %+v", accounts, elapsed, calls, byPath, bound, pr)
	pgtest.BenchRow("fan-out to 10,000 accounts, 50 ms/call: elapsed ÷ (calls × latency ÷ concurrency 100)", ratio, "ratio", "≤ 1.25", ratio <= 1.25 && dup == 0 && lost == 0)
	pgtest.BenchRow("fan-out duplicates (extra drafts or publishes)", float64(dup), "count", "0", dup == 0)
	pgtest.BenchRow("fan-out losses (accounts never published to)", float64(lost), "count", "0", lost == 0)
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
		if err := publish.StoreWeChatCredentials(ctx, w.env.DB, w.env.Box, c, govmedia.Now()); err != nil {
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
