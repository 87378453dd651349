package registry

import (
	"context"

	"github.com/uptrace/bun"
)

// similarity is the least Dice coefficient of character pairs for two
// names to count as close ("五华区教育" and "五华区教育局" do).
const similarity = 0.6

// SimilarNames lists the open accounts on a platform whose names are close
// to name, for approvers to notice near-duplicates.
func SimilarNames(ctx context.Context, db bun.IDB, p Platform, name string, exceptID int64) ([]string, error) {
	var candidates []string
	err := db.NewSelect().Model((*Account)(nil)).Column("name").
		Where("platform = ? AND state <> ? AND id <> ? AND name <> ?", p, Closed, exceptID, name).
		Where("search_grams && gm_grams(?)", name).Limit(500).Scan(ctx, &candidates)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range candidates {
		if dice(name, c) >= similarity {
			out = append(out, c)
		}
	}
	return out, nil
}

func dice(a, b string) float64 {
	pa, pb := pairs(a), pairs(b)
	if len(pa)+len(pb) == 0 {
		return 0
	}
	common := 0
	for p, n := range pa {
		common += min(n, pb[p])
	}
	total := 0
	for _, n := range pa {
		total += n
	}
	for _, n := range pb {
		total += n
	}
	return 2 * float64(common) / float64(total)
}

func pairs(s string) map[string]int {
	r := []rune(s)
	m := map[string]int{}
	for i := 0; i+1 < len(r); i++ {
		m[string(r[i:i+2])]++
	}
	return m
}

// OthersOnPlatform lists up to 10 open accounts an org already has on a platform.
func OthersOnPlatform(ctx context.Context, db bun.IDB, org string, p Platform, exceptID int64) ([]Account, error) {
	return sameOrgSamePlatform(ctx, db, org, p, exceptID, 10)
}
