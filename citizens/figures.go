package citizens

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// FollowerDay is one day (China time) of an account's followers: the
// follows and unfollows its callback heard, and WeChat's own figures —
// follows, unfollows and followers at the day's end — once fetched
// (WeChatKnown), or why they cannot be (WeChatMissing: no_credentials
// while none are stored, unauthorized, refused; "" while not yet
// fetched). The text of a reason is the locale key
// "menu.figures.missing." + WeChatMissing.
type FollowerDay struct {
	bun.BaseModel `bun:"table:follower_days"`

	AccountID      int64     `bun:"account_id,pk"`
	Day            time.Time `bun:"day,pk,type:date"`
	Follows        int       `bun:"follows"`
	Unfollows      int       `bun:"unfollows"`
	WeChatNew      int       `bun:"wechat_new,nullzero"`
	WeChatCancel   int       `bun:"wechat_cancel,nullzero"`
	WeChatCumulate int       `bun:"wechat_cumulate,nullzero"`
	WeChatFetched  time.Time `bun:"wechat_fetched_at,nullzero"`
	WeChatMissing  string    `bun:"wechat_missing,nullzero"`
}

// WeChatKnown reports whether WeChat's own figures of the day are in.
func (d FollowerDay) WeChatKnown() bool { return !d.WeChatFetched.IsZero() }

// maxFigureDays bounds the days one FollowerFigures reads.
const maxFigureDays = 366

// FollowerFigures returns an account's followers for each day from..to
// (both included, China time), a day without any record as zeros. For the
// operators and admins of its host unit and the city office's members.
// Errors: ENOTFOUND (an account m may not see), EFORBIDDEN (a member of
// the unit who is not an operator), EINVALID (a reversed range, or over a
// year).
func (c *Citizens) FollowerFigures(ctx context.Context, m *registry.Member, accountID int64, from, to time.Time) ([]FollowerDay, error) {
	from, to = dateOf(from), dateOf(to)
	if to.Before(from) || to.Sub(from) >= maxFigureDays*24*time.Hour {
		return nil, govmedia.Errorf(govmedia.EINVALID, "menu.figures.range", "max", maxFigureDays)
	}
	if err := c.checkSeeFigures(ctx, m, accountID); err != nil {
		return nil, err
	}
	var rows []FollowerDay
	err := c.db.NewSelect().Model(&rows).Where("account_id = ? AND day BETWEEN ? AND ?", accountID, from, to).OrderExpr("day").Scan(ctx)
	if err != nil {
		return nil, err
	}
	days := everyDay(accountID, from, to, rows)
	stored, err := c.db.NewSelect().Table("wechat_credentials").Where("account_id = ?", accountID).Exists(ctx)
	for i := range days {
		if !stored && !days[i].WeChatKnown() && days[i].WeChatMissing == "" {
			days[i].WeChatMissing = "no_credentials"
		}
	}
	return days, err
}

// checkSeeFigures refuses unless m may see an account's follower figures.
func (c *Citizens) checkSeeFigures(ctx context.Context, m *registry.Member, accountID int64) error {
	a, err := registry.AccountByID(ctx, c.db, accountID)
	if err != nil {
		return err
	}
	if registry.IsCityOffice(ctx, c.db, m.OrgCode) {
		return nil
	}
	if a.HostOrg != m.OrgCode {
		return govmedia.Errorf(govmedia.ENOTFOUND, "account.not_found", "id", accountID)
	}
	if m.Role != registry.Operator && m.Role != registry.Admin {
		return govmedia.Errorf(govmedia.EFORBIDDEN, "menu.figures.operators_only", "name", a.Name)
	}
	return nil
}

// everyDay fills the days without a row.
func everyDay(accountID int64, from, to time.Time, rows []FollowerDay) []FollowerDay {
	at := map[time.Time]FollowerDay{}
	for _, r := range rows {
		at[dateOf(r.Day)] = r
	}
	var out []FollowerDay
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		r, ok := at[d]
		if !ok {
			r = FollowerDay{AccountID: accountID, Day: d}
		}
		r.Day = d
		out = append(out, r)
	}
	return out
}

// china is the time zone of the follower days (WeChat counts in Beijing time).
var china = time.FixedZone("CST", 8*3600)

// dateOf is t's calendar day in China, as a date at midnight UTC (a date
// already at midnight UTC stays itself).
func dateOf(t time.Time) time.Time {
	y, m, d := t.In(china).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
