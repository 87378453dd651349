package oversight_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
	"govmedia/catalog"
	"govmedia/citizens"
	"govmedia/oversight"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// quarter is a fourth quarter of 2026 seeded event by event, whose
// bulletin the test computes by hand.
type quarter struct {
	*world
	a, b, c, d, e *registry.Account
	asked         []*citizens.Question
}

// seedQuarter plays 2026Q4 in 五华区 and 西山区 (the clock starts on
// Monday 23 November, 09:00):
//
//   - accounts A (五华区教育体育局, WeChat), B (五华区民政局, Weibo), C (华山街道,
//     Douyin), D (五华区政府办, WeChat) and E (西山区教育体育局, WeChat) are
//     imported active;
//   - applications of 五华区: 华山 opens an account, decided in 10 h; 护国
//     opens one in 30 h; 大观's is rejected after 50 h; A is changed in 4
//     h; C's closing is approved in 6 h and it closes a week later;
//   - 五华区's compulsory-education catalog becomes current;
//   - three questions to A: answered in 2 h, in 6 h, and one left open;
//   - B's operator confirms a post on 10 December;
//   - 五华区 reports November late and December on time, October never;
//   - two milestones in the quarter: 五华区 confirms one early and misses the
//     other; 西山区 misses both; one before the quarter and one after;
//   - a publication of 五华区政府办 on 30 December reaches A and fails at D;
//     another on 2 January is the next quarter's.
func seedQuarter(t *testing.T) *quarter {
	w := &quarter{world: newWorld(t)}
	w.importAccounts(t)
	w.decideApplications(t)
	w.currentCatalog(t)
	w.milestones(t)
	w.cit.Listen(func(_ context.Context, _ bun.Tx, ev citizens.Event) error {
		if ev.Kind == "asked" {
			w.asked = append(w.asked, ev.Question)
		}
		return nil
	})
	sent := &outbox{}
	w.startReplies(t, sent)
	w.at(t, "2026-12-01 10:00")
	w.ask(t, "oCitizen1000000000000000000")
	w.at(t, "2026-12-01 12:00")
	w.reply(t, 0, sent, 1)
	w.at(t, "2026-12-02 10:00")
	w.ask(t, "oCitizen2000000000000000000")
	w.at(t, "2026-12-02 16:00")
	w.reply(t, 1, sent, 2)
	w.at(t, "2026-12-04 14:00")
	if n, err := w.Registry.CloseDue(w.ctx); err != nil || n != 1 {
		t.Fatalf("closing C: %d %v", n, err)
	}
	w.at(t, "2026-12-10 10:00")
	if err := w.over.ConfirmUpdate(w.ctx, w.member(t, "km.wuhua.dept.mz", registry.Operator), w.b.ID, w.Clock.Now().Add(-time.Hour), "https://weibo.com/wuhuamz/1"); err != nil {
		t.Fatal(err)
	}
	w.confirm(t, "早完成的节点")
	w.at(t, "2026-12-15 10:00")
	w.report(t)
	w.at(t, "2026-12-28 10:00")
	w.ask(t, "oCitizen3000000000000000000")
	w.at(t, "2026-12-30 10:00")
	w.publication(t, map[*registry.Account]string{w.a: "delivered", w.d: "failed"})
	w.at(t, "2027-01-02 10:00")
	w.publication(t, map[*registry.Account]string{w.d: "delivered"})
	w.at(t, "2027-01-05 09:00")
	return w
}

func (w *quarter) importAccounts(t *testing.T) {
	wechat := func(name, n string) registry.Fields {
		f := registrytest.WeChat(name)
		f.OriginalID, f.AppID = "gh_00000000000"+n, "wx000000000000000"+n
		return f
	}
	w.a = w.account(t, "km.wuhua.dept.edu", wechat("五华教育", "1"))
	w.b = w.account(t, "km.wuhua.dept.mz", other(registry.Weibo, "五华民政"))
	w.c = w.account(t, "km.wuhua.huashan", other(registry.Douyin, "华山街道"))
	w.d = w.account(t, "km.wuhua.office", wechat("五华发布", "2"))
	w.e = w.account(t, "km.xishan.dept.edu", wechat("西山教育", "3"))
	if _, err := w.over.SubmitReport(w.ctx, w.member(t, "km.wuhua.office", registry.Operator), "十一月的工作", "", ""); err != nil {
		t.Fatal(err)
	}
}

