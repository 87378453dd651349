package bot_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/oversight"
)

// TestTheWeeklyAskOpensAFormThatRecordsTheLatestPost: the township's
// operator presses the ask's button, sends the link, picks today and
// submits; the post is recorded as the account's last update, and the
// account's silence starts again from it.
func TestTheWeeklyAskOpensAFormThatRecordsTheLatestPost(t *testing.T) {
	t.Parallel()
	w := newOversightWorld(t)
	w.started(w.township)
	a := w.weiboAccount("km.wuhua.huashan", "华山街道微博")
	w.checkAt(w.env.Clock.Now().AddDate(0, 0, 8))
	w.press(w.township, w.township.id, "确认最新一条")
	w.expect(w.township.id, "最新一条内容的链接")
	w.say(w.township, "ftp://weibo.com/x") // refused when submitted: the domain checks the link
	w.press(w.township, w.township.id, "今天")
	w.press(w.township, w.township.id, "提交")
	w.expect(w.township.id, "http:// 或 https://")
	w.press(w.township, w.township.id, "最新一条的链接")
	w.say(w.township, "https://weibo.com/huashan/123")
	w.press(w.township, w.township.id, "提交")
	w.expect(w.township.id, "已记录账号“华山街道微博”")
	var link string
	var posted time.Time
	if err := w.env.DB.NewRaw("SELECT post_url, posted_at FROM update_confirmations WHERE account_id = ?", a.ID).Scan(context.Background(), &link, &posted); err != nil {
		t.Fatalf("no confirmation recorded: %v", err)
	}
	if link != "https://weibo.com/huashan/123" || w.env.Clock.Now().Sub(posted) > 12*time.Hour {
		t.Fatalf("recorded %q posted at %s, want the link typed, posted today", link, posted)
	}
	w.env.Clock.Advance(time.Minute) // the silence counts posts before now; the clock stood still
	silences, err := w.over.Silences(context.Background())
	if err != nil || len(silences) != 1 || silences[0].Days != 0 {
		t.Fatalf("after the confirmation the account should be silent 0 days: %+v %v", silences, err)
	}
}

// TestRefusedCredentialsAreToldToTheUnitWithoutTheirCode renders the
// event WeChat's refusal of an account's credentials raises: its unit's
// operator hears of it, in their language, with no raw code.
func TestRefusedCredentialsAreToldToTheUnitWithoutTheirCode(t *testing.T) {
	t.Parallel()
	w := newOversightWorld(t)
	w.started(w.operator, w.reviewer)
	if err := w.env.Registry.SetLanguage(context.Background(), w.operator.member.ID, govmedia.English); err != nil {
		t.Fatal(err)
	}
	ev := oversight.Event{Kind: "credentials_failing", Org: "km.wuhua.dept.edu", AccountID: 1, Account: "五华教育", Since: w.env.Clock.Now(), Code: 40001}
	if err := w.env.DB.RunInTx(context.Background(), nil, func(ctx context.Context, tx bun.Tx) error {
		return w.bot.TellOversight(ctx, tx, ev)
	}); err != nil {
		t.Fatal(err)
	}
	got := w.expect(w.operator.id, "WeChat has refused the credentials")
	if containsAny(got.Text, "40001", "credentials_failing") {
		t.Fatalf("the notice shows a raw code: %q", got.Text)
	}
	waitIdle(t, w.env.DB)
	if n := w.count(w.reviewer.id, "凭据"); n != 0 {
		t.Fatalf("the county office heard of a unit's credentials: %q", w.botMessages(w.reviewer.id))
	}
}

// TestForgedConfirmButtonsRevealAndChangeNothing forges the ask's button
// for an account of another unit, a missing one, and by a county office:
// no form opens, no name shows, nothing is written.
func TestForgedConfirmButtonsRevealAndChangeNothing(t *testing.T) {
	t.Parallel()
	w := newOversightWorld(t)
	w.started(w.township, w.operator, w.reviewer)
	a := w.weiboAccount("km.wuhua.huashan", "华山街道微博")
	pw := &publishingWorld{world: w.world}
	for _, f := range []forger{
		{"a county department's operator", w.operator, w.operator.id},
		{"the county office's reviewer", w.reviewer, w.reviewer.id},
		{"the county office's group", w.reviewer, w.wuhuaGroup},
	} {
		for _, data := range []string{fmt.Sprintf("cu:%d", a.ID), "cu:999999", "cu:", "cu:abc"} {
			pw.forge(t, f, data, []string{"华山街道微博"})
		}
	}
}
