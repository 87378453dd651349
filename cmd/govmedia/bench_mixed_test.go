package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"govmedia/bot/telegramtest"
	"govmedia/postgres/pgtest"
	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

// mixedTargets are the p99 each kind is held to under the mixed load:
// well within WeChat's 5 s for a callback and Telegram's patience with a
// press, and a page as quick as a person expects.
var mixedTargets = map[string]time.Duration{
	"citizen message (callback)":   500 * time.Millisecond,
	"directory read":               200 * time.Millisecond,
	"catalog read":                 200 * time.Millisecond,
	"decision (press to recorded)": 3 * time.Second,
	"reply (queued to sent)":       10 * time.Second,
}

// mixedLoad is how long the mixed load runs.
const mixedLoad = 60 * time.Second

// latencies collects each kind's latencies and errors.
type latencies struct {
	mu     sync.Mutex
	byKind map[string][]time.Duration
	errors map[string]int
	first  map[string]string
}

func (l *latencies) add(kind string, d time.Duration, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		l.errors[kind]++
		if l.first[kind] == "" {
			l.first[kind] = err.Error()
		}
		return
	}
	l.byKind[kind] = append(l.byKind[kind], d)
}

// TestBenchMixedLoad runs one serve process for 60 s under a sustained
// mix: citizens' messages through WeChat's callback, directory and
// catalog reads from many clients, approvers pressing decisions in
// Telegram, a 2,000-account fan-out going out, and operators' replies to
// citizens. It reports p50 and p99 per kind, requires zero errors, and
// reports the process's peak RSS (VmHWM).
func TestBenchMixedLoad(t *testing.T) {
	pgtest.Bench(t)
	w := newChaosWorld(t, wechattest.Options{PublishDelay: 300 * time.Millisecond, Latency: 30 * time.Millisecond})
	w.extraEnv = []string{"GOVMEDIA_TRUSTED_PROXIES=127.0.0.1"}
	w.accounts("km.wuhua.dept.edu", "压测号", 0, 2000)
	acct := w.seedClerks()
	w.runCLI("catalog", "import", "--org", "km.wuhua", filepath.Join("..", "..", "catalog", "testdata", "libreoffice", "county-filled.xlsx"))
	if _, err := w.db.ExecContext(w.ctx, "UPDATE catalog_versions SET state = 'current', current_since = now()"); err != nil {
		t.Fatal(err)
	}
	w.start()
	steps, _ := w.prepareDecisions(65) // posted at one a second: Telegram's limit in the approver's chat
	submitApproved(t, w.ctx, w.reg, w.engine, w.pub, 801, 802, "km.wuhua.dept.edu", "冬季安全通知")

	lat := &latencies{byKind: map[string][]time.Duration{}, errors: map[string]int{}, first: map[string]string{}}
	ctx, cancel := context.WithTimeout(context.Background(), mixedLoad)
	defer cancel()
	peak := make(chan int, 1)
	go func() { peak <- w.peakRSS(ctx) }()
	var load sync.WaitGroup
	paced := func(kind string, every time.Duration, f func(i int) error) {
		load.Go(func() {
			tick := time.NewTicker(every)
			defer tick.Stop()
			var inFlight sync.WaitGroup
			for i := 0; ; i++ {
				select {
				case <-ctx.Done():
					inFlight.Wait()
					return
				case <-tick.C:
				}
				inFlight.Go(func() {
					began := time.Now()
					err := f(i)
					lat.add(kind, time.Since(began), err)
				})
			}
		})
	}
	openids := citizenIDs(2000)
	paced("citizen message (callback)", 100*time.Millisecond, func(i int) error { return w.citizenMessage(acct, openids[i%len(openids)], i) })
	paced("directory read", 50*time.Millisecond, func(i int) error { return w.publicGet(i, "/api/v1/accounts?q=压测号"+strconv.Itoa(i%2000)) })
	paced("catalog read", 100*time.Millisecond, func(i int) error { return w.publicGet(i, "/catalogs/km.wuhua") })
	paced("decision (press to recorded)", time.Second, func(i int) error { return w.decideOne(steps, i) })
	paced("reply (queued to sent)", 500*time.Millisecond, func(i int) error { return w.replyOne(acct, i) })
	load.Wait()
	rss := <-peak

	kinds := slices.Sorted(func(yield func(string) bool) {
		for k := range lat.byKind {
			if !yield(k) {
				return
			}
		}
	})
	for _, k := range kinds {
		d := lat.byKind[k]
		if len(d) == 0 {
			t.Errorf("%s: nothing done", k)
			continue
		}
		slices.Sort(d)
		p50, p99 := d[len(d)/2], d[len(d)*99/100]
		target := mixedTargets[k]
		pgtest.BenchRow("mixed load 60 s: "+k+" p50", ms(p50), "ms", "-", true)
		pgtest.BenchRow("mixed load 60 s: "+k+" p99", ms(p99), "ms", fmt.Sprintf("< %d", target.Milliseconds()), p99 < target)
		t.Logf("%s: %d done, p50 %.1f ms, p99 %.1f ms, %d errors", k, len(d), ms(p50), ms(p99), lat.errors[k])
	}
	errs := 0
	for k, n := range lat.errors {
		errs += n
		t.Errorf("%s: %d errors; the first: %s", k, n, lat.first[k])
	}
	pr, _ := w.pub.Progress(w.ctx, 1)
	pgtest.BenchRow("mixed load 60 s: errors", float64(errs), "count", "0", errs == 0)
	pgtest.BenchRow("mixed load 60 s: serve's peak RSS (VmHWM)", float64(rss)/1024, "MB", "< 512", rss > 0 && rss < 512*1024)
	pgtest.BenchRow("mixed load 60 s: fan-out deliveries delivered (of 2,000)", float64(pr.Delivered), "count", "> 0", pr.Delivered > 0)
	t.Logf("fan-out by the end: %+v; peak RSS %d kB", pr, rss)
	w.stop()
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// peakRSS reads serve's VmHWM (kB) from /proc when ctx ends.
func (w *chaosWorld) peakRSS(ctx context.Context) int {
	<-ctx.Done()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", w.child.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	return 0
}

// citizenMessage has a follower follow (the first time) and write.
func (w *chaosWorld) citizenMessage(acct wechat.Credentials, openid string, i int) error {
	if i < 2000 {
		if _, err := w.wx.Follow(acct.AppID, openid); err != nil {
			return err
		}
	}
	r, err := w.wx.SendText(acct.AppID, openid, fmt.Sprintf("我想反映小区路灯不亮的问题（%d）", i))
	if err == nil && r.Empty {
		err = fmt.Errorf("an empty answer")
	}
	return err
}

// publicGet reads a public page as one of many citizens (a trusted proxy
// names each in X-Forwarded-For).
func (w *chaosWorld) publicGet(i int, path string) error {
	req, _ := http.NewRequest(http.MethodGet, "http://"+w.addr+path, nil)
	req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", rand.IntN(250), rand.IntN(250), 1+i%250))
	resp, err := httpClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("%s: %d", path, resp.StatusCode)
	}
	return nil
}

