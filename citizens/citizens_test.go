package citizens_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/citizens"
	"govmedia/keyring"
)

const openid = "oAbCdEfGhIjKlMnOpQrStUvWxYz1"

func TestAKeywordIsAnsweredFromTheUnitsCatalog(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	reply, err := w.cit.Message(w.ctx, w.acct, openid, "请问低保家庭怎么申请资助？", w.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(reply, "学生资助 · 低保家庭学生资助") || !strings.Contains(reply, "https://gk.km.gov.cn/catalogs/km.wuhua/compulsory-education?q=") {
		t.Fatalf("the reply:\n%s", reply)
	}
	if kinds := w.events.kinds(); len(kinds) != 0 {
		t.Fatalf("a search that answered made %v", kinds)
	}
}

// TestWhatTheSearchCannotAnswerBecomesAQuestionForTheUnit: the message is
// a question of the host unit, its text sealed and the citizen an alias;
// a follow-up joins it; asking for a person makes one even when the
// search would answer.
func TestWhatTheSearchCannotAnswerBecomesAQuestionForTheUnit(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	reply, err := w.cit.Message(w.ctx, w.acct, openid, "学校门口的路灯坏了谁来修", w.Clock.Now())
	if err != nil || !strings.Contains(reply, "已转交五华区教育体育局") {
		t.Fatalf("reply %q %v", reply, err)
	}
	if _, err := w.cit.Message(w.ctx, w.acct, openid, "在华山南路", w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	if kinds := w.events.kinds(); !slices.Equal(kinds, []string{"asked", "followup"}) {
		t.Fatalf("events %v", kinds)
	}
	q := w.events.list[0].Question
	full, err := w.cit.QuestionFor(w.ctx, w.operator, q.ID)
	if err != nil || len(full.Messages) != 2 || full.Messages[1].Text != "在华山南路" || !strings.HasPrefix(full.Follower.Alias, "市民") {
		t.Fatalf("the question as its unit sees it: %+v %v", full, err)
	}
	var raw string
	_ = w.DB.NewRaw("SELECT string_agg(encode(text_sealed, 'escape') || encode(f.openid_sealed, 'escape') || encode(f.openid_hash, 'escape'), '') FROM question_messages m JOIN questions q ON q.id = m.question_id JOIN citizen_followers f ON f.id = q.follower_id").Scan(w.ctx, &raw)
	if strings.Contains(raw, "路灯") || strings.Contains(raw, openid) {
		t.Fatal("a message or the openid is stored in the clear")
	}
	if _, err := w.cit.Message(w.ctx, w.acct, "oAnother00000000000000000000", "我要人工咨询低保资助", w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	if kinds := w.events.kinds(); len(kinds) != 3 || kinds[2] != "asked" {
		t.Fatalf("asking for a person: %v", kinds)
	}
}

func TestOnlyTheUnitReadsAndAnswers(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	if _, err := w.cit.Message(w.ctx, w.acct, openid, "人工", w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	q := w.events.list[0].Question
	if _, err := w.cit.QuestionFor(w.ctx, w.outsider, q.ID); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
		t.Fatalf("another county's operator reading: %v", err)
	}
	if _, err := w.cit.QuestionFor(w.ctx, w.office, q.ID); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
		t.Fatalf("the county office reading before the question is raised: %v", err)
	}
	if _, err := w.cit.Reply(w.ctx, w.office, q.ID, "答复"); err == nil {
		t.Fatal("the county office replied for the unit")
	}
}

// TestRepliesGoWithinWeChatsWindow: a reply is sent by customer-service
// message and answers the question; past 48 hours, or past the window's
// few messages, it is refused with the reason; a refusal from WeChat is
// told back.
func TestRepliesGoWithinWeChatsWindow(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	if _, err := w.cit.Message(w.ctx, w.acct, openid, "人工", w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	q := w.events.list[0].Question
	if _, err := w.cit.Reply(w.ctx, w.operator, q.ID, "您好，已记录，我们将尽快处理。"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the reply sent", func() bool { return slices.Contains(w.events.kinds(), "sent") })
	if got := w.sent.messages(); len(got) != 1 || got[0] != openid+": 您好，已记录，我们将尽快处理。" {
		t.Fatalf("sent %v", got)
	}
	for range 4 {
		if _, err := w.cit.Reply(w.ctx, w.operator, q.ID, "补充"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.cit.Reply(w.ctx, w.operator, q.ID, "第六条"); govmedia.ErrorCode(err) != govmedia.ECONFLICT {
		t.Fatalf("a sixth reply in the window: %v", err)
	}
	w.Clock.Advance(49 * time.Hour)
	if _, err := w.cit.Message(w.ctx, w.acct, "oLate000000000000000000000000", "人工", w.Clock.Now().Add(-49*time.Hour)); err != nil {
		t.Fatal(err)
	}
	late := w.events.list[len(w.events.list)-1].Question
	if _, err := w.cit.Reply(w.ctx, w.operator, late.ID, "迟到的答复"); govmedia.ErrorCode(err) != govmedia.ECONFLICT ||
		!strings.Contains(govmedia.ErrorMessage(govmedia.Chinese, err), "48 小时") {
		t.Fatalf("a reply past the window: %v", err)
	}
	w.sent.mu.Lock()
	w.sent.refuse = 45015
	w.sent.mu.Unlock()
	if _, err := w.cit.Message(w.ctx, w.acct, "oRefused00000000000000000000", "人工", w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	refused := w.events.list[len(w.events.list)-1].Question
	if _, err := w.cit.Reply(w.ctx, w.operator, refused.ID, "答复"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the refusal told", func() bool { return slices.Contains(w.events.kinds(), "refused") })
	ev := w.events.list[len(w.events.list)-1]
	if ev.Kind != "refused" || !strings.Contains(ev.Message.Error, "48 小时") {
		t.Fatalf("the refusal: %+v", ev.Message)
	}
}

func TestUnansweredQuestionsRemindTheUnitThenEscalate(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	// Monday 9:00 (the test clock): reminded after four office hours, raised after a working day.
	if _, err := w.cit.Message(w.ctx, w.acct, openid, "人工", w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	run := func() {
		if err := w.cit.RemindOverdue(w.ctx); err != nil {
			t.Fatal(err)
		}
	}
	run()
	w.Clock.Advance(4*time.Hour + time.Minute)
	run()
	run()
	w.Clock.Advance(6 * time.Hour)
	run()
	if kinds := w.events.kinds(); !slices.Equal(kinds, []string{"asked", "reminder", "escalated"}) {
		t.Fatalf("events %v, want one reminder then one escalation", kinds)
	}
	q := w.events.list[0].Question
	if _, err := w.cit.QuestionFor(w.ctx, w.office, q.ID); err != nil {
		t.Fatalf("the county office reading a raised question: %v", err)
	}
}

// TestUnfollowingForgetsTheCitizen deletes the follower's messages and
// identity; its question keeps only its times.
func TestUnfollowingForgetsTheCitizen(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	if _, err := w.cit.Subscribe(w.ctx, w.acct, openid, w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := w.cit.Message(w.ctx, w.acct, openid, "人工：学籍怎么转", w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := w.cit.Unsubscribe(w.ctx, w.acct, openid, w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	var followers, messages, questions int
	_ = w.DB.NewRaw("SELECT (SELECT count(*) FROM citizen_followers), (SELECT count(*) FROM question_messages), (SELECT count(*) FROM questions WHERE follower_id IS NULL AND state = 'handled')").Scan(w.ctx, &followers, &messages, &questions)
	if followers != 0 || messages != 0 || questions != 1 {
		t.Fatalf("after unfollowing: %d followers, %d messages, %d anonymous questions", followers, messages, questions)
	}
	var follows, unfollows int
	_ = w.DB.NewRaw("SELECT follows, unfollows FROM follower_days").Scan(w.ctx, &follows, &unfollows)
	if follows != 1 || unfollows != 1 {
		t.Fatalf("the day counts %d follows and %d unfollows", follows, unfollows)
	}
}

func TestMessagesAreKeptForTheirTimeOnly(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	if _, err := w.cit.Message(w.ctx, w.acct, openid, "人工", w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	w.Clock.Advance(181 * 24 * time.Hour)
	n, err := w.cit.ForgetOld(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("forgot %d messages: %v", n, err)
	}
}

func TestAWelcomeNamesTheUnitAndTheDomainsUnlessTheUnitWroteOne(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	got, err := w.cit.Subscribe(w.ctx, w.acct, openid, w.Clock.Now())
	if err != nil || !strings.Contains(got, "五华区教育体育局") || !strings.Contains(got, "义务教育") {
		t.Fatalf("the default welcome: %q %v", got, err)
	}
	if err := w.cit.SetWelcome(w.ctx, w.outsider, w.acct.ID, "别人的欢迎语"); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
		t.Fatalf("another unit setting the welcome: %v", err)
	}
	if err := w.cit.SetWelcome(w.ctx, w.operator, w.acct.ID, "欢迎关注五华教育！"); err != nil {
		t.Fatal(err)
	}
	if got, _ := w.cit.Welcome(w.ctx, w.acct); got != "欢迎关注五华教育！" {
		t.Fatalf("the unit's welcome: %q", got)
	}
}

// TestAKeyRotationKeepsFollowersFoundAndMessagesRead rotates the service's
// key with the citizens' step: the same openid still finds its follower
// (its hash computed anew) and its messages still open.
func TestAKeyRotationKeepsFollowersFoundAndMessagesRead(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	if _, err := w.cit.Message(w.ctx, w.acct, openid, "人工：转学手续", w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	key, _ := govmedia.ParseSecretKey(govmedia.NewSecretKey())
	tx, err := w.DB.BeginTx(w.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := keyring.Rotate(w.ctx, tx, w.Box, key, citizens.RotationStep); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := keyring.Refresh(w.ctx, w.DB, w.Box); err != nil {
		t.Fatal(err)
	}
	if _, err := w.cit.Message(w.ctx, w.acct, openid, "需要哪些材料", w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	if kinds := w.events.kinds(); !slices.Equal(kinds, []string{"asked", "followup"}) {
		t.Fatalf("after the rotation the follower was not found again: %v", kinds)
	}
	q, err := w.cit.QuestionFor(w.ctx, w.operator, w.events.list[0].Question.ID)
	if err != nil || len(q.Messages) != 2 || q.Messages[0].Text != "人工：转学手续" {
		t.Fatalf("the messages after the rotation: %+v %v", q, err)
	}
}
