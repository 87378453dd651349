package registry

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

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
	ClosingUntil  *time.Time `json:"closing_until,omitempty" bun:"closing_until"` // closing: until then; closed: since then
	Since         time.Time  `json:"since" bun:"since"`
	SuccessorID   int64      `json:"successor_id,omitempty" bun:"successor_id"` // closing or closed: the account that takes over
	Successor     string     `json:"successor,omitempty" bun:"successor"`
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
	o.name AS host_org_name, a.operating_unit, a.domains, a.state, a.closing_until, a.created_at AS since,
	coalesce(a.successor_id, 0) AS successor_id, coalesce((SELECT s.name FROM accounts AS s WHERE s.id = a.successor_id), '') AS successor`

// scanPrefix is how many accounts, in id order, the first attempt of a
// search looks through. A term common enough to fill a page there is
// answered without touching the rest; a rarer one goes to the index.
const scanPrefix = 2000

// Search pages through the directory in id order.
func (r *Registry) Search(ctx context.Context, q DirectoryQuery) (DirectoryPage, error) {
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = 20
	}
	if len(q.States) == 0 {
		q.States = []State{Active}
	}
	var ids []int64
	var err error
	if !selective(q.Q) {
		ids, err = r.matchPrefix(ctx, q)
	}
	if err == nil && len(ids) <= q.Limit {
		ids, err = r.matchIndexed(ctx, q)
	}
	if err != nil {
		return DirectoryPage{}, err
	}
	var page DirectoryPage
	if len(ids) > q.Limit {
		ids = ids[:q.Limit]
		page.Next = ids[q.Limit-1]
	}
	page.Accounts, err = r.publicAccounts(ctx, ids)
	return page, err
}

// selective reports whether a search text is long enough (four
// characters and more, three pairs) for few accounts to hold it: such a
// text is looked up in the index at once, the prefix would be read for
// nothing.
func selective(text string) bool {
	return len(QueryGrams(strings.ToLower(clean(text)))) >= 3
}

// matchPrefix looks for a page among the first scanPrefix accounts after
// the cursor.
func (r *Registry) matchPrefix(ctx context.Context, q DirectoryQuery) ([]int64, error) {
	prefix := r.db.NewSelect().TableExpr("accounts").
		Column("id", "state", "host_org", "platform", "name", "original_id", "app_id", "platform_uid", "search_grams", "filter_keys").
		Where("state IN (?) AND id > ?", bun.List(q.States), q.After).OrderExpr("id").Limit(scanPrefix)
	return r.match(ctx, q, r.db.NewSelect().TableExpr("(?) AS a", prefix), "a.id")
}

// fewMatches is how many matching accounts matchIndexed reads at first.
const fewMatches = 500

// matchIndexed finds the first matches through the index. Why not simply
// "ORDER BY id LIMIT": accounts come in a district's register at a time,
// so a common term's accounts (tens of thousands for 西山) sit together
// somewhere in the id order, and sorting them all for the first twenty
// reads every one. It reads up to fewMatches of them, wherever they are:
// if that is all of them, the first by id are the answer; if not, the
// page's last id among those read bounds where the first page ends (that
// many matches are already at or before it), and a second read, within
// the bound, answers exactly.
func (r *Registry) matchIndexed(ctx context.Context, q DirectoryQuery) ([]int64, error) {
	var ids []int64
	some := r.filtered(r.db.NewSelect().TableExpr("accounts AS a").Column("a.id"), q).Limit(fewMatches)
	err := r.db.NewSelect().TableExpr("(?) AS f", some).Column("f.id").OrderExpr("f.id").Scan(ctx, &ids)
	if err != nil || len(ids) < fewMatches {
		return ids[:min(len(ids), q.Limit+1)], err
	}
	// Ordering by "id + 0" keeps the planner from walking the primary key
	// through rows that mostly fail the filters.
	bounded := r.db.NewSelect().TableExpr("accounts AS a").Where("a.id <= ?", ids[q.Limit])
	return r.match(ctx, q, bounded, "a.id + 0")
}

// match applies the query's filters to from and returns the first ids.
// Text, org, platform and a single state are all looked up in the one GIN
// index (see the registry migration); the LIKE rechecks the few rows found.
func (r *Registry) match(ctx context.Context, q DirectoryQuery, sel *bun.SelectQuery, order string) ([]int64, error) {
	sel = r.filtered(sel.Column("a.id"), q).OrderExpr(order).Limit(int64(q.Limit) + 1)
	var ids []int64
	err := sel.Scan(ctx, &ids)
	return ids, err
}

// filtered is sel with the query's filters.
func (r *Registry) filtered(sel *bun.SelectQuery, q DirectoryQuery) *bun.SelectQuery {
	sel = sel.Where("a.id > ? AND a.state IN (?)", q.After, bun.List(q.States))
	if keys := filterKeys(q); len(keys) > 0 {
		sel = sel.Where("a.filter_keys @> ?", pgdialect.Array(keys))
	}
	if text := strings.ToLower(clean(q.Q)); text != "" {
		like := ContainsPattern(text)
		sel = sel.Where("a.search_grams @> ?", pgdialect.Array(QueryGrams(text))).
			Where("(lower(a.name) LIKE ? OR a.original_id LIKE ? OR a.app_id LIKE ? OR lower(a.platform_uid) LIKE ?)", like, like, like, like)
	}
	return sel
}

// filterKeys are the index keys of a query's filters (see gm_keys).
func filterKeys(q DirectoryQuery) []string {
	var keys []string
	if q.Org != "" {
		keys = append(keys, "o:"+q.Org)
	}
	if q.Platform != "" {
		keys = append(keys, "p:"+string(q.Platform))
	}
	// Nearly every account is active: its key would make the index
	// intersect every query with a list of nearly the whole table, for
	// nothing the state's own condition does not do.
	if len(q.States) == 1 && q.States[0] != Active {
		keys = append(keys, "s:"+string(q.States[0]))
	}
	return keys
}

// queryGrams are the character pairs of a query (its one character if it
// has only one): every account whose text contains the query has them all.
// QueryGrams are the index keys a search text must all have (see gm_grams):
// its one character, or its character pairs.
func QueryGrams(q string) []string {
	r := []rune(q)
	if len(r) == 1 {
		return []string{q}
	}
	seen := map[string]bool{}
	var out []string
	for i := 0; i+1 < len(r); i++ {
		g := string(r[i : i+2])
		if strings.TrimSpace(g) != "" && !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}

// publicAccounts reads the public fields of accounts, in id order.
func (r *Registry) publicAccounts(ctx context.Context, ids []int64) ([]PublicAccount, error) {
	out := []PublicAccount{}
	if len(ids) == 0 {
		return out, nil
	}
	err := r.db.NewSelect().TableExpr("accounts AS a").Join("JOIN orgs AS o ON o.code = a.host_org").
		ColumnExpr(publicColumns).Where("a.id IN (?)", bun.List(ids)).OrderExpr("a.id").Scan(ctx, &out)
	return out, err
}

// PublicAccountByID returns one account of the public directory.
func (r *Registry) PublicAccountByID(ctx context.Context, id int64) (*PublicAccount, error) {
	var list []PublicAccount
	err := r.db.NewSelect().TableExpr("accounts AS a").Join("JOIN orgs AS o ON o.code = a.host_org").
		ColumnExpr(publicColumns).Where("a.id = ? AND a.state IN (?)", id, bun.List([]State{Active, Closing, Closed})).Scan(ctx, &list)
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
	// Similar, when nothing matches exactly and nothing is imitated, are
	// up to five official accounts whose name or identifiers contain the
	// query: a citizen who typed part of a name sees what to compare,
	// never a verdict on them.
	Similar []PublicAccount `json:"similar,omitempty"`
	// Imitates, when nothing matches exactly, are the official accounts
	// whose name the query imitates (see lookalikeKey): an account called
	// so is not official, it poses as them.
	Imitates []PublicAccount `json:"imitates,omitempty"`
}

// Verify is Lookup for the public: with no match, it names the official
// accounts the query imitates, or else lists similar ones apart.
func (r *Registry) Verify(ctx context.Context, q string) (Verdict, error) {
	v, err := r.Lookup(ctx, q)
	if err != nil || len(v.Matches) > 0 {
		return v, err
	}
	if v.Imitates, err = imitated(ctx, r.db, v.Query); err != nil || len(v.Imitates) > 0 {
		return v, err
	}
	page, err := r.Search(ctx, DirectoryQuery{Q: v.Query, Limit: 5})
	v.Similar = page.Accounts
	return v, err
}

// Lookup looks a name, original id or AppID up exactly. It is official
// when a match is active or still in its closing notice; a suspended match
// is listed but not official, and so is a closed one, which says whose it
// was, since when it is closed and which account took over.
func (r *Registry) Lookup(ctx context.Context, q string) (Verdict, error) {
	v := Verdict{Query: clean(q), Matches: []PublicAccount{}}
	if v.Query == "" {
		return v, govmedia.Errorf(govmedia.EINVALID, "verify.query_required")
	}
	lower := strings.ToLower(v.Query)
	err := r.db.NewSelect().TableExpr("accounts AS a").Join("JOIN orgs AS o ON o.code = a.host_org").
		ColumnExpr(publicColumns).
		Where("(lower(a.name) = ? OR a.original_id = ? OR a.app_id = ?)", lower, lower, lower).
		OrderExpr("a.id").Limit(10).Scan(ctx, &v.Matches)
	for _, m := range v.Matches {
		v.Official = v.Official || m.State == Active || m.State == Closing
	}
	return v, err
}

// ContainsPattern is the LIKE pattern of the texts that contain s: its %, _
// and backslashes are escaped, so that a search for "%" finds the character
// and not everything.
func ContainsPattern(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}
