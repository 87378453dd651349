package main

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"govmedia/bot/telegramtest"
	"govmedia/publish"
	"govmedia/publish/wechattest"
	"govmedia/registry"
	"govmedia/wechat"
)

// faultEvery is GOVMEDIA_CHAOS_FAULT_EVERY: each kind of fault hits every
// so many matching calls (default 10: a tenth of them, for each kind).
func faultEvery(t *testing.T) int {
	v := os.Getenv("GOVMEDIA_CHAOS_FAULT_EVERY")
	if v == "" {
		return 10
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 2 {
		t.Fatalf("GOVMEDIA_CHAOS_FAULT_EVERY=%q: want a number from 2 up", v)
	}
	return n
}

// fanOutFaults are the WeChat faults of a fan-out, each on every
// every-th matching call (offset, so that they do not all strike the same
// calls): gateways failing, timeouts, expired and replaced tokens,
// WeChat busy, answers lost or broken off mid-body after the work was done.
func fanOutFaults(every int) []wechattest.Fault {
	return []wechattest.Fault{
		{Path: "/cgi-bin/material/add_material", HTTPStatus: 502, Every: every},
		{Path: "/cgi-bin/material/add_material", Hang: true, Times: 2}, // a timeout: the client gives up after 30 s
		{Path: "/cgi-bin/stable_token", HTTPStatus: 503, Every: every + 1},
		{Path: "/cgi-bin/draft/add", ErrCode: wechattest.CodeInvalidCredential, Every: every + 2},
		{Path: "/cgi-bin/draft/add", CutAnswer: true, Every: every + 3},
		{Path: "/cgi-bin/freepublish/submit", ErrCode: wechattest.CodeTokenExpired, Every: every + 4},
		{Path: "/cgi-bin/freepublish/submit", LoseAnswer: true, Every: every + 5},
		{Path: "/cgi-bin/freepublish/submit", ErrCode: wechattest.CodeSystemBusy, Every: every + 6},
		{Path: "/cgi-bin/freepublish/get", HTTPStatus: 500, Every: every + 1},
	}
}

// replyFaults are the WeChat faults of customer-service replies: those
// after which WeChat has sent nothing (see killReplies for why a lost
// answer is not among them).
func replyFaults(every int) []wechattest.Fault {
	return []wechattest.Fault{
		{Path: "/cgi-bin/message/custom/send", HTTPStatus: 502, Every: every},
		{Path: "/cgi-bin/message/custom/send", ErrCode: wechattest.CodeInvalidCredential, Every: every + 1},
		{Path: "/cgi-bin/message/custom/send", ErrCode: wechattest.CodeSystemBusy, Every: every + 2},
		{Path: "/cgi-bin/message/custom/send", Hang: true, Times: 1},
	}
}

// TestUpstreamFaultsEndInTheRightStates fans a publication out, has
// citizens' questions answered and a burst of decisions pressed while the
// stand-ins fail a steady share of calls: WeChat with the faults above and
// the daily quota (45009) for a few accounts, Telegram with 429 and
// retry_after. Every account gets the publication once, save those out of
// quota, which wait for tomorrow with the reason noted; every citizen gets
// one reply; every applicant's note arrives once, and none is sent into a
// chat Telegram asked to wait.
func TestUpstreamFaultsEndInTheRightStates(t *testing.T) {
	size := chaosLongForm(t)
	every := faultEvery(t)
	w := newChaosWorld(t, wechattest.Options{PublishDelay: 300 * time.Millisecond, Latency: 10 * time.Millisecond})
	list := w.accounts("km.wuhua.dept.edu", "故障号", 0, size.accounts)
	quota := list[:3]
	for _, c := range quota {
		w.wx.Inject(wechattest.Fault{AppID: c.AppID, Path: "/cgi-bin/draft/add", ErrCode: wechattest.CodeDailyQuota})
	}
	for i, c := range list {
		if i%(every*3) == 1 {
			w.wx.ExpireTokens(c.AppID)
		}
	}
	for _, f := range append(fanOutFaults(every), replyFaults(every)...) {
		w.wx.Inject(f)
	}
	acct := w.seedClerks()
	w.start()
	p := submitApproved(t, w.ctx, w.reg, w.engine, w.pub, 801, 802, "km.wuhua.dept.edu", "冬季安全通知")
	w.everydayWork(acct, size)

	progress := func() publish.Progress { pr, _ := w.pub.Progress(w.ctx, p.ID); return pr }
	w.waitFor("every delivery but those out of quota to end", 5*time.Minute, func() bool {
		pr := progress()
		return pr.Total == len(list) && pr.Delivered == len(list)-len(quota)
	})
	w.exactlyOnce(list[len(quota):])
	w.checkOutOfQuota(quota)
	t.Logf("faults every %d calls: %d injected of %d WeChat calls; %+v", every, injected(w.wx.Calls("")), len(w.wx.Calls("")), progress())
	w.settle()
	w.stop()
	w.checkAuditVerifies()
}

// seedClerks binds the clerks who publish (801 operator, 802 approver,
// of the city office) and the one who answers citizens (9201, of the civil
// affairs bureau), and returns the bureau's account the citizens write to.
func (w *chaosWorld) seedClerks() wechat.Credentials {
	w.t.Helper()
	acct := w.accounts("km.dept.mz", "民政问答号", 90000, 1)[0]
	bindMember(w.t, w.url, chaosKey, 801, "km.office", registry.Operator)
	bindMember(w.t, w.url, chaosKey, 802, "km.office", registry.Approver)
	bindMember(w.t, w.url, chaosKey, 9201, "km.dept.mz", registry.Operator)
	return acct
}

// everydayWork has citizens ask and be answered while a burst of
// decisions is pressed, Telegram asking the bot to wait in the
// applicant's chat; every reply and every note must arrive once.
func (w *chaosWorld) everydayWork(acct wechat.Credentials, size chaosSize) {
	w.t.Helper()
	var work sync.WaitGroup
	work.Go(func() { w.answerAll(acct, citizenIDs(size.questions)) })
	w.tg.InjectTooManyRequests("sendMessage", applicant, 2, 2)
	pressed := w.decisions(size.decisions, 0)
	work.Wait()
	w.checkNotesOnce(applicant, pressed, size.decisions, 2*time.Second)
}

// answerAll has citizens ask and an operator answer each, and waits until
// every reply has gone; each citizen must receive exactly one.
func (w *chaosWorld) answerAll(acct wechat.Credentials, openids []string) {
	w.t.Helper()
	w.citizensAsk(acct, openids, nil)
	var ids []int64
	_ = w.db.NewRaw("SELECT id FROM questions WHERE account_id = ? ORDER BY id", acct.AccountID).Scan(w.ctx, &ids)
	m, _ := w.reg.MemberByTelegram(w.ctx, 9201)
	for i, id := range ids {
		if _, err := w.cz.Reply(w.ctx, m, id, fmt.Sprintf("您好，第%d个问题的答复如下。", i+1)); err != nil {
			w.t.Errorf("replying to question %d: %v", id, err)
		}
	}
	w.waitFor("every reply sent", 3*time.Minute, func() bool {
		return w.count("SELECT count(*) FROM question_messages m JOIN questions q ON q.id = m.question_id WHERE q.account_id = ? AND m.state = 'sent'", acct.AccountID) == len(openids)
	})
	w.checkAnsweredOnce(acct, openids)
}

// checkNotesOnce checks the bot sent chat n notes since, each once, none
// within retryAfter of a 429 Telegram answered there.
func (w *chaosWorld) checkNotesOnce(chat int64, since time.Time, n int, retryAfter time.Duration) {
	w.t.Helper()
	var texts []string
	var refused time.Time
	w.waitFor("the applicant's notes", 2*time.Minute, func() bool {
		texts, refused = nil, time.Time{}
		calls := w.tg.Calls("sendMessage")
		slices.SortFunc(calls, func(a, b telegramtest.Call) int { return a.At.Compare(b.At) })
		for _, c := range calls {
			switch {
			case c.Params["chat_id"] != strconv.FormatInt(chat, 10):
			case c.ErrorCode == 429:
				refused = c.At
			case !refused.IsZero() && c.At.Before(refused.Add(retryAfter)):
				w.t.Errorf("a note reached chat %d %s after the 429 that asked for %s", chat, c.At.Sub(refused), retryAfter)
			case c.OK && c.At.After(since):
				texts = append(texts, c.Params["text"])
			}
		}
		return len(texts) >= n
	})
	slices.Sort(texts)
	if len(slices.Compact(slices.Clone(texts))) != len(texts) || len(texts) != n {
		w.t.Errorf("chat %d got %d notes (%d distinct), want %d, each once", chat, len(texts), len(slices.Compact(slices.Clone(texts))), n)
	}
	if refused.IsZero() {
		w.t.Errorf("no send to chat %d drew the injected 429", chat)
	}
}

// checkOutOfQuota checks the deliveries to the accounts out of daily quota
// wait for tomorrow with the reason noted, and nothing reached them.
func (w *chaosWorld) checkOutOfQuota(quota []wechat.Credentials) {
	w.t.Helper()
	for _, c := range quota {
		var row struct {
			State string    `bun:"state"`
			Code  int64     `bun:"error_code"`
			Next  time.Time `bun:"next"`
		}
		err := w.db.NewRaw(`SELECT d.state, d.error_code, (SELECT max(j.scheduled_at) FROM river_job j WHERE j.kind = 'publish.delivery'
			AND (j.args->>'delivery_id')::bigint = d.id AND j.state IN ('scheduled', 'available')) AS next
			FROM deliveries d WHERE d.account_id = ?`, c.AccountID).Scan(w.ctx, &row)
		if err != nil {
			w.t.Fatal(err)
		}
		if row.Code != wechattest.CodeDailyQuota || row.Next.Before(time.Now().Add(time.Minute)) || w.wx.Counts(c.AppID).PublishesSubmitted != 0 {
			w.t.Errorf("account %d out of quota: delivery %s, error %d, next try %s, %d publishes; want it waiting for tomorrow with 45009 noted, nothing sent",
				c.AccountID, row.State, row.Code, row.Next, w.wx.Counts(c.AppID).PublishesSubmitted)
		}
	}
}

func injected(calls []wechattest.Call) int {
	n := 0
	for _, c := range calls {
		if c.Injected {
			n++
		}
	}
	return n
}
