package bot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"govmedia/postgres/pgtest"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/bot"
	"govmedia/bot/telegramtest"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// The webhook benchmark's shape: simulated people each wait for the bot's
// answer before they write again, as people do.
const (
	benchUsers        = 32                      // people sending /help, each with one update in flight
	benchPhase        = 1500 * time.Millisecond // one measurement
	benchHelpRounds   = 5                       // /help and bare+lookup runs, each followed by a bare run
	benchDecRounds    = 3                       // decision runs, each followed by a bare run
	benchOffices      = 8                       // review groups where decisions are pressed, one press in flight each
	benchDecPerOffice = 45                      // presses per office in one decision run
)

// benchLimits are the harness's fast limits without their overall cap of
// 1,000 messages a second, which /help would otherwise hit: the sender
// still books every send, but does not set the rate.
var benchLimits = bot.Limits{PerChat: fastLimits.PerChat, GroupWindow: fastLimits.GroupWindow, GroupCount: fastLimits.GroupCount, Overall: 1_000_000}

// benchCounties get a department each, whose applications go first to
// the county's office and its review group.
var benchCounties = []string{"panlong", "guandu", "dongchuan", "chenggong", "jinning", "anning", "fumin", "yiliang", "shilin", "songming", "luquan", "xundian"}

// TestBenchWebhook measures updates handled per second through the
// webhook handler, from the POST of an update to the stand-in recording
// the bot's answer: for /help (a plain command) and for a press of
// "✅ 同意" on a review card (a decision), each as a ratio to a bare
// go-telegram/bot handler that only answers, measured in the same run,
// and the p99 latency of each. The bot keeps the harness's fast limits
// (without the overall cap), so that its rate limiter is not what is
// measured. Runs alternate with bare runs: bare, then (/help, bare handler
// with the bot's one query, bare) five times, then (decisions, bare) three
// times; each run is set against the mean of the bare runs either side of
// it, and the rows give the median.
func TestBenchWebhook(t *testing.T) {
	pgtest.Bench(t)
	wb := newWebhookBench(t)
	presses := wb.preparePresses(benchDecRounds)
	wb.warmUp()

	bare := []phaseResult{wb.run(wb.bareURL)}
	var help, lookup, decide []phaseResult
	var helpRatios, lookupRatios, decideRatios []float64
	for i := range benchHelpRounds {
		help = append(help, wb.run(wb.hookURL))
		lookup = append(lookup, wb.run(wb.lookupURL))
		bare = append(bare, wb.run(wb.bareURL))
		base := (bare[i].rate() + bare[i+1].rate()) / 2
		helpRatios = append(helpRatios, help[i].rate()/base)
		lookupRatios = append(lookupRatios, lookup[i].rate()/base)
		t.Logf("bare %.0f/s, %.0f/s (p99 %.1f, %.1f ms): /help %.0f/s, p99 %.1f ms, ×%.2f; bare+lookup %.0f/s, ×%.2f",
			bare[i].rate(), bare[i+1].rate(), ms(bare[i].p99()), ms(bare[i+1].p99()), help[i].rate(), ms(help[i].p99()), helpRatios[i],
			lookup[i].rate(), lookupRatios[i])
	}
	for i := range benchDecRounds {
		decide = append(decide, wb.runDecisions(presses[i]))
		bare = append(bare, wb.run(wb.bareURL))
		before, after := bare[len(bare)-2], bare[len(bare)-1]
		decideRatios = append(decideRatios, decide[i].rate()/((before.rate()+after.rate())/2))
		t.Logf("bare %.0f/s, %.0f/s: decisions %.0f/s, p99 %.1f ms, ×%.3f", before.rate(), after.rate(), decide[i].rate(), ms(decide[i].p99()), decideRatios[i])
	}
	if n := wb.bareErrors.Load(); n > 0 {
		t.Fatalf("the bare handlers failed %d times", n)
	}
	helpRatio := median(helpRatios)
	pgtest.BenchRow(fmt.Sprintf("webhook /help updates/s ÷ bare go-telegram/bot handler (%d users in flight; fast limits, overall cap lifted)", benchUsers),
		helpRatio, "ratio", "≥ 0.5", helpRatio >= 0.5)
	pgtest.BenchRow(fmt.Sprintf("webhook decisions (✅ 同意 on a card) updates/s ÷ bare handler (%d review groups; fast limits, overall cap lifted)", benchOffices),
		median(decideRatios), "ratio", "-", true)
	pgtest.BenchRow("webhook /help p99 latency, update posted → answer recorded (32 in flight)", ms(pooled(help).p99()), "ms", "-", true)
	pgtest.BenchRow("webhook decision p99 latency, press posted → answerCallbackQuery recorded (8 in flight)", ms(pooled(decide).p99()), "ms", "-", true)
	pgtest.BenchRow("bare handler that also looks the sender up in PostgreSQL, as the bot does for every update, ÷ bare handler", median(lookupRatios), "ratio", "-", true)
	pgtest.BenchRow("bare go-telegram/bot handler, updates/s (this machine, this run)", math.Round(meanRate(bare)), "updates/s", "-", true)
}

