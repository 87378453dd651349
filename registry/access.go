package registry

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
)

// Who may see and do what in the registry is decided here, once; the bot,
// the web and the command line ask and render the answer.

// AdminScope is the org whose tree an admin administers: its own org, or,
// for an admin of a government's office, the whole of that government, as
// the office runs it.
func AdminScope(m *Member) string {
	if m.Org != nil && m.Org.Kind == Office {
		return m.Org.ParentCode
	}
	return m.OrgCode
}

// CheckAdminOver refuses unless m is an admin of org or of an org above
// it (see AdminScope). Errors: EFORBIDDEN, ENOTFOUND (no such org).
func CheckAdminOver(ctx context.Context, db bun.IDB, m *Member, org string) error {
	if err := CheckAdmin(m); err != nil {
		return err
	}
	if !adminOver(ctx, db, m, org) {
		return govmedia.Errorf(govmedia.EFORBIDDEN, "member.outside_admin_scope", "org", org)
	}
	return nil
}

// AdminOver reports whether m is an admin whose scope holds org.
func AdminOver(ctx context.Context, db bun.IDB, m *Member, org string) bool {
	return m.Role == Admin && adminOver(ctx, db, m, org)
}

func adminOver(ctx context.Context, db bun.IDB, m *Member, org string) bool {
	chain, err := Ancestors(ctx, db, org)
	if err != nil {
		return false
	}
	scope := AdminScope(m)
	for _, o := range chain {
		if o.Code == scope {
			return true
		}
	}
	return false
}

// CheckAdmin refuses unless m is an admin: only admins invite, list and
// revoke members (each within AdminScope). Errors: EFORBIDDEN.
func CheckAdmin(m *Member) error {
	if m.Role != Admin {
		return govmedia.Errorf(govmedia.EFORBIDDEN, "member.admin_only")
	}
	return nil
}

// CheckAdminOver is CheckAdminOver on the registry's database.
func (r *Registry) CheckAdminOver(ctx context.Context, m *Member, org string) error {
	return CheckAdminOver(ctx, r.db, m, org)
}

// ApprovingOffices are the offices an org's account applications go
// through, in order: the office of every government above the org, ending
// with the city office. An office is never on the chain of its own
// applications except as the city office, which decides last.
func ApprovingOffices(ctx context.Context, db bun.IDB, org string) ([]string, error) {
	up, err := Ancestors(ctx, db, org)
	if err != nil {
		return nil, err
	}
	var offices []string
	for _, g := range up[1:] {
		if g.Kind != Government {
			continue
		}
		office, err := OfficeOf(ctx, db, g.Code)
		if err != nil {
			return nil, err
		}
		if office != nil && office.Code != org {
			offices = append(offices, office.Code)
		}
	}
	city, err := OfficeOf(ctx, db, up[len(up)-1].Code)
	if err != nil {
		return nil, err
	}
	if city == nil {
		return nil, govmedia.Errorf(govmedia.EINVALID, "approvals.no_city_office", "city", up[len(up)-1].Name)
	}
	if len(offices) == 0 || offices[len(offices)-1] != city.Code {
		offices = append(offices, city.Code)
	}
	return offices, nil
}

// IsCityOffice reports whether org is the office of the city government
// (the root of the tree), which oversees everything.
func IsCityOffice(ctx context.Context, db bun.IDB, org string) bool {
	up, err := Ancestors(ctx, db, org)
	if err != nil || len(up) != 2 || up[0].Kind != Office {
		return false
	}
	return up[1].ParentCode == ""
}

// CheckSeePrivate refuses unless m may see an account's private fields
// (person in charge, phone, the reason for a second account, its AppID)
// and its history: the members of its host org and of the offices that
// approve for it. Errors: EFORBIDDEN.
func CheckSeePrivate(ctx context.Context, db bun.IDB, m *Member, a *Account) error {
	if m.OrgCode == a.HostOrg {
		return nil
	}
	offices, err := ApprovingOffices(ctx, db, a.HostOrg)
	if err != nil {
		return err
	}
	for _, o := range offices {
		if o == m.OrgCode {
			return nil
		}
	}
	return govmedia.Errorf(govmedia.EFORBIDDEN, "account.private_fields")
}

// CheckSeePrivate is CheckSeePrivate on the registry's database.
func (r *Registry) CheckSeePrivate(ctx context.Context, m *Member, a *Account) error {
	return CheckSeePrivate(ctx, r.db, m, a)
}

// CheckBind refuses unless m may bind the platform identifiers of a: an
// operator or admin of its host org, while it is approved. Another org's
// account is reported as not found, so that nothing is revealed of it.
func CheckBind(m *Member, a *Account) error {
	if m.OrgCode != a.HostOrg {
		return govmedia.Errorf(govmedia.ENOTFOUND, "account.not_found", "id", a.ID)
	}
	if m.Role != Operator && m.Role != Admin {
		return govmedia.Errorf(govmedia.EFORBIDDEN, "account.host_operator_only", "name", a.Name)
	}
	if a.State != Approved {
		return govmedia.Errorf(govmedia.ECONFLICT, "account.wrong_state", "name", a.Name, "state", govmedia.Text("state."+string(a.State)))
	}
	return nil
}

// AccountToBind returns an account m may bind now (see CheckBind).
func (r *Registry) AccountToBind(ctx context.Context, m *Member, id int64) (*Account, error) {
	a, err := AccountByID(ctx, r.db, id)
	if err != nil {
		return nil, err
	}
	return a, CheckBind(m, a)
}

// AdministeredMembers lists the active members an admin administers (its
// scope's tree). Errors: EFORBIDDEN for a member who is not an admin.
func (r *Registry) AdministeredMembers(ctx context.Context, admin *Member) ([]*Member, error) {
	if err := CheckAdmin(admin); err != nil {
		return nil, err
	}
	return r.Members(ctx, AdminScope(admin))
}
