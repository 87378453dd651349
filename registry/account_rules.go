package registry

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
)

// CheckFields normalises and validates proposed fields for an account of
// hostOrg (exceptID: the account being changed, 0 for a new one) against the
// registry's rules: valid values, a name and identifiers no open account
// holds, and a reason for a second account of the org on the platform.
func (r *Registry) CheckFields(ctx context.Context, db bun.IDB, hostOrg string, f *Fields, exceptID int64) error {
	f.Normalize()
	domains, err := domainNames(ctx, db)
	if err != nil {
		return err
	}
	if errs := f.Validate(domains); len(errs) > 0 {
		return errs
	}
	if err := checkTaken(ctx, db, f, exceptID); err != nil {
		return err
	}
	others, err := sameOrgSamePlatform(ctx, db, hostOrg, f.Platform, exceptID)
	if err != nil {
		return err
	}
	if len(others) > 0 && f.SecondAccountReason == "" {
		return govmedia.FieldErrors{{Column: "second_account_reason", Err: govmedia.Errorf(govmedia.EINVALID,
			"account.second_needs_reason", "existing", others[0].Name)}}
	}
	return nil
}

func checkTaken(ctx context.Context, db bun.IDB, f *Fields, exceptID int64) error {
	checks := []struct{ column, value, key string }{
		{"name", f.Name, "account.name_taken"},
		{"original_id", f.OriginalID, "account.original_id_taken"},
		{"app_id", f.AppID, "account.app_id_taken"},
	}
	for _, c := range checks {
		if c.value == "" {
			continue
		}
		q := db.NewSelect().Model((*Account)(nil)).Column("id", "name").
			Where("? = ? AND state <> ? AND id <> ?", bun.Ident(c.column), c.value, Closed, exceptID)
		if c.column == "name" {
			q = q.Where("platform = ?", f.Platform)
		}
		var holder Account
		err := q.Limit(1).Scan(ctx, &holder)
		if err == nil {
			return govmedia.FieldErrors{{Column: c.column, Err: govmedia.Errorf(govmedia.ECONFLICT, c.key, "value", c.value, "holder", holder.Name)}}
		}
		if !isNoRows(err) {
			return err
		}
	}
	return nil
}

func sameOrgSamePlatform(ctx context.Context, db bun.IDB, org string, p Platform, exceptID int64) ([]Account, error) {
	var list []Account
	err := db.NewSelect().Model(&list).Column("id", "name", "state").
		Where("host_org = ? AND platform = ? AND state <> ? AND id <> ?", org, p, Closed, exceptID).
		OrderExpr("id").Scan(ctx)
	return list, err
}

// fieldErrorFromConstraint turns a unique violation at write time (a race
// the checks above could not see) into the same message the checks give.
func fieldErrorFromConstraint(err error, f *Fields) error {
	var key, column, value string
	switch uniqueViolation(err) {
	case "accounts_name_per_platform":
		key, column, value = "account.name_taken", "name", f.Name
	case "accounts_original_id":
		key, column, value = "account.original_id_taken", "original_id", f.OriginalID
	case "accounts_app_id":
		key, column, value = "account.app_id_taken", "app_id", f.AppID
	default:
		return err
	}
	return govmedia.FieldErrors{{Column: column, Err: govmedia.Errorf(govmedia.ECONFLICT, key, "value", value, "holder", "-")}}
}
