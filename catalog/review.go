package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
	"govmedia/audit"
	"govmedia/oversight/content"
	"govmedia/registry"
)

// Summary is what the deciders of a version see on its card, as it stood
// when it was submitted: the diff against the current version, and for a
// township the county's 乡级 items it lacks.
type Summary struct {
	Org     string   `json:"org"`
	Domain  string   `json:"domain"`
	Number  int      `json:"number"`
	Items   int      `json:"items"`
	Changes []Change `json:"changes"`
	Missing []Item   `json:"missing,omitempty"`
	BasedOn int      `json:"based_on,omitempty"` // the current version's number, 0 for a first catalog
	Source  string   `json:"source,omitempty"`
	// Content is what the content check found in the items (its warnings:
	// blocking findings refuse the submission).
	Content *content.Report `json:"content,omitempty"`
}

// Submit sends a government's draft of a domain for review: a new
// application, or the returned one again from the office that returned
// it. Errors: EFORBIDDEN, ENOTFOUND (no draft), EINVALID (an empty draft,
// one the same as the current version), ECONFLICT.
func (c *Catalog) Submit(ctx context.Context, by *registry.Member, org, domain string) (*Version, *approvals.Application, error) {
	var v *Version
	var app *approvals.Application
	err := c.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		var err error
		if v, err = c.draftToSubmit(ctx, tx, by, org, domain); err != nil {
			return err
		}
		summary, err := c.summary(ctx, tx, v)
		if err != nil {
			return err
		}
		v.State, v.SubmittedAt, v.UpdatedAt = InReview, now, now
		if _, err := tx.NewUpdate().Model(v).Column("state", "submitted_at", "updated_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		app, err = c.applyFor(ctx, tx, by, v, summary)
		return err
	})
	return v, app, err
}

func (c *Catalog) draftToSubmit(ctx context.Context, tx bun.Tx, by *registry.Member, org, domain string) (*Version, error) {
	if err := approvals.CheckMayApply(by); err != nil {
		return nil, err
	}
	if err := CheckEdit(ctx, tx, by, org); err != nil {
		return nil, err
	}
	v, err := openVersion(ctx, tx, org, domain, true)
	switch {
	case err != nil:
		return nil, err
	case v == nil:
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "catalog.no_draft")
	case v.State != Draft:
		return nil, govmedia.Errorf(govmedia.ECONFLICT, "catalog.in_review", "number", v.Number)
	case v.ItemCount == 0:
		return nil, govmedia.Errorf(govmedia.EINVALID, "catalog.empty_draft")
	}
	v.Items, err = loadItems(ctx, tx, v.ID)
	return v, err
}

// applyFor starts the version's application, or resubmits the returned one.
func (c *Catalog) applyFor(ctx context.Context, tx bun.Tx, by *registry.Member, v *Version, s *Summary) (*approvals.Application, error) {
	last, err := approvals.LatestOf(ctx, tx, Kind, v.ID)
	if err != nil {
		return nil, err
	}
	if last != nil && last.State == approvals.Returned {
		return c.engine.ResubmitTx(ctx, tx, by, last.ID, func(*approvals.Application) (json.RawMessage, error) { return marshal(s), nil })
	}
	return c.engine.SubmitTx(ctx, tx, by, Kind, "catalog", v.ID, s)
}

// summary compares a version with the current one.
func (c *Catalog) summary(ctx context.Context, db bun.IDB, v *Version) (*Summary, error) {
	cur, err := currentVersion(ctx, db, v.OrgCode, v.Domain, false)
	if err != nil {
		return nil, err
	}
	s := &Summary{Org: v.OrgCode, Domain: v.Domain, Number: v.Number, Items: len(v.Items), Source: v.Source,
		Changes: Diff(itemsOf(ctx, db, cur), v.Items)}
	if cur != nil {
		s.BasedOn = cur.Number
		if sameItems(cur.Items, v.Items) {
			return nil, govmedia.Errorf(govmedia.EINVALID, "catalog.same_as_current", "number", cur.Number)
		}
	}
	if s.Missing, err = c.missing(ctx, db, v.OrgCode, v.Domain, v.Items); err != nil {
		return nil, err
	}
	return s, c.checkContent(ctx, db, v, s)
}

