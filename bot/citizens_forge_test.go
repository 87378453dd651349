package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/bot/telegramtest"
	"govmedia/citizens"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// directQuestion has a citizen ask an account a question through the
// citizens service itself (the wire is tested elsewhere), and returns it.
func (cw *citizensWorld) directQuestion(a *registry.Account, openid, text string) int64 {
	cw.t.Helper()
	ctx := context.Background()
	acct := citizens.Account{ID: a.ID, AppID: a.AppID, Name: a.Name, HostOrg: a.HostOrg}
	if _, err := cw.cit.Message(ctx, acct, openid, "人工："+text, cw.env.Clock.Now()); err != nil {
		cw.t.Fatal(err)
	}
	var id int64
	err := cw.env.DB.NewSelect().Table("questions").Column("id").Where("account_id = ?", a.ID).OrderExpr("id DESC").Limit(1).Scan(ctx, &id)
	if err != nil {
		cw.t.Fatal(err)
	}
	return id
}

// questionRow is a question as stored, to tell that nothing changed.
func (cw *citizensWorld) questionRow(id int64) string {
	cw.t.Helper()
	var row struct {
		State, OrgCode string
		HandledAt      time.Time
		Messages       int
	}
	err := cw.env.DB.NewSelect().Table("questions").ColumnExpr("state, org_code, coalesce(handled_at, 'epoch') AS handled_at").
		ColumnExpr("(SELECT count(*) FROM question_messages WHERE question_id = ?) AS messages", id).Where("id = ?", id).Scan(context.Background(), &row)
	if err != nil {
		cw.t.Fatal(err)
	}
	return fmt.Sprintf("%+v", row)
}

// TestForgedQuestionButtonsRevealNothingAndChangeNothing forges the
// buttons of a question card with the question of another unit, a handled
// one, one that does not exist and malformed data: each press is answered
// as not found (or, for the unit's own handled question, as handled),
// shows nothing of the other unit's question, starts no form, and leaves
// every question as it was.
func TestForgedQuestionButtonsRevealNothingAndChangeNothing(t *testing.T) {
	cw := newCitizensWorld(t)
	ctx := context.Background()
	f := registrytest.WeChat("华山街道")
	f.OriginalID, f.AppID = "gh_000000000012", "wx0000000000000012"
	other, err := cw.env.Registry.CreateAccount(ctx, cw.env.DB, "km.wuhua.huashan", f, registry.Active,
		registry.Change{Actor: govmedia.Operator("t"), Action: "account.import"})
	if err != nil {
		t.Fatal(err)
	}
	op := cw.operator.id
	cw.say(cw.operator, "/help")
	cw.expect(op, "运营人员")
	theirs := cw.directQuestion(other, "oForgeCitizen000000000000001", "华山密事一桩")
	handled := cw.directQuestion(cw.acct, "oForgeCitizen000000000000002", "已经办好的事")
	card := cw.expectWith(op, "已经办好的事", "回复")
	if _, err := cw.cit.Handle(ctx, cw.operator.member, handled); err != nil {
		t.Fatal(err)
	}
	if !cw.waitMessage(op, card.MessageID, func(m telegramtest.Bubble) bool { return strings.Contains(m.Text, "办结") && buttonsOf(m) == "" }) {
		t.Fatal("the handled question's card kept its buttons")
	}
	before := map[int64]string{theirs: cw.questionRow(theirs), handled: cw.questionRow(handled)}
	presses := map[string]string{
		fmt.Sprintf("q:r:%d", theirs): "找不到", fmt.Sprintf("q:h:%d", theirs): "找不到", fmt.Sprintf("q:t:%d", theirs): "找不到",
		fmt.Sprintf("q:r:%d", handled): "已办结", fmt.Sprintf("q:t:%d", handled): "已办结", fmt.Sprintf("q:h:%d", handled): "已办结",
		"q:r:99999999": "找不到", "q:h:99999999": "找不到", "q:t:99999999": "找不到",
		"q:r:abc": "找不到", "q:z:1": "", "q:r": "", "q:r:1:2": "",
	}
	for data, want := range presses {
		pr, err := cw.tg.ForgePress(telegramtest.ButtonPress{ChatID: op, From: op, MessageID: card.MessageID, Data: data})
		if err != nil {
			t.Fatal(err)
		}
		got := cw.answered(op, card.MessageID, pr.QueryID)
		if !strings.Contains(got.Text, want) || (want != "" && !got.ShowAlert) {
			t.Errorf("%s answered %q, want an alert with %q", data, got.Text, want)
		}
	}
	for _, m := range cw.botMessages(op) {
		if strings.Contains(m, "华山") {
			t.Errorf("a forged press revealed the other unit's question:\n%s", m)
		}
	}
	for id, was := range before {
		if now := cw.questionRow(id); now != was {
			t.Errorf("question %d changed: %s, was %s", id, now, was)
		}
	}
	if n, _ := cw.env.DB.NewSelect().Table("bot_sessions").Where("telegram_user_id = ?", op).Count(ctx); n != 0 {
		t.Errorf("a forged press started a form")
	}
	if n := cw.countIn(op, "请输入对留言"); n != 0 {
		t.Errorf("a forged press asked for a reply")
	}
}
