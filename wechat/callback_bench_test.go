package wechat_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/officialaccount"
	"github.com/silenceper/wechat/v2/officialaccount/config"
	"github.com/silenceper/wechat/v2/officialaccount/message"

	"govmedia/postgres/pgtest"
	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

// benchReply is what both servers answer: a keyword reply of fixed text.
const benchReply = "与“社保”相关的办事指南：https://gov.example.cn/catalogs/km/social-security"

// benchKeywordHandler is the keyword reply under test (a fixed text for
// now; the citizens' search takes its place).
func benchKeywordHandler() wechat.Handler {
	return wechat.Handler{Answer: func(context.Context, wechat.Account, *wechat.Message) (wechat.Reply, error) {
		return wechat.Reply{Text: benchReply}, nil
	}}
}

// TestBenchCallback measures keyword-reply callbacks in safe mode, through
// the whole callback (signature, timestamp, decryption, the repeat check in
// PostgreSQL, the handler, the encrypted reply), against a bare silenceper
// callback server replying the same fixed text, in the same run and
// alternately; and the callback's p99 latency. It runs only under make
// bench (GOVMEDIA_BENCH=1).
func TestBenchCallback(t *testing.T) {
	pgtest.Bench(t)
	e := newCallbackEnv(t, wechattest.Options{})
	e.cb.Handle("text", benchKeywordHandler())
	a := e.callbackAccount("压测账号", safeMode)
	bare := silenceperCallback(t, a)
	const rounds, perRound, clients = 3, 6000, 8
	var ours, base benchRun
	for range rounds {
		base.add(runLoad(t, a, bare.URL, perRound, clients))
		ours.add(runLoad(t, a, e.srv.URL+"/wechat/"+a.creds.AppID, perRound, clients))
	}
	ratio := ours.perSecond() / base.perSecond()
	p99 := ours.percentile(0.99)
	t.Logf("govmedia %.0f/s, p50 %v, p99 %v; bare silenceper %.0f/s, p99 %v", ours.perSecond(), ours.percentile(0.5), p99,
		base.perSecond(), base.percentile(0.99))
	pgtest.BenchRow("WeChat keyword-reply callbacks/s in safe mode ÷ a bare silenceper callback server replying fixed text", ratio,
		"ratio", "≥ 0.5", ratio >= 0.5)
	ms := float64(p99.Microseconds()) / 1000
	pgtest.BenchRow(fmt.Sprintf("WeChat keyword-reply callback p99 latency in safe mode (%d clients)", clients), ms, "ms", "< 50", ms < 50)
}

// silenceperCallback is the baseline: silenceper's own callback server for
// a's credentials, replying benchReply to every message.
func silenceperCallback(t *testing.T, a cbAccount) *httptest.Server {
	oa := officialaccount.NewOfficialAccount(&config.Config{AppID: a.creds.AppID, AppSecret: a.creds.AppSecret,
		Token: a.creds.Token, EncodingAESKey: a.creds.EncodingAESKey, Cache: cache.NewMemory()})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := oa.GetServer(r, w)
		s.SetMessageHandler(func(*message.MixMessage) *message.Reply {
			return &message.Reply{MsgType: message.MsgTypeText, MsgData: message.NewText(benchReply)}
		})
		if err := s.Serve(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		_ = s.Send()
	}))
	t.Cleanup(srv.Close)
	return srv
}

// benchRun is what load runs measured.
type benchRun struct {
	n         int
	elapsed   time.Duration
	latencies []time.Duration
}

func (b *benchRun) add(o benchRun) {
	b.n, b.elapsed, b.latencies = b.n+o.n, b.elapsed+o.elapsed, append(b.latencies, o.latencies...)
}

func (b *benchRun) perSecond() float64 { return float64(b.n) / b.elapsed.Seconds() }

func (b *benchRun) percentile(p float64) time.Duration {
	s := slices.Clone(b.latencies)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

// sealedPush is one request of a load, sealed before the clock starts.
type sealedPush struct {
	query url.Values
	body  []byte
}

// runLoad posts n distinct text messages, sealed for a by the tests' own
// crypto beforehand, from clients at once, and checks that each reply
// opens to benchReply.
func runLoad(t *testing.T, a cbAccount, target string, n, clients int) benchRun {
	t.Helper()
	pushes := make(chan sealedPush, n)
	now := time.Now()
	for range n {
		q, body := specPush(a.spec, safeMode, []byte(textXML("o-bench", nextMsgID(), "社保", now)), now)
		pushes <- sealedPush{q, body}
	}
	close(pushes)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	var mu sync.Mutex
	var run benchRun
	var failure error
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range pushes {
				took, err := postOne(client, a, target, p)
				mu.Lock()
				run.latencies = append(run.latencies, took)
				if err != nil && failure == nil {
					failure = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	run.n, run.elapsed = n, time.Since(start)
	if failure != nil {
		t.Fatalf("%s: %v", target, failure)
	}
	return run
}

// postOne posts one push and opens its reply.
func postOne(client *http.Client, a cbAccount, target string, p sealedPush) (time.Duration, error) {
	sep := "?"
	if strings.Contains(target, "?") {
		sep = "&"
	}
	start := time.Now()
	resp, err := client.Post(target+sep+p.query.Encode(), "text/xml", strings.NewReader(string(p.body)))
	if err != nil {
		return 0, err
	}
	answer, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if err != nil || resp.StatusCode != http.StatusOK {
		return took, fmt.Errorf("status %d %q (%v)", resp.StatusCode, answer, err)
	}
	reply, err := specOpenReply(a.spec, safeMode, answer)
	if err != nil || reply == nil || reply.Content != benchReply {
		return took, fmt.Errorf("reply %+v (%v)", reply, err)
	}
	return took, nil
}
