package oversight

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/publish"
	"govmedia/registry"
)

// The lines of silence (days without an update) and who hears of each:
// the account's unit before the national checks' two weeks, its
// government's office at two weeks, the city office at a month; at three
// months the account is a candidate for closing (僵尸账号).
const (
	WarnDays   = 10
	OfficeDays = 14
	CityDays   = 30
	ZombieDays = 90
)

// Silent is an active account and how long it has said nothing.
type Silent struct {
	registry.Live
	LastUpdate time.Time
	Days       int
}

// Silences lists every active account with its last update: the latest
// of its deliveries through the service, of its latest article in
// WeChat's published list (what its editors published in WeChat itself),
// of the latest post its operators confirmed (other platforms), and of
// when it was opened.
func (o *Oversight) Silences(ctx context.Context) ([]Silent, error) {
	return o.silencesAt(ctx, nil, o.now())
}

// silencesAt is Silences of the accounts of orgs (every one when empty)
// as they stood at a time.
func (o *Oversight) silencesAt(ctx context.Context, orgs []string, now time.Time) ([]Silent, error) {
	live, err := registry.LiveAccounts(ctx, o.db, orgs)
	if err != nil {
		return nil, err
	}
	delivered, err := publish.LastDelivered(ctx, o.db, now)
	if err != nil {
		return nil, err
	}
	confirmed, err := o.lastConfirmed(ctx, now)
	if err != nil {
		return nil, err
	}
	published, err := o.lastPublishedAll(ctx, now)
	if err != nil {
		return nil, err
	}
	out := make([]Silent, len(live))
	for i, a := range live {
		last := latest(a.Since, delivered[a.ID], confirmed[a.ID], published[a.ID])
		out[i] = Silent{Live: a, LastUpdate: last, Days: int(now.Sub(last) / (24 * time.Hour))}
	}
	return out, nil
}

func latest(times ...time.Time) time.Time {
	var out time.Time
	for _, t := range times {
		if t.After(out) {
			out = t
		}
	}
	return out
}

func (o *Oversight) lastConfirmed(ctx context.Context, before time.Time) (map[int64]time.Time, error) {
	var rows []struct {
		AccountID int64     `bun:"account_id"`
		At        time.Time `bun:"at"`
	}
	err := o.db.NewSelect().Table("update_confirmations").ColumnExpr("account_id, max(posted_at) AS at").
		Where("posted_at < ?", before).GroupExpr("account_id").Scan(ctx, &rows)
	out := map[int64]time.Time{}
	for _, r := range rows {
		out[r.AccountID] = r.At
	}
	return out, err
}

// Zombies are the accounts silent for ZombieDays or more, most silent
// first: candidates for closing or merging.
func (o *Oversight) Zombies(ctx context.Context) ([]Silent, error) {
	all, err := o.Silences(ctx)
	var out []Silent
	for _, s := range all {
		if s.Days >= ZombieDays {
			out = append(out, s)
		}
	}
	slices.SortStableFunc(out, func(a, b Silent) int { return b.Days - a.Days })
	return out, err
}

// checkSilences tells, once per line and silence, who must hear of each
// account gone quiet.
func (o *Oversight) checkSilences(ctx context.Context) error {
	all, err := o.Silences(ctx)
	if err != nil {
		return err
	}
	city, err := o.cityOffice(ctx)
	if err != nil {
		return err
	}
	for _, s := range all {
		for _, line := range []int{ZombieDays, CityDays, OfficeDays, WarnDays} {
			if s.Days < line {
				continue
			}
			to, err := o.lineAudience(ctx, s, line, city)
			if err != nil {
				return err
			}
			ev := Event{Kind: "silent", Org: to, AccountID: s.ID, Account: s.Name, Days: line, Since: s.LastUpdate}
			if err := o.notify(ctx, fmt.Sprintf("account:%d:%d", s.ID, line), s.LastUpdate, ev); err != nil {
				return err
			}
			break // the highest line passed is told; the lower ones were told on their day
		}
	}
	return nil
}

// lineAudience is who hears of an account silent past a line.
func (o *Oversight) lineAudience(ctx context.Context, s Silent, line int, city string) (string, error) {
	switch line {
	case WarnDays:
		return s.HostOrg, nil
	case OfficeDays:
		offices, err := registry.ApprovingOffices(ctx, o.db, s.HostOrg)
		if err != nil || len(offices) == 0 {
			return city, err
		}
		return offices[0], nil
	}
	return city, nil
}

// ConfirmUpdate records, for an account on a platform the service does
// not publish to, its latest post as its operator confirms it (weekly),
// with a link to it. Errors: ENOTFOUND (not the member's), EINVALID.
func (o *Oversight) ConfirmUpdate(ctx context.Context, m *registry.Member, accountID int64, postedAt time.Time, link string) error {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(link) > 500 {
		return govmedia.Errorf(govmedia.EINVALID, "oversight.post_url")
	}
	if postedAt.After(o.now().Add(time.Hour)) {
		return govmedia.Errorf(govmedia.EINVALID, "oversight.post_future")
	}
	return o.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := AccountToConfirm(ctx, tx, m, accountID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO update_confirmations (account_id, posted_at, post_url, confirmed_by, confirmed_at) VALUES (?, ?, ?, ?, ?)",
			accountID, postedAt, u.String(), m.Actor().String(), o.now())
		return err
	})
}

// ConfirmEvery is how often the operator of an account on a platform the
// service does not publish to confirms its latest post.
const ConfirmEvery = 7 * 24 * time.Hour

// checkConfirmations asks, once a week, the unit of each active account on
// another platform than WeChat whose latest post nobody confirmed in the
// week to confirm it (with a link).
func (o *Oversight) checkConfirmations(ctx context.Context) error {
	live, err := registry.LiveAccounts(ctx, o.db, nil)
	if err != nil {
		return err
	}
	now := o.now()
	confirmed, err := o.lastConfirmedAt(ctx)
	if err != nil {
		return err
	}
	year, week := now.In(govmedia.ChinaTime).ISOWeek()
	for _, a := range live {
		if a.Platform == registry.WeChatOA || now.Sub(latest(a.Since, confirmed[a.ID])) < ConfirmEvery {
			continue
		}
		ev := Event{Kind: "confirm_update", Org: a.HostOrg, AccountID: a.ID, Account: a.Name, Since: latest(a.Since, confirmed[a.ID])}
		if err := o.notify(ctx, fmt.Sprintf("confirm:%d:%d-%02d", a.ID, year, week), ev.Since, ev); err != nil {
			return err
		}
	}
	return nil
}

// lastConfirmedAt is, per account, when its operator last confirmed a post.
func (o *Oversight) lastConfirmedAt(ctx context.Context) (map[int64]time.Time, error) {
	var rows []struct {
		AccountID int64     `bun:"account_id"`
		At        time.Time `bun:"at"`
	}
	err := o.db.NewSelect().Table("update_confirmations").ColumnExpr("account_id, max(confirmed_at) AS at").GroupExpr("account_id").Scan(ctx, &rows)
	out := map[int64]time.Time{}
	for _, r := range rows {
		out[r.AccountID] = r.At
	}
	return out, err
}
