package main

import (
	"context"
	"fmt"
	"govmedia"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"govmedia/approvals"
	"govmedia/bot/telegramtest"
	"govmedia/publish"
	"govmedia/registry"
	"govmedia/registry/registrytest"
	"govmedia/wechat"
)

// chaosSize is how much work each phase does and how often serve is
// killed during it.
type chaosSize struct {
	accounts, decisions, questions int
	kills                          int // per phase of serve's work
	// killReplies kills serve while it sends citizens' replies too (the
	// long form): a reply whose send was cut off is not sent again, as
	// WeChat may have it (citizens.sendReply commits the send's start
	// first; WeChat's API has no idempotency key): its operator is told.
	killReplies bool
	cliKills    int // per command-line phase (import, rotation)
}

// fanOut publishes to n accounts and kills serve during the deliveries;
// every account must end with exactly one draft and one publish.
func (w *chaosWorld) fanOut(n, kills int) {
	w.t.Helper()
	list := w.accounts("km.wuhua.dept.edu", "故障演练号", 0, n)
	w.t.Logf("fan-out: %d accounts seeded", n)
	bindMember(w.t, w.url, chaosKey, 801, "km.office", registry.Operator)
	bindMember(w.t, w.url, chaosKey, 802, "km.office", registry.Approver)
	p := submitApproved(w.t, w.ctx, w.reg, w.engine, w.pub, 801, 802, "km.wuhua.dept.edu", "冬季安全通知")
	progress := func() publish.Progress { pr, _ := w.pub.Progress(w.ctx, p.ID); return pr }
	seen := w.killWhen("deliveries", n, w.thresholds(kills, n, 0.05, 0.8), 200*time.Millisecond, func() int { return progress().Delivered })
	// A finish event WeChat pushed while serve was down is found by the
	// sweep, which River's leader runs: a new leader is elected once the
	// killed one's lease lapses (15 s).
	w.waitFor("every delivery to end", 10*time.Minute, func() bool { pr := progress(); return pr.Total == n && pr.Pending == 0 })
	pr := progress()
	w.t.Logf("fan-out: killed at %v delivered; ended %+v", seen, pr)
	if pr.Delivered != n {
		w.t.Errorf("fan-out: %+v, want all %d delivered", pr, n)
	}
	w.exactlyOnce(list)
}

// exactlyOnce checks, by the stand-in's counts, that each account got
// exactly one draft and one publish.
func (w *chaosWorld) exactlyOnce(list []wechat.Credentials) {
	w.t.Helper()
	for _, c := range list {
		if got := w.wx.Counts(c.AppID); got.DraftsAdded != 1 || got.PublishesSubmitted != 1 {
			w.t.Errorf("account %d got %d drafts and %d publishes, want exactly one of each", c.AccountID, got.DraftsAdded, got.PublishesSubmitted)
		}
	}
}

// citizenIDs are n followers' openids.
func citizenIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("o%027d", i+1)
	}
	return out
}

// The clerks of the decisions phase: who presses, and who applied.
const approver, applicant = 9101, 9102

// decisions has an approver press "approve" on n cards at once while serve
// is killed kills times; each step must end decided once, with one audit
// entry and the application's effect. It returns when the presses began.
func (w *chaosWorld) decisions(n, kills int) (pressed time.Time) {
	w.t.Helper()
	steps, names := w.prepareDecisions(n)
	decided := func() int {
		return w.count("SELECT count(*) FROM application_steps WHERE id IN (?) AND state <> 'pending'", bun.In(steps))
	}
	pressed = time.Now()
	done := make(chan struct{})
	var presses sync.WaitGroup
	presses.Go(func() { w.keepPressing(approver, steps, decided, done) })
	var seen []int
	if kills > 0 {
		seen = w.killWhen("decisions", n, w.thresholds(kills, n, 0.05, 0.6), 50*time.Millisecond, decided)
	}
	w.waitFor("every step decided", 3*time.Minute, func() bool { return decided() == n })
	close(done)
	presses.Wait()
	w.t.Logf("decisions: killed at %v decided", seen)
	w.checkDecisions(steps, names)
	return pressed
}

