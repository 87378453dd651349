package oversight

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/catalog"
	"govmedia/registry"
)

// CheckSeeBulletin decides who receives the quarterly bulletin: the
// members of a government office (the city's and the counties'), who
// report and are reported on. Errors: EFORBIDDEN.
func CheckSeeBulletin(ctx context.Context, db bun.IDB, m *registry.Member) error {
	org, err := registry.OrgByCode(ctx, db, m.OrgCode)
	if err != nil || org.Kind != registry.Office || org.Level == registry.Township || m.Role == registry.Guide {
		return govmedia.Errorf(govmedia.EFORBIDDEN, "oversight.bulletin_offices_only")
	}
	return nil
}

// OwnMilestone is a milestone as the government it binds sees it.
type OwnMilestone struct {
	Milestone *Milestone
	OrgMilestone
	Late  bool
	Early bool
}

// MilestonesOf lists the milestones binding a member's government, with
// where it stands on each; the city office sees none of its own (it sets
// them: see Standing). Errors: none for a member bound nowhere they bind.
func (o *Oversight) MilestonesOf(ctx context.Context, m *registry.Member) ([]OwnMilestone, error) {
	gov, err := catalog.GovernmentOf(ctx, o.db, m)
	if err != nil {
		return nil, nil
	}
	list, err := o.Milestones(ctx)
	if err != nil {
		return nil, err
	}
	var out []OwnMilestone
	now := o.now()
	for _, ms := range list {
		if !ms.Binds(gov) {
			continue
		}
		at, err := o.metAt(ctx, ms, gov)
		if err != nil {
			return nil, err
		}
		s := OrgMilestone{Org: gov, MetAt: at}
		out = append(out, OwnMilestone{Milestone: ms, OrgMilestone: s, Late: s.Late(ms, now), Early: s.Early(ms)})
	}
	return out, nil
}

// CheckSeeStanding decides who sees every government's standing on a
// milestone and every office's report: the city office. Errors:
// EFORBIDDEN.
func CheckSeeStanding(ctx context.Context, db bun.IDB, m *registry.Member) error {
	if !registry.IsCityOffice(ctx, db, m.OrgCode) || m.Role == registry.Guide {
		return govmedia.Errorf(govmedia.EFORBIDDEN, "oversight.city_office_only")
	}
	return nil
}
