package registry

import (
	"context"
	"errors"
	"io"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/keyring"
)

// ImportAccounts reads an existing account register (CSV or XLSX with
// Chinese headers) and brings the registry in line with it, all or nothing.
// A row matches an open account of the same platform and name; matched
// accounts are updated only where the file differs, so importing the same
// file twice changes nothing. Every bad row is reported as
// govmedia.FieldErrors with its row number and column header.
func (r *Registry) ImportAccounts(ctx context.Context, actor govmedia.Actor, file io.Reader, fileName string) (ImportReport, error) {
	reg, err := parseRegister(file, fileName)
	if err != nil {
		return ImportReport{}, err
	}
	var rep ImportReport
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
			slices.SortStableFunc(reg.errs, func(a, b govmedia.FieldError) int { return a.Row - b.Row })
			return reg.errs
		}
		rep = im.report
		return nil
	})
	return rep, err
}

type importer struct {
	r       *Registry
	ctx     context.Context
	tx      bun.Tx
	actor   govmedia.Actor
	reg     *registerFile
	orgs    map[string]string // code and name → code
	domains map[string]string // code and name → code
	seen    map[string]int    // platform+name → first row
	report  ImportReport
	fatal   error
}

func (r *Registry) newImporter(ctx context.Context, tx bun.Tx, actor govmedia.Actor, reg *registerFile) (*importer, error) {
	im := &importer{r: r, ctx: ctx, tx: tx, actor: actor, reg: reg, orgs: map[string]string{},
		domains: map[string]string{}, seen: map[string]int{}}
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
	for code, o := range orgs {
		im.orgs[code], im.orgs[o.Name] = code, code
	}
	ds, err := listDomains(ctx, tx)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		im.domains[d.Code], im.domains[d.Name] = d.Code, d.Code
	}
	return im, nil
}

// apply checks one row and, when the file has had no problem so far,
// writes it; rows after a problem are still checked, so that every
// problem is reported at once.
func (im *importer) apply(row *registerRow) {
	before := len(im.reg.errs)
	host, ok := im.orgs[row.hostRef]
	if !ok {
		im.reg.fail(row.row, "host_org", "account.host_unknown", "value", row.hostRef)
	}
	im.resolveDomains(row)
	key := string(row.fields.Platform) + "\x00" + clean(row.fields.Name)
	if first, dup := im.seen[key]; dup {
		im.reg.fail(row.row, "name", "account.duplicate_in_file", "row", first)
	}
	im.seen[key] = row.row
	if row.bad || len(im.reg.errs) > before {
		return
	}
	im.write(row, host)
}

func (im *importer) resolveDomains(row *registerRow) {
	for i, d := range row.fields.Domains {
		code, ok := im.domains[d]
		if !ok {
			im.reg.fail(row.row, "domains", "account.domain_unknown", "value", d)
			continue
		}
		row.fields.Domains[i] = code
	}
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
	im.collect(row.row, err)
}

// collect files a rule violation under the row; anything else aborts.
func (im *importer) collect(row int, err error) {
	var fe govmedia.FieldErrors
	var e *govmedia.Error
	switch {
	case err == nil:
	case errors.As(err, &fe):
		for _, f := range fe {
			im.reg.errs = append(im.reg.errs, govmedia.FieldError{Row: row, Column: im.reg.header(f.Column), Err: f.Err})
		}
	case errors.As(err, &e) && e.Code != govmedia.EINTERNAL:
		im.reg.errs = append(im.reg.errs, govmedia.FieldError{Row: row, Column: im.reg.header("name"), Err: e})
	default:
		im.fatal = err
	}
}

func (im *importer) match(row *registerRow) (*Account, error) {
	a := new(Account)
	err := im.tx.NewSelect().Model(a).Where("platform = ? AND name = ? AND state <> ?", row.fields.Platform, clean(row.fields.Name), Closed).
		For("UPDATE").Scan(im.ctx)
	if isNoRows(err) {
		return nil, nil
	}
	return a, err
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
