package wechat

import (
	"context"
	"errors"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount"
	"github.com/silenceper/wechat/v2/officialaccount/datacube"

	"govmedia"
)

// UserDay is WeChat's own count of an account's followers for one day
// (Beijing time): the follows and unfollows of the day, from every source,
// and the followers at its end.
type UserDay struct {
	Day      time.Time // the day, at midnight UTC
	New      int
	Cancel   int
	Cumulate int
}

// MaxFigureDays is the longest range the user statistics take.
const MaxFigureDays = 7

// The errcodes of the user statistics.
const (
	codeDateFormat = 61500 // a date not yyyy-MM-dd
	codeDateRange  = 61501 // a range over 7 days, reversed, or not before today
)

// UserFigures reads WeChat's user statistics (datacube/getusersummary and
// getusercumulate) for the days from..to (at most 7, ending yesterday at
// the latest), one UserDay per day WeChat has ready (a day is ready after
// 08:00 the next morning). Errors: a bad range is EINVALID (61500,
// 61501), an account without the right (48001: unverified) EFORBIDDEN,
// each also an *Error with WeChat's errcode.
func (c *Client) UserFigures(ctx context.Context, from, to time.Time) ([]UserDay, error) {
	begin, end := from.Format(time.DateOnly), to.Format(time.DateOnly)
	var sum datacube.ResUserSummary
	var cum datacube.ResUserAccumulate
	err := c.call(ctx, "datacube/getusersummary", func(oa *officialaccount.OfficialAccount) error {
		var err error
		sum, err = datacube.NewCube(oa.GetContext()).GetUserSummary(begin, end)
		return err
	})
	if err == nil {
		err = c.call(ctx, "datacube/getusercumulate", func(oa *officialaccount.OfficialAccount) error {
			var err error
			cum, err = datacube.NewCube(oa.GetContext()).GetUserAccumulate(begin, end)
			return err
		})
	}
	if err != nil {
		return nil, explainFigures(err)
	}
	return userDays(sum, cum)
}

// userDays joins the two answers by day: a day without a summary row had
// no follows or unfollows.
func userDays(sum datacube.ResUserSummary, cum datacube.ResUserAccumulate) ([]UserDay, error) {
	out := make([]UserDay, 0, len(cum.List))
	at := map[string]int{}
	for _, r := range cum.List {
		d, err := time.Parse(time.DateOnly, r.RefDate)
		if err != nil {
			return nil, &Error{API: "datacube/getusercumulate", Msg: "a ref_date that is not a date", Class: ClassPermanent}
		}
		at[r.RefDate] = len(out)
		out = append(out, UserDay{Day: d, Cumulate: r.CumulateUser})
	}
	for _, r := range sum.List {
		if i, ok := at[r.RefDate]; ok {
			out[i].New += r.NewUser
			out[i].Cancel += r.CancelUser
		}
	}
	return out, nil
}

func explainFigures(err error) error {
	var we *Error
	if !errors.As(err, &we) {
		return err
	}
	switch we.Code {
	case codeDateFormat, codeDateRange:
		return &explained{user: govmedia.Errorf(govmedia.EINVALID, "menu.figures.date_range", "max", MaxFigureDays), call: we}
	case codeNotAuthorized:
		return &explained{user: govmedia.Errorf(govmedia.EFORBIDDEN, "menu.figures.unauthorized"), call: we}
	}
	return err
}
