package bot

import (
	"context"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// updateTimeout bounds the handling of one update: a few database writes
// and Telegram calls, or a file of up to 10 MB fetched and read.
const updateTimeout = time.Minute

// stopGrace is how long updates under way may go on once the bot stops,
// before their contexts are cancelled.
const stopGrace = 5 * time.Second

// dispatcher hands updates to handle, one at a time per chat and in the
// order they came, while different chats proceed in parallel.
type dispatcher struct {
	handle func(context.Context, *models.Update)
	mu     sync.Mutex
	queues map[int64][]*models.Update // chats with a worker running
	wg     sync.WaitGroup
	// base is the context of every update. Why not the poller's: an
	// update half handled when the bot is told to stop (a decision
	// committed, its answer not yet sent) should get a moment to finish;
	// drain cancels base after that moment.
	base   context.Context
	cancel context.CancelFunc
}

func newDispatcher(handle func(context.Context, *models.Update)) *dispatcher {
	base, cancel := context.WithCancel(context.Background())
	return &dispatcher{handle: handle, queues: map[int64][]*models.Update{}, base: base, cancel: cancel}
}

// submit queues an update behind the earlier ones of its chat.
func (d *dispatcher) submit(_ context.Context, u *models.Update) {
	key := chatKey(u)
	d.mu.Lock()
	q, running := d.queues[key]
	d.queues[key] = append(q, u)
	d.mu.Unlock()
	if !running {
		d.wg.Add(1)
		go d.work(key)
	}
}

// work drains one chat's queue and ends when it is empty.
func (d *dispatcher) work(key int64) {
	defer d.wg.Done()
	for {
		d.mu.Lock()
		q := d.queues[key]
		if len(q) == 0 || d.base.Err() != nil { // none left, or stopped: the rest would fail at once
			delete(d.queues, key)
			d.mu.Unlock()
			return
		}
		u := q[0]
		d.queues[key] = q[1:]
		d.mu.Unlock()
		ctx, cancel := context.WithTimeout(d.base, updateTimeout)
		d.handle(ctx, u)
		cancel()
	}
}

// drain returns when every queued update has been handled; updates still
// under way after grace have their contexts cancelled (a stalled download
// or Telegram call then ends at once), and those still queued are dropped.
func (d *dispatcher) drain(grace time.Duration) {
	done := make(chan struct{})
	go func() { d.wg.Wait(); close(done) }()
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
	d.cancel()
	<-done
}

// chatKey is the chat an update belongs to (its user's, for a private one).
func chatKey(u *models.Update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil:
		if m := u.CallbackQuery.Message.Message; m != nil {
			return m.Chat.ID
		}
		return u.CallbackQuery.From.ID
	case u.MyChatMember != nil:
		return u.MyChatMember.Chat.ID
	}
	return 0
}
