package oversight

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/audit"
	"govmedia/registry"
)

// The kinds of milestone. The catalog ones are met when every pilot
// domain's catalog of a government reached the stage; a confirmed one
// when the government says so.
const (
	CatalogsCompiled  = "catalogs_compiled"  // every domain submitted for review
	CatalogsRevised   = "catalogs_revised"   // every domain passed its guiding departments
	TownshipsAudited  = "townships_audited"  // a county: every township's every domain passed the county office
	CatalogsPublished = "catalogs_published" // every domain current
	Confirmed         = "confirmed"
)

// Milestone is a dated step of the campaign, binding every government of
// a level, or only those of the level it names.
type Milestone struct {
	bun.BaseModel `bun:"table:milestones"`

	ID        int64          `bun:"id,pk,autoincrement"`
	Title     string         `bun:"title"`
	Kind      string         `bun:"kind"`
	Level     registry.Level `bun:"level"`            // county or township
	DueOn     time.Time      `bun:"due_on,type:date"` // a civil date: midnight UTC of the day in China
	CreatedBy string         `bun:"created_by"`
	CreatedAt time.Time      `bun:"created_at"`
	Orgs      []string       `bun:"-"` // the governments named, by code; none: every one of the level
}

// due is the end of a milestone's day, China time.
func (m *Milestone) due() time.Time {
	return endOf(m.DueOn)
}

// AddMilestone sets a milestone, for an approver or admin of the city
// office, binding the governments of level it names (CheckMilestoneOrgs),
// or every one of the level when it names none. Errors: EFORBIDDEN,
// EINVALID.
func (o *Oversight) AddMilestone(ctx context.Context, by *registry.Member, title, kind string, level registry.Level, due time.Time, orgs ...string) (*Milestone, error) {
	if err := CheckAddMilestone(ctx, o.db, by); err != nil {
		return nil, err
	}
	m := &Milestone{Title: strings.TrimSpace(title), Kind: kind, Level: level, DueOn: civil(due), CreatedBy: by.Actor().String(), CreatedAt: o.now(), Orgs: orgs}
	if err := validMilestone(m); err != nil {
		return nil, err
	}
	err := o.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := CheckMilestoneOrgs(ctx, tx, level, orgs); err != nil {
			return err
		}
		if _, err := tx.NewInsert().Model(m).Exec(ctx); err != nil {
			return err
		}
		if err := insertMilestoneOrgs(ctx, tx, m); err != nil {
			return err
		}
		return audit.Append(ctx, tx, m.CreatedAt, by.Actor(), "milestone", fmt.Sprint(m.ID), "milestone.add",
			map[string]any{"title": m.Title, "kind": kind, "level": level, "due": m.DueOn.Format("2006-01-02"), "orgs": orgs})
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// validMilestone checks a new milestone's title, kind and level.
func validMilestone(m *Milestone) error {
	switch {
	case m.Title == "" || utf8.RuneCountInString(m.Title) > 100:
		return govmedia.Errorf(govmedia.EINVALID, "oversight.milestone_title")
	case !slices.Contains([]string{CatalogsCompiled, CatalogsRevised, TownshipsAudited, CatalogsPublished, Confirmed}, m.Kind):
		return govmedia.Errorf(govmedia.EINVALID, "oversight.milestone_kind", "kind", m.Kind)
	case m.Level != registry.County && m.Level != registry.Township, m.Kind == TownshipsAudited && m.Level != registry.County:
		return govmedia.Errorf(govmedia.EINVALID, "oversight.milestone_level")
	}
	return nil
}

// Milestones lists the milestones, by due date, with the governments
// each names.
func (o *Oversight) Milestones(ctx context.Context) ([]*Milestone, error) {
	var list []*Milestone
	if err := o.db.NewSelect().Model(&list).OrderExpr("due_on, id").Scan(ctx); err != nil {
		return nil, err
	}
	return list, loadMilestoneOrgs(ctx, o.db, list)
}

// OrgMilestone is where one government stands on a milestone.
type OrgMilestone struct {
	Org   *registry.Org
	MetAt time.Time // zero: not met
}

// Late reports whether the milestone is past due and not met in time.
func (s OrgMilestone) Late(m *Milestone, now time.Time) bool {
	if s.MetAt.IsZero() {
		return now.After(m.due())
	}
	return s.MetAt.After(m.due())
}

// Early reports whether it was met before its day.
func (s OrgMilestone) Early(m *Milestone) bool {
	return !s.MetAt.IsZero() && s.MetAt.Before(startOf(m.DueOn))
}

// Standing says where every government a milestone binds stands on it.
func (o *Oversight) Standing(ctx context.Context, m *Milestone) ([]OrgMilestone, error) {
	var govs []*registry.Org
	q := o.db.NewSelect().Model(&govs).Where("kind = ? AND level = ?", registry.Government, m.Level)
	if len(m.Orgs) > 0 {
		q = q.Where("code IN (?)", bun.In(m.Orgs))
	}
	if err := q.OrderExpr("code").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]OrgMilestone, len(govs))
	for i, g := range govs {
		at, err := o.metAt(ctx, m, g)
		if err != nil {
			return nil, err
		}
		out[i] = OrgMilestone{Org: g, MetAt: at}
	}
	return out, nil
}

