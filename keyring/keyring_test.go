package keyring_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/keyring"
	"govmedia/postgres"
	"govmedia/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

func newKey(t *testing.T) []byte {
	key, err := govmedia.ParseSecretKey(govmedia.NewSecretKey())
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func start(t *testing.T, db *postgres.DB, key []byte) *govmedia.SecretBox {
	t.Helper()
	box, err := keyring.Start(context.Background(), db.DB, key)
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	return box
}

// rotate rotates to next in one transaction, re-sealing nothing.
func rotate(t *testing.T, db *postgres.DB, box *govmedia.SecretBox, next []byte) {
	t.Helper()
	err := db.RunInTx(context.Background(), nil, func(ctx context.Context, tx bun.Tx) error {
		_, err := keyring.Rotate(ctx, tx, box, next)
		return err
	})
	if err != nil {
		t.Fatalf("rotate: %v", err)
	}
}

// seal seals in a transaction of its own.
func seal(db *postgres.DB, box *govmedia.SecretBox) ([]byte, error) {
	var sealed []byte
	err := db.RunInTx(context.Background(), nil, func(ctx context.Context, tx bun.Tx) (err error) {
		sealed, err = keyring.Seal(ctx, tx, box, "test", []byte("13987654321"))
		return err
	})
	return sealed, err
}

// waitFor fails the test unless cond holds within 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 10 s for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestStartRecordsTheFirstKeyAndRefusesAnother(t *testing.T) {
	db := pgtest.NewDB(t)
	first := newKey(t)
	start(t, db, first)
	var unknown *keyring.UnknownKeyError
	if _, err := keyring.Start(context.Background(), db.DB, newKey(t)); !errors.As(err, &unknown) || unknown.InUse != govmedia.KeyFingerprint(first) {
		t.Fatalf("another key: %v, want an UnknownKeyError naming the key in use", err)
	}
}

func TestASealWaitingForARotationSealsUnderTheNewKey(t *testing.T) {
	ctx := context.Background()
	db := pgtest.NewDB(t)
	old, next := newKey(t), newKey(t)
	sealer := start(t, db, old)
	rotation, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rotation.Rollback()
	if _, err := keyring.Rotate(ctx, rotation, start(t, db, old), next); err != nil {
		t.Fatal(err)
	}
	type result struct {
		sealed []byte
		err    error
	}
	done := make(chan result, 1)
	go func() {
		s, err := seal(db, sealer)
		done <- result{s, err}
	}()
	waitFor(t, "the seal to wait for the rotation's lock", func() bool {
		var waiting int
		_ = db.NewRaw(`SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%secret_keys%'`).Scan(ctx, &waiting)
		return waiting == 1
	})
	if err := rotation.Commit(); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || govmedia.SealedFingerprint(r.sealed) != govmedia.KeyFingerprint(next) {
		t.Fatalf("the seal that waited: under %s (%v), want the new key %s",
			govmedia.SealedFingerprint(r.sealed), r.err, govmedia.KeyFingerprint(next))
	}
}

func TestAReplicaLearnsEveryKeyOfTheHandoverAcrossTwoRotations(t *testing.T) {
	db := pgtest.NewDB(t)
	k1, k2, k3 := newKey(t), newKey(t), newKey(t)
	onK1 := start(t, db, k1)
	before, err := seal(db, onK1)
	if err != nil {
		t.Fatal(err)
	}
	rotate(t, db, start(t, db, k1), k2)
	rotate(t, db, start(t, db, k2), k3)
	restartedOnK1, restartedOnK3 := start(t, db, k1), start(t, db, k3)
	for _, box := range []*govmedia.SecretBox{onK1, restartedOnK1, restartedOnK3} {
		after, err := seal(db, box)
		if err != nil || govmedia.SealedFingerprint(after) != govmedia.KeyFingerprint(k3) {
			t.Fatalf("a replica sealed under %s (%v) after two rotations, want the third key", govmedia.SealedFingerprint(after), err)
		}
	}
	if _, err := restartedOnK3.Open("test", before); err != nil {
		t.Fatalf("a replica on the newest key does not open a value under the first while the handover lasts: %v", err)
	}
}

func TestFollowNoticesARotationWithoutARestart(t *testing.T) {
	db := pgtest.NewDB(t)
	old, next := newKey(t), newKey(t)
	box := start(t, db, old)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); keyring.Follow(ctx, db, box, time.Hour, slog.Default()) }()
	defer func() { cancel(); <-done }()
	waitFor(t, "the follower to listen", func() bool {
		var listening int
		_ = db.NewRaw("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'").Scan(ctx, &listening)
		return listening == 1
	})
	rotate(t, db, start(t, db, old), next)
	waitFor(t, "the running box to seal under the new key", func() bool { return box.Fingerprint() == govmedia.KeyFingerprint(next) })
	if sealed := box.Seal("test", []byte("x")); govmedia.SealedFingerprint(sealed) != govmedia.KeyFingerprint(next) {
		t.Fatal("the box seals in memory under the old key after the rotation")
	}
}
