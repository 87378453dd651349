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
	domains, err := r.domainNames(ctx, db)
	if err != nil {
		return err
	}
	if errs := f.Validate(domains); len(errs) > 0 {
		return errs
	}
	h, err := holders(ctx, db, hostOrg, f, exceptID)
	if err != nil {
		return err
	}
	for _, c := range []struct{ column, value, holder, key string }{
		{"name", f.Name, h.Name, "account.name_taken"},
		{"original_id", f.OriginalID, h.OriginalID, "account.original_id_taken"},
		{"app_id", f.AppID, h.AppID, "account.app_id_taken"},
	} {
		if c.holder != "" {
			return govmedia.FieldErrors{{Column: c.column, Err: govmedia.Errorf(govmedia.ECONFLICT, c.key, "value", c.value, "holder", c.holder)}}
		}
	}
	if h.Sibling != "" && f.SecondAccountReason == "" {
		return govmedia.FieldErrors{{Column: "second_account_reason", Err: govmedia.Errorf(govmedia.EINVALID,
			"account.second_needs_reason", "existing", h.Sibling)}}
	}
	return nil
}

// holdersRow names the open accounts that already hold what fields propose,
// and one other account of the same org on the same platform.
type holdersRow struct {
	Name, OriginalID, AppID, Sibling string
}

// holders asks, in one query, who holds the name and identifiers.
func holders(ctx context.Context, db bun.IDB, org string, f *Fields, exceptID int64) (holdersRow, error) {
	var h holdersRow
	open := "state <> 'closed' AND id <> ?"
	err := db.NewRaw(`SELECT
		coalesce((SELECT name FROM accounts WHERE platform = ? AND name = ? AND `+open+` LIMIT 1), ''),
		coalesce((SELECT name FROM accounts WHERE original_id = ? AND `+open+` LIMIT 1), ''),
		coalesce((SELECT name FROM accounts WHERE app_id = ? AND `+open+` LIMIT 1), ''),
		coalesce((SELECT name FROM accounts WHERE host_org = ? AND platform = ? AND `+open+` ORDER BY id LIMIT 1), '')`,
		f.Platform, f.Name, exceptID, nullable(f.OriginalID), exceptID, nullable(f.AppID), exceptID,
		org, f.Platform, exceptID).Scan(ctx, &h.Name, &h.OriginalID, &h.AppID, &h.Sibling)
	return h, err
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func sameOrgSamePlatform(ctx context.Context, db bun.IDB, org string, p Platform, exceptID int64, limit int) ([]Account, error) {
	var list []Account
	err := db.NewSelect().Model(&list).Column("id", "name", "state").
		Where("host_org = ? AND platform = ? AND state <> ? AND id <> ?", org, p, Closed, exceptID).
		OrderExpr("id").Limit(int64(limit)).Scan(ctx)
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

// NameHolder returns the open account on platform already named name
// (other than exceptID), "" if the name is free.
func (r *Registry) NameHolder(ctx context.Context, p Platform, name string, exceptID int64) (string, error) {
	h, err := holders(ctx, r.db, "", &Fields{Platform: p, Name: clean(name)}, exceptID)
	return h.Name, err
}