// metAt is when a government met a milestone (zero: not yet).
func (o *Oversight) metAt(ctx context.Context, m *Milestone, g *registry.Org) (time.Time, error) {
	if m.Kind == Confirmed {
		var at time.Time
		err := o.db.NewSelect().Table("milestone_confirmations").Column("confirmed_at").
			Where("milestone_id = ? AND org_code = ?", m.ID, g.Code).Scan(ctx, &at)
		if isNoRows(err) {
			return time.Time{}, nil
		}
		return at, err
	}
	if m.Kind == TownshipsAudited {
		return o.townshipsAudited(ctx, g)
	}
	p, err := o.cat.Progress(ctx, g.Code)
	if err != nil {
		return time.Time{}, err
	}
	return o.allDomains(ctx, map[string]map[string]time.Time{CatalogsCompiled: p.Submitted, CatalogsRevised: p.Guided, CatalogsPublished: p.Current}[m.Kind])
}

// allDomains is when the last of the pilot domains reached a stage, zero
// while one has not.
func (o *Oversight) allDomains(ctx context.Context, reached map[string]time.Time) (time.Time, error) {
	domains, err := o.reg.Domains(ctx)
	if err != nil {
		return time.Time{}, err
	}
	var last time.Time
	for _, d := range domains {
		at, ok := reached[d.Code]
		if !ok {
			return time.Time{}, nil
		}
		last = latest(last, at)
	}
	return last, nil
}

// townshipsAudited is when the last township of a county had every domain
// pass the county office.
func (o *Oversight) townshipsAudited(ctx context.Context, county *registry.Org) (time.Time, error) {
	var towns []string
	if err := o.db.NewSelect().Model((*registry.Org)(nil)).Column("code").Where("parent_code = ? AND kind = ?", county.Code, registry.Government).Scan(ctx, &towns); err != nil {
		return time.Time{}, err
	}
	var last time.Time
	for _, t := range towns {
		p, err := o.cat.Progress(ctx, t)
		if err != nil {
			return time.Time{}, err
		}
		at, err := o.allDomains(ctx, p.CountyPassed)
		if err != nil || at.IsZero() {
			return time.Time{}, err
		}
		last = latest(last, at)
	}
	return last, nil
}

// Confirm records that a government met a confirmed milestone, by a
// member of the government itself or of its office (not of its
// departments). Errors: ENOTFOUND, EFORBIDDEN, EINVALID.
func (o *Oversight) Confirm(ctx context.Context, by *registry.Member, milestoneID int64) error {
	m, err := milestoneByID(ctx, o.db, milestoneID)
	if err != nil {
		return err
	}
	gov, err := CheckConfirm(ctx, o.db, by, m)
	if err != nil {
		return err
	}
	_, err = o.db.ExecContext(ctx, "INSERT INTO milestone_confirmations (milestone_id, org_code, confirmed_by, confirmed_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
		m.ID, gov.Code, by.Actor().String(), o.now())
	return err
}

// checkMilestones reminds each government not yet there three days
// before a milestone, and the day after it tells the city office who is
// late.
func (o *Oversight) checkMilestones(ctx context.Context) error {
	list, err := o.Milestones(ctx)
	if err != nil {
		return err
	}
	now := o.now()
	for _, m := range list {
		soon, past := now.After(m.due().AddDate(0, 0, -3)) && !now.After(m.due()), now.After(m.due())
		if !soon && !past {
			continue
		}
		standing, err := o.Standing(ctx, m)
		if err != nil {
			return err
		}
		if err := o.tellMilestone(ctx, m, standing, soon); err != nil {
			return err
		}
	}
	return nil
}

func (o *Oversight) tellMilestone(ctx context.Context, m *Milestone, standing []OrgMilestone, soon bool) error {
	var late []string
	for _, s := range standing {
		if !s.MetAt.IsZero() {
			continue
		}
		if soon {
			ev := Event{Kind: "milestone_reminder", Org: s.Org.Code, Milestone: m}
			if err := o.notify(ctx, fmt.Sprintf("milestone:%d:%s:before", m.ID, s.Org.Code), m.DueOn, ev); err != nil {
				return err
			}
		}
		late = append(late, s.Org.Name)
	}
	if soon || len(late) == 0 {
		return nil
	}
	city, err := o.cityOffice(ctx)
	if err != nil {
		return err
	}
	return o.notify(ctx, fmt.Sprintf("milestone:%d:late", m.ID), m.DueOn, Event{Kind: "milestones_late", Org: city, Milestone: m, Late: late})
}
