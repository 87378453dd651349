package catalog

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// Who may do what with catalogs is decided here, once; the bot, the web
// and the command line ask and render the answer. Current versions are
// public; drafts and versions in review are not.

// government returns the government a catalog belongs to: a county or a
// township (a grassroots government, 基层政府), not the city.
// Errors: ENOTFOUND, EINVALID.
func government(ctx context.Context, db bun.IDB, code string) (*registry.Org, error) {
	o, err := registry.OrgByCode(ctx, db, code)
	if err != nil {
		return nil, err
	}
	if o.Kind != registry.Government || o.Level == registry.City {
		return nil, govmedia.Errorf(govmedia.EINVALID, "catalog.not_a_grassroots_government", "org", o.Name)
	}
	return o, nil
}

// CheckEdit refuses unless m may import, edit and submit the catalogs of
// a government: an operator or admin of the government itself, of its
// office or of one of its departments, or an admin over it.
// Errors: EFORBIDDEN.
func CheckEdit(ctx context.Context, db bun.IDB, m *registry.Member, org string) error {
	if m.Role != registry.Operator && m.Role != registry.Admin {
		return govmedia.Errorf(govmedia.EFORBIDDEN, "catalog.edit_forbidden")
	}
	if ownGovernment(m, org) || registry.AdminOver(ctx, db, m, org) {
		return nil
	}
	return govmedia.Errorf(govmedia.EFORBIDDEN, "catalog.edit_forbidden")
}

// ownGovernment reports whether m belongs to the government org, its
// office or one of its departments.
func ownGovernment(m *registry.Member, org string) bool {
	return m.OrgCode == org || (m.Org != nil && m.Org.ParentCode == org && m.Org.Kind != registry.Government)
}

// CheckSee refuses, as not found, a version that is not current to one
// who may not see it: those of the government (any role), the offices that
// review for it, the domain's guiding departments, the city office.
// Errors: ENOTFOUND.
func CheckSee(ctx context.Context, db bun.IDB, m *registry.Member, v *Version) error {
	if v.State == Current || v.State == Superseded {
		return nil
	}
	if m != nil && mayReview(ctx, db, m, v) {
		return nil
	}
	return govmedia.Errorf(govmedia.ENOTFOUND, "catalog.version_not_found", "id", v.ID)
}

func mayReview(ctx context.Context, db bun.IDB, m *registry.Member, v *Version) bool {
	if ownGovernment(m, v.OrgCode) || registry.AdminOver(ctx, db, m, v.OrgCode) || registry.IsCityOffice(ctx, db, m.OrgCode) {
		return true
	}
	if offices, err := registry.ApprovingOffices(ctx, db, v.OrgCode); err == nil {
		for _, o := range offices {
			if o == m.OrgCode {
				return true
			}
		}
	}
	d, err := registry.DomainByCode(ctx, db, v.Domain)
	if err != nil {
		return false
	}
	for _, g := range d.GuidingOrgs {
		if g == m.OrgCode {
			return true
		}
	}
	return false
}

// GovernmentOf is the government whose catalogs m compiles: its own org
// when that is a government, else the government its office or department
// is part of. Errors: EINVALID (the city, or no grassroots government).
func GovernmentOf(ctx context.Context, db bun.IDB, m *registry.Member) (*registry.Org, error) {
	code := m.OrgCode
	if m.Org != nil && m.Org.Kind != registry.Government {
		code = m.Org.ParentCode
	}
	return government(ctx, db, code)
}

// GovernmentOf is GovernmentOf on the catalog's database.
func (c *Catalog) GovernmentOf(ctx context.Context, m *registry.Member) (*registry.Org, error) {
	return GovernmentOf(ctx, c.db, m)
}
