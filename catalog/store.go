package catalog

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/uptrace/bun"

	"govmedia"
)

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// versionWhere loads one version; lock takes its row for update.
func versionWhere(ctx context.Context, db bun.IDB, lock bool, where string, args ...any) (*Version, error) {
	v := new(Version)
	q := db.NewSelect().Model(v).Where(where, args...)
	if lock {
		q = q.For("UPDATE")
	}
	err := q.Limit(1).Scan(ctx)
	if isNoRows(err) {
		return nil, nil
	}
	return v, err
}

// versionByID loads a version with its items. Errors: ENOTFOUND.
func versionByID(ctx context.Context, db bun.IDB, id int64, lock bool) (*Version, error) {
	v, err := versionWhere(ctx, db, lock, "v.id = ?", id)
	if err == nil && v == nil {
		err = govmedia.Errorf(govmedia.ENOTFOUND, "catalog.version_not_found", "id", id)
	}
	if err != nil {
		return nil, err
	}
	v.Items, err = loadItems(ctx, db, v.ID)
	return v, err
}

// openVersion is a government's draft or version in review for a domain.
func openVersion(ctx context.Context, db bun.IDB, org, domain string, lock bool) (*Version, error) {
	return versionWhere(ctx, db, lock, "v.org_code = ? AND v.domain = ? AND v.state IN (?, ?)", org, domain, Draft, InReview)
}

// currentVersion is a government's current version for a domain.
func currentVersion(ctx context.Context, db bun.IDB, org, domain string, lock bool) (*Version, error) {
	return versionWhere(ctx, db, lock, "v.org_code = ? AND v.domain = ? AND v.state = ?", org, domain, Current)
}

func loadItems(ctx context.Context, db bun.IDB, versionID int64) ([]Item, error) {
	var rows []itemRow
	if err := db.NewSelect().Model(&rows).Where("version_id = ?", versionID).OrderExpr("position").Scan(ctx); err != nil {
		return nil, err
	}
	items := make([]Item, len(rows))
	for i, r := range rows {
		items[i] = r.Item
	}
	return items, nil
}

// writeItems replaces a draft's items.
func writeItems(ctx context.Context, tx bun.Tx, v *Version) error {
	if _, err := tx.NewDelete().Model((*itemRow)(nil)).Where("version_id = ?", v.ID).Exec(ctx); err != nil {
		return err
	}
	if len(v.Items) == 0 {
		return nil
	}
	rows := make([]itemRow, len(v.Items))
	for i, it := range v.Items {
		rows[i] = itemRow{VersionID: v.ID, Position: i + 1, Item: it}
	}
	for start := 0; start < len(rows); start += 1000 {
		chunk := rows[start:min(start+1000, len(rows))]
		if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// searchText is what a search looks through: an item's names and content.
func searchText(it Item) string {
	return strings.ToLower(it.Level1 + " " + it.Level2 + " " + it.Content)
}

// indexCurrent puts a version that became current into the search table
// and takes out the one it superseded.
func indexCurrent(ctx context.Context, tx bun.Tx, v *Version, superseded int64) error {
	if superseded != 0 {
		if _, err := tx.NewDelete().Model((*searchRow)(nil)).Where("version_id = ?", superseded).Exec(ctx); err != nil {
			return err
		}
	}
	if len(v.Items) == 0 {
		return nil
	}
	rows := make([]searchRow, len(v.Items))
	for i, it := range v.Items {
		rows[i] = searchRow{VersionID: v.ID, Position: i + 1, OrgCode: v.OrgCode, Domain: v.Domain, SearchText: searchText(it)}
	}
	for start := 0; start < len(rows); start += 1000 {
		chunk := rows[start:min(start+1000, len(rows))]
		if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}
