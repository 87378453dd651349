package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"govmedia"
	"govmedia/keyring"
	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

// The crash suite's two sizes: a short form in every `go test` run, and
// the long one `make test-chaos` runs (GOVMEDIA_CHAOS=1), with at least 20
// kills.
var (
	chaosShort = chaosSize{accounts: 120, decisions: 20, questions: 30, kills: 1, cliKills: 2}
	chaosLong  = chaosSize{accounts: 2000, decisions: 60, questions: 60, kills: 4, cliKills: 3, killReplies: true}
)

// chaosLongForm skips a test of the suite that `make test-chaos` alone
// runs: the normal run keeps the short form of the kill test only, within
// about a minute.
func chaosLongForm(t *testing.T) chaosSize {
	if os.Getenv("GOVMEDIA_CHAOS") != "1" {
		t.Skip("part of the crash and fault suite's long form: make test-chaos (GOVMEDIA_CHAOS=1)")
	}
	return chaosLong
}

func chaosSizeOf(t *testing.T) (chaosSize, bool) {
	if os.Getenv("GOVMEDIA_CHAOS") == "1" {
		return chaosLong, true
	}
	if testing.Short() {
		t.Skip("the crash suite runs serve as a process and kills it: not in -short")
	}
	return chaosShort, false
}

// TestKilledServeLosesNothingAndDoesNothingTwice runs `govmedia serve` as
// a process and kills it with SIGKILL at seeded random moments during a
// fan-out, a burst of decisions pressed in Telegram, and citizens'
// questions and their answers; and kills the command line during a
// catalog import and a key rotation. After each restart the work goes on
// by itself, and at the end every account has the publication once, every
// step is decided once with its audit entry and effect, every citizen has
// one question answered by one reply, no import or rotation is half done,
// the audit chain verifies and no job is left stuck.
func TestKilledServeLosesNothingAndDoesNothingTwice(t *testing.T) {
	size, long := chaosSizeOf(t)
	w := newChaosWorld(t, wechattest.Options{PublishDelay: 300 * time.Millisecond, Latency: 30 * time.Millisecond})
	w.start()
	w.fanOut(size.accounts, size.kills)
	w.decisions(size.decisions, size.kills)
	w.questions(size.questions, size.kills, size.killReplies)
	cliKills := w.catalogImport(size.cliKills)
	cliKills += w.rotateKey(size.cliKills)
	w.settle()
	w.stop()
	w.checkAuditVerifies()
	w.checkNoJobStuck()
	t.Logf("serve was killed %d times, the command line %d times", w.kills, cliKills)
	if long && w.kills+cliKills < 20 {
		t.Errorf("only %d kills in the long form, want at least 20", w.kills+cliKills)
	}
}

// runKilled runs a govmedia command and kills it at a random moment
// between a quarter and the whole of took (how long a like command took
// whole); it reports whether the command had ended by itself first.
func (w *chaosWorld) runKilled(took time.Duration, args ...string) (finished bool) {
	w.t.Helper()
	cmd := exec.Command(w.bin, args...)
	cmd.Env = append(os.Environ(), "GOVMEDIA_SECRET_KEY="+w.key, "LANG=en_US.UTF-8")
	if err := cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			w.t.Fatalf("govmedia %s: %v", strings.Join(args, " "), err)
		}
		return true
	case <-time.After(took/4 + time.Duration(w.rng.Int64N(int64(took*3/4)))): // the kill's moment
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	return <-done == nil
}

// timeCLI runs a govmedia command to its end and returns how long it took.
func (w *chaosWorld) timeCLI(args ...string) time.Duration {
	w.t.Helper()
	began := time.Now()
	w.runCLI(args...)
	return time.Since(began)
}

