package oversight_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"govmedia/oversight"
	"govmedia/postgres/pgtest"
	"govmedia/registry"
)

// TestBenchBulletin measures the quarterly bulletin over 2,000 active
// accounts spread over the sample tree's 81 orgs, with a quarter's work
// behind them: 900 publications delivered to 9 accounts each (a tenth of
// the deliveries failed), 1,000 posts confirmed elsewhere, 600 citizens'
// questions, every county's monthly reports and four milestones. It
// prints the median and the slowest of five runs. It runs only under
// `make bench` (GOVMEDIA_BENCH=1).
func TestBenchBulletin(t *testing.T) {
	pgtest.Bench(t)
	w := newWorld(t)
	w.at(t, "2027-01-01 09:00")
	start := time.Now()
	accounts := w.benchAccounts(t, 2000)
	w.benchQuarter(t, accounts)
	t.Logf("seeded 2,000 accounts and a quarter's work in %v", time.Since(start).Round(time.Second))
	w.at(t, "2027-04-02 09:00")
	if _, err := w.DB.ExecContext(w.ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	var times []time.Duration
	var b *oversight.Bulletin
	for range 5 {
		begin := time.Now()
		var err error
		if b, err = w.over.Bulletin(w.ctx, oversight.Quarter{Year: 2027, Q: 1}); err != nil {
			t.Fatal(err)
		}
		times = append(times, time.Since(begin))
	}
	slices.Sort(times)
	active := 0
	for _, f := range b.Governments {
		active += f.Active
	}
	if active != 2000 {
		t.Fatalf("the bulletin counted %d active accounts, want 2,000", active)
	}
	t.Logf("bulletin of %d governments: median %v, slowest %v", len(b.Governments), times[2], times[4])
	pgtest.BenchRow("quarterly bulletin over 2,000 accounts (18 governments), median of 5", times[2].Seconds(), "s", "< 5", times[2] < 5*time.Second)
}

// benchAccounts imports n active accounts over every org of the tree.
func (w *world) benchAccounts(t *testing.T, n int) []*registry.Account {
	var orgs []string
	if err := w.DB.NewSelect().Table("orgs").Column("code").OrderExpr("code").Scan(w.ctx, &orgs); err != nil {
		t.Fatal(err)
	}
	platforms := []registry.Platform{registry.Weibo, registry.Douyin, registry.Kuaishou, registry.Toutiao, registry.Bilibili, registry.Xiaohongshu}
	out := make([]*registry.Account, n)
	for i := range out {
		f := other(platforms[i%len(platforms)], fmt.Sprintf("账号%04d", i))
		f.SecondAccountReason = "承担不同的服务职能"
		out[i] = w.account(t, orgs[i%len(orgs)], f)
	}
	return out
}

// benchQuarter seeds the quarter month by month.
func (w *world) benchQuarter(t *testing.T, accounts []*registry.Account) {
	city := w.member(t, "km.office", registry.Approver)
	for i, kind := range []string{oversight.CatalogsCompiled, oversight.CatalogsPublished, oversight.TownshipsAudited, oversight.Confirmed} {
		if _, err := w.over.AddMilestone(w.ctx, city, fmt.Sprintf("节点%d", i), kind, registry.County, w.Clock.Now().AddDate(0, i, 10)); err != nil {
			t.Fatal(err)
		}
	}
	offices, err := w.over.Reports(w.ctx, w.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	for month := range 3 {
		w.Clock.Advance(24 * time.Hour)
		for _, st := range offices {
			if _, err := w.over.SubmitReport(w.ctx, w.member(t, st.Office.Code, registry.Operator), "本月工作", "", ""); err != nil {
				t.Fatal(err)
			}
		}
		for p := range 300 {
			ends := map[*registry.Account]string{}
			for k := range 9 {
				state := "delivered"
				if k == 0 && p%3 == 0 {
					state = "failed"
				}
				ends[accounts[(month*2700+p*9+k)%len(accounts)]] = state
			}
			(&quarter{world: w}).publication(t, ends)
		}
		for i := range 333 {
			a := accounts[(month*333+i)%len(accounts)]
			if err := w.over.ConfirmUpdate(w.ctx, w.member(t, a.HostOrg, registry.Operator), a.ID, w.Clock.Now(), "https://weibo.com/p/1"); err != nil {
				t.Fatal(err)
			}
		}
		w.benchQuestions(t, accounts, month)
		w.Clock.Advance(27 * 24 * time.Hour)
	}
}

// benchQuestions has 200 citizens ask accounts' units a question.
func (w *world) benchQuestions(t *testing.T, accounts []*registry.Account, month int) {
	for i := range 200 {
		a := accounts[(month*200+i)%len(accounts)]
		if _, err := w.cit.Message(w.ctx, citizenAccount(a), fmt.Sprintf("oBench%022d", month*200+i), "人工：咨询事项", w.Clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
}