// prepareDecisions binds the approver and the applicant, has them greet
// the bot, submits n applications and waits until each card is posted; it
// returns the pending steps and the names of the accounts applied for.
func (w *chaosWorld) prepareDecisions(n int) ([]int64, map[int64]string) {
	w.t.Helper()
	bindMember(w.t, w.url, chaosKey, approver, "km.wuhua.office", registry.Approver)
	bindMember(w.t, w.url, chaosKey, applicant, "km.wuhua.dept.mz", registry.Operator)
	for id, name := range map[int64]string{approver: "审批人", applicant: "申请人"} {
		w.tg.AddUser(telegramtest.User{ID: id, FirstName: name, LanguageCode: "zh-hans"})
		if _, err := w.tg.SendText(id, id, "/start"); err != nil {
			w.t.Fatal(err)
		}
		w.waitFor("the bot to greet", time.Minute, func() bool {
			v, err := w.tg.View(id)
			return err == nil && slices.ContainsFunc(v.Messages, func(m telegramtest.Bubble) bool { return m.FromBot })
		})
	}
	m, err := w.reg.MemberByTelegram(w.ctx, applicant)
	if err != nil {
		w.t.Fatal(err)
	}
	steps, names := make([]int64, n), map[int64]string{}
	for i := range steps {
		name := fmt.Sprintf("演练新开号%03d", i)
		app, err := w.engine.SubmitOpen(w.ctx, m, registrytest.WeChat(name))
		if err != nil {
			w.t.Fatal(err)
		}
		steps[i] = app.PendingStep().ID
		names[steps[i]] = name
	}
	w.waitFor("a card for every application", 2*time.Minute, func() bool {
		return w.count("SELECT count(DISTINCT step_id) FROM bot_cards WHERE step_id IN (?)", bun.In(steps)) == n
	})
	return steps, names
}

