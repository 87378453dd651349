package main

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"govmedia/publish"
	"govmedia/publish/wechattest"
)

// replicaCount is how many serve processes share the database.
const replicaCount = 3

// balancer is the load balancer in front of the replicas: each request
// goes to the next replica in turn, and it counts what each got.
type balancer struct {
	srv   *httptest.Server
	addrs []string // the replicas'

	backends []*httputil.ReverseProxy
	next     atomic.Int64
	mu       sync.Mutex
	hits     map[string][]int // path prefix → requests per replica
}

func newBalancer(t *testing.T, addrs []string) *balancer {
	b := &balancer{addrs: addrs, hits: map[string][]int{}}
	for _, a := range addrs {
		u, _ := url.Parse("http://" + a)
		b.backends = append(b.backends, httputil.NewSingleHostReverseProxy(u))
	}
	b.srv = httptest.NewServer(b)
	t.Cleanup(b.srv.Close)
	return b
}

func (b *balancer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := int(b.next.Add(1)) % len(b.backends)
	kind := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 2)[0]
	b.mu.Lock()
	if b.hits[kind] == nil {
		b.hits[kind] = make([]int, len(b.backends))
	}
	b.hits[kind][i]++
	b.mu.Unlock()
	b.backends[i].ServeHTTP(w, r)
}

// spread is how many requests to paths under kind each replica got.
func (b *balancer) spread(kind string) []int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]int(nil), b.hits[kind]...)
}

// balance puts a balancer for replicaCount replicas in front of the
// world: it becomes the world's address, where WeChat's callbacks and
// Telegram's webhook go.
func (w *chaosWorld) balance() *balancer {
	w.t.Helper()
	addrs := make([]string, replicaCount)
	for i := range addrs {
		addrs[i] = freeAddr(w.t)
	}
	lb := newBalancer(w.t, addrs)
	w.addr = strings.TrimPrefix(lb.srv.URL, "http://")
	return lb
}

// startReplicas starts a serve process on each of the balancer's
// addresses, with env added, and waits until each answers.
func (w *chaosWorld) startReplicas(lb *balancer, env ...string) []*serveChild {
	w.t.Helper()
	// Three replicas of 24 workers hold 3 × 32 connections: with the test's
	// own, past the 100 PostgreSQL allows by default, and a replica then
	// waits for a connection for ever (the long form failed so once). Ten
	// workers each leave room.
	env = append([]string{"GOVMEDIA_WORKERS=10"}, env...)
	var out []*serveChild
	for _, a := range lb.addrs {
		out = append(out, w.spawn(a, freeAddr(w.t), env...))
	}
	for _, a := range lb.addrs {
		w.waitFor(a+" answering /healthz", time.Minute, func() bool { return httpStatus("http://"+a+"/healthz") == 200 })
	}
	return out
}

// TestThreeReplicasDoEverythingOnce runs three serve processes on one
// database behind a round-robin balancer, with Telegram's webhook and
// WeChat's callbacks going to any of them: a fan-out, a burst of
// decisions, citizens' questions and replies. Each account gets the
// publication once and fetches its token once, each step is decided once,
// each citizen gets one reply, each note arrives once and no replica sends
// into a chat Telegram asked to wait; the stand-in sees no Telegram limit
// passed, and the periodic sweep runs as often as for one replica.
func TestThreeReplicasDoEverythingOnce(t *testing.T) {
	size := chaosLongForm(t)
	w := newChaosWorld(t, wechattest.Options{PublishDelay: 300 * time.Millisecond, Latency: 10 * time.Millisecond})
	lb := w.balance()
	list := w.accounts("km.wuhua.dept.edu", "多副本号", 0, size.accounts)
	acct := w.seedClerks()
	children := w.startReplicas(lb, "GOVMEDIA_TELEGRAM_WEBHOOK_URL="+lb.srv.URL+"/telegram/webhook")
	began := time.Now()
	p := submitApproved(t, w.ctx, w.reg, w.engine, w.pub, 801, 802, "km.wuhua.dept.edu", "冬季安全通知")
	w.everydayWork(acct, size)
	progress := func() publish.Progress { pr, _ := w.pub.Progress(w.ctx, p.ID); return pr }
	w.waitFor("every delivery to end", 5*time.Minute, func() bool { pr := progress(); return pr.Total == len(list) && pr.Pending == 0 })
	w.exactlyOnce(list)
	for _, c := range list {
		if n := w.wx.Counts(c.AppID).TokensIssued; n != 1 {
			t.Errorf("account %d: %d tokens fetched by the replicas, want one", c.AccountID, n)
		}
	}
	if v := w.tg.Violations(); len(v) > 0 {
		t.Errorf("the stand-in flagged %d sends over Telegram's limits; the first: %+v", len(v), v[0])
	}
	w.checkSweepsLikeOne(began)
	w.checkEachReplicaWorked(lb)
	for _, c := range children {
		w.child = c
		w.stop()
	}
}

