package registry

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
)

// ImportReport counts what an import did.
type ImportReport struct {
	Created, Updated, Unchanged int
}

// ImportOrgs adds or updates orgs, all or nothing. A parent may come from
// the same import or already exist. Importing the same rows twice changes
// nothing. Bad rows are all reported, as govmedia.FieldErrors.
func (r *Registry) ImportOrgs(ctx context.Context, actor govmedia.Actor, rows []OrgRow) (ImportReport, error) {
	var rep ImportReport
	err := r.inTx(ctx, func(tx bun.Tx) error {
		existing, err := allOrgs(ctx, tx)
		if err != nil {
			return err
		}
		ordered, errs := planOrgImport(rows, existing)
		if len(errs) > 0 {
			return errs
		}
		rep, err = r.writeOrgs(ctx, tx, actor, ordered, existing)
		return err
	})
	return rep, err
}

func (r *Registry) writeOrgs(ctx context.Context, tx bun.Tx, actor govmedia.Actor, orgs []*Org, existing map[string]*Org) (ImportReport, error) {
	var rep ImportReport
	now := r.now()
	for _, o := range orgs {
		old := existing[o.Code]
		action := "org.create"
		switch {
		case old == nil:
			o.CreatedAt, o.UpdatedAt = now, now
			if _, err := tx.NewInsert().Model(o).Exec(ctx); err != nil {
				return rep, err
			}
			rep.Created++
		case old.ParentCode == o.ParentCode && old.Kind == o.Kind && old.Level == o.Level && old.Name == o.Name:
			rep.Unchanged++
			continue
		default:
			action = "org.update"
			o.CreatedAt, o.UpdatedAt = old.CreatedAt, now
			if _, err := tx.NewUpdate().Model(o).WherePK().Exec(ctx); err != nil {
				return rep, err
			}
			rep.Updated++
		}
		if err := r.auditOrg(ctx, tx, actor, action, o); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// Orgs lists every org in tree order (each parent before its children).
func (r *Registry) Orgs(ctx context.Context) ([]*Org, error) {
	all, err := allOrgs(ctx, r.db)
	if err != nil {
		return nil, err
	}
	return treeOrder(all), nil
}

// Org returns one org by code.
func (r *Registry) Org(ctx context.Context, code string) (*Org, error) {
	return getOrg(ctx, r.db, code)
}

// OrgByCode returns one org by code, read through db: a caller's
// transaction, so that code running inside one needs no second connection.
func OrgByCode(ctx context.Context, db bun.IDB, code string) (*Org, error) {
	return getOrg(ctx, db, code)
}

func getOrg(ctx context.Context, db bun.IDB, code string) (*Org, error) {
	o := new(Org)
	err := db.NewSelect().Model(o).Where("code = ?", code).Scan(ctx)
	if isNoRows(err) {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "org.not_found", "code", code)
	}
	return o, err
}

func allOrgs(ctx context.Context, db bun.IDB) (map[string]*Org, error) {
	var list []*Org
	if err := db.NewSelect().Model(&list).Scan(ctx); err != nil {
		return nil, err
	}
	m := make(map[string]*Org, len(list))
	for _, o := range list {
		m[o.Code] = o
	}
	return m, nil
}
