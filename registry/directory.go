package registry

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
)

// PublicAccount is what the public may know of an account: nothing about
// the person in charge, no phone, no credentials.
type PublicAccount struct {
	ID            int64      `json:"id" bun:"id"`
	Platform      Platform   `json:"platform" bun:"platform"`
	WeChatKind    WeChatKind `json:"wechat_kind,omitempty" bun:"wechat_kind"`
	Name          string     `json:"name" bun:"name"`
	OriginalID    string     `json:"original_id,omitempty" bun:"original_id"`
	PlatformUID   string     `json:"platform_uid,omitempty" bun:"platform_uid"`
	HostOrg       string     `json:"host_org" bun:"host_org"`
	HostOrgName   string     `json:"host_org_name" bun:"host_org_name"`
	OperatingUnit string     `json:"operating_unit,omitempty" bun:"operating_unit"`
	Domains       []string   `json:"domains" bun:"domains,array"`
	State         State      `json:"state" bun:"state"`
	ClosingUntil  *time.Time `json:"closing_until,omitempty" bun:"closing_until"`
	Since         time.Time  `json:"since" bun:"since"`
}

// DirectoryQuery filters the directory. Q matches part of a name or an
// identifier; Org includes the orgs below it.
type DirectoryQuery struct {
	Q        string
	Org      string
	Platform Platform
	States   []State // default: active only
	After    int64   // keyset cursor: the last id of the previous page
	Limit    int     // default 20, at most 100
}

// DirectoryPage is one page of results; Next is 0 on the last page.
type DirectoryPage struct {
	Accounts []PublicAccount `json:"accounts"`
	Next     int64           `json:"next,omitempty"`
}

const publicColumns = `a.id, a.platform, a.wechat_kind, a.name, a.original_id, a.platform_uid, a.host_org,
	o.name AS host_org_name, a.operating_unit, a.domains, a.state, a.closing_until, a.created_at AS since`

// Search pages through the directory in id order.
func (r *Registry) Search(ctx context.Context, q DirectoryQuery) (DirectoryPage, error) {
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = 20
	}
	if len(q.States) == 0 {
		q.States = []State{Active}
	}
	sel := r.db.NewSelect().TableExpr("accounts AS a").Join("JOIN orgs AS o ON o.code = a.host_org").
		ColumnExpr(publicColumns).Where("a.state IN (?)", bun.List(q.States)).
		Where("a.id > ?", q.After).OrderExpr("a.id").Limit(int64(q.Limit) + 1)
	if text := strings.ToLower(clean(q.Q)); text != "" {
		like := "%" + escapeLike(text) + "%"
		sel = sel.Where("a.search_grams @> gm_grams(?)", text).
			Where("(lower(a.name) LIKE ? OR a.original_id LIKE ? OR a.app_id LIKE ? OR lower(a.platform_uid) LIKE ?)", like, like, like, like)
	}
	if q.Org != "" {
		sel = sel.Where(`a.host_org IN (WITH RECURSIVE down AS (SELECT code FROM orgs WHERE code = ?
			UNION ALL SELECT c.code FROM orgs c JOIN down ON c.parent_code = down.code) SELECT code FROM down)`, q.Org)
	}
	if q.Platform != "" {
		sel = sel.Where("a.platform = ?", q.Platform)
	}
	var page DirectoryPage
	if err := sel.Scan(ctx, &page.Accounts); err != nil {
		return page, err
	}
	if len(page.Accounts) > q.Limit {
		page.Accounts = page.Accounts[:q.Limit]
		page.Next = page.Accounts[q.Limit-1].ID
	}
	return page, nil
}

// PublicAccountByID returns one account of the public directory.
func (r *Registry) PublicAccountByID(ctx context.Context, id int64) (*PublicAccount, error) {
	var list []PublicAccount
	err := r.db.NewSelect().TableExpr("accounts AS a").Join("JOIN orgs AS o ON o.code = a.host_org").
		ColumnExpr(publicColumns).Where("a.id = ? AND a.state IN (?)", id, bun.List([]State{Active, Closing})).Scan(ctx, &list)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "account.not_found", "id", strconv.FormatInt(id, 10))
	}
	return &list[0], nil
}

// Verdict answers "is this account official?".
type Verdict struct {
	Query    string          `json:"query"`
	Official bool            `json:"official"`
	Matches  []PublicAccount `json:"matches"`
}

// Verify looks a name, original id or AppID up exactly among the accounts
// that are not closed. It is official when a match is active or still in
// its closing notice; a suspended match is listed but not official.
func (r *Registry) Verify(ctx context.Context, q string) (Verdict, error) {
	v := Verdict{Query: clean(q), Matches: []PublicAccount{}}
	if v.Query == "" {
		return v, govmedia.Errorf(govmedia.EINVALID, "verify.query_required")
	}
	lower := strings.ToLower(v.Query)
	err := r.db.NewSelect().TableExpr("accounts AS a").Join("JOIN orgs AS o ON o.code = a.host_org").
		ColumnExpr(publicColumns).
		Where("a.state <> ?", Closed).
		Where("(lower(a.name) = ? OR a.original_id = ? OR a.app_id = ?)", lower, lower, lower).
		OrderExpr("a.id").Limit(10).Scan(ctx, &v.Matches)
	for _, m := range v.Matches {
		v.Official = v.Official || m.State == Active || m.State == Closing
	}
	return v, err
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