// webhookBench is a world in webhook mode with what the phases need.
type webhookBench struct {
	t          *testing.T
	w          *world
	front      *hookFront
	hookURL    string
	secret     string
	client     *http.Client
	watch      *replyWatch
	users      []person
	offices    []benchOffice
	helpText   string // the bot's answer to /help, which the bare handler sends too
	bareURL    string
	lookupURL  string // a bare handler that first looks the sender up, as the bot does
	bareErrors atomic.Int64
	updateID   atomic.Int64
}

// benchOffice is a county office with its review group, a reviewer in it,
// and an applicant in a department under the county.
type benchOffice struct {
	code      string
	group     int64
	reviewer  person
	applicant person
}

// newWebhookBench builds the world: benchUsers operators, and
// benchOffices offices each with a review group; every person has written
// to the bot once, as Telegram requires before the bot may write to them.
func newWebhookBench(t *testing.T) *webhookBench {
	wb := &webhookBench{t: t, front: &hookFront{}, watch: newReplyWatch(),
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}, Timeout: 30 * time.Second}}
	srv := httptest.NewServer(wb.front)
	t.Cleanup(srv.Close)
	wb.hookURL = srv.URL + "/telegram/webhook"
	opts := worldOpts{webhook: wb.hookURL, limits: benchLimits, tg: telegramtest.Options{CallbackAnswerWindow: time.Hour}}
	wb.w = newWorld(t, opts)
	w := wb.w
	w.restart(opts, serviceWorkers)
	wb.front.set(w.bot.WebhookHandler())
	wb.secret = wb.webhookSecret()

	ctx := context.Background()
	var rows []registry.OrgRow
	for i, county := range benchCounties[:benchOffices] {
		rows = append(rows, registry.OrgRow{Row: i + 1, Org: registry.Org{Code: "km." + county + ".dept.bench", ParentCode: "km." + county,
			Kind: registry.Department, Level: registry.County, Name: fmt.Sprintf("%s区教育体育局", county)}})
	}
	if _, err := w.env.Registry.ImportOrgs(ctx, govmedia.Operator("bench"), rows); err != nil {
		t.Fatal(err)
	}
	for i := range benchUsers {
		wb.users = append(wb.users, w.bind(int64(7001+i), fmt.Sprintf("运营%02d", i), "km.wuhua.dept.edu", registry.Operator))
	}
	for i, county := range benchCounties[:benchOffices] {
		o := benchOffice{code: "km." + county + ".office", group: int64(-1007001 - i)}
		o.reviewer = w.bind(int64(7101+i), fmt.Sprintf("审核%02d", i), o.code, registry.Reviewer)
		o.applicant = w.bind(int64(7201+i), fmt.Sprintf("申请%02d", i), "km."+county+".dept.bench", registry.Operator)
		w.group(o.group, county+"审核群", o.code, o.reviewer.id)
		wb.offices = append(wb.offices, o)
	}
	var everyone []int64
	for _, p := range wb.users {
		everyone = append(everyone, p.id)
	}
	for _, o := range wb.offices {
		everyone = append(everyone, o.applicant.id)
	}
	for _, id := range everyone {
		w.say(person{id: id}, "/help")
	}
	waitSends(t, w.tg, everyone, nil, 1, 30*time.Second)
	for _, c := range w.tg.Calls("sendMessage") {
		if c.Params["chat_id"] == fmt.Sprint(wb.users[0].id) {
			wb.helpText = c.Params["text"]
		}
	}
	wb.bareURL = wb.startBare(false)
	wb.lookupURL = wb.startBare(true)
	go wb.watch.run(t.Context(), w.tg)
	return wb
}