// keepPressing has the approver press every pending card, and press
// again those that have not answered within a few seconds (the press was
// lost with a killed replica), until done.
func (w *chaosWorld) keepPressing(from int64, steps []int64, decided func() int, done <-chan struct{}) {
	for {
		w.pressPending(from, steps, 6)
		last, quiet := decided(), time.Now()
		for decided() != last || time.Since(quiet) < 3*time.Second {
			if d := decided(); d != last {
				last, quiet = d, time.Now()
			}
			select {
			case <-done:
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
}

// pressPending presses "approve" on the card of each still pending step,
// from a few goroutines at once.
func (w *chaosWorld) pressPending(from int64, steps []int64, at int) {
	var cards []struct {
		StepID    int64 `bun:"step_id"`
		ChatID    int64 `bun:"chat_id"`
		MessageID int   `bun:"message_id"`
	}
	_ = w.db.NewRaw(`SELECT c.step_id, c.chat_id, c.message_id FROM bot_cards c JOIN application_steps s ON s.id = c.step_id
		WHERE c.step_id IN (?) AND s.state = 'pending'`, bun.In(steps)).Scan(w.ctx, &cards)
	work := make(chan int, len(cards))
	for i := range cards {
		work <- i
	}
	close(work)
	var wg sync.WaitGroup
	for range at {
		wg.Go(func() {
			for i := range work {
				c := cards[i]
				// A card already decided has lost its keyboard: that press is refused, as Telegram would.
				_, _ = w.tg.PressButton(telegramtest.ButtonPress{ChatID: c.ChatID, From: from, MessageID: c.MessageID, Data: fmt.Sprintf("d:a:%d", c.StepID)})
			}
		})
	}
	wg.Wait()
}

// checkDecisions checks each step was decided once, by one recorded
// decision, and the application moved on accordingly.
func (w *chaosWorld) checkDecisions(steps []int64, names map[int64]string) {
	w.t.Helper()
	var rows []struct {
		Step    int64  `bun:"step"`
		App     int64  `bun:"app"`
		State   string `bun:"state"`
		AppSt   string `bun:"app_state"`
		Decided int    `bun:"decided"`
		Entries int    `bun:"entries"`
		Next    int    `bun:"next"`
		Account int    `bun:"account"`
	}
	err := w.db.NewRaw(`SELECT s.id AS step, a.id AS app, s.state, a.state AS app_state,
		(SELECT count(*) FROM application_steps x WHERE x.application_id = a.id AND x.state <> 'pending') AS decided,
		(SELECT count(*) FROM audit_log l WHERE l.subject_kind = 'application' AND l.subject_id = a.id::text) AS entries,
		(SELECT count(*) FROM application_steps x WHERE x.application_id = a.id AND x.state = 'pending') AS next
		FROM application_steps s JOIN applications a ON a.id = s.application_id WHERE s.id IN (?) ORDER BY s.id`, bun.In(steps)).Scan(w.ctx, &rows)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, r := range rows {
		r.Account = w.count("SELECT count(*) FROM accounts WHERE name = ?", names[r.Step])
		final := r.AppSt == string(approvals.Approved)
		switch {
		case r.State != string(approvals.StepApproved):
			w.t.Errorf("step %d is %s, want approved", r.Step, r.State)
		case r.Entries != 1+r.Decided:
			w.t.Errorf("application %d: %d audit entries for %d decisions, want one for its submission and one for each decision", r.App, r.Entries, r.Decided)
		case final && (r.Account != 1 || r.Next != 0):
			w.t.Errorf("application %d approved, with %d accounts made and %d steps pending, want one account, none pending", r.App, r.Account, r.Next)
		case !final && (r.Next != 1 || r.Account != 0):
			w.t.Errorf("application %d is %s, with %d steps pending and %d accounts, want the next step pending, no account yet", r.App, r.AppSt, r.Next, r.Account)
		}
	}
	if len(rows) != len(steps) {
		w.t.Errorf("found %d of %d steps", len(rows), len(steps))
	}
}

// questions has n citizens ask while serve is killed, then an operator
// answer each (while serve is killed again, with killReplies); each
// citizen must end with one question, answered by one message.
func (w *chaosWorld) questions(n, kills int, killReplies bool) {
	w.t.Helper()
	const operator = 9201
	bindMember(w.t, w.url, chaosKey, operator, "km.dept.mz", registry.Operator)
	acct := w.accounts("km.dept.mz", "民政问答号", 90000, 1)[0]
	openids := citizenIDs(n)
	var asks sync.WaitGroup
	stop := make(chan struct{})
	asks.Go(func() { w.citizensAsk(acct, openids, stop) })
	asked := func() int { return w.count("SELECT count(*) FROM questions WHERE account_id = ?", acct.AccountID) }
	seenAsked := w.killWhen("questions", n, w.thresholds(kills, n, 0.05, 0.6), 50*time.Millisecond, asked)
	asks.Wait()
	close(stop)
	var ids []int64
	if err := w.db.NewRaw("SELECT id FROM questions WHERE account_id = ? ORDER BY id", acct.AccountID).Scan(w.ctx, &ids); err != nil {
		w.t.Fatal(err)
	}
	if len(ids) != n {
		w.t.Fatalf("questions: %d citizens asked, %d questions stored; want one each", n, len(ids))
	}
	m, _ := w.reg.MemberByTelegram(w.ctx, operator)
	for i, id := range ids {
		if _, err := w.cz.Reply(w.ctx, m, id, fmt.Sprintf("您好，第%d个问题的答复如下。", i+1)); err != nil {
			w.t.Fatalf("replying to question %d: %v", id, err)
		}
	}
	sent := func() int {
		return w.count("SELECT count(*) FROM question_messages m JOIN questions q ON q.id = m.question_id WHERE q.account_id = ? AND m.state = 'sent'", acct.AccountID)
	}
	var seenSent []int
	if killReplies {
		seenSent = w.killWhen("replies", n, w.thresholds(kills, n, 0.05, 0.6), 50*time.Millisecond, sent)
	}
	if !killReplies {
		w.waitFor("every reply sent", 3*time.Minute, func() bool { return sent() == n })
		w.t.Logf("questions: killed at %v asked", seenAsked)
		w.checkAnsweredOnce(acct, openids)
		return
	}
	settled := func() int {
		return w.count("SELECT count(*) FROM question_messages m JOIN questions q ON q.id = m.question_id WHERE q.account_id = ? AND NOT m.from_citizen AND m.state IN ('sent', 'refused')", acct.AccountID)
	}
	w.waitFor("every reply settled", 3*time.Minute, func() bool { return settled() == n })
	w.t.Logf("questions: killed at %v asked, then at %v replies sent", seenAsked, seenSent)
	w.checkRepliedAtMostOnce(acct, openids, sent())
}

// checkRepliedAtMostOnce checks, after kills while replies went out, that
// no citizen received a reply twice, that every reply recorded sent
// reached WeChat, and that each other one ended refused with the reason
// its operator is told: a send cut off by the kill, whose outcome is
// unknown, is not made again (WeChat's API has no idempotency key).
func (w *chaosWorld) checkRepliedAtMostOnce(acct wechat.Credentials, openids []string, sent int) {
	w.t.Helper()
	got, total := map[string]int{}, 0
	for _, m := range w.wx.CustomMessages(acct.AppID) {
		got[m.ToUser]++
		total++
	}
	for _, o := range openids {
		if got[o] > 1 {
			w.t.Errorf("questions: citizen %s received %d replies, want one at most", o, got[o])
		}
	}
	if total < sent {
		w.t.Errorf("questions: %d replies recorded sent, WeChat received %d", sent, total)
	}
	unknown := govmedia.Print(govmedia.Chinese, "citizens.refused.unknown")
	other := w.count("SELECT count(*) FROM question_messages m JOIN questions q ON q.id = m.question_id WHERE q.account_id = ? AND m.state = 'refused' AND m.error <> ?", acct.AccountID, unknown)
	if other != 0 {
		w.t.Errorf("questions: %d replies refused for another reason than a send cut off", other)
	}
	w.t.Logf("questions: %d replies sent, %d cut off mid-send and told to the operator (WeChat received %d)", sent, len(openids)-sent, total)
}

// citizensAsk has each follower follow and ask, from a few goroutines;
// a citizen whose message the service did not take sends it again, as a
// person would.
func (w *chaosWorld) citizensAsk(acct wechat.Credentials, openids []string, stop <-chan struct{}) {
	work := make(chan string, len(openids))
	for _, o := range openids {
		work <- o
	}
	close(work)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for o := range work {
				for _, try := range []func() error{
					func() error { _, err := w.wx.Follow(acct.AppID, o); return err },
					func() error {
						_, err := w.wx.SendText(acct.AppID, o, "请问低保申请需要准备哪些材料？"+o[len(o)-4:])
						return err
					},
				} {
					for deadline := time.Now().Add(2 * time.Minute); try() != nil && time.Now().Before(deadline); {
						select {
						case <-stop:
							return
						case <-time.After(200 * time.Millisecond): // a person trying again a moment later
						}
					}
				}
			}
		})
	}
	wg.Wait()
}

