package audit_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/audit"
	"govmedia/audit/audittest"
	"govmedia/keyring"
	"govmedia/postgres"
	"govmedia/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// logEnv is a database with a keyring, and a clock the checkpoints are
// written at.
type logEnv struct {
	t   *testing.T
	ctx context.Context
	db  *postgres.DB
	key []byte
	box *govmedia.SecretBox
	now time.Time
}

func newLogEnv(t *testing.T) *logEnv {
	e := &logEnv{t: t, ctx: context.Background(), db: pgtest.NewDB(t), key: newKey(t),
		now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	box, err := keyring.Start(e.ctx, e.db.DB, e.key)
	if err != nil {
		t.Fatal(err)
	}
	e.box = box
	return e
}

func newKey(t *testing.T) []byte {
	key, err := govmedia.ParseSecretKey(govmedia.NewSecretKey())
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// write appends n entries and seals them.
func (e *logEnv) write(n int) {
	e.t.Helper()
	for i := range n {
		err := audit.Append(e.ctx, e.db, e.now, govmedia.Operator("test"), "account", fmt.Sprint(i), "account.open", map[string]any{"state": "approved"})
		if err != nil {
			e.t.Fatal(err)
		}
	}
	if _, err := audit.Seal(e.ctx, e.db.DB); err != nil {
		e.t.Fatal(err)
	}
}

// checkpoint writes a checkpoint at the env's clock, then moves it on five minutes.
func (e *logEnv) checkpoint() *audit.Checkpoint {
	e.t.Helper()
	c, err := audit.WriteCheckpoint(e.ctx, e.db.DB, e.box, e.now, 0)
	if err != nil || c == nil {
		e.t.Fatalf("writing a checkpoint: %v %v", c, err)
	}
	e.now = e.now.Add(5 * time.Minute)
	return c
}

// verify checks the log against its checkpoints, saved ones and a freshness of 15 minutes.
func (e *logEnv) verify(saved ...audit.Checkpoint) audit.Report {
	e.t.Helper()
	rep, err := audit.VerifyAnchored(e.ctx, e.db.DB, audit.Anchors{Box: e.box, Saved: saved, MaxAge: 15 * time.Minute, Now: e.now})
	if err != nil {
		e.t.Fatal(err)
	}
	return rep
}

// entryID is the id of the entry with seq.
func (e *logEnv) entryID(seq int64) int64 {
	var id int64
	if err := e.db.NewRaw("SELECT id FROM audit_log WHERE seq = ?", seq).Scan(e.ctx, &id); err != nil {
		e.t.Fatal(err)
	}
	return id
}

func wantBreak(t *testing.T, rep audit.Report, key string, checkpoint int64) {
	t.Helper()
	if rep.Break == nil || rep.Break.Key != key || rep.Break.Checkpoint != checkpoint {
		t.Fatalf("break = %+v, want %s at checkpoint %d", rep.Break, key, checkpoint)
	}
}

func TestARewrittenAndRehashedLogNoLongerReachesItsSignedCheckpoints(t *testing.T) {
	e := newLogEnv(t)
	e.write(5)
	e.checkpoint()
	e.write(3)
	e.checkpoint()
	if rep := e.verify(); rep.Break != nil || rep.Checkpoints != 2 || rep.Entries != 8 {
		t.Fatalf("an untouched log: %+v", rep)
	}
	if err := audittest.Rechain(e.ctx, e.db); err != nil {
		t.Fatal(err)
	}
	if rep := e.verify(); rep.Break != nil {
		t.Fatalf("recomputing the hashes in SQL changed them (the rewrite below would prove nothing): %+v", rep.Break)
	}
	if err := audittest.Rewrite(e.ctx, e.db, e.entryID(7), `{"state":"rejected"}`); err != nil {
		t.Fatal(err)
	}
	if rep, err := audit.Verify(e.ctx, e.db.DB); err != nil || rep.Break != nil {
		t.Fatalf("the chain alone should still hold after a rehash (%v %v): the test rewrites badly", rep.Break, err)
	}
	wantBreak(t, e.verify(), "audit.checkpoint_disagrees", 2)
}

func TestDeletingTheCheckpointsThatDisagreeIsFound(t *testing.T) {
	e := newLogEnv(t)
	e.write(4)
	e.checkpoint()
	e.write(2)
	e.checkpoint()
	saved := e.checkpoint() // kept elsewhere by someone who fetched /audit/checkpoints
	if err := audittest.Rewrite(e.ctx, e.db, e.entryID(6), `{"state":"rejected"}`); err != nil {
		t.Fatal(err)
	}
	if err := audittest.DropCheckpoints(e.ctx, e.db, 2); err != nil {
		t.Fatal(err)
	}
	wantBreak(t, e.verify(), "audit.checkpoint_missing", 2) // a gap
	if err := audittest.DropCheckpoints(e.ctx, e.db, 3); err != nil {
		t.Fatal(err)
	}
	if rep := e.verify(); rep.Break != nil {
		t.Fatalf("within 15 minutes of the last checkpoint left, nothing but a saved copy can tell: %+v", rep.Break)
	}
	wantBreak(t, e.verify(*saved), "audit.saved_missing", 3)
	e.now = e.now.Add(10 * time.Minute)
	wantBreak(t, e.verify(), "audit.checkpoint_stale", 1)
	e.checkpoint() // the service goes on, and anchors the rewritten log anew
	e.checkpoint()
	wantBreak(t, e.verify(*saved), "audit.saved_differs", 3)
}

func TestRemovedEntriesAndForgedCheckpointsAreFound(t *testing.T) {
	e := newLogEnv(t)
	e.write(3)
	e.checkpoint()
	var last int64
	_ = e.db.NewRaw("SELECT max(id) FROM audit_log").Scan(e.ctx, &last)
	for _, q := range []string{"ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
		fmt.Sprintf("DELETE FROM audit_log WHERE id = %d", last), "ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update"} {
		if _, err := e.db.ExecContext(e.ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	wantBreak(t, e.verify(), "audit.checkpoint_beyond_log", 1)

	f := newLogEnv(t)
	f.write(2)
	f.checkpoint()
	forger, _ := govmedia.NewSecretBox(newKey(t))
	sig := forger.Sign("audit.checkpoint", []byte("x"))
	_, err := f.db.ExecContext(f.ctx, `ALTER TABLE audit_checkpoints DISABLE TRIGGER audit_checkpoints_no_update;
		UPDATE audit_checkpoints SET key_fingerprint = ?, signature = ?;
		ALTER TABLE audit_checkpoints ENABLE TRIGGER audit_checkpoints_no_update`, f.box.Fingerprint(), sig.MAC)
	if err != nil {
		t.Fatal(err)
	}
	wantBreak(t, f.verify(), "audit.checkpoint_forged", 1)
	if _, err := f.db.ExecContext(f.ctx, "UPDATE audit_checkpoints SET entries = 0"); err == nil {
		t.Fatal("the database let a checkpoint be changed")
	}
}

func TestCheckpointsSignedUnderTheOldKeyStillVerifyAfterARotation(t *testing.T) {
	e := newLogEnv(t)
	e.write(3)
	saved := e.checkpoint()
	next := newKey(t)
	err := e.db.RunInTx(e.ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		_, err := keyring.Rotate(ctx, tx, e.box, next, audit.ResignCheckpoints)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = e.db.RunInTx(e.ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		_, err := keyring.Finish(ctx, tx, e.box, audit.ResignCheckpoints)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if e.box, err = keyring.Start(e.ctx, e.db.DB, next); err != nil || e.box.Knows(saved.KeyFingerprint) {
		t.Fatalf("a replica started with the new key after the handover: %v (and it should not know the old key)", err)
	}
	e.write(1)
	e.checkpoint()
	rep := e.verify(*saved)
	if rep.Break != nil || rep.Checkpoints != 2 || rep.Saved != 1 || len(rep.Unsigned) != 1 {
		t.Fatalf("after the rotation: %+v (break %+v); want 2 checkpoints holding and the saved one matched by content", rep, rep.Break)
	}
}

func TestOneReplicaWritesEachPeriodicCheckpoint(t *testing.T) {
	e := newLogEnv(t)
	e.write(2)
	var wg sync.WaitGroup
	written := make(chan *audit.Checkpoint, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := audit.WriteCheckpoint(e.ctx, e.db.DB, e.box, e.now, 4*time.Minute)
			if err != nil {
				t.Error(err)
			}
			if c != nil {
				written <- c
			}
		}()
	}
	wg.Wait()
	close(written)
	if n := len(written); n != 1 {
		t.Fatalf("%d replicas wrote the checkpoint due at once, want 1", n)
	}
}

func TestCheckpointsArePublishedAndReadBack(t *testing.T) {
	e := newLogEnv(t)
	for range 3 {
		e.write(1)
		e.checkpoint()
	}
	srv := httptest.NewServer(audit.CheckpointsHandler(e.db.DB, 5*time.Minute))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "?limit=2")
	if err != nil {
		t.Fatal(err)
	}
	var doc audit.CheckpointList
	err = json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()
	if err != nil || len(doc.Checkpoints) != 2 || doc.Checkpoints[0].Number != 3 || doc.IntervalSeconds != 300 {
		t.Fatalf("GET ?limit=2 = %+v %v, want checkpoints 3 and 2", doc, err)
	}
	for _, bad := range []string{"0", "101", "x", "99999999999"} {
		if resp, err := http.Get(srv.URL + "?limit=" + bad); err != nil || resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("limit=%s: %v %v, want 400", bad, resp.Status, err)
		}
	}
	fromURL, err := audit.ReadSaved(e.ctx, srv.URL)
	if err != nil || len(fromURL) != 3 {
		t.Fatalf("reading the published checkpoints back: %d %v", len(fromURL), err)
	}
	one, _ := json.Marshal(fromURL[0].Public())
	file := filepath.Join(t.TempDir(), "cp.json")
	_ = os.WriteFile(file, one, 0o600)
	fromFile, err := audit.ReadSaved(e.ctx, file)
	if err != nil || len(fromFile) != 1 {
		t.Fatalf("reading one saved checkpoint: %v", err)
	}
	if rep := e.verify(append(fromURL, fromFile...)...); rep.Break != nil || rep.Saved != 4 {
		t.Fatalf("verify against the saved copies: %+v %+v", rep, rep.Break)
	}
}