// decideOne has the approver press "approve" on the card of steps[i] and
// waits until the decision is recorded.
func (w *chaosWorld) decideOne(steps []int64, i int) error {
	if i >= len(steps) {
		return fmt.Errorf("only %d applications were prepared", len(steps))
	}
	var card struct {
		ChatID    int64 `bun:"chat_id"`
		MessageID int   `bun:"message_id"`
	}
	if err := w.db.NewRaw("SELECT chat_id, message_id FROM bot_cards WHERE step_id = ?", steps[i]).Scan(w.ctx, &card); err != nil {
		return err
	}
	if _, err := w.tg.PressButton(telegramtest.ButtonPress{ChatID: card.ChatID, From: approver, MessageID: card.MessageID,
		Data: fmt.Sprintf("d:a:%d", steps[i])}); err != nil {
		return err
	}
	return w.within(30*time.Second, func() bool {
		return w.count("SELECT count(*) FROM application_steps WHERE id = ? AND state = 'approved'", steps[i]) == 1
	})
}

// replyOne has the operator answer the i-th question and waits until the
// reply has gone to WeChat.
func (w *chaosWorld) replyOne(acct wechat.Credentials, i int) error {
	var id int64
	asked := func() bool { // the citizens' load asks them: the first may not be in yet
		return w.db.NewRaw("SELECT id FROM questions WHERE account_id = ? ORDER BY id OFFSET ? LIMIT 1", acct.AccountID, i).Scan(w.ctx, &id) == nil
	}
	if err := w.within(10*time.Second, asked); err != nil {
		return fmt.Errorf("question %d never asked: %w", i, err)
	}
	m, err := w.reg.MemberByTelegram(w.ctx, 9201)
	if err != nil {
		return err
	}
	msg, err := w.cz.Reply(w.ctx, m, id, "您好，已转相关科室办理。")
	if err != nil {
		return err
	}
	return w.within(30*time.Second, func() bool {
		return w.count("SELECT count(*) FROM question_messages WHERE id = ? AND state = 'sent'", msg.ID) == 1
	})
}

// within polls cond until it holds, or fails after d.
func (w *chaosWorld) within(d time.Duration, cond func() bool) error {
	for deadline := time.Now().Add(d); !cond(); {
		if time.Now().After(deadline) {
			return fmt.Errorf("not done within %s", d)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return nil
}
