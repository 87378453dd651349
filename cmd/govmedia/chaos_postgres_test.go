package main

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"govmedia/postgres"
	"govmedia/publish"
	"govmedia/publish/wechattest"
	"govmedia/registry"
)

// TestPostgresRestartedUnderLoad runs serve on a PostgreSQL of the test's
// own and stops that server while a fan-out goes out and citizens ask:
// /readyz answers 503 while it is down; once it is back on its port, serve
// recovers by itself (it is not restarted) and every delivery and every
// question ends as if nothing had happened.
func TestPostgresRestartedUnderLoad(t *testing.T) {
	size := chaosLongForm(t)
	accounts, down := 600, 10*time.Second
	srv, url := privateServer(t)
	w := newChaosWorldOn(t, url, wechattest.Options{PublishDelay: 300 * time.Millisecond, Latency: 30 * time.Millisecond})
	list := w.accounts("km.wuhua.dept.edu", "断库演练号", 0, accounts)
	acct := w.accounts("km.dept.mz", "民政问答号", 90000, 1)[0]
	bindMember(t, url, chaosKey, 801, "km.office", registry.Operator)
	bindMember(t, url, chaosKey, 802, "km.office", registry.Approver)
	w.start()
	p := submitApproved(t, w.ctx, w.reg, w.engine, w.pub, 801, 802, "km.wuhua.dept.edu", "冬季安全通知")
	progress := func() publish.Progress { pr, _ := w.pub.Progress(w.ctx, p.ID); return pr }
	openids := citizenIDs(size.questions)
	w.waitFor("a fifth of the deliveries", 2*time.Minute, func() bool { return progress().Delivered >= accounts/5 })

	at := progress()
	var asks sync.WaitGroup // citizens asking as the database goes down, and trying again while it is
	asks.Go(func() { w.citizensAsk(acct, openids, nil) })
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	w.waitFor("/readyz to fail with the database down", time.Minute, func() bool { return httpStatus("http://"+w.addr+"/readyz") == 503 })
	stopped := time.Now()
	w.waitFor("the database to have been down a while", down+5*time.Second, func() bool {
		return time.Since(stopped) >= down && httpStatus("http://"+w.addr+"/readyz") == 503
	})
	if err := srv.StartAgain(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.waitHTTP("/readyz", 200)
	t.Logf("PostgreSQL stopped at %+v for %s; /readyz 503 meanwhile, 200 again %.1f s after it was back",
		at, down, time.Since(stopped.Add(down)).Seconds())

	asks.Wait()
	w.waitFor("every delivery to end", 5*time.Minute, func() bool { pr := progress(); return pr.Total == accounts && pr.Pending == 0 })
	if pr := progress(); pr.Delivered != accounts {
		t.Errorf("after the restart: %+v, want all %d delivered", pr, accounts)
	}
	w.exactlyOnce(list)
	if n := w.count("SELECT count(*) FROM questions WHERE account_id = ?", acct.AccountID); n != len(openids) {
		t.Errorf("%d citizens asked, %d questions stored; want one each", len(openids), n)
	}
	w.settle()
	w.stop()
	w.checkAuditVerifies()
	w.checkNoJobStuck()
}

// privateServer starts a PostgreSQL for the test alone (as an unprivileged
// user when the test runs as root) and readies a database on it as
// setupCLI does: migrated, the sample orgs imported.
func privateServer(t *testing.T) (*postgres.Server, string) {
	t.Helper()
	dir := openTempDir(t, "govmedia-chaos-pg-", 0o755)
	srv, err := postgres.StartTestServer(context.Background(), filepath.Join(dir, "pg"), discardLog())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	url := srv.URL()
	t.Setenv("DATABASE_URL", url)
	t.Setenv("GOVMEDIA_SECRET_KEY", chaosKey)
	if code, _, errOut := cli(t, "migrate", "up"); code != 0 {
		t.Fatal(errOut)
	}
	orgs := filepath.Join(t.TempDir(), "orgs.csv")
	_ = os.WriteFile(orgs, registry.SampleOrgs(), 0o644)
	if code, _, errOut := cli(t, "orgs", "import", orgs); code != 0 {
		t.Fatal(errOut)
	}
	return srv, url
}
