package oversight

import (
	"context"
	"slices"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// MaxMilestoneOrgs bounds the governments a milestone names one by one;
// more than that is a level's worth, set as the whole level.
const MaxMilestoneOrgs = 50

// milestoneOrg is one government a milestone names.
type milestoneOrg struct {
	bun.BaseModel `bun:"table:milestone_orgs"`

	MilestoneID int64  `bun:"milestone_id,pk"`
	OrgCode     string `bun:"org_code,pk"`
}

// Binds reports whether the milestone binds a government: one of its
// level, and one it names when it names any.
func (m *Milestone) Binds(gov *registry.Org) bool {
	return gov != nil && gov.Kind == registry.Government && gov.Level == m.Level &&
		(len(m.Orgs) == 0 || slices.Contains(m.Orgs, gov.Code))
}

// CheckMilestoneOrgs decides which governments a milestone of a level may
// name: distinct governments of that level, at most MaxMilestoneOrgs; a
// code that is none of them (a forged one) is refused. Errors: EINVALID.
func CheckMilestoneOrgs(ctx context.Context, db bun.IDB, level registry.Level, codes []string) error {
	if len(codes) > MaxMilestoneOrgs {
		return govmedia.Errorf(govmedia.EINVALID, "oversight.milestone_orgs_too_many", "max", MaxMilestoneOrgs)
	}
	for i, code := range codes {
		org, err := registry.OrgByCode(ctx, db, code)
		if err != nil && govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
			return err
		}
		if err != nil || org.Kind != registry.Government || org.Level != level || slices.Contains(codes[:i], code) {
			return govmedia.Errorf(govmedia.EINVALID, "oversight.milestone_org_not_of_level")
		}
	}
	return nil
}

// loadMilestoneOrgs fills in the governments each milestone names.
func loadMilestoneOrgs(ctx context.Context, db bun.IDB, list []*Milestone) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*Milestone, len(list))
	ids := make([]int64, len(list))
	for i, m := range list {
		byID[m.ID], ids[i] = m, m.ID
	}
	var rows []milestoneOrg
	if err := db.NewSelect().Model(&rows).Where("milestone_id IN (?)", bun.In(ids)).OrderExpr("milestone_id, org_code").Scan(ctx); err != nil {
		return err
	}
	for _, r := range rows {
		byID[r.MilestoneID].Orgs = append(byID[r.MilestoneID].Orgs, r.OrgCode)
	}
	return nil
}

// milestoneByID is one milestone with the governments it names.
// Errors: ENOTFOUND.
func milestoneByID(ctx context.Context, db bun.IDB, id int64) (*Milestone, error) {
	m := new(Milestone)
	if err := db.NewSelect().Model(m).Where("id = ?", id).Scan(ctx); err != nil {
		if isNoRows(err) {
			return nil, govmedia.Errorf(govmedia.ENOTFOUND, "oversight.milestone_not_found")
		}
		return nil, err
	}
	return m, loadMilestoneOrgs(ctx, db, []*Milestone{m})
}

// insertMilestoneOrgs records the governments a new milestone names.
func insertMilestoneOrgs(ctx context.Context, tx bun.IDB, m *Milestone) error {
	if len(m.Orgs) == 0 {
		return nil
	}
	rows := make([]milestoneOrg, len(m.Orgs))
	for i, code := range m.Orgs {
		rows[i] = milestoneOrg{MilestoneID: m.ID, OrgCode: code}
	}
	_, err := tx.NewInsert().Model(&rows).Exec(ctx)
	return err
}
