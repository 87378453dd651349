package bot_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/bot"
	"govmedia/bot/telegramtest"
	"govmedia/postgres"
	"govmedia/postgres/pgtest"
	"govmedia/registry"
)

// replicaEnv puts the test binary in the helper mode of
// TestReplicasShareOneSendingBudget: set to a replicaPlan in JSON, the
// binary runs TestReplicaProcess as one replica of the service, in a
// process of its own, as the os/exec tests of Go's standard library do.
const replicaEnv = "GOVMEDIA_TEST_SENDER_REPLICA"

// replicaPlan is where a replica finds its database and the Bot API.
type replicaPlan struct {
	Database string `json:"database"`
	Key      string `json:"key"`
	APIURL   string `json:"api_url"`
	Token    string `json:"token"`
}

// replicaNote is one notification of the burst.
type replicaNote struct {
	chat int64
	text string
}

// The burst: notifications for many private chats and a few groups,
// queued at once for three replicas of the service to send.
const (
	replicas        = 3
	replicaChats    = 50 // private chats, six notifications each
	replicaPerChat  = 6
	replicaGroups   = 3 // groups, nine notifications each (20 a minute is a group's limit)
	replicaPerGroup = 9
	pausedChat      = 7001
	pauseRetryAfter = 2 // seconds Telegram asks to wait after the first send to pausedChat
)

// Three replicas of the service, each a process of its own with its own
// connections and 50 workers, share the queue and the database; a burst
// of notifications queued at once goes out through one stand-in Bot API.
// Together the replicas keep to the bot's limits (the stand-in flags no
// send), every message arrives exactly once, chats get messages from
// several replicas, and the pause Telegram asks for with a 429 to one
// replica holds the chat for all three.
func TestReplicasShareOneSendingBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("takes the ~12 s Telegram's limits require for the burst")
	}
	url := pgtest.NewDatabaseURL(t)
	db, err := postgres.Open(context.Background(), url, 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	tg := telegramtest.Start(t, telegramtest.Options{})
	notes := replicaBurst(t, tg)
	tg.InjectTooManyRequests("sendMessage", pausedChat, 1, pauseRetryAfter)
	plan := replicaPlan{Database: url, Key: govmedia.NewSecretKey(), APIURL: tg.URL(), Token: tg.Token()}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	stop := startReplicas(ctx, t, plan)
	start := time.Now()
	queueNotes(t, db, notes)
	waitArrivals(t, tg, len(notes), time.Minute)
	t.Logf("%d replicas sent %d notifications in %.1fs", replicas, len(notes), time.Since(start).Seconds())
	stop() // once every replica has exited, nothing more can arrive

	if v := tg.Violations(); len(v) > 0 {
		t.Errorf("the stand-in flagged %d sends over Telegram's limits; the first: %+v", len(v), v[0])
	}
	checkArrivedOnce(t, tg, notes)
	checkPauseHeld(t, tg)
	checkShared(t, db)
	logMargins(t, tg)
}

// TestReplicaProcess is one replica of TestReplicasShareOneSendingBudget:
// the bot and its queue's workers, as `govmedia serve` runs them, until
// its standard input closes. It runs only in a process that test starts.
func TestReplicaProcess(t *testing.T) {
	raw := os.Getenv(replicaEnv)
	if raw == "" {
		t.Skip("a helper process of TestReplicasShareOneSendingBudget")
	}
	var plan replicaPlan
	if err := json.Unmarshal([]byte(raw), &plan); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := postgres.Open(ctx, plan.Database, 20)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key, err := govmedia.ParseSecretKey(plan.Key)
	if err != nil {
		t.Fatal(err)
	}
	box, err := govmedia.NewSecretBox(key)
	if err != nil {
		t.Fatal(err)
	}
	reg := registry.New(db.DB, box, govmedia.Now)
	q, err := postgres.NewQueue(db)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	_, err = bot.New(ctx, bot.Options{Token: plan.Token, APIURL: plan.APIURL, Limits: bot.TelegramLimits},
		bot.Deps{DB: db.DB, Registry: reg, Engine: approvals.New(db.DB, reg, govmedia.Now, approvals.Options{}), Queue: q, Log: log, Box: box})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx, db, serviceWorkers, log); err != nil {
		t.Fatal(err)
	}
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin)
	stopCtx, stopped := context.WithTimeout(context.Background(), 10*time.Second)
	defer stopped()
	if err := q.Stop(stopCtx); err != nil {
		t.Errorf("stopping the workers: %v", err)
	}
}

