package oversight

import (
	"context"
	"time"

	"govmedia/approvals"
	"govmedia/publish"
	"govmedia/registry"
)

// figures gathers one government's quarter over the orgs counted as its.
func (o *Oversight) figures(ctx context.Context, gov *registry.Org, tree []string, q Quarter, milestones []*Milestone) (Figures, error) {
	f := Figures{Government: gov}
	from, to, at := q.Start(), q.End(), o.asOf(q)
	var err error
	if f.Accounts, err = registry.AccountFiguresOf(ctx, o.db, tree, from, to); err != nil {
		return f, err
	}
	if f.Decisions, err = approvals.DecisionFiguresOf(ctx, o.db, tree, from, to); err != nil {
		return f, err
	}
	if f.Deliveries, err = publish.FiguresOf(ctx, o.db, tree, from, to); err != nil {
		return f, err
	}
	if err := o.liveFigures(ctx, &f, tree, at); err != nil {
		return f, err
	}
	if err := o.catalogFigures(ctx, &f, gov, at); err != nil {
		return f, err
	}
	if gov.Level == registry.County { // the city office receives the reports and sets the milestones
		if err := o.reportFigures(ctx, &f, gov, q, at); err != nil {
			return f, err
		}
		if err := o.milestoneFigures(ctx, &f, gov, milestones, from, at); err != nil {
			return f, err
		}
	}
	if o.cit != nil {
		ids, err := accountIDs(ctx, o, tree)
		if err != nil {
			return f, err
		}
		if f.Interaction, err = o.cit.HealthOf(ctx, ids, from, to); err != nil {
			return f, err
		}
	}
	f.Score = o.weights.score(f)
	return f, nil
}

func accountIDs(ctx context.Context, o *Oversight, orgs []string) ([]int64, error) {
	live, err := registry.LiveAccounts(ctx, o.db, orgs)
	ids := make([]int64, len(live))
	for i, a := range live {
		ids[i] = a.ID
	}
	return ids, err
}

// liveFigures counts the tree's active accounts and those past the two
// weeks without an update at a time.
func (o *Oversight) liveFigures(ctx context.Context, f *Figures, tree []string, at time.Time) error {
	silences, err := o.silencesAt(ctx, tree, at)
	if err != nil {
		return err
	}
	f.Active = len(silences)
	for _, s := range silences {
		if s.Days >= OfficeDays {
			f.PastTwoWeeks = append(f.PastTwoWeeks, s)
		}
	}
	f.Silent = len(f.PastTwoWeeks)
	return nil
}

// catalogFigures counts the government's domains with a current catalog,
// and a county's townships with one for every domain.
func (o *Oversight) catalogFigures(ctx context.Context, f *Figures, county *registry.Org, at time.Time) error {
	domains, err := o.reg.Domains(ctx)
	if err != nil {
		return err
	}
	f.Domains = len(domains)
	if f.CatalogDomains, err = o.cat.CurrentAt(ctx, county.Code, at); err != nil || county.Level != registry.County {
		return err
	}
	var towns []string
	if err := o.db.NewSelect().Model((*registry.Org)(nil)).Column("code").Where("parent_code = ? AND kind = ?", county.Code, registry.Government).Scan(ctx, &towns); err != nil {
		return err
	}
	f.Townships = len(towns)
	for _, t := range towns {
		n, err := o.cat.CurrentAt(ctx, t, at)
		if err != nil {
			return err
		}
		if n == f.Domains {
			f.TownshipsComplete++
		}
	}
	return nil
}

// reportFigures counts the county office's monthly reports due in the
// quarter (by the measuring time) and those on time.
func (o *Oversight) reportFigures(ctx context.Context, f *Figures, county *registry.Org, q Quarter, at time.Time) error {
	office, err := registry.OfficeOf(ctx, o.db, county.Code)
	if err != nil || office == nil {
		return err
	}
	for m := monthOf(q.Start()); m.Before(monthOf(q.End())); m = m.AddDate(0, 1, 0) {
		if dueOf(m).After(at) {
			continue
		}
		f.ReportsDue++
		r := new(Report)
		err := o.db.NewSelect().Model(r).Where("org_code = ? AND month = ?", office.Code, m).Scan(ctx)
		if err == nil && r.OnTime() {
			f.ReportsOnTime++
		} else if err != nil && !isNoRows(err) {
			return err
		}
	}
	return nil
}

// milestoneFigures counts the county's milestones due in the quarter met
// early, and those late.
func (o *Oversight) milestoneFigures(ctx context.Context, f *Figures, county *registry.Org, list []*Milestone, from, at time.Time) error {
	for _, m := range list {
		if !m.Binds(county) || m.DueOn.Before(civil(from)) || m.due().After(at) {
			continue
		}
		met, err := o.metAt(ctx, m, county)
		if err != nil {
			return err
		}
		s := OrgMilestone{Org: county, MetAt: met}
		switch {
		case s.Late(m, at):
			f.MilestonesLate++
		case s.Early(m):
			f.MilestonesEarly++
		}
	}
	return nil
}

// score weighs a county's shares into a score out of 100.
func (w Weights) score(f Figures) float64 {
	share := func(n, of int) float64 {
		if of == 0 {
			return 1 // nothing was asked of it
		}
		return float64(n) / float64(of)
	}
	decided := 1.0
	if f.Decisions.Decided > 0 && f.Decisions.MedianHours > 3*24 {
		decided = 3 * 24 / f.Decisions.MedianHours
	}
	answered := 1.0
	if f.Interaction.Asked > 0 {
		answered = f.Interaction.AnsweredShare
	}
	s := w.Catalogs*share(f.CatalogDomains, f.Domains) + w.Deliveries*share(f.Deliveries.Delivered, f.Deliveries.Deliveries) +
		w.Liveness*share(f.Active-f.Silent, f.Active) + w.Interaction*answered + w.Reports*share(f.ReportsOnTime, f.ReportsDue) +
		w.Decisions*decided + w.EarlyBonus*float64(f.MilestonesEarly) - w.LatePenalty*float64(f.MilestonesLate)
	return min(100, max(0, s))
}
