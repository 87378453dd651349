package bot

import (
	"strings"

	"govmedia"
)

// followerDays is how many days /account shows of an account's followers.
const followerDays = 7

// followerLines are the last week of an account's followers, for those the
// citizens service lets see them (its unit's operators, the city office):
// per day the follows and unfollows heard, and WeChat's own figures or why
// they are missing. Nothing for others, or without the service.
func (r *request) followerLines(accountID int64) string {
	if r.cit == nil {
		return ""
	}
	today := r.now().In(govmedia.ChinaTime)
	days, err := r.cit.FollowerFigures(r.ctx, r.member, accountID, today.AddDate(0, 0, -followerDays), today.AddDate(0, 0, -1))
	if err != nil {
		return ""
	}
	lines := []string{"", tr(r.lang, "bot.account.followers")}
	for _, d := range days {
		line := tr(r.lang, "bot.account.followers_day", "date", d.Day.Format("01-02"), "added", d.Follows, "removed", d.Unfollows)
		switch {
		case d.WeChatKnown():
			line += tr(r.lang, "bot.account.followers_wechat", "added", d.WeChatNew, "removed", d.WeChatCancel, "total", d.WeChatCumulate)
		case d.WeChatMissing != "":
			line += tr(r.lang, "bot.account.followers_missing", "why", govmedia.Text("menu.figures.missing."+d.WeChatMissing))
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
