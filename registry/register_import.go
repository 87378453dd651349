package registry

import (
	"context"
	"errors"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/keyring"
)

// RegisterReport is what an account import did, and the headers of the
// file it did not understand: their columns were not read.
type RegisterReport struct {
	ImportReport
	Ignored []string
}

// ImportAccounts reads an account register as cities keep it and brings
// the registry in line with it, all or nothing. The file is CSV (UTF-8, or
// GB18030 as Excel and WPS save it on Chinese Windows) or xlsx (as Excel,
// WPS and LibreOffice save it; every sheet with a register's header is
// read). Above the header may stand a title and a 填报单位 line; the header
// may be in the register's own wording (see registerHeaders), in one row
// or two; below the accounts, a 合计 and a 备注 line. A unit's name merged
// down over its accounts, or written on its first account only, stands for
// all of them; units are named by code or by name (see nameMatcher).
//
// A row matches an open account of the same platform and name; matched
// accounts are updated only where the file differs, so importing the same
// file twice, or an export, changes nothing. Every bad row is reported as
// govmedia.FieldErrors with its sheet, row and column.
func (r *Registry) ImportAccounts(ctx context.Context, actor govmedia.Actor, file io.Reader, fileName string) (RegisterReport, error) {
	reg, err := parseRegister(file, fileName)
	if err != nil {
		return RegisterReport{}, err
	}
	rep := RegisterReport{Ignored: reg.ignored}
	err = r.inTx(ctx, func(tx bun.Tx) error {
		im, err := r.newImporter(ctx, tx, actor, reg)
		if err != nil {
			return err
		}
		for i := range reg.rows {
			im.apply(&reg.rows[i])
			if im.fatal != nil {
				return im.fatal
			}
		}
		if len(reg.errs) > 0 {
			return reg.sortedErrs()
		}
		rep.ImportReport = im.report
		return nil
	})
	if err != nil {
		return RegisterReport{}, err
	}
	return rep, nil
}

type importer struct {
	r       *Registry
	ctx     context.Context
	tx      bun.Tx
	actor   govmedia.Actor
	reg     *registerFile
	units   *nameMatcher
	domains *nameMatcher
	scopes  map[*registerSheet]string // the government of a sheet's 填报单位
	seen    map[string]*registerRow   // platform+name → first row
	report  ImportReport
	fatal   error
}

func (r *Registry) newImporter(ctx context.Context, tx bun.Tx, actor govmedia.Actor, reg *registerFile) (*importer, error) {
	im := &importer{r: r, ctx: ctx, tx: tx, actor: actor, reg: reg, units: newNameMatcher(""),
		domains: newNameMatcher("领域"), scopes: map[*registerSheet]string{}, seen: map[string]*registerRow{}}
	if r.box != nil {
		// The key first, as the rows come later (see ApplyFields).
		if _, err := keyring.Lock(ctx, tx, r.box); err != nil {
			return nil, err
		}
	}
	orgs, err := allOrgs(ctx, tx)
	if err != nil {
		return nil, err
	}
	for _, code := range slices.Sorted(maps.Keys(orgs)) {
		o := orgs[code]
		im.units.add(code, o.Name)
		im.units.parent[code], im.units.gov[code] = o.ParentCode, o.Kind == Government
	}
	ds, err := listDomains(ctx, tx)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		im.domains.add(d.Code, d.Name)
	}
	return im, nil
}

// apply checks one row and writes it when it has no problem (inside the
// import's transaction, which a problem anywhere rolls back); every row is
// checked, so that every problem is reported at once.
func (im *importer) apply(row *registerRow) {
	before := len(im.reg.errs)
	host := im.host(row)
	im.resolveDomains(row)
	key := string(row.fields.Platform) + "\x00" + row.fields.Name
	if first, dup := im.seen[key]; dup && row.fields.Name != "" && row.fields.Platform != "" {
		if first.sheet == row.sheet {
			im.fail(row, "name", "account.duplicate_in_file", "row", first.row)
		} else {
			im.fail(row, "name", "register.duplicate_in_sheet", "sheet", first.sheet.name, "row", first.row)
		}
	} else {
		im.seen[key] = row
	}
	if row.bad || len(im.reg.errs) > before {
		return
	}
	im.write(row, host)
}

