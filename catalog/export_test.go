package catalog

import (
	"context"
	"strings"
)

// ExplainSearch runs a search's two queries (the head of the scope read in
// order, and the index) under EXPLAIN (ANALYZE, BUFFERS) and returns their
// plans, for the benchmark to show where a slow search spends its time.
func (c *Catalog) ExplainSearch(ctx context.Context, q SearchQuery) (string, error) {
	head, index, err := c.searchQueries(q)
	if err != nil {
		return "", err
	}
	var out []string
	for _, sel := range []any{head, index} {
		var lines []string
		if err := c.db.NewRaw("EXPLAIN (ANALYZE, BUFFERS) ?", sel).Scan(ctx, &lines); err != nil {
			return "", err
		}
		out = append(out, strings.Join(lines, "\n"))
	}
	return strings.Join(out, "\n\n"), nil
}
