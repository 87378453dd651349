package bot

import (
	"fmt"
	"time"

	"govmedia"
	"govmedia/registry"
)

// healthWindow is the time /account reports a WeChat account's interaction
// over.
const healthWindow = 30 * 24 * time.Hour

// interactionLines say how an account has answered its followers lately:
// questions asked, the share answered, the median time to the first
// answer, and those open past the time they are raised with the office.
// "" for an account that takes no questions, and for those the citizens
// service does not let see its figures.
func (r *request) interactionLines(a *registry.Account) string {
	if r.cit == nil || a.Platform != registry.WeChatOA {
		return ""
	}
	now := r.now()
	h, err := r.cit.AccountHealth(r.ctx, r.member, a.ID, now.Add(-healthWindow), now)
	if err != nil {
		if govmedia.ErrorCode(err) == govmedia.EINTERNAL {
			r.log.Warn("an account's interaction figures", "err", err)
		}
		return "" // not this member's to see
	}
	days := int(healthWindow.Hours() / 24)
	if h.Asked == 0 {
		return "\n\n" + tr(r.lang, "bot.health.none", "days", days)
	}
	return "\n\n" + tr(r.lang, "bot.health.lines", "days", days, "total", h.Asked, "done", h.Answered,
		"share", fmt.Sprintf("%.0f%%", h.AnsweredShare*100), "median", r.duration(h.MedianAnswer, h.Answered), "pending", h.OpenPastDue)
}

// duration renders a time to answer in hours and minutes ("—" when no
// question was answered).
func (r *request) duration(d time.Duration, answered int) string {
	if answered == 0 {
		return "—"
	}
	hours, minutes := int(d.Hours()), int(d.Minutes())%60
	if hours == 0 {
		return govmedia.Print(r.lang, "bot.health.minutes", "n", max(minutes, 1))
	}
	return govmedia.Print(r.lang, "bot.health.hours", "hours", hours, "n", minutes)
}
