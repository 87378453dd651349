package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/bot"
	"govmedia/bot/telegramtest"
	"govmedia/citizens"
	"govmedia/postgres"
	"govmedia/publish"
	"govmedia/publish/wechattest"
	"govmedia/registry"
	"govmedia/wechat"
)

// chaosKey is the GOVMEDIA_SECRET_KEY setupCLI sets.
const chaosKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="

// chaosWorld is the service as a process of its own (the built govmedia
// binary running serve), its database, and the WeChat and Telegram
// stand-ins it talks to, which run in the test process. The test acts as
// the people around the service: the stand-ins' citizens and clerks, and,
// through the domain packages on the same database, the clerks' other
// ways in.
type chaosWorld struct {
	t        *testing.T
	ctx      context.Context
	url, bin string
	key      string // the key serve is started with
	wx       *wechattest.Server
	wxURL    string
	tg       *telegramtest.Server
	addr     string // serve's public address, the same across restarts: WeChat's callbacks go there
	metrics  string
	extraEnv []string

	db     *postgres.DB
	box    *govmedia.SecretBox
	reg    *registry.Registry
	engine *approvals.Engine
	pub    *publish.Publisher
	cz     *citizens.Citizens

	rng   *rand.Rand
	seed  uint64
	child *serveChild
	kills int
}

// serveChild is one run of `govmedia serve`.
type serveChild struct {
	began time.Time
	cmd   *exec.Cmd
	out   *syncBuffer
	done  chan struct{} // closed once it has exited, with err
	err   error
}

// newChaosWorld makes a test database (the sample orgs imported), builds
// the binary and starts the stand-ins; serve is not started yet.
func newChaosWorld(t *testing.T, wxOpts wechattest.Options) *chaosWorld {
	t.Helper()
	return newChaosWorldOn(t, setupCLI(t), wxOpts)
}

// newChaosWorldOn is newChaosWorld on the database at url, which holds
// the schema and the orgs already.
func newChaosWorldOn(t *testing.T, url string, wxOpts wechattest.Options) *chaosWorld {
	t.Helper()
	w := &chaosWorld{t: t, ctx: context.Background(), url: url, bin: buildGovmedia(t), key: chaosKey,
		addr: freeAddr(t), metrics: freeAddr(t)}
	w.seed = chaosSeed(t)
	w.rng = rand.New(rand.NewPCG(w.seed, w.seed^0x9e3779b97f4a7c15))
	w.wx = wechattest.New(wxOpts)
	w.wxURL = w.wx.Start(t)
	w.tg = telegramtest.Start(t, telegramtest.Options{})
	db, err := postgres.Open(w.ctx, w.url, 16)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	w.db = db
	k, _ := govmedia.ParseSecretKey(chaosKey)
	w.box, _ = govmedia.NewSecretBox(k)
	w.reg = registry.New(db.DB, w.box, nil)
	w.engine = approvals.New(db.DB, w.reg, nil, approvals.Options{})
	q, err := postgres.NewQueue(db)
	if err != nil {
		t.Fatal(err)
	}
	w.pub = publish.NewPublisher(db.DB, w.reg, w.engine, q, w.box, nil, discardLog(), publish.Tuning{})
	// The bot's half in the test process, never run: what the test submits
	// queues the cards and notes the service's bot then sends.
	if _, err := bot.New(w.ctx, bot.Options{Token: w.tg.Token(), APIURL: w.tg.URL()}, bot.Deps{DB: db.DB, Registry: w.reg, Engine: w.engine,
		Queue: q, Log: discardLog(), Box: w.box, Publisher: w.pub}); err != nil {
		t.Fatal(err)
	}
	w.cz = citizens.New(db.DB, w.reg, w.box, nil, w.pub, approvals.Calendar{StepDays: 3}, nil, citizens.Options{})
	w.cz.SendReplies(q, nil) // the test queues replies; serve's workers send them
	t.Cleanup(func() {
		if w.child != nil {
			w.kill()
		}
	})
	return w
}

// chaosSeed is GOVMEDIA_CHAOS_SEED, or one drawn now; it is logged, so
// that a failing run can be repeated.
func chaosSeed(t *testing.T) uint64 {
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("GOVMEDIA_CHAOS_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("GOVMEDIA_CHAOS_SEED=%q: want a number", v)
		}
		seed = n
	}
	t.Logf("chaos seed %d (GOVMEDIA_CHAOS_SEED=%d repeats this run)", seed, seed)
	return seed
}