// replicaBurst sets up the chats on the stand-in and returns the burst's
// notifications in a shuffled order.
func replicaBurst(t *testing.T, tg *telegramtest.Server) []replicaNote {
	t.Helper()
	var notes []replicaNote
	add := func(chat int64, times int) {
		for k := range times {
			notes = append(notes, replicaNote{chat, fmt.Sprintf("通知 %d 第 %d 条", chat, k+1)})
		}
	}
	for i := range replicaChats {
		chat := int64(pausedChat + i)
		tg.AddUser(telegramtest.User{ID: chat, FirstName: "用户" + strconv.Itoa(i+1)})
		if _, err := tg.SendText(chat, chat, "/start"); err != nil { // the bot may write only to those who wrote
			t.Fatal(err)
		}
		add(chat, replicaPerChat)
	}
	for i := range replicaGroups {
		chat := int64(-1007001 - i)
		if _, err := tg.AddGroup(groupOf(chat, fmt.Sprintf("通知群%d", i+1), pausedChat)); err != nil {
			t.Fatal(err)
		}
		add(chat, replicaPerGroup)
	}
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(notes), func(i, j int) { notes[i], notes[j] = notes[j], notes[i] })
	return notes
}

// startReplicas starts the replicas and waits until each is ready; the
// function it returns closes their input and waits for them to exit.
func startReplicas(ctx context.Context, t *testing.T, plan replicaPlan) (stop func()) {
	t.Helper()
	raw, err := json.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	var cmds []*exec.Cmd
	var inputs []io.WriteCloser
	var relays sync.WaitGroup
	ready := make(chan int, replicas)
	for r := range replicas {
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestReplicaProcess$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), replicaEnv+"="+string(raw))
		cmd.Stderr = os.Stderr
		in, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		relays.Go(func() {
			lines := bufio.NewScanner(out)
			for lines.Scan() {
				if lines.Text() == "ready" {
					ready <- r
				}
				relayLine(r+1, lines.Text())
			}
		})
		cmds, inputs = append(cmds, cmd), append(inputs, in)
	}
	stop = func() {
		for _, in := range inputs {
			_ = in.Close()
		}
		relays.Wait() // a replica's output ends when it exits
		for r, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Errorf("replica %d: %v", r+1, err)
			}
		}
	}
	for range replicas {
		select {
		case <-ready:
		case <-ctx.Done():
			stop()
			t.Fatal("the replicas did not start")
		}
	}
	return stop
}