// checkAnsweredOnce checks every citizen has one question, answered, and
// received one reply.
func (w *chaosWorld) checkAnsweredOnce(acct wechat.Credentials, openids []string) {
	w.t.Helper()
	got := map[string]int{}
	for _, m := range w.wx.CustomMessages(acct.AppID) {
		got[m.ToUser]++
	}
	for _, o := range openids {
		if got[o] != 1 {
			w.t.Errorf("questions: citizen %s received %d replies, want exactly one", o, got[o])
		}
	}
	if open := w.count("SELECT count(*) FROM questions WHERE account_id = ? AND state <> 'answered'", acct.AccountID); open != 0 {
		w.t.Errorf("questions: %d not answered, want none", open)
	}
}

// submitApproved has operator submit a notice to the accounts under
// target and approver approve it: its deliveries are queued.
func submitApproved(t *testing.T, ctx context.Context, reg *registry.Registry, engine *approvals.Engine, pub *publish.Publisher,
	operator, approver int64, target, title string) *publish.Publication {
	t.Helper()
	op, err := reg.MemberByTelegram(ctx, operator)
	if err != nil {
		t.Fatal(err)
	}
	ap, err := reg.MemberByTelegram(ctx, approver)
	if err != nil {
		t.Fatal(err)
	}
	p, app, err := pub.Submit(ctx, op, publish.Draft{Mode: publish.Publish, Targets: publish.Targets{Org: target},
		Articles: []publish.DraftArticle{{Title: title, Body: "<p>请做好冬季安全工作。</p>", Cover: testCover()}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := engine.Decide(ctx, ap, app.PendingStep().ID, approvals.Approve, ""); err != nil {
		t.Fatal(err)
	}
	return p
}
