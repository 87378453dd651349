package keyring

import (
	"context"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/postgres"
)

// channel is what a rotation notifies on commit.
const channel = "govmedia_secret_keys"

// UnknownKeyError means the key in use is none the replica holds or can
// learn from a handover.
type UnknownKeyError struct {
	Have  string // the fingerprint of the replica's own key
	InUse string // the fingerprint of the key in use
}

// Error says which key the replica has, which is in use, and what to do.
func (e *UnknownKeyError) Error() string {
	return fmt.Sprintf("GOVMEDIA_SECRET_KEY (fingerprint %s) is not the key the stored secrets are sealed with (fingerprint %s), "+
		"nor one a rotation in progress hands that key over to: use that key, or rotate with `govmedia keys rotate`", e.Have, e.InUse)
}

// Start returns the box for key: on a database that names no key yet it
// records key as the one in use; otherwise it learns the keys a rotation
// in progress hands over and seals under the key in use. Errors:
// *UnknownKeyError (key is neither the key in use nor one it can be
// learned from).
func Start(ctx context.Context, db *bun.DB, key []byte) (*govmedia.SecretBox, error) {
	box, err := govmedia.NewSecretBox(key)
	if err != nil {
		return nil, err
	}
	return box, Refresh(ctx, db, box)
}

// Refresh teaches box every key the handover holds that it can reach (so
// that it opens what a lagging replica sealed), and makes it seal under the
// key in use.
func Refresh(ctx context.Context, db bun.IDB, box *govmedia.SecretBox) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		fp, err := lockKeyRow(ctx, tx, "SHARE", box)
		if err == nil {
			err = learn(ctx, tx, box)
		}
		if err != nil {
			return err
		}
		return use(ctx, tx, box, fp)
	})
}

// Lock reads the key in use FOR SHARE in tx (a rotation waits until tx
// ends), makes box seal under it, learning it from the handover if box
// does not hold it yet, and returns its fingerprint. On a database that
// names no key yet, box's key becomes the key in use. Errors:
// *UnknownKeyError.
func Lock(ctx context.Context, tx bun.IDB, box *govmedia.SecretBox) (string, error) {
	fp, err := lockKeyRow(ctx, tx, "SHARE", box)
	if err != nil {
		return "", err
	}
	if err := use(ctx, tx, box, fp); err != nil {
		return "", err
	}
	return fp, nil
}

// lockKeyRow locks the key row with strength (SHARE or UPDATE) and returns
// the fingerprint it names, first recording box's key if there is none.
func lockKeyRow(ctx context.Context, tx bun.IDB, strength string, box *govmedia.SecretBox) (string, error) {
	var fp string
	q := "SELECT fingerprint FROM secret_keys FOR " + strength
	err := tx.NewRaw(q).Scan(ctx, &fp)
	if postgres.IsNoRows(err) {
		_, err = tx.ExecContext(ctx, `INSERT INTO secret_keys (fingerprint, created_at) VALUES (?, now())
			ON CONFLICT DO NOTHING`, box.Fingerprint())
		if err == nil {
			err = tx.NewRaw(q).Scan(ctx, &fp)
		}
	}
	return fp, err
}

// use makes box seal under fp, learning it from the handover if need be.
func use(ctx context.Context, tx bun.IDB, box *govmedia.SecretBox, fp string) error {
	if box.Fingerprint() == fp {
		return nil
	}
	if !box.Knows(fp) {
		if err := learn(ctx, tx, box); err != nil {
			return err
		}
	}
	if err := box.Use(fp); err != nil {
		return &UnknownKeyError{Have: box.Fingerprint(), InUse: fp}
	}
	return nil
}

// learn teaches box every key of the handover it can unwrap with the keys
// it holds, and with those it learns on the way.
func learn(ctx context.Context, tx bun.IDB, box *govmedia.SecretBox) error {
	var rows []handover
	if err := tx.NewSelect().Model(&rows).Scan(ctx); err != nil {
		return err
	}
	for progress := true; progress; {
		progress = false
		for _, h := range rows {
			if box.Knows(h.Fingerprint) || !box.Knows(h.Under) {
				continue
			}
			if err := box.UnwrapKey(h.Fingerprint, h.Wrapped); err != nil {
				return fmt.Errorf("learning key %s from the handover: %w", h.Fingerprint, err)
			}
			progress = true
		}
	}
	return nil
}

// Seal seals plain for purpose under the key in use, in tx: the
// transaction that stores the value, so that a rotation cannot commit
// between the seal and the write (see the package comment).
func Seal(ctx context.Context, tx bun.IDB, box *govmedia.SecretBox, purpose string, plain []byte) ([]byte, error) {
	fp, err := Lock(ctx, tx, box)
	if err != nil {
		return nil, err
	}
	return box.SealUnder(fp, purpose, plain)
}

// SealString is Seal for a string; the empty string seals to nil.
func SealString(ctx context.Context, tx bun.IDB, box *govmedia.SecretBox, purpose, plain string) ([]byte, error) {
	if plain == "" {
		return nil, nil
	}
	return Seal(ctx, tx, box, purpose, []byte(plain))
}

// Reseal returns a value sealed earlier (copied from an application into
// an account, say) sealed under the key in use, in tx; a value already
// under it, or nil, is returned as it is.
func Reseal(ctx context.Context, tx bun.IDB, box *govmedia.SecretBox, purpose string, sealed []byte) ([]byte, error) {
	if sealed == nil {
		return nil, nil
	}
	fp, err := Lock(ctx, tx, box)
	if err != nil || govmedia.SealedFingerprint(sealed) == fp {
		return sealed, err
	}
	plain, err := box.Open(purpose, sealed)
	if err != nil {
		return nil, err
	}
	return box.SealUnder(fp, purpose, plain)
}

// Sign signs msg for label under the key in use, in tx.
func Sign(ctx context.Context, tx bun.IDB, box *govmedia.SecretBox, label string, msg []byte) (govmedia.Signature, error) {
	fp, err := Lock(ctx, tx, box)
	if err != nil {
		return govmedia.Signature{}, err
	}
	return box.SignUnder(fp, label, msg)
}

// Open opens sealed like box.Open; a value sealed under a key box does not
// hold yet (another replica sealed it after a rotation this one has not
// noticed) makes it refresh from db first.
func Open(ctx context.Context, db bun.IDB, box *govmedia.SecretBox, purpose string, sealed []byte) ([]byte, error) {
	plain, err := box.Open(purpose, sealed)
	if !errors.Is(err, govmedia.ErrWrongKey) {
		return plain, err
	}
	if err := Refresh(ctx, db, box); err != nil {
		return nil, err
	}
	return box.Open(purpose, sealed)
}

// OpenString is Open for a string; nil opens to "".
func OpenString(ctx context.Context, db bun.IDB, box *govmedia.SecretBox, purpose string, sealed []byte) (string, error) {
	if sealed == nil {
		return "", nil
	}
	plain, err := Open(ctx, db, box, purpose, sealed)
	return string(plain), err
}

// handover is a row of secret_key_handover: the key Fingerprint, wrapped
// under the key Under.
type handover struct {
	bun.BaseModel `bun:"table:secret_key_handover"`

	Fingerprint string `bun:"fingerprint,pk"`
	Under       string `bun:"under,pk"`
	Wrapped     []byte `bun:"wrapped"`
}
