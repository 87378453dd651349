package registry_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// TestCloseDueClosesEachAccountOnceAcrossReplicas starts the notice of
// three accounts and lets it end, then has four replicas look for due
// accounts at once: each account is closed, and its listeners told, once.
func TestCloseDueClosesEachAccountOnceAcrossReplicas(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	ctx := context.Background()
	var told atomic.Int64
	replicas := make([]*registry.Registry, 4)
	for i := range replicas {
		replicas[i] = registry.New(env.DB.DB, env.Box, env.Clock.Now)
		replicas[i].OnClosed(func(ctx context.Context, tx bun.Tx, a *registry.Account) error {
			if a.State != registry.Closed {
				t.Errorf("a listener was told of %s while it is %s", a.Name, a.State)
			}
			told.Add(1)
			return nil
		})
	}
	for _, name := range []string{"五华教育一号", "五华教育二号", "五华教育三号"} {
		f := registrytest.WeChat(name)
		f.SecondAccountReason = "按学段分设"
		a, err := env.Registry.CreateAccount(ctx, env.DB, "km.wuhua.dept.edu", f, registry.Active,
			registry.Change{Actor: govmedia.Operator("test"), Action: "account.import"})
		if err != nil {
			t.Fatal(err)
		}
		err = env.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			return env.Registry.StartClosing(ctx, tx, a.ID, a.Version, registry.Closure{Reason: "合并", NoticeDays: 1},
				registry.Change{Actor: govmedia.Operator("test"), Action: "account.close"})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n, err := env.Registry.CloseDue(ctx); n != 0 || err != nil {
		t.Fatalf("before the notice ends: closed %d (%v), want none", n, err)
	}
	env.Clock.Advance(24*time.Hour + time.Minute)
	var wg sync.WaitGroup
	var closed atomic.Int64
	for _, r := range replicas {
		wg.Go(func() {
			n, err := r.CloseDue(ctx)
			if err != nil {
				t.Error(err)
			}
			closed.Add(int64(n))
		})
	}
	wg.Wait()
	if closed.Load() != 3 || told.Load() != 3 {
		t.Fatalf("the replicas closed %d accounts and told %d times; want each of the 3 once", closed.Load(), told.Load())
	}
}
