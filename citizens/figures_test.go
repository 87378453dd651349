package citizens_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/citizens"
	"govmedia/postgres"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// day is a day of November 2026, as follower days hold it.
func day(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }

// datacubeCalls counts the stand-in's user-statistics calls of the account.
func (w *wired) datacubeCalls() int {
	n := 0
	for _, c := range w.wx.Calls(w.creds.AppID) {
		if c.Path == "/datacube/getusersummary" || c.Path == "/datacube/getusercumulate" {
			n++
		}
	}
	return n
}

// followerDays reads an account's rows as stored.
func (w *wired) followerDays(t *testing.T, accountID int64) []citizens.FollowerDay {
	t.Helper()
	var rows []citizens.FollowerDay
	if err := w.DB.NewSelect().Model(&rows).Where("account_id = ?", accountID).OrderExpr("day").Scan(w.ctx); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestFollowerFiguresAreFetchedOncePerDay: the morning after, WeChat's
// follows, unfollows and followers of each day due join the follows and
// unfollows counted from the account's own events, one row per day; a
// second run fetches nothing and changes nothing; before 08:00 the day
// before is not asked for.
func TestFollowerFiguresAreFetchedOncePerDay(t *testing.T) {
	w := newMenuWorld(t)
	if err := w.wx.AddUserFigures(w.creds.AppID, day(22).Add(4*time.Hour), 1, 3, 0); err != nil { // before the callback was set
		t.Fatal(err)
	}
	for _, c := range []string{"oFigures000000000000000000001", "oFigures000000000000000000002"} {
		if _, err := w.wx.Follow(w.creds.AppID, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.wx.Unfollow(w.creds.AppID, "oFigures000000000000000000001"); err != nil {
		t.Fatal(err)
	}
	w.Clock.Advance(22*time.Hour + 30*time.Minute) // 07:30 on the 24th: the 23rd not ready
	if err := w.cit.FetchFollowerFigures(w.ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := w.cit.FollowerFigures(w.ctx, w.operator, w.acct.ID, day(23), day(23)); err != nil || got[0].WeChatKnown() {
		t.Fatalf("the 23rd at 07:30: %+v %v, want WeChat's figures not yet asked for", got, err)
	}
	w.Clock.Advance(time.Hour)
	for run := range 2 {
		if err := w.cit.FetchFollowerFigures(w.ctx); err != nil {
			t.Fatalf("run %d: %v", run+1, err)
		}
	}
	rows := w.followerDays(t, w.acct.ID)
	if len(rows) != 8 || !rows[0].Day.Equal(day(16)) || !rows[7].Day.Equal(day(23)) {
		t.Fatalf("the rows after two runs: %+v, want one per day from the 16th to the 23rd", rows)
	}
	calls := w.datacubeCalls()
	if calls != 4 { // the 16th–22nd at 07:30, the 23rd at 08:30: each day asked for once
		t.Fatalf("%d user-statistics calls, want 4", calls)
	}
	got, err := w.cit.FollowerFigures(w.ctx, w.operator, w.acct.ID, day(22), day(23))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ follows, unfollows, wnew, wcancel, wcum int }{{0, 0, 3, 0, 3}, {2, 1, 2, 1, 4}}
	for i, d := range got {
		x := want[i]
		if !d.WeChatKnown() || d.Follows != x.follows || d.Unfollows != x.unfollows || d.WeChatNew != x.wnew ||
			d.WeChatCancel != x.wcancel || d.WeChatCumulate != x.wcum {
			t.Errorf("%s: %+v, want %+v", d.Day.Format(time.DateOnly), d, x)
		}
	}
}

// TestFiguresWeChatWillNotGiveAreMarkedWhy: the days of an account WeChat
// gives no right to the statistics are marked so and not asked for again;
// an account without stored credentials is not asked, and its figures
// say why WeChat's are missing.
func TestFiguresWeChatWillNotGiveAreMarkedWhy(t *testing.T) {
	w := newMenuWorld(t)
	f := registrytest.WeChat("西山教育")
	f.OriginalID, f.AppID = "gh_000000000012", "wx0000000000000012"
	bare, err := w.Registry.CreateAccount(w.ctx, w.DB, "km.xishan.dept.edu", f, registry.Active, registry.Change{Actor: govmedia.Operator("t"), Action: "account.import"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.wx.SetVerified(w.creds.AppID, false); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := w.cit.FetchFollowerFigures(w.ctx); err != nil {
			t.Fatal(err)
		}
	}
	rows := w.followerDays(t, w.acct.ID)
	if len(rows) != 7 {
		t.Fatalf("%d rows, want the 7 days before today", len(rows))
	}
	for _, r := range rows {
		if r.WeChatMissing != "unauthorized" || r.WeChatKnown() {
			t.Fatalf("%s: %+v, want marked unauthorized", r.Day.Format(time.DateOnly), r)
		}
	}
	if n := w.datacubeCalls(); n != 1 {
		t.Fatalf("%d user-statistics calls, want 1: the refused days are not asked for again", n)
	}
	if rows := w.followerDays(t, bare.ID); len(rows) != 0 {
		t.Fatalf("an account without credentials has rows %+v, want none", rows)
	}
	got, err := w.cit.FollowerFigures(w.ctx, w.outsider, bare.ID, day(20), day(22))
	if err != nil || len(got) != 3 || got[0].WeChatMissing != "no_credentials" || got[2].WeChatMissing != "no_credentials" {
		t.Fatalf("the figures of an account without credentials: %+v %v, want each day saying so", got, err)
	}
	if text := govmedia.Print(govmedia.Chinese, "menu.figures.missing."+got[0].WeChatMissing); !strings.Contains(text, "凭据") {
		t.Fatalf("the reason reads %q", text)
	}
}

// TestFollowerFiguresAreForTheHostUnitAndTheCityOffice: the unit's
// operator and the city office see an account's figures; another unit
// and the county office are told it is not found, a reviewer of the unit
// that only operators may; a reversed range is refused.
func TestFollowerFiguresAreForTheHostUnitAndTheCityOffice(t *testing.T) {
	w := newMenuWorld(t)
	city := w.Member(t, "km.office", registry.Reviewer, "市政府办督查")
	for _, m := range []*registry.Member{w.operator, city} {
		if got, err := w.cit.FollowerFigures(w.ctx, m, w.acct.ID, day(20), day(22)); err != nil || len(got) != 3 {
			t.Errorf("%s: %d days, %v; want 3", m.OrgCode, len(got), err)
		}
	}
	for _, m := range []*registry.Member{w.outsider, w.office} {
		if _, err := w.cit.FollowerFigures(w.ctx, m, w.acct.ID, day(20), day(22)); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
			t.Errorf("%s: %v, want ENOTFOUND", m.OrgCode, err)
		}
	}
	reviewer := w.Member(t, "km.wuhua.dept.edu", registry.Reviewer, "赵审核")
	if _, err := w.cit.FollowerFigures(w.ctx, reviewer, w.acct.ID, day(20), day(22)); govmedia.ErrorCode(err) != govmedia.EFORBIDDEN {
		t.Errorf("the unit's reviewer: %v, want EFORBIDDEN", err)
	}
	if _, err := w.cit.FollowerFigures(w.ctx, w.operator, w.acct.ID, day(22), day(20)); govmedia.ErrorCode(err) != govmedia.EINVALID {
		t.Errorf("a reversed range: %v, want EINVALID", err)
	}
}

// TestTheQueueFetchesFollowerFigures: with UseWeChat on the service's
// queue, the periodic job fetches the figures when the queue starts.
func TestTheQueueFetchesFollowerFigures(t *testing.T) {
	w := newWired(t, func(w *wired, q *postgres.Queue) { w.cit.UseWeChat(q, w.clients) })
	// Periodic jobs wait for the queue to elect its leader, which River
	// retries every few seconds: longer than waitFor's 10 s on a busy machine.
	fetched := func() bool {
		n, _ := w.DB.NewSelect().Table("follower_days").Where("account_id = ? AND wechat_fetched_at IS NOT NULL", w.acct.ID).Count(context.Background())
		return n == 7
	}
	for deadline := time.Now().Add(45 * time.Second); !fetched(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("waited 45 s for the queue to fetch the 7 days' figures")
		}
	}
}
