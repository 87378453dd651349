package bot_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"govmedia/bot"
	"govmedia/postgres"
)

func (w *world) startWorkers(opts worldOpts, workers int) {
	ctx, cancel := context.WithCancel(context.Background())
	var out io.Writer = &w.logs
	log := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	q, err := postgres.NewQueue(w.env.DB)
	if err != nil {
		w.t.Fatal(err)
	}
	bopts := bot.Options{Token: w.tg.Token(), APIURL: w.tg.URL(), Limits: opts.limits}
	b, err := bot.New(ctx, bopts, bot.Deps{DB: w.env.DB.DB, Registry: w.env.Registry, Engine: w.engine, Queue: q,
		Log: log, Now: w.env.Clock.Now, Box: w.env.Box})
	if err != nil {
		w.t.Fatal(err)
	}
	if err := q.Start(ctx, w.env.DB, workers, log); err != nil {
		w.t.Fatal(err)
	}
	w.bot, w.queue, w.cancel, w.done = b, q, cancel, make(chan struct{})
	go func() { defer close(w.done); _ = b.Run(ctx) }()
	w.t.Cleanup(w.stop)
}

func TestExploreBurst(t *testing.T) {
	order := os.Getenv("BURST_ORDER")
	if order == "" {
		t.Skip()
	}
	workers, _ := strconv.Atoi(os.Getenv("BURST_WORKERS"))
	w := newWorld(t, worldOpts{limits: bot.TelegramLimits})
	if workers != 0 {
		w.stop()
		w.startWorkers(worldOpts{limits: bot.TelegramLimits}, workers)
	}
	ctx := context.Background()
	var chats []int64
	for i := range burstPrivate {
		id := int64(5001 + i)
		w.tgUser(id, fmt.Sprintf("用户%02d", i))
		chats = append(chats, id)
	}
	for i := range burstGroups {
		id := int64(-1005001 - i)
		w.tg.AddGroup(groupOf(id, fmt.Sprintf("通知群%02d", i), chats[i]))
		chats = append(chats, id)
	}
	for _, id := range chats[:burstPrivate] {
		w.tg.SendText(id, id, "/start")
	}
	waitSends(t, w.tg, chats[:burstPrivate], nil, 1, time.Minute)
	t.Logf("prep violations: %d", len(w.tg.Violations()))
	time.Sleep(1500 * time.Millisecond)
	before := w.tg.Stats().Sends
	type note struct {
		chat int64
		text string
	}
	var notes []note
	switch order {
	case "grouped":
		for _, c := range chats {
			for k := range burstPerChat {
				notes = append(notes, note{c, fmt.Sprintf("通知 %d 第 %d 条", c, k+1)})
			}
		}
	default:
		for k := range burstPerChat {
			for _, c := range chats {
				notes = append(notes, note{c, fmt.Sprintf("通知 %d 第 %d 条", c, k+1)})
			}
		}
	}
	if order == "shuffle" {
		rand.New(rand.NewPCG(1, 2)).Shuffle(len(notes), func(i, j int) { notes[i], notes[j] = notes[j], notes[i] })
	}
	seq0 := len(w.tg.Calls())
	tx, _ := w.env.DB.BeginTx(ctx, nil)
	for _, n := range notes {
		w.queue.InsertTx(ctx, tx, bot.NotifyJob(n.chat, n.text), nil)
	}
	tx.Commit()
	start := time.Now()
	last := waitSends(t, w.tg, chats, before, burstPerChat, 4*time.Minute)
	t.Logf("order=%s workers=%d elapsed %.1fs ratio %.2f violations %d", order, workers, last.Sub(start).Seconds(), last.Sub(start).Seconds()/burstBound().Seconds(), len(w.tg.Violations()))
	calls := w.tg.Calls("sendMessage")[0:]
	_ = seq0
	hist := map[int]int{}
	var ats []time.Time
	for _, c := range calls {
		if c.At.After(start) {
			hist[int(c.At.Sub(start)/time.Second)]++
			ats = append(ats, c.At)
		}
	}
	sort.Slice(ats, func(i, j int) bool { return ats[i].Before(ats[j]) })
	var line string
	for s := 0; s <= int(last.Sub(start)/time.Second); s++ {
		line += fmt.Sprintf("%d ", hist[s])
	}
	t.Logf("sends per second: %s", line)
	for _, v := range w.tg.Violations() {
		t.Logf("violation %+v (+%.3fs)", v, v.At.Sub(start).Seconds())
	}
}