func (w *quarter) decideApplications(t *testing.T) {
	open := func(org, name string, wait time.Duration, reject bool) {
		app, err := w.engine.SubmitOpen(w.ctx, w.member(t, org, registry.Operator), registrytest.WeChat(name))
		if err != nil {
			t.Fatalf("opening %s: %v", name, err)
		}
		w.decideAll(t, app, wait, reject)
	}
	open("km.wuhua.huashan", "华山发布", 5*time.Hour, false)
	open("km.wuhua.huguo", "护国发布", 15*time.Hour, false)
	open("km.wuhua.daguan", "大观发布", 50*time.Hour, true)
	f := w.a.Fields()
	f.PersonInCharge = "李四"
	change, err := w.engine.SubmitChange(w.ctx, w.member(t, "km.wuhua.dept.edu", registry.Operator), w.a.ID, f)
	if err != nil {
		t.Fatal(err)
	}
	w.decideAll(t, change, 2*time.Hour, false)
	closing, err := w.engine.SubmitClose(w.ctx, w.member(t, "km.wuhua.huashan", registry.Operator), w.c.ID, registry.Closure{Reason: "并入华山发布", NoticeDays: 7})
	if err != nil {
		t.Fatal(err)
	}
	w.decideAll(t, closing, 3*time.Hour, false)
}

func (w *quarter) currentCatalog(t *testing.T) {
	w.submitDomain(t, "km.wuhua", "compulsory-education")
	app, err := approvals.LatestOf(w.ctx, w.DB, catalog.Kind, w.latestVersion(t, "km.wuhua"))
	if err != nil {
		t.Fatal(err)
	}
	if app, err = w.engine.Application(w.ctx, app.ID); err != nil {
		t.Fatal(err)
	}
	if app = w.decideAll(t, app, 0, false); app.State != approvals.Approved {
		t.Fatalf("the catalog's review ended %s", app.State)
	}
}

func (w *quarter) milestones(t *testing.T) {
	city := w.member(t, "km.office", registry.Approver)
	for _, m := range []struct {
		title string
		due   time.Time
	}{
		{"早完成的节点", time.Date(2026, 12, 20, 0, 0, 0, 0, govmedia.ChinaTime)},
		{"逾期的节点", time.Date(2026, 12, 15, 0, 0, 0, 0, govmedia.ChinaTime)},
		{"上季度的节点", time.Date(2026, 9, 30, 0, 0, 0, 0, govmedia.ChinaTime)},
		{"下季度的节点", time.Date(2027, 1, 20, 0, 0, 0, 0, govmedia.ChinaTime)},
	} {
		if _, err := w.over.AddMilestone(w.ctx, city, m.title, oversight.Confirmed, registry.County, m.due); err != nil {
			t.Fatal(err)
		}
	}
}

