package approvals_test

import (
	"context"
	"fmt"
	"govmedia/postgres/pgtest"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"

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
	steps := prepareApplications(t, w, n, "bench")
	insertRate1 := rate(n, deciders, func(i int) error {
		_, err := w.DB.ExecContext(ctx, "INSERT INTO bench_rows (at, payload) VALUES (now(), 'bare insert transaction')")
		return err
	})
	decideRate := rate(n, deciders, func(i int) error {
		_, err := w.engine.Decide(ctx, w.approver, steps[i], approvals.Approve, "")
		return err
	})
	floorSteps := prepareApplications(t, w, n, "floor")
	floorRate := rate(n, deciders, func(i int) error { return minimalApproval(ctx, w, floorSteps[i], i) })
	accountRate := rate(n, deciders, func(i int) error {
		_, err := w.DB.ExecContext(ctx, accountRowSQL, fmt.Sprintf("昆明教育号ceiling%05d", i))
		return err
	})
	insertRate2 := rate(n, deciders, func(i int) error {
		_, err := w.DB.ExecContext(ctx, "INSERT INTO bench_rows (at, payload) VALUES (now(), 'bare insert transaction')")
		return err
	})
	base := (insertRate1 + insertRate2) / 2
	ratio := decideRate / base
	t.Logf("decisions %.0f/s, minimal approvals %.0f/s, account rows alone %.0f/s, bare inserts %.0f/s and %.0f/s",
		decideRate, floorRate, accountRate, insertRate1, insertRate2)
	pgtest.BenchRow("decisions per second ÷ bare INSERT transactions (16 concurrent)", ratio, "ratio", "≥ 0.5", ratio >= 0.5)
	pgtest.BenchRow("decisions per second (16 concurrent, this machine)", math.Round(decideRate), "decisions/s", "-", true)
	pgtest.BenchRow("control: the same rows written by hand-written SQL in one transaction, no checks (16 concurrent) ÷ bare INSERT", floorRate/base, "ratio", "-", true)
	pgtest.BenchRow("decisions per second ÷ that hand-written floor (the engine's own cost)", decideRate/floorRate, "ratio", "-", true)
	pgtest.BenchRow("ceiling: the new account's row alone, one INSERT statement (16 concurrent) ÷ bare INSERT", accountRate/base, "ratio", "-", true)
}

// prepareApplications submits n open applications from a city department,
// each one decision away from approval, and returns their pending steps.
func prepareApplications(t *testing.T, w *world, n int, prefix string) []int64 {
	ctx := context.Background()
	steps := make([]int64, n)
	for i := range n {
		f := registrytest.WeChat(fmt.Sprintf("昆明教育号%s%05d", prefix, i))
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

// accountRowSQL inserts the row an approved open writes into accounts,
// alone: no decision can cost less than it.
const accountRowSQL = `INSERT INTO accounts (platform, wechat_kind, name, host_org, operating_unit, domains, state, created_at, updated_at)
	VALUES ('wechat_oa', 'subscription', ?, 'km.dept.jyt', '运营中心', '{compulsory-education}', 'approved', now(), now())`

// minimalApproval writes what a final approval of an open application
// writes (the step, the account, its history, the application, two audit
// entries) as hand-written statements in one transaction, with none of
// the engine's reads and checks: the floor under Decide on this machine.
func minimalApproval(ctx context.Context, w *world, stepID int64, i int) error {
	return w.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var appID int64
		stmts := []struct {
			q    string
			args []any
			dest []any
		}{
			{"SELECT id FROM applications WHERE id = (SELECT application_id FROM application_steps WHERE id = ?) FOR UPDATE", []any{stepID}, []any{&appID}},
			{"UPDATE application_steps SET state = 'approved', decided_by = ?, decided_at = now() WHERE id = ?", []any{w.approver.ID, stepID}, nil},
			{"WITH a AS (" + accountRowSQL + ` RETURNING id)
				INSERT INTO account_history (account_id, version, at, action, changes, actor) SELECT id, 1, now(), 'account.open', '[]', 'bench' FROM a`,
				[]any{fmt.Sprintf("昆明教育号control%05d", i)}, nil},
			{"INSERT INTO audit_log (at, actor, subject_kind, subject_id, action, detail) VALUES (now(), 'bench', 'account', ?, 'account.open', '{}')", []any{i}, nil},
			{"UPDATE applications SET state = 'approved', updated_at = now(), decided_at = now() WHERE id = ?", []any{&appID}, nil},
			{"INSERT INTO audit_log (at, actor, subject_kind, subject_id, action, detail) VALUES (now(), 'bench', 'application', ?, 'application.approve', '{}')", []any{&appID}, nil},
		}
		for _, s := range stmts {
			if s.dest != nil {
				if err := tx.QueryRowContext(ctx, s.q, s.args...).Scan(s.dest...); err != nil {
					return err
				}
				continue
			}
			if _, err := tx.ExecContext(ctx, s.q, s.args...); err != nil {
				return err
			}
		}
		return nil
	})
}