// runCLI runs a govmedia command to its end and returns its output.
func (w *chaosWorld) runCLI(args ...string) string {
	w.t.Helper()
	cmd := exec.Command(w.bin, args...)
	cmd.Env = append(os.Environ(), "GOVMEDIA_SECRET_KEY="+w.key, "LANG=en_US.UTF-8")
	out, err := cmd.CombinedOutput()
	if err != nil {
		w.t.Fatalf("govmedia %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// catalogImport kills `catalog import` kills times at random moments; each
// time the county's catalog holds all of the file or none of it. It
// returns how many kills there were.
func (w *chaosWorld) catalogImport(kills int) int {
	w.t.Helper()
	file := filepath.Join("..", "..", "catalog", "testdata", "libreoffice", "county-filled.xlsx")
	type state struct{ versions, items int }
	now := func() state {
		return state{w.count("SELECT count(*) FROM catalog_versions WHERE org_code = 'km.wuhua'"),
			w.count("SELECT count(*) FROM catalog_items i JOIN catalog_versions v ON v.id = i.version_id WHERE v.org_code = 'km.wuhua'")}
	}
	var seen []state
	n := 0
	took := w.timeCLI("catalog", "import", "--org", "km.wuhua", file, "--dry-run")
	for range kills {
		finished := w.runKilled(took, "catalog", "import", "--org", "km.wuhua", file)
		if !finished {
			n++
		}
		seen = append(seen, now())
	}
	w.runCLI("catalog", "import", "--org", "km.wuhua", file)
	full := now()
	if full.versions == 0 || full.items == 0 {
		w.t.Fatalf("catalog import: the import made %+v, want versions with items", full)
	}
	for i, s := range seen {
		if s != (state{}) && s != full {
			w.t.Errorf("catalog import: after kill %d the county's catalog held %+v, want nothing or the whole import %+v", i+1, s, full)
		}
	}
	w.t.Logf("catalog import: %d kills, states after them %v, whole import %+v", n, seen, full)
	return n
}

// rotateKey kills `keys rotate` at random moments while serve runs; each
// time every credential opens under the one key the database names, and
// once the rotation is done serve starts with the new key.
func (w *chaosWorld) rotateKey(kills int) int {
	w.t.Helper()
	oldKey, _ := govmedia.ParseSecretKey(w.key)
	next := govmedia.NewSecretKey()
	nextKey, _ := govmedia.ParseSecretKey(next)
	n, rotated := 0, false
	took := w.timeCLI("audit", "verify") // opens the database and reads every sealed value's neighbours, as a rotation does
	for i := 0; i < kills && !rotated; i++ {
		rotated = w.runKilled(took, "keys", "rotate", "--new-key", next)
		if !rotated {
			n++
		}
		fp := w.credentialsOpen(oldKey)
		rotated = fp == govmedia.KeyFingerprint(nextKey)
	}
	if !rotated {
		w.runCLI("keys", "rotate", "--new-key", next)
	}
	if fp := w.credentialsOpen(nextKey); fp != govmedia.KeyFingerprint(nextKey) {
		w.t.Fatalf("key rotation: values are sealed under %s after the rotation to %s", fp, govmedia.KeyFingerprint(nextKey))
	}
	w.key = next
	w.restart() // as the operator is told: restart with the new key
	w.waitHTTP("/readyz", 200)
	w.t.Logf("key rotation: %d kills before it was done", n)
	return n
}

// credentialsOpen starts a keyring with key, as a replica does, and
// checks every stored credential opens with it; it returns the
// fingerprint of the key it seals under.
func (w *chaosWorld) credentialsOpen(key []byte) string {
	w.t.Helper()
	box, err := keyring.Start(w.ctx, w.db.DB, key)
	if err != nil {
		w.t.Fatalf("key rotation: a replica starting with its key: %v", err)
	}
	var ids []int64
	if err := w.db.NewRaw("SELECT account_id FROM wechat_credentials").Scan(w.ctx, &ids); err != nil {
		w.t.Fatal(err)
	}
	for _, id := range ids {
		if _, err := wechat.LoadCredentials(w.ctx, w.db, box, id); err != nil {
			w.t.Fatalf("key rotation: account %d's credentials do not open: %v", id, err)
		}
	}
	return box.Fingerprint()
}

// checkAuditVerifies runs `govmedia audit verify`.
func (w *chaosWorld) checkAuditVerifies() {
	w.t.Helper()
	if out := w.runCLI("audit", "verify"); !strings.Contains(out, "intact") {
		w.t.Errorf("audit verify after the crashes:\n%s", out)
	}
}

// checkNoJobStuck checks, with serve stopped cleanly, that no job is left
// running, none waits past its time, and none was given up.
func (w *chaosWorld) checkNoJobStuck() {
	w.t.Helper()
	var stuck []struct {
		Kind  string `bun:"kind"`
		State string `bun:"state"`
		N     int    `bun:"n"`
	}
	err := w.db.NewRaw(`SELECT kind, state, count(*) AS n FROM river_job
		WHERE state IN ('running', 'discarded') OR (state IN ('available', 'retryable') AND scheduled_at < now() - interval '1 minute')
		GROUP BY 1, 2 ORDER BY 1, 2`).Scan(w.ctx, &stuck)
	if err != nil {
		w.t.Fatal(err)
	}
	if len(stuck) > 0 {
		var detail []string
		_ = w.db.NewRaw(`SELECT format('%s %s attempt %s by %s at %s: %s', id, kind, attempt, attempted_by, attempted_at, errors) FROM river_job
			WHERE state IN ('running', 'discarded') ORDER BY id LIMIT 10`).Scan(w.ctx, &detail)
		var procs []string
		_ = w.db.NewRaw(`SELECT format('%s %s', id, seen_at) FROM queue_workers ORDER BY seen_at`).Scan(w.ctx, &procs)
		w.t.Errorf("jobs left stuck or given up after the crashes: %+v\n%s\nprocesses:\n%s", stuck, strings.Join(detail, "\n"), strings.Join(procs, "\n"))
	}
}
