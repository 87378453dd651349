package oversight_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/oversight"
	"govmedia/registry"
)

// TestSilentAccountsAreToldAtTenFourteenThirtyAndNinetyDays: an account
// that says nothing is told to its unit at 10 days, to its government's
// office at 14, to the city office at 30 and listed as a zombie at 90,
// each once however often the check runs; an operator's confirmation of
// a post elsewhere starts its count again.
func TestSilentAccountsAreToldAtTenFourteenThirtyAndNinetyDays(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	weibo := w.account(t, "km.wuhua.dept.edu", other(registry.Weibo, "五华教育微博"))
	opened := w.Clock.Now()
	step := func(days int, want ...string) {
		t.Helper()
		w.Clock.Advance(opened.Add(time.Duration(days)*24*time.Hour + time.Hour).Sub(w.Clock.Now()))
		for range 2 { // a second run the same day tells no one again
			if got := kinds(only("silent", w.check(t))); !slices.Equal(got, want) {
				t.Fatalf("day %d: told %v, want %v", days, got, want)
			}
			want = nil
		}
	}
	step(9)
	step(10, "silent→km.wuhua.dept.edu")
	step(13)
	step(14, "silent→km.wuhua.office")
	step(29)
	step(30, "silent→km.office")
	if z, err := w.over.Zombies(w.ctx); err != nil || len(z) != 0 {
		t.Fatalf("zombies at 30 days: %v %v", z, err)
	}
	step(90, "silent→km.office")
	z, err := w.over.Zombies(w.ctx)
	if err != nil || len(z) != 1 || z[0].ID != weibo.ID || z[0].Days != 90 {
		t.Fatalf("zombies at 90 days: %+v %v", z, err)
	}
	op := w.member(t, "km.wuhua.dept.edu", registry.Operator)
	if err := w.over.ConfirmUpdate(w.ctx, op, weibo.ID, w.Clock.Now().Add(-time.Hour), "https://weibo.com/wuhuaedu/1"); err != nil {
		t.Fatal(err)
	}
	opened = w.Clock.Now().Add(-time.Hour)
	step(1)
	step(10, "silent→km.wuhua.dept.edu")
}

// TestAMissedDayTellsTheHighestLinePassedOnly: a check that did not run
// for weeks tells the line the account is past now, not every one.
func TestAMissedDayTellsTheHighestLinePassedOnly(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.account(t, "km.xishan.dept.edu", other(registry.Douyin, "西山教育抖音"))
	w.Clock.Advance(31 * 24 * time.Hour)
	evs := only("silent", w.check(t))
	if got := kinds(evs); !slices.Equal(got, []string{"silent→km.office"}) || evs[0].Days != oversight.CityDays {
		t.Fatalf("after 31 days unchecked: %v", got)
	}
}

// TestConfirmingAnUpdateIsTheOperatorsAndNeedsALink: only the account's
// unit confirms its posts; the link must be a web address, the time not
// in the future.
func TestConfirmingAnUpdateIsTheOperatorsAndNeedsALink(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	a := w.account(t, "km.wuhua.dept.edu", other(registry.Douyin, "五华教育抖音"))
	op := w.member(t, "km.wuhua.dept.edu", registry.Operator)
	now := w.Clock.Now()
	for _, c := range []struct {
		by   *registry.Member
		at   time.Time
		link string
		want string
	}{
		{w.member(t, "km.xishan.dept.edu", registry.Operator), now, "https://v.douyin.com/a", govmedia.ENOTFOUND},
		{op, now, "javascript:alert(1)", govmedia.EINVALID},
		{op, now, "v.douyin.com/a", govmedia.EINVALID},
		{op, now.Add(48 * time.Hour), "https://v.douyin.com/a", govmedia.EINVALID},
		{op, now, "https://v.douyin.com/a", ""},
	} {
		err := w.over.ConfirmUpdate(w.ctx, c.by, a.ID, c.at, c.link)
		if govmedia.ErrorCode(err) != c.want && !(c.want == "" && err == nil) {
			t.Errorf("confirming %q at %s by %s: %v, want %q", c.link, c.at, c.by.OrgCode, err, c.want)
		}
		if err != nil && strings.Contains(govmedia.ErrorMessage(govmedia.Chinese, err), "oversight.") {
			t.Errorf("an untranslated message: %s", govmedia.ErrorMessage(govmedia.Chinese, err))
		}
	}
}