// queueNotes queues the burst in one transaction, as the service does.
func queueNotes(t *testing.T, db *postgres.DB, notes []replicaNote) {
	t.Helper()
	q, err := postgres.NewQueue(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, n := range notes {
		if err := q.InsertTx(ctx, tx, bot.NotifyJob(n.chat, n.text), nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// waitArrivals waits until the stand-in has counted n messages from the
// bot beyond each user's greeting.
func waitArrivals(t *testing.T, tg *telegramtest.Server, n int, timeout time.Duration) {
	t.Helper()
	deadline := time.After(timeout)
	for {
		changes := tg.Changes()
		got := 0
		for _, c := range tg.Stats().Sends {
			got += c
		}
		if got >= n {
			return
		}
		select {
		case <-changes:
		case <-deadline:
			t.Fatalf("after %s only %d of %d notifications arrived", timeout, got, n)
		}
	}
}

// relayLine passes on what a replica reports, less the test framework's
// own lines.
func relayLine(replica int, line string) {
	if line != "PASS" && line != "=== RUN   TestReplicaSends" && !strings.HasPrefix(line, "--- PASS: TestReplicaSends") {
		fmt.Fprintf(os.Stderr, "replica %d: %s\n", replica, line)
	}
}

// checkArrivedOnce checks that every planned message reached its chat
// once.
func checkArrivedOnce(t *testing.T, tg *telegramtest.Server, notes []replicaNote) {
	t.Helper()
	want := map[int64][]string{}
	for _, n := range notes {
		want[n.chat] = append(want[n.chat], n.text)
	}
	for chat, texts := range want {
		v, err := tg.View(chat)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range v.Messages {
			if m.FromBot {
				got = append(got, m.Text)
			}
		}
		slices.Sort(got)
		slices.Sort(texts)
		if !slices.Equal(got, texts) {
			t.Errorf("chat %d got %d messages %q; want each of %q once", chat, len(got), got, texts)
		}
	}
}

// checkPauseHeld checks that after the 429 to one replica, no replica
// wrote to that chat before the pause Telegram asked for had passed.
func checkPauseHeld(t *testing.T, tg *telegramtest.Server) {
	t.Helper()
	var refused time.Time
	chat := strconv.Itoa(pausedChat)
	for _, c := range sendsInOrder(tg) {
		switch {
		case c.Params["chat_id"] != chat:
		case c.ErrorCode == 429:
			refused = c.At
		case !refused.IsZero() && c.At.Before(refused.Add(pauseRetryAfter*time.Second)):
			t.Errorf("a message reached chat %d %s after the 429 that asked for %d s", pausedChat, c.At.Sub(refused), pauseRetryAfter)
		}
	}
	if refused.IsZero() {
		t.Errorf("no send to chat %d drew the injected 429", pausedChat)
	}
}

// checkShared checks that the replicas shared the work: each sent some of
// the burst, and some chats had messages from all three.
func checkShared(t *testing.T, db *postgres.DB) {
	t.Helper()
	var byReplica []struct {
		Replica string `bun:"replica"`
		Sends   int    `bun:"sends"`
	}
	err := db.NewRaw(`SELECT attempted_by[cardinality(attempted_by)] AS replica, count(*) AS sends
		FROM river_job WHERE kind = 'bot.notify' AND state = 'completed' GROUP BY 1`).Scan(context.Background(), &byReplica)
	if err != nil {
		t.Fatal(err)
	}
	var allThree int
	err = db.NewRaw(`SELECT count(*) FROM (SELECT args->>'chat_id' FROM river_job WHERE kind = 'bot.notify' AND state = 'completed'
		GROUP BY 1 HAVING count(DISTINCT attempted_by[cardinality(attempted_by)]) = ?) c`, replicas).Scan(context.Background(), &allThree)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("sends per replica %v; %d chats had messages from all %d", byReplica, allThree, replicas)
	if len(byReplica) != replicas || allThree == 0 {
		t.Errorf("sends per replica %v, %d chats with messages from all %d; want every replica sending, to shared chats", byReplica, allThree, replicas)
	}
}

// logMargins logs how close the burst came to each limit: the most sends
// within any second, and the shortest gap between two sends to one chat.
func logMargins(t *testing.T, tg *telegramtest.Server) {
	var all []time.Time
	last := map[string]time.Time{}
	gap := time.Hour
	for _, c := range sendsInOrder(tg) {
		if !c.OK {
			continue
		}
		all = append(all, c.At)
		if prev, ok := last[c.Params["chat_id"]]; ok {
			gap = min(gap, c.At.Sub(prev))
		}
		last[c.Params["chat_id"]] = c.At
	}
	most := 0
	for i, first := 0, 0; i < len(all); i++ {
		for all[i].Sub(all[first]) >= time.Second {
			first++
		}
		most = max(most, i-first+1)
	}
	t.Logf("%d sends from %s to %s; at most %d within one second (Telegram: 30); shortest gap in one chat %s (Telegram: 1 s)",
		len(all), all[0].Format("15:04:05.000"), all[len(all)-1].Format("15:04:05.000"), most, gap)
}

// sendsInOrder returns the stand-in's sendMessage calls in the order they
// reached it.
func sendsInOrder(tg *telegramtest.Server) []telegramtest.Call {
	calls := tg.Calls("sendMessage")
	slices.SortStableFunc(calls, func(a, b telegramtest.Call) int { return a.At.Compare(b.At) })
	return calls
}
