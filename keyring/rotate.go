package keyring

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
)

// Step re-seals, in the rotation's transaction, the sealed values one part
// of the service stores (and re-signs its signatures), through k. A part
// of the service that stores sealed values contributes its step to every
// rotation; a value a step cannot re-seal fails the whole rotation.
type Step func(ctx context.Context, tx bun.Tx, k *Rekey) error

// Rekey is what a Step re-seals with: the keys the rotating process holds
// (the key in use, the keys a handover taught it) and the key to seal under.
type Rekey struct {
	ring  *govmedia.SecretBox
	to    string
	count int
}

// Fingerprint names the key the rotation seals under.
func (k *Rekey) Fingerprint() string { return k.to }

// Reseal returns sealed, opened for purpose under the key that sealed it,
// sealed again under the new key; nil, and a value already under the new
// key, are returned as they are.
func (k *Rekey) Reseal(purpose string, sealed []byte) ([]byte, error) {
	if sealed == nil || govmedia.SealedFingerprint(sealed) == k.to {
		return sealed, nil
	}
	plain, err := k.ring.Open(purpose, sealed)
	if err != nil {
		return nil, err
	}
	k.count++
	return k.ring.SealUnder(k.to, purpose, plain)
}

// Resign checks sig over msg for label under the key that made it, and
// returns a signature of msg under the new key; a signature already under
// the new key is returned as it is. Errors: govmedia.ErrWrongKey,
// govmedia.ErrBadSignature.
func (k *Rekey) Resign(label string, msg []byte, sig govmedia.Signature) (govmedia.Signature, error) {
	if sig.Fingerprint == k.to {
		return sig, nil
	}
	if err := k.ring.Verify(label, msg, sig); err != nil {
		return govmedia.Signature{}, err
	}
	k.count++
	return k.ring.SignUnder(k.to, label, msg)
}

// Open opens a sealed value under whichever key the rotating process
// holds sealed it: for a step that must compute something new from it
// (a keyed hash, say) besides re-sealing it.
func (k *Rekey) Open(purpose string, sealed []byte) ([]byte, error) {
	return k.ring.Open(purpose, sealed)
}

// Sign signs msg for label under the new key: a keyed hash to compute anew.
func (k *Rekey) Sign(label string, msg []byte) (govmedia.Signature, error) {
	k.count++
	return k.ring.SignUnder(k.to, label, msg)
}

// Rotate makes next the key in use, in tx: it locks the key row, re-seals
// every value through steps, hands each key over to the other, names next
// in use, and notifies the replicas on commit. box is the rotating
// process's; it is left as it is (Refresh it after the commit). It returns
// how many values it re-sealed. Errors: EINVALID (next is the key in use),
// *UnknownKeyError (box cannot reach the key in use), EINTERNAL.
func Rotate(ctx context.Context, tx bun.Tx, box *govmedia.SecretBox, next []byte, steps ...Step) (int, error) {
	from, ring, err := lockForRotation(ctx, tx, box)
	if err != nil {
		return 0, err
	}
	to, err := ring.Learn(next)
	if err != nil {
		return 0, err
	}
	if to == from {
		return 0, govmedia.Errorf(govmedia.EINVALID, "secret.same_key")
	}
	k := &Rekey{ring: ring, to: to}
	if err := runSteps(ctx, tx, k, steps); err != nil {
		return 0, err
	}
	if err := handOver(ctx, tx, ring, from, to); err != nil {
		return 0, err
	}
	return k.count, nameInUse(ctx, tx, to)
}

// Finish ends the handover of the rotations before, in tx, once every
// replica runs with the key in use: it re-seals through steps what is
// still under an older key, and forgets the older keys. It returns how
// many values it re-sealed.
func Finish(ctx context.Context, tx bun.Tx, box *govmedia.SecretBox, steps ...Step) (int, error) {
	current, ring, err := lockForRotation(ctx, tx, box)
	if err != nil {
		return 0, err
	}
	k := &Rekey{ring: ring, to: current}
	if err := runSteps(ctx, tx, k, steps); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM secret_key_handover"); err != nil {
		return 0, err
	}
	return k.count, nil
}

// Handover lists the keys a handover in progress holds, empty when none.
func Handover(ctx context.Context, db bun.IDB) ([]string, error) {
	var fps []string
	err := db.NewSelect().Model((*handover)(nil)).ColumnExpr("DISTINCT fingerprint").OrderExpr("fingerprint").Scan(ctx, &fps)
	return fps, err
}

// lockForRotation locks the key row FOR UPDATE (sealers wait from now on)
// and returns the key in use and a copy of box that holds it.
func lockForRotation(ctx context.Context, tx bun.Tx, box *govmedia.SecretBox) (string, *govmedia.SecretBox, error) {
	from, err := lockKeyRow(ctx, tx, "UPDATE", box)
	if err != nil {
		return "", nil, err
	}
	ring := box.Clone()
	if err := use(ctx, tx, ring, from); err != nil {
		return "", nil, err
	}
	return from, ring, nil
}

func runSteps(ctx context.Context, tx bun.Tx, k *Rekey, steps []Step) error {
	for _, step := range steps {
		if err := step(ctx, tx, k); err != nil {
			return err
		}
	}
	return nil
}

// handOver stores each of the two keys wrapped under the other.
func handOver(ctx context.Context, tx bun.Tx, ring *govmedia.SecretBox, from, to string) error {
	for _, pair := range [][2]string{{to, from}, {from, to}} {
		wrapped, err := ring.WrapKey(pair[0], pair[1])
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO secret_key_handover (fingerprint, under, wrapped, created_at)
			VALUES (?, ?, ?, now()) ON CONFLICT (fingerprint, under) DO UPDATE SET wrapped = EXCLUDED.wrapped`,
			pair[0], pair[1], wrapped)
		if err != nil {
			return err
		}
	}
	return nil
}

// nameInUse changes the key row to name fp, and notifies the replicas,
// both taking effect when tx commits.
func nameInUse(ctx context.Context, tx bun.Tx, fp string) error {
	if _, err := tx.ExecContext(ctx, "UPDATE secret_keys SET fingerprint = ?, created_at = now()", fp); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "SELECT pg_notify(?, ?)", channel, fp)
	return err
}
