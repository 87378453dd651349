package bot

import (
	"context"
	"sync"

	"github.com/go-telegram/bot/models"
)

// dispatcher hands updates to handle, one at a time per chat and in the
// order they came, while different chats proceed in parallel.
type dispatcher struct {
	handle func(context.Context, *models.Update)
	mu     sync.Mutex
	queues map[int64][]*models.Update // chats with a worker running
	wg     sync.WaitGroup
}

func newDispatcher(handle func(context.Context, *models.Update)) *dispatcher {
	return &dispatcher{handle: handle, queues: map[int64][]*models.Update{}}
}

// submit queues an update behind the earlier ones of its chat.
func (d *dispatcher) submit(ctx context.Context, u *models.Update) {
	key := chatKey(u)
	d.mu.Lock()
	q, running := d.queues[key]
	d.queues[key] = append(q, u)
	d.mu.Unlock()
	if !running {
		d.wg.Add(1)
		go d.work(context.WithoutCancel(ctx), key)
	}
}

// work drains one chat's queue and ends when it is empty.
func (d *dispatcher) work(ctx context.Context, key int64) {
	defer d.wg.Done()
	for {
		d.mu.Lock()
		q := d.queues[key]
		if len(q) == 0 {
			delete(d.queues, key)
			d.mu.Unlock()
			return
		}
		u := q[0]
		d.queues[key] = q[1:]
		d.mu.Unlock()
		d.handle(ctx, u)
	}
}

// wait returns when every queued update has been handled.
func (d *dispatcher) wait() { d.wg.Wait() }

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
