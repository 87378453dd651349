package catalog

import (
	"context"
	"strings"

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
}

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

// Search finds the items of current catalogs whose names or content hold
// the query, in the catalogs' own order. A query of one or two Chinese
// characters (学, 低保) uses the index of characters and pairs; longer
// ones intersect their pairs, then check the text.
// Errors: EINVALID (an empty or too long query).
func (c *Catalog) Search(ctx context.Context, q SearchQuery) ([]Hit, error) {
	text := strings.ToLower(strings.Join(strings.Fields(q.Q), " "))
	if text == "" || len([]rune(text)) > maxQuery {
		return nil, govmedia.Errorf(govmedia.EINVALID, "catalog.search_query", "max", maxQuery)
	}
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = 20
	}
	sel := c.db.NewSelect().TableExpr("catalog_search AS s").
		ColumnExpr("s.version_id, s.position, s.org_code, s.domain, i.item").
		Join("JOIN catalog_items AS i ON i.version_id = s.version_id AND i.position = s.position").
		Where("s.search_grams @> ?", pgdialect.Array(registry.QueryGrams(text))).
		Where("s.search_text LIKE ?", registry.ContainsPattern(text)).
		OrderExpr("s.org_code, s.domain, s.position").Limit(int64(q.Limit))
	if keys := filterKeys(q); len(keys) > 0 {
		sel = sel.Where("s.filter_keys @> ?", pgdialect.Array(keys))
	}
	var hits []Hit
	err := sel.Scan(ctx, &hits)
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