func (w *quarter) confirm(t *testing.T, title string) {
	list, err := w.over.Milestones(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if m.Title == title {
			if err := w.over.Confirm(w.ctx, w.member(t, "km.wuhua.office", registry.Admin), m.ID); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no milestone %q", title)
}

func (w *quarter) report(t *testing.T) {
	if _, err := w.over.SubmitReport(w.ctx, w.member(t, "km.wuhua.office", registry.Operator), "十二月的工作", "无", "继续"); err != nil {
		t.Fatal(err)
	}
}

func (w *quarter) ask(t *testing.T, openid string) {
	if _, err := w.cit.Message(w.ctx, citizenAccount(w.a), openid, "人工：孩子入学需要什么材料", w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
}

func (w *quarter) reply(t *testing.T, i int, sent *outbox, want int) {
	if _, err := w.cit.Reply(w.ctx, w.member(t, "km.wuhua.dept.edu", registry.Operator), w.asked[i].ID, "您好，请带户口簿和房产证明到学校报名。"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the reply sent", func() bool { return sent.count() == want })
	waitFor(t, "the question answered", func() bool {
		n, _ := w.DB.NewSelect().Table("questions").Where("id = ? AND answered_at IS NOT NULL", w.asked[i].ID).Count(w.ctx)
		return n == 1
	})
}

// publication records a publication of 五华区政府办 approved now and how
// its deliveries ended, as the publish pipeline records them (its own
// tests drive the pipeline against the WeChat stand-in).
func (w *quarter) publication(t *testing.T, ends map[*registry.Account]string) {
	now := w.Clock.Now()
	by := w.member(t, "km.wuhua.office", registry.Operator)
	var id int64
	err := w.DB.NewRaw(`INSERT INTO publications (kind, issuing_org, created_by, mode, targets, state, created_at, approved_at)
		VALUES ('notice', 'km.wuhua.office', ?, 'publish', '{}', 'done', ?, ?) RETURNING id`, by.ID, now.Add(-time.Hour), now).Scan(w.ctx, &id)
	if err != nil {
		t.Fatal(err)
	}
	for a, state := range ends {
		if _, err := w.DB.ExecContext(w.ctx, `INSERT INTO deliveries (publication_id, account_id, state, created_at, updated_at, finished_at)
			VALUES (?, ?, ?, ?, ?, ?)`, id, a.ID, state, now, now.Add(5*time.Minute), now.Add(5*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTheBulletinCountsAQuarterAsComputedByHand.
func TestTheBulletinCountsAQuarterAsComputedByHand(t *testing.T) {
	t.Parallel()
	w := seedQuarter(t)
	b, err := w.over.Bulletin(w.ctx, oversight.Quarter{Year: 2026, Q: 4})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2027, 1, 1, 0, 0, 0, 0, govmedia.ChinaTime); !b.At.Equal(want) || len(b.Governments) != 18 || b.Governments[0].Government.Code != "km" {
		t.Fatalf("bulletin at %s of %d governments, the first %s", b.At, len(b.Governments), b.Governments[0].Government.Code)
	}
	wuhua, xishan := figuresOf(t, b, "km.wuhua"), figuresOf(t, b, "km.xishan")
	checkFigures(t, "五华区", wuhua, map[string]float64{
		"opened": 2, "changed": 1, "closed": 1, "decided": 5, "median decision hours": 10,
		"active": 3, "silent": 2, "catalog domains": 1, "domains": 26, "townships": 10, "townships complete": 0,
		"publications": 1, "deliveries": 2, "delivered": 1, "asked": 3, "answered": 2, "median answer hours": 4, "open past due": 1,
		"reports on time": 1, "reports due": 3, "early": 1, "late": 1,
	})
	// 25·1/26 + 10·1/2 + 25·(3−2)/3 + 20·2/3 + 10·1/3 + 10 (median 10 h is within 3 days) + 2·1 − 3·1
	if want := 25.0/26 + 5 + 25.0/3 + 40.0/3 + 10.0/3 + 10 + 2 - 3; math.Abs(wuhua.Score-want) > 1e-9 {
		t.Errorf("五华区 scored %.4f, want %.4f", wuhua.Score, want)
	}
	checkFigures(t, "西山区", xishan, map[string]float64{
		"opened": 0, "decided": 0, "active": 1, "silent": 1, "catalog domains": 0, "townships": 10,
		"publications": 0, "asked": 0, "reports on time": 0, "reports due": 3, "early": 0, "late": 2,
	})
	// nothing asked of it counts whole: deliveries, decisions, questions; late twice
	if want := 0 + 10 + 0 + 20 + 0 + 10 - 6.0; math.Abs(xishan.Score-want) > 1e-9 {
		t.Errorf("西山区 scored %.4f, want %.4f", xishan.Score, want)
	}
	if names := silentNames(wuhua); len(names) != 2 || names[w.b.Name] != 21 || names[w.d.Name] != 38 {
		t.Errorf("五华区's accounts past two weeks: %v, want B 21 days and D 38", names)
	}
	ranked := b.Ranked()
	if last := ranked[len(ranked)-1]; last.Government.Code != "km.xishan" || last.Rank != 18 || ranked[len(ranked)-2].Government.Code != "km.wuhua" {
		t.Errorf("the last two: %s #%d, %s", last.Government.Name, last.Rank, ranked[len(ranked)-2].Government.Name)
	}
	checkWorkbook(t, b, wuhua)
	checkChart(t, b)
}

func figuresOf(t *testing.T, b *oversight.Bulletin, code string) oversight.Figures {
	for _, f := range b.Governments {
		if f.Government.Code == code {
			return f
		}
	}
	t.Fatalf("no %s in the bulletin", code)
	return oversight.Figures{}
}

func checkFigures(t *testing.T, name string, f oversight.Figures, want map[string]float64) {
	t.Helper()
	got := map[string]float64{
		"opened": float64(f.Accounts.Opened), "changed": float64(f.Accounts.Changed), "closed": float64(f.Accounts.Closed),
		"decided": float64(f.Decisions.Decided), "median decision hours": f.Decisions.MedianHours,
		"active": float64(f.Active), "silent": float64(f.Silent), "catalog domains": float64(f.CatalogDomains), "domains": float64(f.Domains),
		"townships": float64(f.Townships), "townships complete": float64(f.TownshipsComplete),
		"publications": float64(f.Deliveries.Publications), "deliveries": float64(f.Deliveries.Deliveries), "delivered": float64(f.Deliveries.Delivered),
		"asked": float64(f.Interaction.Asked), "answered": float64(f.Interaction.Answered), "median answer hours": f.Interaction.MedianAnswer.Hours(),
		"open past due": float64(f.Interaction.OpenPastDue), "reports on time": float64(f.ReportsOnTime), "reports due": float64(f.ReportsDue),
		"early": float64(f.MilestonesEarly), "late": float64(f.MilestonesLate),
	}
	for k, v := range want {
		if math.Abs(got[k]-v) > 1e-6 {
			t.Errorf("%s %s: %v, want %v", name, k, got[k], v)
		}
	}
}

func silentNames(f oversight.Figures) map[string]int {
	out := map[string]int{}
	for _, s := range f.PastTwoWeeks {
		out[s.Name] = s.Days
	}
	return out
}