// webhookSecret is the secret token the bot gave Telegram with setWebhook.
func (wb *webhookBench) webhookSecret() string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		if calls := wb.w.tg.Calls("setWebhook"); len(calls) > 0 {
			return calls[len(calls)-1].Params["secret_token"]
		}
		select {
		case <-wb.w.tg.Changes():
		case <-ctx.Done():
		}
	}
	wb.t.Fatal("the bot never set its webhook")
	return ""
}

// startBare serves a bare go-telegram/bot bot on the same stand-in, whose
// only handler answers every message with the bot's /help text (so that
// the stand-in does the same work for both), and returns its webhook URL.
// With lookup, the handler first looks the sender up in the registry, the
// one query the bot makes for every update.
func (wb *webhookBench) startBare(lookup bool) string {
	b, err := tgbot.New(wb.w.tg.Token(), tgbot.WithServerURL(wb.w.tg.URL()), tgbot.WithSkipGetMe(),
		tgbot.WithWebhookSecretToken(wb.secret),
		tgbot.WithErrorsHandler(func(error) { wb.bareErrors.Add(1) }),
		tgbot.WithDefaultHandler(func(ctx context.Context, b *tgbot.Bot, u *models.Update) {
			if u.Message == nil {
				return
			}
			if lookup {
				if _, err := wb.w.env.Registry.MemberByTelegram(ctx, u.Message.From.ID); err != nil {
					wb.bareErrors.Add(1)
				}
			}
			_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: wb.helpText, ParseMode: models.ParseModeHTML,
				LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()}})
			if err != nil {
				wb.bareErrors.Add(1)
			}
		}))
	if err != nil {
		wb.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); b.StartWebhook(ctx) }()
	srv := httptest.NewServer(b.WebhookHandler())
	wb.t.Cleanup(func() { srv.Close(); cancel(); <-done })
	return srv.URL + "/webhook"
}

// warmUp runs each kind of /help phase briefly, unmeasured.
func (wb *webhookBench) warmUp() {
	for _, url := range []string{wb.bareURL, wb.hookURL, wb.lookupURL} {
		wb.closedLoop(url, benchUsers, 500*time.Millisecond, wb.helpUpdate)
	}
}

// run has the users send /help to the webhook at url for benchPhase.
func (wb *webhookBench) run(url string) phaseResult {
	wb.waitQueueIdle()
	return wb.closedLoop(url, benchUsers, benchPhase, wb.helpUpdate)
}

// runDecisions has each office's reviewer approve its prepared cards one
// after another.
func (wb *webhookBench) runDecisions(presses [][]press) phaseResult {
	wb.waitQueueIdle()
	r := wb.closedLoop(wb.hookURL, len(presses), benchPhase, func(client, i int) ([]byte, replyKey, bool) {
		if i >= len(presses[client]) {
			return nil, replyKey{}, false
		}
		p := presses[client][i]
		return p.body, replyKey{telegramtest.EventAnswered, p.chat, p.msg}, true
	})
	wb.waitQueueIdle() // the next cards, redraws and notes the decisions queued
	wb.checkDecided(presses, r.count)
	return r
}

// checkDecided checks that every press the run answered was a decision:
// answered with a toast, not an alert, and its card redrawn without the
// decision buttons.
func (wb *webhookBench) checkDecided(presses [][]press, count int) {
	answered := 0
	for _, list := range presses {
		if len(list) == 0 {
			continue
		}
		v, err := wb.w.tg.View(list[0].chat)
		if err != nil {
			wb.t.Fatal(err)
		}
		cards := map[int]telegramtest.Bubble{}
		for _, m := range v.Messages {
			cards[m.MessageID] = m
		}
		for _, p := range list {
			card := cards[p.msg]
			if len(card.Presses) == 0 || !card.Presses[0].Answered {
				continue
			}
			answered++
			if card.Presses[0].ShowAlert || card.Edits == 0 || strings.Contains(buttonsOf(card), "同意") {
				wb.t.Errorf("a press in chat %d was not a decision: %+v, buttons %q, %d edits", p.chat, card.Presses[0], buttonsOf(card), card.Edits)
			}
		}
	}
	if answered != count {
		wb.t.Errorf("%d presses answered, %d counted", answered, count)
	}
}

// press is a captured callback_query update for one card.
type press struct {
	body []byte
	chat int64
	msg  int
}