// checkSweepsLikeOne checks that the periodic sweep (every 4 s here, see
// GOVMEDIA_PUBLISH_POLL_EVERY) was queued as often as one replica would
// queue it: River's leader alone queues periodic jobs.
func (w *chaosWorld) checkSweepsLikeOne(since time.Time) {
	w.t.Helper()
	n := w.count("SELECT count(*) FROM river_job WHERE kind = 'publish.sweep' AND created_at >= ?", since)
	most := int(time.Since(since)/(4*time.Second)) + 2
	if n > most {
		w.t.Errorf("the sweep was queued %d times in %s, more than the %d one leader queues", n, time.Since(since).Round(time.Second), most)
	}
	w.t.Logf("sweeps queued: %d in %s", n, time.Since(since).Round(time.Second))
}

// checkEachReplicaWorked checks the balancer spread the callbacks and the
// webhook over every replica, and every replica ran jobs.
func (w *chaosWorld) checkEachReplicaWorked(lb *balancer) {
	w.t.Helper()
	for _, kind := range []string{"wechat", "telegram"} {
		for i, n := range lb.spread(kind) {
			if n == 0 {
				w.t.Errorf("replica %d got no %s request", i+1, kind)
			}
		}
	}
	takers := w.count("SELECT count(DISTINCT attempted_by[cardinality(attempted_by)]) FROM river_job WHERE state = 'completed'")
	if takers < replicaCount {
		w.t.Errorf("jobs were run by %d processes, want all %d replicas", takers, replicaCount)
	}
	w.t.Logf("requests per replica: wechat %v, telegram %v; jobs run by %d processes", lb.spread("wechat"), lb.spread("telegram"), takers)
}

// leaseLine is what serve logs when it becomes the Telegram poller.
const leaseLine = "holding the Telegram poller's lease"

// TestThreeReplicasPollOneAtATime runs three serve processes on one
// database with the bot polling: one holds the poller's lease, and when it
// is killed in the middle of a burst of decisions another takes over. No
// getUpdates is ever cut off by a second poller (409), every step is
// decided once and every note arrives once.
func TestThreeReplicasPollOneAtATime(t *testing.T) {
	size := chaosLongForm(t)
	w := newChaosWorld(t, wechattest.Options{})
	lb := w.balance()
	children := w.startReplicas(lb)
	holder := w.pollerOf(children)
	w.tg.InjectTooManyRequests("sendMessage", applicant, 2, 2)

	done := make(chan struct{})
	var pressed time.Time
	var burst sync.WaitGroup
	burst.Go(func() { defer close(done); pressed = w.decisions(size.decisions, 0) })
	w.waitFor("a third of the decisions", 2*time.Minute, func() bool {
		return w.count("SELECT count(*) FROM application_steps WHERE decided_at IS NOT NULL") >= size.decisions/3
	})
	w.child = children[holder]
	w.kill()
	rest := append(append([]*serveChild(nil), children[:holder]...), children[holder+1:]...)
	next := w.pollerOf(rest)
	burst.Wait()
	w.checkNotesOnce(applicant, pressed, size.decisions, 2*time.Second)
	for _, c := range w.tg.Calls("getUpdates") {
		if c.ErrorCode == http.StatusConflict {
			t.Errorf("a getUpdates was cut off by another poller at %s: %s", c.At.Format("15:04:05.000"), c.Description)
		}
	}
	t.Logf("replica %d polled, was killed after a third of the decisions, and one of the others took over (%d)", holder+1, next+1)
	for _, c := range rest {
		w.child = c
		w.stop()
	}
}

// pollerOf waits until exactly one of the replicas says it holds the
// poller's lease, and returns which; it fails if two ever say so.
func (w *chaosWorld) pollerOf(children []*serveChild) int {
	w.t.Helper()
	found := -1
	w.waitFor("one replica to hold the poller's lease", time.Minute, func() bool {
		n := 0
		for i, c := range children {
			if strings.Contains(c.out.String(), leaseLine) {
				found, n = i, n+1
			}
		}
		if n > 1 {
			w.t.Fatalf("%d replicas hold the Telegram poller's lease at once", n)
		}
		return n == 1
	})
	return found
}
