package oversight

import (
	"context"
	"slices"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// CheckSeeZombies decides who sees the accounts silent for ZombieDays:
// the reviewers, approvers and admins of a government office, who may
// apply to close them. Errors: EFORBIDDEN.
func CheckSeeZombies(m *registry.Member) error {
	if m.Org == nil || m.Org.Kind != registry.Office || (m.Role != registry.Reviewer && m.Role != registry.Approver && m.Role != registry.Admin) {
		return govmedia.Errorf(govmedia.EFORBIDDEN, "oversight.zombies_offices_only")
	}
	return nil
}

// ZombiesFor lists the zombies m's office supervises, most silent first:
// every one for the city office, those of the units a county's office
// approves for otherwise. Errors: EFORBIDDEN.
func (o *Oversight) ZombiesFor(ctx context.Context, m *registry.Member) ([]Silent, error) {
	if err := CheckSeeZombies(m); err != nil {
		return nil, err
	}
	all, err := o.Zombies(ctx)
	if err != nil || registry.IsCityOffice(ctx, o.db, m.OrgCode) {
		return all, err
	}
	var out []Silent
	for _, s := range all {
		ok, err := supervises(ctx, o.db, m.OrgCode, s.HostOrg)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, s)
		}
	}
	return out, nil
}

// ZombieFor is one of ZombiesFor, by account. Errors: EFORBIDDEN,
// ENOTFOUND (not a zombie, or not m's office's to see).
func (o *Oversight) ZombieFor(ctx context.Context, m *registry.Member, accountID int64) (*Silent, error) {
	list, err := o.ZombiesFor(ctx, m)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].ID == accountID {
			return &list[i], nil
		}
	}
	return nil, govmedia.Errorf(govmedia.ENOTFOUND, "account.not_found", "id", accountID)
}

// supervises reports whether an office is on the chain of a unit.
func supervises(ctx context.Context, db bun.IDB, office, unit string) (bool, error) {
	offices, err := registry.ApprovingOffices(ctx, db, unit)
	return slices.Contains(offices, office), err
}
