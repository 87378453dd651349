package wechat_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"govmedia"
	"govmedia/keyring"
	"govmedia/postgres"
	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

// replica is another process on the env's database: its own pool, and its
// own keyring started with key.
type replica struct {
	db  *postgres.DB
	box *govmedia.SecretBox
}

func (e *wxEnv) replica(key []byte) *replica {
	e.t.Helper()
	db := e.open(8)
	box, err := keyring.Start(e.ctx, db.DB, key)
	if err != nil {
		e.t.Fatalf("starting a replica: %v", err)
	}
	return &replica{db: db, box: box}
}

// follow runs the replica's key follower, as `serve` does, until the test ends.
func (r *replica) follow(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); keyring.Follow(ctx, r.db, r.box, time.Minute, slog.Default()) }()
	t.Cleanup(func() { cancel(); <-done })
}

// waitFor fails the test unless cond holds within a deadline.
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

func TestRunningReplicasKeepOpeningAndSealingAcrossARotation(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	a, b := e.replica(e.key), e.replica(e.key)
	a.follow(t)
	b.follow(t)
	lagging := e.replica(e.key) // follows nothing: it learns at its next seal or open
	before := e.account("昆明发布", "13800000001")

	next := newKey(t)
	nextFp := govmedia.KeyFingerprint(next)
	rotator, _ := govmedia.NewSecretBox(e.key) // `keys rotate`, in a process of its own
	if _, err := e.rotate(rotator, next); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "both following replicas to seal under the new key", func() bool {
		return a.box.Fingerprint() == nextFp && b.box.Fingerprint() == nextFp
	})

	after := newCredentials(e.insertAccount("五华发布", "wechat_oa", ""))
	if err := wechat.StoreCredentials(e.ctx, a.db, a.box, after, govmedia.Now()); err != nil {
		t.Fatalf("replica A storing credentials after the rotation: %v", err)
	}
	late := newCredentials(e.insertAccount("盘龙发布", "wechat_oa", ""))
	if err := wechat.StoreCredentials(e.ctx, lagging.db, lagging.box, late, govmedia.Now()); err != nil {
		t.Fatalf("the replica that missed the rotation storing credentials: %v", err)
	}
	for _, v := range e.sealedValues() {
		if govmedia.SealedFingerprint(v) != nextFp {
			t.Fatalf("a value is sealed under %s after the rotation to %s", govmedia.SealedFingerprint(v), nextFp)
		}
	}
	restarted := e.replica(next) // restarted with the new key, as the operator is told
	for _, r := range []*replica{a, b, lagging, restarted} {
		for _, c := range []wechat.Credentials{before, after, late} {
			if got, err := wechat.LoadCredentials(e.ctx, r.db, r.box, c.AccountID); err != nil || got != c {
				t.Fatalf("a replica opening account %d's credentials after the rotation: %v", c.AccountID, err)
			}
		}
	}
}

func TestASealRacingARotationNeverEndsUnderTheOldKey(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	for i := range 40 { // a rotation long enough for the sealers to race it
		e.account(fmt.Sprintf("既有账号%d", i), "13800000001")
	}
	const sealers = 4
	replicas := make([]*replica, sealers)
	for i := range replicas {
		replicas[i] = e.replica(e.key) // no follower: only the seal itself can notice
	}
	next := newKey(t)
	var rotated atomic.Bool
	var afterCommit atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, sealers)
	for i, r := range replicas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				done := rotated.Load()
				c := newCredentials(e.insertAccount(fmt.Sprintf("新账号%d-%d", i, n), "wechat_oa", ""))
				if err := wechat.StoreCredentials(e.ctx, r.db, r.box, c, govmedia.Now()); err != nil {
					errs <- err
					return
				}
				if done {
					if afterCommit.Add(1) >= 3*sealers {
						return
					}
				}
			}
		}()
	}
	rotator, _ := govmedia.NewSecretBox(e.key)
	if _, err := e.rotate(rotator, next); err != nil {
		t.Fatal(err)
	}
	rotated.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("a sealer failed across the rotation: %v", err)
	}
	nextFp := govmedia.KeyFingerprint(next)
	for _, v := range e.sealedValues() {
		if fp := govmedia.SealedFingerprint(v); fp != nextFp {
			t.Fatalf("a value ended sealed under the old key %s, not the new %s", fp, nextFp)
		}
	}
}
