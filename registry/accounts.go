package registry

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/audit"
	"govmedia/keyring"
)

// Change says who makes a change to an account and on whose approval; it is
// written to the account's history and the audit log.
type Change struct {
	Actor         govmedia.Actor
	Action        string // account.open, account.change, account.close, …
	ApplicationID int64
	ApprovedBy    string
}

// Account returns one account with its host org.
func (r *Registry) Account(ctx context.Context, id int64) (*Account, error) {
	return AccountByID(ctx, r.db, id)
}

// AccountByID returns one account with its host org.
func AccountByID(ctx context.Context, db bun.IDB, id int64) (*Account, error) {
	a := new(Account)
	err := db.NewSelect().Model(a).Relation("Host").Where("account.id = ?", id).Scan(ctx)
	if isNoRows(err) {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "account.not_found", "id", id)
	}
	return a, err
}

// lockAccount reads an account FOR UPDATE, so that its version cannot move
// until the transaction ends.
func lockAccount(ctx context.Context, tx bun.IDB, id int64) (*Account, error) {
	a := new(Account)
	err := tx.NewSelect().Model(a).Where("id = ?", id).For("UPDATE").Scan(ctx)
	if isNoRows(err) {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "account.not_found", "id", id)
	}
	return a, err
}

// CreateAccount writes a new account of hostOrg in the given state, after
// checking the registry's rules, with its first history entry.
func (r *Registry) CreateAccount(ctx context.Context, tx bun.IDB, hostOrg string, f Fields, state State, c Change) (*Account, error) {
	if err := r.CheckFields(ctx, tx, hostOrg, &f, 0); err != nil {
		return nil, err
	}
	if err := r.sealPhone(ctx, tx, &f); err != nil {
		return nil, err
	}
	now := r.now()
	a := &Account{HostOrg: hostOrg, State: state, Version: 1, CreatedAt: now, UpdatedAt: now}
	a.setFields(f)
	if state == Closing {
		a.ClosingUntil = now.Add(DefaultNoticeDays * 24 * time.Hour)
	}
	if _, err := tx.NewInsert().Model(a).Exec(ctx); err != nil {
		return nil, fieldErrorFromConstraint(err, &f)
	}
	changes := r.diff(Fields{Domains: []string{}}, f)
	return a, r.record(ctx, tx, a, c, changes)
}

// ApplyFields sets new field values on an account whose version is still
// baseVersion; a change made against an older version is refused, never
// merged. It returns the changes made.
func (r *Registry) ApplyFields(ctx context.Context, tx bun.IDB, id int64, baseVersion int, f Fields, c Change) ([]FieldChange, error) {
	if err := r.lockKey(ctx, tx, f); err != nil {
		return nil, err
	}
	a, err := lockAccount(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := checkVersion(a, baseVersion); err != nil {
		return nil, err
	}
	if err := r.CheckFields(ctx, tx, a.HostOrg, &f, a.ID); err != nil {
		return nil, err
	}
	if err := r.sealPhone(ctx, tx, &f); err != nil {
		return nil, err
	}
	changes := r.diff(a.Fields(), f)
	if len(changes) == 0 {
		return nil, govmedia.Errorf(govmedia.EINVALID, "account.no_change")
	}
	a.setFields(f)
	if err := r.bump(ctx, tx, a); err != nil {
		return nil, fieldErrorFromConstraint(err, &f)
	}
	return changes, r.record(ctx, tx, a, c, changes)
}

func checkVersion(a *Account, base int) error {
	if a.Version != base {
		return govmedia.Errorf(govmedia.ECONFLICT, "account.stale_version", "name", a.Name, "base", base, "current", a.Version)
	}
	return nil
}

// bump writes the account with its version raised by one.
func (r *Registry) bump(ctx context.Context, tx bun.IDB, a *Account) error {
	a.Version++
	a.UpdatedAt = r.now()
	_, err := tx.NewUpdate().Model(a).ExcludeColumn("created_at", "id").WherePK().Exec(ctx)
	return err
}

// record writes one history entry and one audit entry for the account's
// current version.
func (r *Registry) record(ctx context.Context, tx bun.IDB, a *Account, c Change, changes []FieldChange) error {
	if changes == nil {
		changes = []FieldChange{}
	}
	h := &HistoryEntry{AccountID: a.ID, Version: a.Version, At: r.now(), Action: c.Action, Changes: changes,
		Actor: c.Actor.String(), ApplicationID: c.ApplicationID, ApprovedBy: c.ApprovedBy}
	if _, err := tx.NewInsert().Model(h).Exec(ctx); err != nil {
		return err
	}
	return audit.Append(ctx, tx, h.At, c.Actor, "account", fmt.Sprint(a.ID), c.Action, map[string]any{
		"version": a.Version, "state": a.State, "changes": changes, "application": c.ApplicationID})
}

// SealPhone seals the plain phone of fields in place, in tx (the
// transaction that stores it), clearing it.
func (r *Registry) SealPhone(ctx context.Context, tx bun.IDB, f *Fields) error {
	if err := r.sealPhone(ctx, tx, f); err != nil {
		return err
	}
	f.Phone = ""
	return nil
}

// sealPhone seals the plain phone of f under the key in use, in tx; a
// phone sealed earlier (an application's, copied into its account) is
// sealed again if a rotation has changed the key since.
func (r *Registry) sealPhone(ctx context.Context, tx bun.IDB, f *Fields) error {
	if f.Phone == "" && f.PhoneSealed == nil {
		return nil
	}
	if r.box == nil {
		return govmedia.Errorf(govmedia.EINTERNAL, "secret.no_key")
	}
	var err error
	if f.Phone == "" {
		f.PhoneSealed, err = keyring.Reseal(ctx, tx, r.box, purposePhone, f.PhoneSealed)
	} else {
		f.PhoneSealed, err = keyring.SealString(ctx, tx, r.box, purposePhone, f.Phone)
	}
	return err
}

// lockKey takes the key in use before f's phone is sealed and rows are
// locked. Why: sealing waits for a key rotation, and a rotation waits for
// the accounts it re-seals; holding an account while waiting for the key
// would deadlock with it.
func (r *Registry) lockKey(ctx context.Context, tx bun.IDB, f Fields) error {
	if r.box == nil || (f.Phone == "" && f.PhoneSealed == nil) {
		return nil
	}
	_, err := keyring.Lock(ctx, tx, r.box)
	return err
}

// purposePhone is what an account's phone is sealed for.
// PhonePurpose is what phone numbers are sealed for.
const PhonePurpose = "account.phone"

const purposePhone = PhonePurpose

// Phone opens an account's sealed phone number.
func (r *Registry) Phone(sealed []byte) (string, error) {
	if sealed == nil {
		return "", nil
	}
	if r.box == nil {
		return "", govmedia.Errorf(govmedia.EINTERNAL, "secret.no_key")
	}
	return r.box.OpenString(purposePhone, sealed)
}

// openPhone is Phone that learns a key another replica rotated to first,
// if need be.
func (r *Registry) openPhone(ctx context.Context, sealed []byte) (string, error) {
	if r.box == nil && sealed != nil {
		return "", govmedia.Errorf(govmedia.EINTERNAL, "secret.no_key")
	}
	return keyring.OpenString(ctx, r.db, r.box, purposePhone, sealed)
}

// samePhone reports whether the fields carry the phone already sealed.
func (r *Registry) samePhone(sealed []byte, f Fields) bool {
	old, _ := r.Phone(sealed)
	now, _ := r.Phone(f.PhoneSealed)
	return old == now
}