func (im *importer) fail(row *registerRow, field, key string, args ...any) {
	im.reg.errs = append(im.reg.errs, govmedia.FieldError{Sheet: row.sheet.name, Row: row.row,
		Column: row.sheet.column(field), Err: govmedia.Errorf(govmedia.EINVALID, key, args...)})
}

func (im *importer) write(row *registerRow, host string) {
	existing, err := im.match(row)
	if err != nil {
		im.fatal = err
		return
	}
	if existing == nil {
		err = im.create(row, host)
	} else {
		err = im.update(row, host, existing)
	}
	im.collect(row, err)
}

// collect files a rule violation under the row; anything else aborts.
func (im *importer) collect(row *registerRow, err error) {
	var fe govmedia.FieldErrors
	var e *govmedia.Error
	add := func(field string, e *govmedia.Error) {
		im.reg.errs = append(im.reg.errs, govmedia.FieldError{Sheet: row.sheet.name, Row: row.row, Column: row.sheet.column(field), Err: e})
	}
	switch {
	case err == nil:
	case errors.As(err, &fe):
		for _, f := range fe {
			add(f.Column, f.Err)
		}
	case errors.As(err, &e) && e.Code != govmedia.EINTERNAL:
		add("name", e)
	default:
		im.fatal = err
	}
}

func (im *importer) create(row *registerRow, host string) error {
	if err := stateFits(row.fields, row.state); err != nil {
		return err
	}
	_, err := im.r.CreateAccount(im.ctx, im.tx, host, row.fields, row.state, Change{Actor: im.actor, Action: "account.import"})
	if err == nil {
		im.report.Created++
	}
	return err
}

// update brings a matched account in line with its row, if they differ.
func (im *importer) update(row *registerRow, host string, a *Account) error {
	if a.HostOrg != host {
		return govmedia.FieldErrors{{Column: "host_org", Err: govmedia.Errorf(govmedia.ECONFLICT, "account.import_host_differs", "name", a.Name)}}
	}
	if err := stateFits(row.fields, row.state); err != nil {
		return err
	}
	f := row.fields
	keepStored(a, &f)
	if err := im.r.CheckFields(im.ctx, im.tx, host, &f, a.ID); err != nil {
		return err
	}
	if err := im.r.sealPhone(im.ctx, im.tx, &f); err != nil {
		return err
	}
	changes := im.r.diff(a.Fields(), f)
	if row.state != a.State {
		changes = append(changes, FieldChange{Field: "state", Old: string(a.State), New: string(row.state)})
	}
	if len(changes) == 0 {
		im.report.Unchanged++
		return nil
	}
	if !im.r.samePhone(a.PhoneSealed, f) {
		a.PhoneSealed = f.PhoneSealed
	}
	f.PhoneSealed = a.PhoneSealed
	a.setFields(f)
	a.State = row.state
	if a.State == Closing && a.ClosingUntil.IsZero() {
		a.ClosingUntil = im.r.now().Add(DefaultNoticeDays * 24 * time.Hour)
	}
	if err := im.r.bump(im.ctx, im.tx, a); err != nil {
		return fieldErrorFromConstraint(err, &f)
	}
	im.report.Updated++
	return im.r.record(im.ctx, im.tx, a, Change{Actor: im.actor, Action: "account.import"}, changes)
}

// stateFits refuses an active WeChat account without its original id: it
// would be listed as official with nothing to verify it by.
func stateFits(f Fields, s State) error {
	if s == Active && f.Platform == WeChatOA && clean(f.OriginalID) == "" {
		return govmedia.FieldErrors{{Column: "original_id", Err: govmedia.Errorf(govmedia.EINVALID, "account.active_needs_original_id")}}
	}
	return nil
}
