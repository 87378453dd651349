package registry_test

import (
	"context"
	"slices"
	"testing"

	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// TestSearchPagesInIDOrderWhereverTheRowsLie: a term that 3,000 accounts
// hold, past the prefix the first attempt looks through, whose first
// accounts were updated since (an update moves a row to the table's end,
// out of the id order), still pages in id order, every page exactly.
func TestSearchPagesInIDOrderWhereverTheRowsLie(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	ctx := context.Background()
	_, err := env.DB.ExecContext(ctx, `INSERT INTO accounts (platform, name, host_org, domains, state, created_at, updated_at)
		SELECT 'weibo', CASE WHEN i > 2500 THEN '五华测试' ELSE '盘龙其他' END || i, 'km.wuhua.dept.edu', '{}', 'active', now(), now()
		FROM generate_series(1, 5500) AS i`)
	if err != nil {
		t.Fatal(err)
	}
	var want []int64
	if err := env.DB.NewRaw("SELECT id FROM accounts WHERE name LIKE '五华测试%' ORDER BY id").Scan(ctx, &want); err != nil || len(want) != 3000 {
		t.Fatalf("seeded %d matching accounts (%v), want 3000", len(want), err)
	}
	if _, err := env.DB.ExecContext(ctx, "UPDATE accounts SET updated_at = now() WHERE id <= ?", want[30]); err != nil {
		t.Fatal(err)
	}
	q := registry.DirectoryQuery{Q: "测试", Limit: 20}
	for page := 0; page < 3; page++ {
		got, err := env.Registry.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, a := range got.Accounts {
			ids = append(ids, a.ID)
		}
		if exp := want[page*20 : page*20+20]; !slices.Equal(ids, exp) || got.Next != exp[19] {
			t.Fatalf("page %d: ids %v next %d; want %v", page+1, ids, got.Next, exp)
		}
		q.After = got.Next
	}
}
