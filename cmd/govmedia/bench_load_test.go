package main

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"govmedia/bot/telegramtest"
	"govmedia/postgres/pgtest"
	"govmedia/publish/wechattest"
	"govmedia/registry"
	"govmedia/registry/registrytest"
	"govmedia/wechat"
)

// loadKinds are the requests of the mixed load, each with its rate per
// second, its p99 target and what it measures.
var loadKinds = []struct {
	name   string
	rate   int
	target time.Duration
}{
	{"citizens' keyword callbacks (safe mode)", 20, 500 * time.Millisecond},
	{"citizens' questions (callback)", 3, 500 * time.Millisecond},
	{"replies reaching WeChat (customer-service message)", 3, 10 * time.Second},
	{"directory and verify pages", 15, 200 * time.Millisecond},
	{"catalog pages and search", 10, 200 * time.Millisecond},
	{"decisions pressed in Telegram (press to answer)", 2, 3 * time.Second},
}

// loadRun collects the latencies and errors of one kind.
type loadRun struct {
	mu     sync.Mutex
	took   []time.Duration
	errors []string
}

func (l *loadRun) add(d time.Duration, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		l.errors = append(l.errors, err.Error())
		return
	}
	l.took = append(l.took, d)
}

func (l *loadRun) quantile(q float64) time.Duration {
	if len(l.took) == 0 {
		return 0
	}
	s := slices.Clone(l.took)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// TestBenchMixedLoad runs serve as a process of its own for 60 s
// (GOVMEDIA_LOAD_SECONDS) under citizens' callbacks and questions, the
// operators' replies, directory and catalog reads and decisions pressed
// in Telegram, with a 500-account fan-out under way; it prints p50 and
// p99 per kind, the errors (none is the target), the fan-out's progress
// and serve's peak resident memory.
func TestBenchMixedLoad(t *testing.T) {
	pgtest.Bench(t)
	w := newChaosWorld(t, wechattest.Options{})
	w.start()
	seconds := 60
	if v, err := strconv.Atoi(os.Getenv("GOVMEDIA_LOAD_SECONDS")); err == nil && v > 0 {
		seconds = v
	}
	w.accounts("km.wuhua.dept.edu", "压测推送号", 0, 500)
	qa := w.accounts("km.dept.mz", "压测问答号", 90000, 1)[0]
	steps := w.loadApplications(seconds * 3)
	bindMember(w.t, w.url, chaosKey, 801, "km.office", registry.Operator)
	bindMember(w.t, w.url, chaosKey, 802, "km.office", registry.Approver)
	bindMember(w.t, w.url, chaosKey, 9201, "km.dept.mz", registry.Operator)
	w.followAll(qa, 200)
	pub := submitApproved(w.t, w.ctx, w.reg, w.engine, w.pub, 801, 802, "km.wuhua.dept.edu", "压测期间的通知")
	runs := make([]*loadRun, len(loadKinds))
	for i := range runs {
		runs[i] = &loadRun{}
	}
	began := time.Now()
	deadline := began.Add(time.Duration(seconds) * time.Second)
	var wg sync.WaitGroup
	for i, k := range loadKinds {
		wg.Go(func() { w.loadKind(i, k.rate, deadline, runs, qa, steps) })
	}
	wg.Wait()
	w.waitFor("every press answered", time.Minute, func() bool { return w.unanswered() == 0 })
	w.loadDecisionTimes(runs[5])
	w.waitFor("every reply sent", time.Minute, func() bool { return w.repliesPending(qa) == 0 })
	w.loadReplyTimes(runs[2], qa)
	progress, _ := w.pub.Progress(w.ctx, pub.ID)
	peak := peakRSS(t, w.child.cmd.Process.Pid)
	for i, k := range loadKinds {
		r := runs[i]
		p99 := r.quantile(0.99)
		pgtest.BenchRow("mixed load: "+k.name+" p50", float64(r.quantile(0.5).Microseconds())/1000, "ms", "", len(r.errors) == 0)
		pgtest.BenchRow("mixed load: "+k.name+" p99", float64(p99.Microseconds())/1000, "ms",
			"< "+strconv.FormatInt(k.target.Milliseconds(), 10), p99 < k.target && len(r.errors) == 0)
		pgtest.BenchRow("mixed load: "+k.name+" errors ("+strconv.Itoa(len(r.took))+" done)", float64(len(r.errors)), "", "0", len(r.errors) == 0)
		if len(r.errors) > 0 {
			t.Errorf("%s: %d errors, the first: %s", k.name, len(r.errors), r.errors[0])
		}
	}
	pgtest.BenchRow(fmt.Sprintf("mixed load: fan-out deliveries done in %d s (of 500)", seconds), float64(progress.Delivered), "", "> 0", progress.Delivered > 0)
	pgtest.BenchRow("mixed load: serve's peak resident memory", float64(peak)/1024, "MiB", "< 512", peak < 512*1024)
}

// loadKind sends kind i at its rate until deadline, open loop: a slow
// answer does not slow the arrivals.
func (w *chaosWorld) loadKind(i, rate int, deadline time.Time, runs []*loadRun, qa wechat.Credentials, steps []loadStep) {
	var wg sync.WaitGroup
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	for n := 0; time.Now().Before(deadline); n++ {
		<-tick.C
		if i == 5 && n >= len(steps) {
			break
		}
		wg.Go(func() { w.loadOne(i, n, runs, qa, steps) })
	}
	wg.Wait()
}

// loadOne makes request n of kind i.
func (w *chaosWorld) loadOne(i, n int, runs []*loadRun, qa wechat.Credentials, steps []loadStep) {
	start := time.Now()
	var err error
	switch i {
	case 0:
		err = w.keywordCallback(qa, n)
	case 1:
		err = w.askQuestion(qa, n)
	case 2:
		err = w.replyToOne(qa)
		if err == nil {
			return // timed when WeChat receives it
		}
	case 3:
		err = w.getOK([]string{"/", "/verify?q=" + url.QueryEscape("压测推送号00001"), "/api/v1/accounts?q=" + url.QueryEscape("压测")}[n%3])
	case 4:
		err = w.getOK([]string{"/catalogs", "/catalogs/km.wuhua", "/api/v1/catalogs/search?q=" + url.QueryEscape("学")}[n%3])
	case 5:
		err = w.pressDecision(steps[n])
		if err == nil {
			return // timed by the answer Telegram received
		}
	}
	runs[i].add(time.Since(start), err)
}

// followAll has the keyword callbacks' n citizens follow the account.
func (w *chaosWorld) followAll(qa wechat.Credentials, n int) {
	w.t.Helper()
	for i := range n {
		if _, err := w.wx.Follow(qa.AppID, keywordCitizen(i)); err != nil {
			w.t.Fatal(err)
		}
	}
}

func keywordCitizen(i int) string { return fmt.Sprintf("oLoadKeyword%016d", i) }

func (w *chaosWorld) keywordCallback(qa wechat.Credentials, n int) error {
	o := keywordCitizen(n % 200)
	r, err := w.wx.SendText(qa.AppID, o, []string{"低保", "入学", "学", "补贴"}[n%4])
	if err == nil && r.Empty {
		err = fmt.Errorf("a keyword was answered with nothing")
	}
	return err
}

func (w *chaosWorld) askQuestion(qa wechat.Credentials, n int) error {
	o := fmt.Sprintf("oLoadQuestion%015d", n)
	if _, err := w.wx.Follow(qa.AppID, o); err != nil {
		return err
	}
	_, err := w.wx.SendText(qa.AppID, o, "人工：压测期间的第"+strconv.Itoa(n)+"个问题")
	return err
}

var replying sync.Mutex // one operator, answering one question at a time

// replyToOne has the operator answer the oldest question not answered.
func (w *chaosWorld) replyToOne(qa wechat.Credentials) error {
	replying.Lock()
	defer replying.Unlock()
	var id int64
	err := w.db.NewRaw(`SELECT q.id FROM questions q WHERE q.account_id = ? AND NOT EXISTS
		(SELECT 1 FROM question_messages m WHERE m.question_id = q.id AND NOT m.from_citizen) ORDER BY q.id LIMIT 1`,
		qa.AccountID).Scan(w.ctx, &id)
	if err != nil {
		return nil // nothing to answer yet: the next tick
	}
	m, err := w.reg.MemberByTelegram(w.ctx, 9201)
	if err != nil {
		return err
	}
	_, err = w.cz.Reply(w.ctx, m, id, "您好，压测期间的答复。")
	return err
}

func (w *chaosWorld) getOK(path string) error {
	if s := httpStatus("http://" + w.addr + path); s != 200 {
		return fmt.Errorf("GET %s: %d", path, s)
	}
	return nil
}

// loadStep is an application waiting at 五华区政府办, with its card.
type loadStep struct {
	step      int64
	chat      int64
	messageID int
	pressed   time.Time
	query     string
}

// loadApplications submits n applications and waits for their cards in
// the office's review chat.
func (w *chaosWorld) loadApplications(n int) []loadStep {
	w.t.Helper()
	bindMember(w.t, w.url, chaosKey, approver, "km.wuhua.office", registry.Approver)
	bindMember(w.t, w.url, chaosKey, applicant, "km.wuhua.dept.mz", registry.Operator)
	w.greet(approver, "审批人")
	m, err := w.reg.MemberByTelegram(w.ctx, applicant)
	if err != nil {
		w.t.Fatal(err)
	}
	ids := make([]int64, n)
	for i := range ids {
		f := registrytest.WeChat(fmt.Sprintf("压测新开号%03d", i))
		f.SecondAccountReason = "压测另设"
		app, err := w.engine.SubmitOpen(w.ctx, m, f)
		if err != nil {
			w.t.Fatal(err)
		}
		ids[i] = app.PendingStep().ID
	}
	w.waitFor("a card for every application", 3*time.Minute, func() bool {
		return w.count("SELECT count(DISTINCT step_id) FROM bot_cards WHERE step_id IN (?)", bun.In(ids)) == n
	})
	var cards []struct {
		StepID    int64 `bun:"step_id"`
		ChatID    int64 `bun:"chat_id"`
		MessageID int   `bun:"message_id"`
	}
	if err := w.db.NewRaw(`SELECT DISTINCT ON (step_id) step_id, chat_id, message_id FROM bot_cards WHERE step_id IN (?) ORDER BY step_id`,
		bun.In(ids)).Scan(w.ctx, &cards); err != nil {
		w.t.Fatal(err)
	}
	out := make([]loadStep, len(cards))
	for i, c := range cards {
		out[i] = loadStep{step: c.StepID, chat: c.ChatID, messageID: c.MessageID}
	}
	return out
}

// greet has a bound member open their chat with the bot (/start), which
// the bot can write to from then on.
func (w *chaosWorld) greet(id int64, name string) {
	w.t.Helper()
	w.tg.AddUser(telegramtest.User{ID: id, FirstName: name, LanguageCode: "zh-hans"})
	if _, err := w.tg.SendText(id, id, "/start"); err != nil {
		w.t.Fatal(err)
	}
	w.waitFor("the bot to greet", time.Minute, func() bool {
		v, err := w.tg.View(id)
		return err == nil && slices.ContainsFunc(v.Messages, func(m telegramtest.Bubble) bool { return m.FromBot })
	})
}

var pressed sync.Map // query id → when it was pressed

func (w *chaosWorld) pressDecision(s loadStep) error {
	at := time.Now()
	p, err := w.tg.PressButton(telegramtest.ButtonPress{ChatID: s.chat, From: approver, MessageID: s.messageID, Data: fmt.Sprintf("d:a:%d", s.step)})
	if err != nil {
		return err
	}
	pressed.Store(p.QueryID, at)
	return nil
}

// unanswered counts the presses not answered yet.
func (w *chaosWorld) unanswered() int {
	answered := map[string]bool{}
	for _, c := range w.tg.Calls("answerCallbackQuery") {
		answered[c.Params["callback_query_id"]] = true
	}
	n := 0
	pressed.Range(func(k, _ any) bool {
		if !answered[k.(string)] {
			n++
		}
		return true
	})
	return n
}

// loadDecisionTimes times each press to its answerCallbackQuery; a press
// never answered is an error.
func (w *chaosWorld) loadDecisionTimes(r *loadRun) {
	answered := map[string]time.Time{}
	for _, c := range w.tg.Calls("answerCallbackQuery") {
		answered[c.Params["callback_query_id"]] = c.At
	}
	pressed.Range(func(k, v any) bool {
		if at, ok := answered[k.(string)]; ok {
			r.add(at.Sub(v.(time.Time)), nil)
		} else {
			r.add(0, fmt.Errorf("a press was never answered"))
		}
		return true
	})
}

func (w *chaosWorld) repliesPending(qa wechat.Credentials) int {
	return w.count(`SELECT count(*) FROM question_messages m JOIN questions q ON q.id = m.question_id
		WHERE q.account_id = ? AND NOT m.from_citizen AND m.state NOT IN ('sent', 'refused')`, qa.AccountID)
}

// loadReplyTimes times each reply from when it was written to when
// WeChat received it; a reply WeChat did not receive is an error.
func (w *chaosWorld) loadReplyTimes(r *loadRun, qa wechat.Credentials) {
	var written []struct {
		At   time.Time `bun:"at"`
		Open string    `bun:"state"`
	}
	if err := w.db.NewRaw(`SELECT m.at, m.state FROM question_messages m JOIN questions q ON q.id = m.question_id
		WHERE q.account_id = ? AND NOT m.from_citizen ORDER BY m.id`, qa.AccountID).Scan(w.ctx, &written); err != nil {
		r.add(0, err)
		return
	}
	got := w.wx.CustomMessages(qa.AppID)
	for i, m := range written {
		if m.Open != "sent" || i >= len(got) {
			r.add(0, fmt.Errorf("a reply ended %s", m.Open))
			continue
		}
		r.add(got[i].At.Sub(m.At), nil)
	}
}

// peakRSS is a process's peak resident set (VmHWM), in KiB.
func peakRSS(t *testing.T, pid int) int {
	raw, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}
