package bot_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"govmedia/bot"
)

func TestZZExploreBurst(t *testing.T) {
	order := os.Getenv("BURST_ORDER")
	if order == "" {
		t.Skip()
	}
	workers, _ := strconv.Atoi(os.Getenv("BURST_WORKERS"))
	w := newWorld(t, worldOpts{limits: bot.TelegramLimits})
	w.restart(worldOpts{limits: bot.TelegramLimits}, workers)
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
	time.Sleep(1500 * time.Millisecond)
	before := w.tg.Stats().Sends
	type note struct {
		chat int64
		text string
	}
	var notes []note
	if order == "grouped" {
		for _, c := range chats {
			for k := range burstPerChat {
				notes = append(notes, note{c, fmt.Sprintf("n %d %d", c, k)})
			}
		}
	} else {
		for k := range burstPerChat {
			for _, c := range chats {
				notes = append(notes, note{c, fmt.Sprintf("n %d %d", c, k)})
			}
		}
	}
	if order == "shuffle" {
		rand.New(rand.NewPCG(1, 2)).Shuffle(len(notes), func(i, j int) { notes[i], notes[j] = notes[j], notes[i] })
	}
	tx, _ := w.env.DB.BeginTx(ctx, nil)
	for _, n := range notes {
		w.queue.InsertTx(ctx, tx, bot.NotifyJob(n.chat, n.text), nil)
	}
	tx.Commit()
	start := time.Now()
	last := waitSends(t, w.tg, chats, before, burstPerChat, 4*time.Minute)
	t.Logf("RESULT order=%s workers=%d hold=%s elapsed %.1fs ratio %.2f violations %d", order, workers, os.Getenv("HOLD"), last.Sub(start).Seconds(), last.Sub(start).Seconds()/burstBound().Seconds(), len(w.tg.Violations()))
}
