package registry

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
)

// Ancestors returns the org and every org above it, nearest first.
func Ancestors(ctx context.Context, db bun.IDB, code string) ([]*Org, error) {
	var list []*Org
	err := db.NewRaw(`
		WITH RECURSIVE up AS (
			SELECT o.*, 0 AS depth FROM orgs o WHERE code = ?
			UNION ALL
			SELECT p.*, up.depth + 1 FROM orgs p JOIN up ON p.code = up.parent_code
		)
		SELECT code, parent_code, kind, level, name, created_at, updated_at FROM up ORDER BY depth`, code).Scan(ctx, &list)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "org.not_found", "code", code)
	}
	return list, nil
}

// Subtree returns the codes of an org and every org below it.
func Subtree(ctx context.Context, db bun.IDB, code string) ([]string, error) {
	var codes []string
	err := db.NewRaw(`
		WITH RECURSIVE down AS (
			SELECT code FROM orgs WHERE code = ?
			UNION ALL
			SELECT o.code FROM orgs o JOIN down ON o.parent_code = down.code
		)
		SELECT code FROM down`, code).Scan(ctx, &codes)
	if err == nil && len(codes) == 0 {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "org.not_found", "code", code)
	}
	return codes, err
}

// OfficeOf returns the office of a government, nil if it has none.
func OfficeOf(ctx context.Context, db bun.IDB, government string) (*Org, error) {
	o := new(Org)
	err := db.NewSelect().Model(o).Where("parent_code = ? AND kind = ?", government, Office).Scan(ctx)
	if isNoRows(err) {
		return nil, nil
	}
	return o, err
}

// OwnUnits returns a government and the units that are part of it (its
// office and its departments), without the governments below it.
func OwnUnits(ctx context.Context, db bun.IDB, government string) ([]string, error) {
	var codes []string
	err := db.NewSelect().Model((*Org)(nil)).Column("code").
		Where("code = ? OR (parent_code = ? AND kind <> ?)", government, government, Government).OrderExpr("code").Scan(ctx, &codes)
	return codes, err
}
