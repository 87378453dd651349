package publish

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"govmedia"
	"govmedia/postgres"
	"govmedia/registry"
)

// PolicyOf returns the policy a publication holds, with its
// interpretations, its attachments (without their data) and the
// publication's articles; ENOTFOUND when the publication holds none.
func (p *Publisher) PolicyOf(ctx context.Context, pubID int64) (*Policy, error) {
	return loadPolicy(ctx, p.db, pubID)
}

func loadPolicy(ctx context.Context, db bun.IDB, pubID int64) (*Policy, error) {
	pol := new(Policy)
	err := db.NewSelect().Model(pol).Relation("Interpretations", func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.OrderExpr("position")
	}).Where("policy.publication_id = ?", pubID).Scan(ctx)
	if postgres.IsNoRows(err) {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "policy.not_found", "id", pubID)
	}
	if err != nil {
		return nil, err
	}
	if pol.Publication, err = loadPublication(ctx, db, pubID); err != nil {
		return nil, err
	}
	err = db.NewSelect().Model(&pol.Attachments).ExcludeColumn("data").Where("publication_id = ?", pubID).OrderExpr("position").Scan(ctx)
	if err != nil {
		return nil, err
	}
	return pol, namePolicyOrgs(ctx, db, pol)
}

// namePolicyOrgs fills in the names of the issuer and the authors.
func namePolicyOrgs(ctx context.Context, db bun.IDB, pols ...*Policy) error {
	codes := map[string]string{}
	for _, pol := range pols {
		codes[pol.IssuingOrg] = ""
		for _, in := range pol.Interpretations {
			codes[in.AuthorOrg] = ""
		}
	}
	list := make([]string, 0, len(codes))
	for c := range codes {
		list = append(list, c)
	}
	var orgs []*registry.Org
	if err := db.NewSelect().Model(&orgs).Where("code IN (?)", bun.List(list)).Scan(ctx); err != nil {
		return err
	}
	for _, o := range orgs {
		codes[o.Code] = o.Name
	}
	for _, pol := range pols {
		pol.IssuerName = codes[pol.IssuingOrg]
		for _, in := range pol.Interpretations {
			in.AuthorName = codes[in.AuthorOrg]
		}
	}
	return nil
}

// Published reports whether the policy has been approved for release:
// only such a policy is public.
func (pol *Policy) Published() bool {
	return pol.Publication != nil && !pol.Publication.ApprovedAt.IsZero()
}

// PublishedPolicy returns a policy that was approved, for its public
// page; ENOTFOUND for any other (in review, refused, unknown).
func (p *Publisher) PublishedPolicy(ctx context.Context, pubID int64) (*Policy, error) {
	pol, err := p.PolicyOf(ctx, pubID)
	if err == nil && !pol.Published() {
		err = govmedia.Errorf(govmedia.ENOTFOUND, "policy.not_found", "id", pubID)
	}
	return pol, err
}

// PolicyFile is a published policy's attachment with its data; ENOTFOUND
// when the policy is not public or has no such attachment.
func (p *Publisher) PolicyFile(ctx context.Context, pubID int64, position int) (*PolicyAttachment, error) {
	a := new(PolicyAttachment)
	err := p.db.NewSelect().Model(a).Where("publication_id = ? AND position = ?", pubID, position).
		Where("EXISTS (SELECT 1 FROM publications WHERE id = ? AND approved_at IS NOT NULL)", pubID).Scan(ctx)
	if postgres.IsNoRows(err) {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "policy.not_found", "id", pubID)
	}
	return a, err
}

// PolicyImage is a picture of a published policy's articles, by the name
// its bodies use; ENOTFOUND otherwise.
func (p *Publisher) PolicyImage(ctx context.Context, pubID int64, name string) ([]byte, error) {
	var data []byte
	err := p.db.NewSelect().Table("publication_images").Column("data").Where("publication_id = ? AND name = ?", pubID, name).
		Where("EXISTS (SELECT 1 FROM policies po JOIN publications pub ON pub.id = po.publication_id WHERE po.publication_id = ? AND pub.approved_at IS NOT NULL)", pubID).
		Scan(ctx, &data)
	if postgres.IsNoRows(err) {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "policy.not_found", "id", pubID)
	}
	return data, err
}