// preparePresses submits benchDecPerOffice applications per office for
// each of rounds decision runs, waits for their cards, and presses
// "✅ 同意" on each through the stand-in while the webhook only captures
// the updates, so that the phases can post them (with their real callback
// query ids) when they choose. It returns them by round and office.
func (wb *webhookBench) preparePresses(rounds int) [][][]press {
	w, ctx := wb.w, context.Background()
	began := time.Now()
	defer func() { wb.t.Logf("preparing the presses took %.1fs", time.Since(began).Seconds()) }()
	var steps []int64
	for i, o := range wb.offices {
		for k := range rounds * benchDecPerOffice {
			f := registrytest.WeChat(fmt.Sprintf("%s基准%04d", benchCounties[i], k))
			f.SecondAccountReason = "分领域运营"
			app, err := w.engine.SubmitOpen(ctx, o.applicant.member, f)
			if err != nil {
				wb.t.Fatal(err)
			}
			steps = append(steps, app.PendingStep().ID)
		}
	}
	wb.waitQueueIdle()
	var cards []struct {
		StepID    int64 `bun:"step_id"`
		ChatID    int64 `bun:"chat_id"`
		MessageID int   `bun:"message_id"`
	}
	if err := w.env.DB.NewSelect().Table("bot_cards").Column("step_id", "chat_id", "message_id").
		Where("step_id IN (?)", bun.In(steps)).Order("id").Scan(ctx, &cards); err != nil {
		wb.t.Fatal(err)
	}
	if len(cards) != len(steps) {
		wb.t.Fatalf("%d cards for %d applications", len(cards), len(steps))
	}
	reviewers := map[int64]int64{}
	for _, o := range wb.offices {
		reviewers[o.group] = o.reviewer.id
	}
	where := map[string]press{}
	wb.front.startCapture()
	for _, c := range cards {
		pr, err := w.tg.PressButton(telegramtest.ButtonPress{ChatID: c.ChatID, From: reviewers[c.ChatID], MessageID: c.MessageID, Data: fmt.Sprintf("d:a:%d", c.StepID)})
		if err != nil {
			wb.t.Fatal(err)
		}
		where[pr.QueryID] = press{chat: c.ChatID, msg: c.MessageID}
	}
	bodies := wb.front.stopCapture(len(cards))
	if len(bodies) != len(cards) {
		wb.t.Fatalf("captured %d presses of %d", len(bodies), len(cards))
	}
	byGroup := map[int64][]press{}
	for _, body := range bodies {
		var u struct {
			CallbackQuery struct {
				ID string `json:"id"`
			} `json:"callback_query"`
		}
		if err := json.Unmarshal(body, &u); err != nil {
			wb.t.Fatal(err)
		}
		p, ok := where[u.CallbackQuery.ID]
		if !ok {
			wb.t.Fatalf("captured an update that is no press: %s", body)
		}
		p.body = body
		byGroup[p.chat] = append(byGroup[p.chat], p)
	}
	out := make([][][]press, rounds)
	for r := range out {
		for _, o := range wb.offices {
			out[r] = append(out[r], byGroup[o.group][r*benchDecPerOffice:(r+1)*benchDecPerOffice])
		}
	}
	return out
}