// start runs serve and waits until it answers /healthz.
func (w *chaosWorld) start() {
	w.t.Helper()
	if w.child != nil {
		w.t.Fatal("serve is already running")
	}
	w.child = w.spawn(w.addr, w.metrics, w.extraEnv...)
	w.waitHTTP("/healthz", 200)
	w.t.Logf("serve started as pid %d at %s", w.child.cmd.Process.Pid, time.Now().Format("15:04:05.000"))
}

// spawn runs one serve process on addr, with env added to the world's.
func (w *chaosWorld) spawn(addr, metrics string, env ...string) *serveChild {
	w.t.Helper()
	out := new(syncBuffer)
	cmd := exec.Command(w.bin, "serve")
	cmd.Env = append(os.Environ(), "GOVMEDIA_SECRET_KEY="+w.key, "GOVMEDIA_HTTP_ADDR="+addr, "GOVMEDIA_METRICS_ADDR="+metrics,
		"GOVMEDIA_WECHAT_API_URL="+w.wxURL, "GOVMEDIA_TELEGRAM_API_URL="+w.tg.URL(), "GOVMEDIA_TELEGRAM_TOKEN="+w.tg.Token(),
		"GOVMEDIA_QUEUE_DEAD_AFTER="+strconv.Itoa(int(deadAfter/time.Second)), "GOVMEDIA_PUBLISH_POLL_EVERY=2", "GOVMEDIA_WORKERS=24", "LANG=en_US.UTF-8")
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	c := &serveChild{began: time.Now(), cmd: cmd, out: out, done: make(chan struct{})}
	go func() { c.err = cmd.Wait(); close(c.done) }()
	w.t.Cleanup(func() {
		_ = c.cmd.Process.Kill() // if it still runs
		<-c.done
	})
	return c
}

// waitHTTP waits until serve answers path with status, failing if serve
// exits first.
func (w *chaosWorld) waitHTTP(path string, status int) {
	w.t.Helper()
	w.waitFor(path+" answering "+strconv.Itoa(status), time.Minute, func() bool {
		return httpStatus("http://"+w.addr+path) == status
	})
}

// kill ends serve with SIGKILL, as a crash or the OOM killer would.
func (w *chaosWorld) kill() {
	w.t.Helper()
	c := w.child
	_ = c.cmd.Process.Signal(syscall.SIGKILL)
	<-c.done
	w.child = nil
	w.kills++
}

// stop ends serve with SIGTERM and checks that it exits cleanly.
func (w *chaosWorld) stop() {
	w.t.Helper()
	c := w.child
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
		if c.err != nil {
			w.t.Errorf("serve ended with %v after SIGTERM:\n%s", c.err, lastLogLines(c.out.String(), 30))
		}
	case <-time.After(40 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.done
		w.t.Errorf("serve still ran 40 s after SIGTERM")
	}
	w.child = nil
}

// restart kills serve and starts it again at once.
func (w *chaosWorld) restart() {
	w.t.Helper()
	w.kill()
	w.start()
}