// checkContent checks the items a reader will see; a blocking finding
// refuses the submission with its place, warnings go on the card.
func (c *Catalog) checkContent(ctx context.Context, db bun.IDB, v *Version, s *Summary) error {
	if c.Content == nil {
		return nil
	}
	var texts []content.Text
	for i, it := range v.Items {
		where := fmt.Sprintf("第 %d 项", i+1)
		for _, part := range []string{it.Level1, it.Level2, it.Content, it.Basis, it.Deadline, it.Subject, it.ChannelsOther} {
			if part != "" {
				texts = append(texts, content.Text{Where: where, Body: part})
			}
		}
	}
	rep, err := c.Content.Check(ctx, db, texts)
	if err != nil {
		return err
	}
	if err := rep.Refusal(); err != nil {
		return err
	}
	if len(rep.Findings) > 0 {
		s.Content = &rep
	}
	return nil
}

// reviewPolicy is how the engine decides catalog versions.
type reviewPolicy struct{ c *Catalog }

// Chain: a township's catalog goes to its county's office; every catalog
// then to each city department that guides its domain, and last to the
// city office, which approves.
func (p reviewPolicy) Chain(ctx context.Context, db bun.IDB, app *approvals.Application) ([]approvals.StepSpec, error) {
	v, err := versionByID(ctx, db, app.SubjectID, false)
	if err != nil {
		return nil, err
	}
	gov, err := government(ctx, db, v.OrgCode)
	if err != nil {
		return nil, err
	}
	var chain []approvals.StepSpec
	if gov.Level == registry.Township {
		office, err := registry.OfficeOf(ctx, db, gov.ParentCode)
		if err != nil {
			return nil, err
		}
		if office != nil {
			chain = append(chain, approvals.StepSpec{Office: office.Code, Role: registry.Reviewer})
		}
	}
	d, err := registry.DomainByCode(ctx, db, v.Domain)
	if err != nil {
		return nil, err
	}
	for _, g := range d.GuidingOrgs {
		chain = append(chain, approvals.StepSpec{Office: g, Role: registry.Guide})
	}
	offices, err := registry.ApprovingOffices(ctx, db, v.OrgCode)
	if err != nil {
		return nil, err
	}
	return append(chain, approvals.StepSpec{Office: offices[len(offices)-1], Role: registry.Approver}), nil
}

// Apply makes the version current in its final approval's transaction:
// the version before it is superseded, the search index follows, and
// OnCurrent (the catalog-update publication) runs with the diff.
func (p reviewPolicy) Apply(ctx context.Context, tx bun.Tx, app *approvals.Application, decider *registry.Member) error {
	c := p.c
	v, err := versionByID(ctx, tx, app.SubjectID, true)
	if err != nil {
		return err
	}
	if v.State != InReview {
		return govmedia.Errorf(govmedia.ECONFLICT, "catalog.not_in_review", "number", v.Number)
	}
	now := c.now()
	prev, err := currentVersion(ctx, tx, v.OrgCode, v.Domain, true)
	if err != nil {
		return err
	}
	changes := Diff(itemsOf(ctx, tx, prev), v.Items)
	var prevID int64
	if prev != nil {
		prevID = prev.ID
		if _, err := tx.NewUpdate().Model(prev).Set("state = ?, superseded_at = ?, updated_at = ?", Superseded, now, now).WherePK().Exec(ctx); err != nil {
			return err
		}
	}
	v.State, v.CurrentSince, v.UpdatedAt = Current, now, now
	if _, err := tx.NewUpdate().Model(v).Column("state", "current_since", "updated_at").WherePK().Exec(ctx); err != nil {
		return err
	}
	if err := indexCurrent(ctx, tx, v, prevID); err != nil {
		return err
	}
	if err := audit.Append(ctx, tx, now, decider.Actor(), "catalog_version", itoa(v.ID), "catalog.current",
		map[string]any{"org": v.OrgCode, "domain": v.Domain, "number": v.Number, "supersedes": prevID, "changes": Counts(changes)}); err != nil {
		return err
	}
	if c.OnCurrent != nil {
		return c.OnCurrent(ctx, tx, v, changes, app)
	}
	return nil
}

// onEvent keeps a version's state with its application's: returned or
// withdrawn, it is a draft again, to be edited and submitted anew;
// rejected, it stays rejected.
func (c *Catalog) onEvent(ctx context.Context, tx bun.Tx, ev approvals.Event) error {
	if ev.Application.SubjectKind != Kind {
		return nil
	}
	state := map[string]State{"returned": Draft, "withdrawn": Draft, "rejected": Rejected}[ev.Kind]
	if state == "" {
		return nil
	}
	_, err := tx.NewUpdate().Model((*Version)(nil)).Set("state = ?, updated_at = ?", state, c.now()).
		Where("id = ? AND state = ?", ev.Application.SubjectID, InReview).Exec(ctx)
	return err
}
