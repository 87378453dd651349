package registry

import "github.com/uptrace/bun"

// What a row names: its unit, its domains, and the account it stands for.

// host finds the row's unit: by code or name, partly within the
// government of the sheet's 填报单位 first.
func (im *importer) host(row *registerRow) string {
	if row.hostRef == "" {
		im.fail(row, "host_org", "register.host_missing")
		return ""
	}
	code, names := im.units.find(row.hostRef, im.scope(row.sheet))
	switch {
	case code != "":
	case len(names) == 0:
		im.fail(row, "host_org", "account.host_unknown", "value", row.hostRef)
	default:
		im.fail(row, "host_org", "register.host_ambiguous", "value", row.hostRef, "count", len(names), "candidates", candidates(names))
	}
	return code
}

func (im *importer) scope(s *registerSheet) string {
	scope, ok := im.scopes[s]
	if !ok {
		if s.filer != "" {
			code, _ := im.units.find(s.filer, "")
			scope = im.units.government(code)
		}
		im.scopes[s] = scope
	}
	return scope
}

func (im *importer) resolveDomains(row *registerRow) {
	for i, d := range row.fields.Domains {
		code, names := im.domains.find(d, "")
		switch {
		case code != "":
			row.fields.Domains[i] = code
		case len(names) == 0:
			im.fail(row, "domains", "account.domain_unknown", "value", d)
		default:
			im.fail(row, "domains", "register.domain_ambiguous", "value", d, "count", len(names), "candidates", candidates(names))
		}
	}
}

// match finds the open account a row stands for: of its platform, named
// as the row names it, folded or as written (an account entered before
// imports folded names).
func (im *importer) match(row *registerRow) (*Account, error) {
	a := new(Account)
	err := im.tx.NewSelect().Model(a).Where("platform = ? AND name IN (?) AND state <> ?", row.fields.Platform,
		bun.In([]string{row.fields.Name, row.rawName}), Closed).OrderExpr("name = ? DESC", row.fields.Name).Limit(1).
		For("UPDATE").Scan(im.ctx)
	if isNoRows(err) {
		return nil, nil
	}
	return a, err
}

// keepStored keeps a stored text the row writes only differently in
// width or spaces (an account entered before imports folded them), so
// that importing an export changes nothing.
func keepStored(a *Account, f *Fields) {
	for _, p := range []struct {
		stored string
		row    *string
	}{
		{a.Name, &f.Name}, {a.PlatformUID, &f.PlatformUID}, {a.OperatingUnit, &f.OperatingUnit},
		{a.PersonInCharge, &f.PersonInCharge}, {a.SecondAccountReason, &f.SecondAccountReason},
	} {
		if *p.row != p.stored && foldText(p.stored) == *p.row {
			*p.row = p.stored
		}
	}
}