// PolicyQuery filters the published policies: text in the title, number
// or issuer's name (one or two Chinese characters are enough), the
// issuing org, a domain, and a range of document dates.
type PolicyQuery struct {
	Q        string
	Issuer   string
	Domain   string
	From, To time.Time // civil dates, inclusive; zero: open
	Page     int       // from 1
	PerPage  int       // default 20, at most 50
}

// PolicyList is one page of published policies, newest document first.
type PolicyList struct {
	Policies []*Policy
	More     bool      // a next page exists
	Updated  time.Time // the latest approval among all published policies
}

// maxPolicyQuery bounds a search's text, as the public pages cap theirs.
const maxPolicyQuery = 64

// SearchPolicies lists published policies matching q. A text query uses
// the index of characters and pairs, then checks the text; filters go
// through the same index. Errors: EINVALID (a query too long).
func (p *Publisher) SearchPolicies(ctx context.Context, q PolicyQuery) (*PolicyList, error) {
	text := strings.ToLower(strings.Join(strings.Fields(q.Q), " "))
	if len([]rune(text)) > maxPolicyQuery {
		return nil, govmedia.Errorf(govmedia.EINVALID, "policy.query_too_long", "max", maxPolicyQuery)
	}
	if q.PerPage <= 0 || q.PerPage > 50 {
		q.PerPage = 20
	}
	q.Page = min(max(q.Page, 1), 500)
	var list []*Policy
	sel := p.db.NewSelect().Model(&list).Relation("Interpretations", func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.OrderExpr("position")
	}).Join("JOIN publications AS pub ON pub.id = policy.publication_id").
		Where("pub.approved_at IS NOT NULL").OrderExpr("policy.issued_on DESC, policy.publication_id DESC").
		Limit(int64(q.PerPage + 1)).Offset(int64((q.Page - 1) * q.PerPage))
	if text != "" {
		sel = sel.Where("policy.search_grams @> ?", pgdialect.Array(registry.QueryGrams(text))).
			Where("lower(policy.search_text) LIKE ?", registry.ContainsPattern(text))
	}
	if keys := policyFilterKeys(q); len(keys) > 0 {
		sel = sel.Where("policy.filter_keys @> ?", pgdialect.Array(keys))
	}
	if !q.From.IsZero() {
		sel = sel.Where("policy.issued_on >= ?", civilDate(q.From))
	}
	if !q.To.IsZero() {
		sel = sel.Where("policy.issued_on <= ?", civilDate(q.To))
	}
	if err := sel.Scan(ctx); err != nil {
		return nil, err
	}
	out := &PolicyList{Policies: list, More: len(list) > q.PerPage}
	if out.More {
		out.Policies = list[:q.PerPage]
	}
	if err := p.db.NewSelect().Table("publications").ColumnExpr("coalesce(max(approved_at), 'epoch')").
		Where("kind = ? AND approved_at IS NOT NULL", PolicyKind).Scan(ctx, &out.Updated); err != nil {
		return nil, err
	}
	if len(out.Policies) == 0 {
		return out, nil
	}
	return out, namePolicyOrgs(ctx, p.db, out.Policies...)
}

func policyFilterKeys(q PolicyQuery) []string {
	var keys []string
	if q.Issuer != "" {
		keys = append(keys, "org:"+q.Issuer)
	}
	if q.Domain != "" {
		keys = append(keys, "domain:"+q.Domain)
	}
	return keys
}

// PolicyIssuer is an org that has issued a published policy.
type PolicyIssuer struct {
	Code string `bun:"code"`
	Name string `bun:"name"`
}

// PolicyIssuers lists the orgs that issued the published policies, for
// the search's choice of issuer.
func (p *Publisher) PolicyIssuers(ctx context.Context) ([]PolicyIssuer, error) {
	var out []PolicyIssuer
	err := p.db.NewSelect().TableExpr("orgs AS o").ColumnExpr("o.code, o.name").
		Where("EXISTS (SELECT 1 FROM policies po JOIN publications pub ON pub.id = po.publication_id WHERE po.issuing_org = o.code AND pub.approved_at IS NOT NULL)").
		OrderExpr("o.code").Scan(ctx, &out)
	return out, err
}
