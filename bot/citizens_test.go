package bot_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/bot/telegramtest"
	"govmedia/catalog"
	"govmedia/citizens"
	"govmedia/internal/testwait"
	"govmedia/postgres"
	"govmedia/publish/wechattest"
	"govmedia/registry"
	"govmedia/registry/registrytest"
	"govmedia/wechat"
)

// citizensWorld is the bot's world with WeChat: an account of
// 五华区教育体育局 whose callback the WeChat stand-in pushes citizens'
// messages to, in safe mode (encrypted and signed as WeChat does), and
// whose replies go out as customer-service messages through the wechat
// package's client to the same stand-in.
type citizensWorld struct {
	*world
	cit   *citizens.Citizens
	wx    *wechattest.Server
	creds wechat.Credentials
	acct  *registry.Account
}

func newCitizensWorld(t *testing.T) *citizensWorld {
	t.Helper()
	env := registrytest.New(t)
	ctx := context.Background()
	engine := approvals.New(env.DB.DB, env.Registry, env.Clock.Now, approvals.Options{})
	cat := catalog.New(env.DB.DB, env.Registry, engine, env.Clock.Now)
	q, err := postgres.NewQueue(env.DB)
	if err != nil {
		t.Fatal(err)
	}
	cw := &citizensWorld{wx: wechattest.New(wechattest.Options{Now: env.Clock.Now})}
	if err := wechat.Configure(cw.wx.Start(t), 3*time.Second); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = wechat.Configure("", 0) })
	clients := wechat.NewClients(env.DB.DB, env.Box, env.Clock.Now, nil)
	cb, err := wechat.NewCallback(wechat.CallbackDeps{DB: env.DB.DB, Clients: clients, Queue: q, Now: env.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	cw.cit = citizens.New(env.DB.DB, env.Registry, env.Box, cat, nil, approvals.Calendar{StepDays: 3}, env.Clock.Now, citizens.Options{})
	cw.cit.Answer(cb)
	cw.cit.SendReplies(q, citizens.WeChatSender(clients))
	mux := http.NewServeMux()
	mux.Handle("/wechat/{appid}", cb)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	f := registrytest.WeChat("五华教育")
	f.OriginalID, f.AppID = "gh_000000000011", "wx0000000000000011"
	if cw.acct, err = env.Registry.CreateAccount(ctx, env.DB, "km.wuhua.dept.edu", f, registry.Active,
		registry.Change{Actor: govmedia.Operator("t"), Action: "account.import"}); err != nil {
		t.Fatal(err)
	}
	cw.creds = wechat.Credentials{AccountID: cw.acct.ID, AppID: cw.acct.AppID, AppSecret: "0123456789abcdef0123456789abcdef",
		Token: "citizenstoken", EncodingAESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"}
	if err := wechat.StoreCredentials(ctx, env.DB, env.Box, cw.creds, env.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := cw.wx.AddAccount(wechattest.Account{AppID: cw.creds.AppID, Secret: cw.creds.AppSecret, OriginalID: f.OriginalID,
		Kind: wechattest.Subscription, Verified: true, Callback: wechattest.Callback{URL: srv.URL + "/wechat/" + cw.creds.AppID,
			Token: cw.creds.Token, EncodingAESKey: cw.creds.EncodingAESKey, Mode: wechattest.Safe}}); err != nil {
		t.Fatal(err)
	}
	cw.world = newWorldOn(t, env, engine, q, worldOpts{catalog: cat, citizens: cw.cit})
	return cw
}

// ask has a citizen write to the account over WeChat's wire, and returns
// what the callback answered.
func (cw *citizensWorld) ask(openid, text string) string {
	cw.t.Helper()
	reply, err := cw.wx.SendText(cw.creds.AppID, openid, text)
	if err != nil || !reply.Encrypted {
		cw.t.Fatalf("the citizen's %q: %+v %v", text, reply, err)
	}
	return reply.Content
}

// question is the citizens service's view of a question, as the operator
// may see it.
func (cw *citizensWorld) question(id int64) *citizens.Question {
	cw.t.Helper()
	q, err := cw.cit.QuestionFor(context.Background(), cw.operator.member, id)
	if err != nil {
		cw.t.Fatal(err)
	}
	return q
}

// remindOverdue runs the citizens' reminder job as two replicas would, at
// once, and waits until the notes it queued are sent.
func (cw *citizensWorld) remindOverdue() {
	cw.t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for range 2 {
		wg.Go(func() { errs <- cw.cit.RemindOverdue(context.Background()) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			cw.t.Fatal(err)
		}
	}
	cw.waitJobsDone("bot.question_note")
}

// waitJobsDone waits until no job of kind is left to run.
func (cw *citizensWorld) waitJobsDone(kind string) {
	cw.t.Helper()
	waitUntil(cw.t, "the "+kind+" jobs done", func() bool {
		n, err := cw.env.DB.NewSelect().Table("river_job").Where("kind = ? AND state NOT IN ('completed', 'cancelled', 'discarded')", kind).Count(context.Background())
		return err == nil && n == 0
	})
}

// countIn counts the bot's messages in chat that contain want.
func (cw *citizensWorld) countIn(chat int64, want string) int {
	n := 0
	for _, m := range cw.botMessages(chat) {
		if strings.Contains(m, want) {
			n++
		}
	}
	return n
}

// questionNumber finds a question's number on its card ("#12").
var questionNumber = regexp.MustCompile(`#(\d+)`)

// questionID is the question a card is about.
func (cw *citizensWorld) questionID(card string) int64 {
	cw.t.Helper()
	m := questionNumber.FindStringSubmatch(card)
	if m == nil {
		cw.t.Fatalf("no question number on the card:\n%s", card)
	}
	n, _ := strconv.ParseInt(m[1], 10, 64)
	return n
}

// waitUntil waits, up to 10 s, for cond.
func waitUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	testwait.Until(t, what, 10*time.Second, cond)
}

// TestACitizensQuestionIsAnsweredFromChat: a citizen's question the
// catalog cannot answer, pushed by WeChat to the callback, becomes a card
// in the unit's chat naming the account and the citizen's alias (never the
// openid); left unanswered, it reminds the unit once and is raised with
// the district's office once, however many replicas run the job; the
// citizen's follow-up is announced under the card; the operator presses
// Reply and types, and exactly that text reaches the citizen as one
// customer-service message; once WeChat's 48 hours are over, the operator
// is told so, and nothing more goes to WeChat.
func TestACitizensQuestionIsAnsweredFromChat(t *testing.T) {
	cw := newCitizensWorld(t)
	const citizen = "oBotCitizen0000000000000001"
	op := cw.operator.id
	cw.say(cw.operator, "/help")
	cw.expect(op, "运营人员")
	if reply, err := cw.wx.Follow(cw.creds.AppID, citizen); err != nil || !strings.Contains(reply.Content, "欢迎关注“五华教育”") {
		t.Fatalf("the welcome: %+v %v", reply, err)
	}
	if got := cw.ask(citizen, "学校门口的路灯坏了谁来修"); !strings.Contains(got, "五华区教育体育局") {
		t.Fatalf("the callback's answer: %q", got)
	}
	card := cw.expectWith(op, "学校门口的路灯坏了谁来修", "回复")
	for _, want := range []string{"五华教育", "市民", "待回复", "已办结", "转办"} {
		if !strings.Contains(card.Text+buttonsOf(card), want) {
			t.Fatalf("the card lacks %q:\n%s\n%s", want, card.Text, buttonsOf(card))
		}
	}
	if strings.Contains(card.Text, citizen) {
		t.Fatalf("the card shows the openid:\n%s", card.Text)
	}
	id := cw.questionID(card.Text)
	q := cw.question(id)

	cw.env.Clock.Advance(q.RemindAt.Sub(cw.env.Clock.Now()) + time.Minute)
	cw.remindOverdue()
	cw.remindOverdue()
	cw.expect(op, "仍未回复")
	if n := cw.countIn(op, "仍未回复"); n != 1 {
		t.Fatalf("%d reminders in the unit's chat, want 1", n)
	}
	if n := cw.countIn(cw.wuhuaGroup, "报请督办"); n != 0 {
		t.Fatalf("raised with the office before a working day: %d", n)
	}
	cw.env.Clock.Advance(q.EscalateAt.Sub(cw.env.Clock.Now()) + time.Minute)
	cw.remindOverdue()
	cw.remindOverdue()
	raised := cw.expect(cw.wuhuaGroup, "报请督办")
	if n := cw.countIn(cw.wuhuaGroup, "报请督办"); n != 1 || !strings.Contains(raised.Text, "学校门口的路灯坏了谁来修") {
		t.Fatalf("%d escalations in the office's group, want 1 naming the question:\n%s", n, raised.Text)
	}
	if n := cw.countIn(op, "仍未回复"); n != 1 {
		t.Fatalf("%d reminders after the escalation, want still 1", n)
	}

	if got := cw.ask(citizen, "就在五华路小学门口"); !strings.Contains(got, "一并回复") {
		t.Fatalf("the follow-up's answer: %q", got)
	}
	cw.expect(op, "补充了留言")
	if !cw.waitMessage(op, card.MessageID, func(m telegramtest.Bubble) bool { return strings.Contains(m.Text, "就在五华路小学门口") }) {
		t.Fatal("the card never showed the follow-up")
	}

	cw.press(cw.operator, op, "回复")
	cw.expect(op, "请输入对留言")
	cw.say(cw.operator, "您好，已转城管部门，三日内修复。")
	cw.expect(op, "将通过微信客服消息回复")
	cw.press(cw.operator, op, "提交")
	cw.expect(op, "回复已提交")
	waitUntil(t, "the reply on WeChat", func() bool {
		sent := cw.wx.CustomMessages(cw.creds.AppID)
		return len(sent) == 1 && sent[0].ToUser == citizen && sent[0].Content == "您好，已转城管部门，三日内修复。"
	})
	cw.expect(op, "已通过微信客服消息送达")
	if !cw.waitMessage(op, card.MessageID, func(m telegramtest.Bubble) bool { return strings.Contains(m.Text, "已回复") }) {
		t.Fatal("the card never showed the question replied")
	}

	cw.press(cw.operator, op, "回复")
	cw.expect(op, "请输入对留言")
	cw.say(cw.operator, "补充说明一")
	cw.expect(op, "将通过微信客服消息回复")
	cw.env.Clock.Advance(49 * time.Hour)
	cw.press(cw.operator, op, "提交")
	cw.expect(op, "48 小时")
	pr := cw.press(cw.operator, op, "回复")
	if !pr.ShowAlert || !strings.Contains(pr.Text, "48 小时") {
		v, _ := cw.tg.View(op)
		for _, m := range v.Messages {
			t.Logf("#%d bot=%v %q [%s]", m.MessageID, m.FromBot, m.Text, buttonsOf(m))
		}
		t.Fatalf("Reply past the window answered %+v, want an alert naming the 48 hours", pr)
	}
	cw.waitJobsDone("citizens.reply")
	if sent := cw.wx.CustomMessages(cw.creds.AppID); len(sent) != 1 {
		t.Fatalf("%d customer-service messages, want only the first reply: %+v", len(sent), sent)
	}
}