// waitFor waits up to within for cond, failing the test with what it
// waited for; it fails at once when serve has exited by itself.
func (w *chaosWorld) waitFor(what string, within time.Duration, cond func() bool) {
	w.t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if c := w.child; c != nil {
			select {
			case <-c.done:
				w.t.Fatalf("serve exited (%v) while waiting for %s:\n%s", c.err, what, lastLogLines(c.out.String(), 40))
			default:
			}
		}
		if time.Now().After(deadline) {
			log := ""
			if w.child != nil {
				log = lastLogLines(w.child.out.String(), 40)
			}
			w.t.Fatalf("waited %s for %s in vain:\n%s", within, what, log)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// killWhen kills and restarts serve as soon as progress reaches each of
// the thresholds, plus a random moment of up to jitter; it returns the
// progress seen at each kill, and fails the test unless one kill at least
// came before progress reached total: a kill after the work proves nothing.
func (w *chaosWorld) killWhen(what string, total int, thresholds []int, jitter time.Duration, progress func() int) []int {
	w.t.Helper()
	var seen []int
	mid := false
	for _, th := range thresholds {
		w.waitFor(fmt.Sprintf("%s to reach %d", what, th), 3*time.Minute, func() bool { return progress() >= th })
		if jitter > 0 {
			time.Sleep(time.Duration(w.rng.Int64N(int64(jitter)))) // the kill's moment, not a wait for a condition
		}
		p := progress()
		seen, mid = append(seen, p), mid || p < total
		w.restart()
	}
	if !mid {
		w.t.Errorf("%s: every kill came after all %d were done (at %v): the kills prove nothing", what, total, seen)
	}
	return seen
}

// deadAfter is the GOVMEDIA_QUEUE_DEAD_AFTER serve runs with here.
const deadAfter = 3 * time.Second

// settle waits, with serve running, until the queue holds no job running
// for a process that is gone and none waiting past its time. A process
// killed just before serve started is still taken to be alive for
// deadAfter: its jobs are not resumed before that.
func (w *chaosWorld) settle() {
	w.t.Helper()
	w.waitFor("the queue to settle", 2*time.Minute, func() bool {
		return time.Since(w.child.began) > deadAfter+time.Second && w.count(`SELECT count(*) FROM river_job WHERE (state = 'running' AND attempted_at < now() - interval '30 seconds')
			OR (state IN ('available', 'retryable') AND scheduled_at < now() - interval '10 seconds')`) == 0 &&
			w.count(`SELECT count(*) FROM river_job j WHERE state = 'running' AND NOT EXISTS
				(SELECT 1 FROM queue_workers q WHERE q.id = j.attempted_by[cardinality(j.attempted_by)] AND q.seen_at > now() - interval '1500 milliseconds')`) == 0
	})
}

// thresholds draws n increasing progress points in (lo, hi) of total.
func (w *chaosWorld) thresholds(n, total int, lo, hi float64) []int {
	out := make([]int, n)
	for i := range out {
		f := lo + (hi-lo)*(float64(i)+w.rng.Float64())/float64(n)
		out[i] = max(1, int(f*float64(total)))
	}
	return out
}

// count runs a counting query on the world's database; -1 on error.
func (w *chaosWorld) count(query string, args ...any) int {
	var n int
	if err := w.db.NewRaw(query, args...).Scan(w.ctx, &n); err != nil {
		return -1
	}
	return n
}

// seedWeChatAccount makes an active WeChat service account of org with
// credentials sealed under box, known to wx with its callback at base.
func seedWeChatAccount(ctx context.Context, t *testing.T, db *postgres.DB, reg *registry.Registry, box *govmedia.SecretBox,
	wx *wechattest.Server, base, org, name string, n int) wechat.Credentials {
	t.Helper()
	creds := wechat.Credentials{AppID: fmt.Sprintf("wx%016x", 0xa1+n), AppSecret: fmt.Sprintf("%032x", 0x5e5e+n), Token: "callbacktoken",
		EncodingAESKey: strings.Repeat("A", 43)}
	f := registry.Fields{Platform: registry.WeChatOA, WeChatKind: registry.Service, Name: name, OriginalID: fmt.Sprintf("gh_%012x", 0xa1+n),
		AppID: creds.AppID, PersonInCharge: "张三", Domains: []string{"compulsory-education"}, SecondAccountReason: "分领域运营"}
	a, err := reg.CreateAccount(ctx, db, org, f, registry.Active, registry.Change{Actor: govmedia.Operator("test"), Action: "account.import"})
	if err != nil {
		t.Fatal(err)
	}
	creds.AccountID = a.ID
	if err := wechat.StoreCredentials(ctx, db, box, creds, govmedia.Now()); err != nil {
		t.Fatal(err)
	}
	if err := wx.AddAccount(wechattest.Account{AppID: creds.AppID, Secret: creds.AppSecret, OriginalID: f.OriginalID, Kind: wechattest.Service,
		Verified: true, Callback: wechattest.Callback{URL: base + "/wechat/" + creds.AppID, Token: creds.Token,
			EncodingAESKey: creds.EncodingAESKey, Mode: wechattest.Safe}}); err != nil {
		t.Fatal(err)
	}
	return creds
}

// accounts seeds n accounts of org numbered from first.
func (w *chaosWorld) accounts(org, prefix string, first, n int) []wechat.Credentials {
	out := make([]wechat.Credentials, n)
	for i := range out {
		out[i] = seedWeChatAccount(w.ctx, w.t, w.db, w.reg, w.box, w.wx, "http://"+w.addr, org, fmt.Sprintf("%s%05d", prefix, first+i), first+i)
	}
	return out
}

// httpClient gives up on a service that hangs, rather than the test.
var httpClient = &http.Client{Timeout: 5 * time.Second}

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func httpStatus(url string) int {
	resp, err := httpClient.Get(url)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// lastLogLines keeps the end of a child's output for a failure message.
func lastLogLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
