package publish

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/uptrace/bun"

	"govmedia/approvals"
	"govmedia/audit"
	"govmedia/catalog"
	"govmedia/registry"
)

// CatalogUpdateKind is the kind of the publications that announce a
// catalog version becoming current.
const CatalogUpdateKind = "catalog_update"

// OnCatalogCurrent is the catalog's OnCurrent hook: when a version becomes
// current, a catalog-update publication (what changed, with a link to the
// public page under publicURL) is submitted for review as any publication
// is, by the version's applicant, to the active WeChat accounts of the
// government (itself, its office and departments) and of the domain's
// guiding departments, in the transaction of the approval.
func (p *Publisher) OnCatalogCurrent(publicURL string) func(context.Context, bun.Tx, *catalog.Version, []catalog.Change, *approvals.Application) error {
	return func(ctx context.Context, tx bun.Tx, v *catalog.Version, changes []catalog.Change, app *approvals.Application) error {
		applicant, err := registry.MemberByID(ctx, tx, app.ApplicantID)
		if err != nil {
			return err
		}
		gov, err := registry.OrgByCode(ctx, tx, v.OrgCode)
		if err != nil {
			return err
		}
		domain, err := registry.DomainByCode(ctx, tx, v.Domain)
		if err != nil {
			return err
		}
		units, err := registry.OwnUnits(ctx, tx, v.OrgCode)
		if err != nil {
			return err
		}
		t := Targets{Orgs: units, GuidesOf: v.Domain}
		if found, err := resolve(ctx, tx, t); err != nil || len(found) == 0 {
			// No account to tell: the catalog is current all the same.
			return firstErr(err, audit.Append(ctx, tx, p.now(), applicant.Actor(), "catalog_version", strconv.FormatInt(v.ID, 10),
				"catalog.update_not_published", map[string]any{"reason": "no active WeChat account"}))
		}
		n := catalog.UpdateNotice(v, changes, gov.Name, domain.Name, catalogPage(publicURL, v))
		a := DraftArticle{Title: n.Title, Body: n.HTML, Format: "html", SourceURL: n.SourceURL}
		if cover, _, err := defaultCover(ctx, tx, applicant.OrgCode); err != nil || len(cover) == 0 {
			a.Cover, a.CoverName = PlainCover(), "cover.jpg"
		}
		_, _, err = p.SubmitTx(ctx, tx, applicant, Draft{Kind: CatalogUpdateKind, Mode: Publish, Targets: t, Articles: []DraftArticle{a}})
		return err
	}
}

// catalogPage is the public page of a version's catalog, "" without a
// public address.
func catalogPage(publicURL string, v *catalog.Version) string {
	if publicURL == "" {
		return ""
	}
	return strings.TrimRight(publicURL, "/") + "/catalogs/" + url.PathEscape(v.OrgCode) + "/" + url.PathEscape(v.Domain)
}
