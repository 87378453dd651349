package approvals_test

import (
	"context"
	"fmt"
	"govmedia/postgres/pgtest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"govmedia/approvals"
	"govmedia/registry/registrytest"
)

// TestBenchDecisions measures final approvals (with their effect, the new
// account, and audit entries) by 16 concurrent deciders, against bare
// single-row INSERT transactions through the same pool in the same run.
// It runs only under `make bench` (GOVMEDIA_BENCH=1).
func TestBenchDecisions(t *testing.T) {
	pgtest.Bench(t)
	const deciders, n = 16, 3000
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.DB.ExecContext(ctx, "CREATE TABLE bench_rows (id bigserial PRIMARY KEY, at timestamptz NOT NULL, payload text NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	steps := prepareApplications(t, w, n)
	insertRate1 := rate(n, deciders, func(i int) error {
		_, err := w.DB.ExecContext(ctx, "INSERT INTO bench_rows (at, payload) VALUES (now(), 'bare insert transaction')")
		return err
	})
	decideRate := rate(n, deciders, func(i int) error {
		_, err := w.engine.Decide(ctx, w.approver, steps[i], approvals.Approve, "")
		return err
	})
	insertRate2 := rate(n, deciders, func(i int) error {
		_, err := w.DB.ExecContext(ctx, "INSERT INTO bench_rows (at, payload) VALUES (now(), 'bare insert transaction')")
		return err
	})
	base := (insertRate1 + insertRate2) / 2
	ratio := decideRate / base
	t.Logf("decisions %.0f/s, bare inserts %.0f/s and %.0f/s", decideRate, insertRate1, insertRate2)
	pgtest.BenchRow("decisions per second ÷ bare INSERT transactions (16 concurrent)", ratio, "ratio", "≥ 0.5", ratio >= 0.5)
	pgtest.BenchRow("decisions per second (16 concurrent, this machine)", decideRate, "decisions/s", "-", true)
}

// prepareApplications submits n open applications from a city department,
// each one decision away from approval, and returns their pending steps.
func prepareApplications(t *testing.T, w *world, n int) []int64 {
	ctx := context.Background()
	steps := make([]int64, n)
	for i := range n {
		f := registrytest.WeChat(fmt.Sprintf("昆明教育号%05d", i))
		f.SecondAccountReason = "分领域运营"
		app, err := w.engine.SubmitOpen(ctx, w.cityDept, f)
		if err != nil {
			t.Fatal(err)
		}
		steps[i] = app.PendingStep().ID
	}
	return steps
}

// rate runs op for indexes 0..n-1 on workers goroutines and returns ops/s.
func rate(n, workers int, op func(i int) error) float64 {
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Value
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(n); i = next.Add(1) - 1 {
				if err := op(int(i)); err != nil {
					failed.Store(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := failed.Load(); err != nil {
		panic(err)
	}
	return float64(n) / time.Since(start).Seconds()
}