// helpUpdate is user client's i-th /help, as Telegram would post it.
func (wb *webhookBench) helpUpdate(client, i int) ([]byte, replyKey, bool) {
	p := wb.users[client]
	id := wb.updateID.Add(1)
	body := fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"from":{"id":%d,"is_bot":false,"first_name":"运营","language_code":"zh-hans"},`+
		`"chat":{"id":%d,"type":"private","first_name":"运营"},"date":%d,"text":"/help","entities":[{"type":"bot_command","offset":0,"length":5}]}}`,
		1000000+id, 1000000+id, p.id, p.id, time.Now().Unix())
	return []byte(body), replyKey{telegramtest.EventMessage, p.id, 0}, true
}

// phaseResult is one measurement: updates answered, in how long, and the
// latency of each.
type phaseResult struct {
	count     int
	elapsed   time.Duration
	latencies []time.Duration
}

func (r phaseResult) rate() float64 { return float64(r.count) / r.elapsed.Seconds() }

func (r phaseResult) p99() time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	l := slices.Clone(r.latencies)
	slices.Sort(l)
	return l[(len(l)*99+99)/100-1]
}

func meanRate(rs []phaseResult) float64 {
	sum := 0.0
	for _, r := range rs {
		sum += r.rate()
	}
	return sum / float64(len(rs))
}

func pooled(rs []phaseResult) phaseResult {
	var all phaseResult
	for _, r := range rs {
		all.count += r.count
		all.elapsed += r.elapsed
		all.latencies = append(all.latencies, r.latencies...)
	}
	return all
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// closedLoop runs clients, each posting its next update to url and
// waiting until the stand-in records the answer, until d has passed or
// the updates run out; it counts the answered updates and their latencies.
func (wb *webhookBench) closedLoop(url string, clients int, d time.Duration, next func(client, i int) ([]byte, replyKey, bool)) phaseResult {
	var mu sync.Mutex
	var res phaseResult
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				body, key, ok := next(c, i)
				if !ok {
					return
				}
				answered := wb.watch.expect(key)
				sent := time.Now()
				if err := wb.post(url, body); err != nil {
					wb.t.Error(err)
					return
				}
				select {
				case at := <-answered:
					mu.Lock()
					res.count++
					res.latencies = append(res.latencies, at.Sub(sent))
					mu.Unlock()
				case <-time.After(30 * time.Second):
					wb.t.Errorf("no answer to %s", body)
					return
				}
			}
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

// post delivers an update to a webhook as Telegram does.
func (wb *webhookBench) post(url string, body []byte) error {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", wb.secret)
	resp, err := wb.client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("webhook answered %s", resp.Status)
	}
	return nil
}

// waitQueueIdle waits until the queue has no bot job left to run (the
// cards, redraws and notes that decisions leave behind), so that one
// phase's work does not run into the next.
func (wb *webhookBench) waitQueueIdle() {
	ctx := context.Background()
	began := time.Now()
	defer func() {
		if d := time.Since(began); d > time.Second {
			wb.t.Logf("the queue took %.1fs to empty", d.Seconds())
		}
	}()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		var n int
		err := wb.w.env.DB.NewRaw(`SELECT count(*) FROM river_job WHERE kind LIKE 'bot.%' AND kind <> 'bot.remind'
			AND state IN ('available', 'running', 'retryable', 'scheduled', 'pending')`).Scan(ctx, &n)
		if err != nil {
			wb.t.Fatal(err)
		}
		if n == 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	wb.t.Fatal("the queue never emptied")
}

// hookFront is the webhook URL the bot gave Telegram: it passes updates to
// the bot's handler or, while capturing, keeps them instead.
type hookFront struct {
	handler  atomic.Value // http.Handler
	capture  atomic.Bool
	mu       sync.Mutex
	captured [][]byte
	changed  chan struct{}
}

func (f *hookFront) set(h http.Handler) { f.handler.Store(h) }

func (f *hookFront) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if f.capture.Load() {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.captured = append(f.captured, body)
		f.mu.Unlock()
		return
	}
	h, _ := f.handler.Load().(http.Handler)
	if h == nil {
		http.Error(w, "not ready", http.StatusServiceUnavailable)
		return
	}
	h.ServeHTTP(w, r)
}

func (f *hookFront) startCapture() {
	f.mu.Lock()
	f.captured = nil
	f.mu.Unlock()
	f.capture.Store(true)
}

// stopCapture waits for n updates and stops capturing.
func (f *hookFront) stopCapture(n int) [][]byte {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		f.mu.Lock()
		got := len(f.captured)
		f.mu.Unlock()
		if got >= n {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	f.capture.Store(false)
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.captured
}

// replyKey names an answer: a message into a chat, or the answer to a
// press on a message.
type replyKey struct {
	kind telegramtest.EventKind
	chat int64
	msg  int // 0 for a message
}

// replyWatch follows the stand-in's events and tells whoever waits for an
// answer when it was recorded.
type replyWatch struct {
	mu      sync.Mutex
	waiting map[replyKey]chan time.Time
}

func newReplyWatch() *replyWatch { return &replyWatch{waiting: map[replyKey]chan time.Time{}} }

// expect registers a wait for key's next event.
func (rw *replyWatch) expect(key replyKey) <-chan time.Time {
	ch := make(chan time.Time, 1)
	rw.mu.Lock()
	rw.waiting[key] = ch
	rw.mu.Unlock()
	return ch
}

func (rw *replyWatch) run(ctx context.Context, tg *telegramtest.Server) {
	var since int64
	if evs := tg.Events(0); len(evs) > 0 {
		since = evs[len(evs)-1].Seq
	}
	for ctx.Err() == nil {
		for _, ev := range tg.WaitEvents(ctx, since) {
			since = ev.Seq
			key := replyKey{ev.Kind, ev.ChatID, ev.MessageID}
			if ev.Kind == telegramtest.EventMessage {
				key.msg = 0
			}
			rw.mu.Lock()
			if ch := rw.waiting[key]; ch != nil {
				delete(rw.waiting, key)
				ch <- ev.At
			}
			rw.mu.Unlock()
		}
	}
}
