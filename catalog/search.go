package catalog

import (
	"context"
	"strings"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"govmedia"
	"govmedia/registry"
)

// SearchQuery narrows a search of the current catalogs.
type SearchQuery struct {
	Q      string // the text to find, one character or more
	Org    string // one government's catalogs; "" every one
	Domain string // one domain; "" every one
	Limit  int    // default 20, at most 100
	Offset int    // hits to skip, at most MaxSearchOffset
}

// MaxSearchOffset bounds how deep a search pages: past a thousand hits a
// reader narrows the query, and a deep offset costs the whole sort.
const MaxSearchOffset = 1000

// Hit is one item found, with where it is.
type Hit struct {
	VersionID int64  `bun:"version_id"`
	Position  int    `bun:"position"`
	OrgCode   string `bun:"org_code"`
	Domain    string `bun:"domain"`
	Item      Item   `bun:"item,type:jsonb"`
}

// maxQuery bounds a search's text, as the public pages cap theirs.
const maxQuery = 64

// headRows is how many items of the scope, in order, a search reads
// before it asks the index. A common query (项, 办理流程) finds its page
// among them at once, where the index would hand over every one of the
// thousands of items holding it, to be fetched and sorted (the planner,
// multiplying the chances of a query's character pairs as if they were
// independent, takes them for rare); a rare query reads them in vain in
// about a millisecond, and then the index hands over its few items.
const headRows = 2000

// Search finds the items of current catalogs whose names or content hold
// the query, in the catalogs' own order (government, domain, place). It
// reads the first items of the scope in that order, and asks the index of
// characters and pairs only when they hold less than a page of hits: a
// query of one or two Chinese characters (学, 低保) is one key of that
// index; a longer one intersects its pairs, then the text is checked.
// Errors: EINVALID (an empty or too long query, an offset past
// MaxSearchOffset).
func (c *Catalog) Search(ctx context.Context, q SearchQuery) ([]Hit, error) {
	head, index, err := c.searchQueries(q)
	if err != nil {
		return nil, err
	}
	hits, err := c.found(ctx, head)
	if err != nil || len(hits) == limitOf(q) {
		return hits, err
	}
	return c.found(ctx, index)
}

func limitOf(q SearchQuery) int {
	if q.Limit <= 0 || q.Limit > 100 {
		return 20
	}
	return q.Limit
}

// searchQueries are a search's two ways to its matches, checked: the head
// of the scope read in order, and the index.
func (c *Catalog) searchQueries(q SearchQuery) (head, index *bun.SelectQuery, err error) {
	text := strings.ToLower(strings.Join(strings.Fields(q.Q), " "))
	if text == "" || len([]rune(text)) > maxQuery {
		return nil, nil, govmedia.Errorf(govmedia.EINVALID, "catalog.search_query", "max", maxQuery)
	}
	if q.Offset < 0 || q.Offset > MaxSearchOffset {
		return nil, nil, govmedia.Errorf(govmedia.EINVALID, "catalog.search_offset", "max", MaxSearchOffset)
	}
	limit, offset, like := int64(limitOf(q)), int64(q.Offset), registry.ContainsPattern(text)
	scope := c.inScope(c.db.NewSelect().TableExpr("catalog_search AS s").ColumnExpr(matchColumns+", s.search_text"), q).
		OrderExpr("s.org_code, s.domain, s.position").Limit(max(headRows, 4*(offset+limit)))
	head = c.db.NewSelect().TableExpr("(?) AS s", scope).ColumnExpr(matchColumns).
		Where("s.search_text LIKE ?", like).OrderExpr("s.org_code, s.domain, s.position").Limit(limit).Offset(offset)
	index = c.inScope(c.db.NewSelect().TableExpr("catalog_search AS s").ColumnExpr(matchColumns), q).
		Where("s.search_grams @> ?", pgdialect.Array(registry.QueryGrams(text))).Where("s.search_text LIKE ?", like).
		OrderExpr("s.org_code, s.domain, s.position").Limit(limit).Offset(offset)
	if keys := filterKeys(q); len(keys) > 0 {
		index = index.Where("s.filter_keys @> ?", pgdialect.Array(keys))
	}
	return head, index, nil
}

// matchColumns are what a match is known by.
const matchColumns = "s.version_id, s.position, s.org_code, s.domain"

// inScope narrows sel to the query's government and domain: the ordered
// index reads only their items.
func (c *Catalog) inScope(sel *bun.SelectQuery, q SearchQuery) *bun.SelectQuery {
	if q.Org != "" {
		sel = sel.Where("s.org_code = ?", q.Org)
	}
	if q.Domain != "" {
		sel = sel.Where("s.domain = ?", q.Domain)
	}
	return sel
}

// found reads the items of the matches, in order.
func (c *Catalog) found(ctx context.Context, matches *bun.SelectQuery) ([]Hit, error) {
	var hits []Hit
	err := c.db.NewSelect().TableExpr("(?) AS s", matches).
		ColumnExpr(matchColumns+", i.item").
		Join("JOIN catalog_items AS i ON i.version_id = s.version_id AND i.position = s.position").
		OrderExpr("s.org_code, s.domain, s.position").Scan(ctx, &hits)
	return hits, err
}

func filterKeys(q SearchQuery) []string {
	var keys []string
	if q.Org != "" {
		keys = append(keys, "org:"+q.Org)
	}
	if q.Domain != "" {
		keys = append(keys, "domain:"+q.Domain)
	}
	return keys
}
