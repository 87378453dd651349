package bot_test

import (
	"context"
	"math/rand/v2"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"govmedia/bot"
	"govmedia/postgres/pgtest"
)

// testToken is the stand-in's default bot token.
const testToken = "123456789:TEST-TOKEN"

// Sends reach Telegram at some moment between their request and its
// answer. However long that takes, no second may see more of them than
// OverallHard: here each send spends up to 0.4 s on the wire, which would
// let evenly spaced sends at 100 a second arrive in bunches.
func TestSendsOnTheWireStayUnderTheHardLimit(t *testing.T) {
	t.Parallel()
	s := bot.NewSender(pgtest.NewDB(t).DB, testToken, bot.Limits{PerChat: time.Millisecond, GroupWindow: time.Second, GroupCount: 100, Overall: 100, OverallHard: 30})
	const sends = 150
	var mu sync.Mutex
	var arrivals []time.Time
	var wg sync.WaitGroup
	for i := range sends {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.Do(context.Background(), int64(1000+i), func(context.Context) error {
				time.Sleep(rand.N(200 * time.Millisecond))
				mu.Lock()
				arrivals = append(arrivals, time.Now())
				mu.Unlock()
				time.Sleep(rand.N(200 * time.Millisecond))
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	sort.Slice(arrivals, func(i, j int) bool { return arrivals[i].Before(arrivals[j]) })
	most := 0
	for i, first := 0, 0; i < len(arrivals); i++ {
		for arrivals[i].Sub(arrivals[first]) >= time.Second {
			first++
		}
		most = max(most, i-first+1)
	}
	if len(arrivals) != sends || most > 30 {
		t.Fatalf("%d sends arrived, at most %d within one second; want %d, at most 30", len(arrivals), most, sends)
	}
}

// Messages to one chat leave in the order their slots were booked, even
// when the hard overall bound holds them back and they wait together.
func TestSendsWaitingForTheHardLimitKeepTheirOrder(t *testing.T) {
	t.Parallel()
	db := pgtest.NewDB(t).DB
	s := bot.NewSender(db, testToken, bot.Limits{PerChat: 50 * time.Millisecond, GroupWindow: time.Second, GroupCount: 100, Overall: 1000, OverallHard: 2})
	const sends = 6
	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	for i := range sends {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.Do(context.Background(), 42, func(context.Context) error {
				mu.Lock()
				order = append(order, i)
				mu.Unlock()
				time.Sleep(30 * time.Millisecond)
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		}()
		waitBooked(t, db, 42, i+1) // each books its slot after the one before
	}
	wg.Wait()
	for i, n := range order {
		if n != i {
			t.Fatalf("messages to one chat left in the order %v, want 0…%d", order, sends-1)
		}
	}
}

// Two messages to one chat held back together by the hard overall bound
// do not leave back to back when it lets them go: the second waits until
// Telegram answered the first PerChatHard ago.
func TestSendsHeldTogetherStayApartInTheirChat(t *testing.T) {
	t.Parallel()
	db := pgtest.NewDB(t).DB
	const apart = 300 * time.Millisecond
	s := bot.NewSender(db, testToken, bot.Limits{PerChat: 50 * time.Millisecond, GroupWindow: time.Second, GroupCount: 100, Overall: 1000,
		OverallHard: 2, PerChatHard: apart})
	var mu sync.Mutex
	sent := map[int64][]time.Time{}
	send := func(chat int64) {
		err := s.Do(context.Background(), chat, func(context.Context) error {
			mu.Lock()
			sent[chat] = append(sent[chat], time.Now())
			mu.Unlock()
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	}
	send(8) // these two fill the hard bound for a second
	send(9)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { send(42) })
	}
	wg.Wait()
	if got := sent[42]; len(got) != 2 || got[1].Sub(got[0]) < apart {
		t.Fatalf("the two messages to chat 42 left at %v; want them %s apart or more", got, apart)
	}
}

// waitBooked waits until n slots are booked for chat.
func waitBooked(t *testing.T, db *bun.DB, chat int64, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var booked int
		if err := db.NewRaw("SELECT count(*) FROM telegram_slots WHERE chat_id = ?", chat).Scan(context.Background(), &booked); err != nil {
			t.Fatal(err)
		}
		if booked >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d slots booked for chat %d after 10 s, want %d", booked, chat, n)
		}
		time.Sleep(time.Millisecond) // polling the condition, not waiting for it to happen
	}
}
