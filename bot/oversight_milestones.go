package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/oversight"
)

func init() {
	onCommand("milestones", (*request).showMilestones)
	onButton("ma", (*request).onAddMilestone)
	onButton("mc", (*request).onConfirmMilestone)
}

// showMilestones shows the milestones binding the member's government and
// where it stands on each (oversight.MilestonesOf), with a button to
// confirm one met that the government confirms itself; to the city
// office, who is behind on each (oversight.CheckSeeStanding), and to
// those who set them, a button to add one (oversight.CheckAddMilestone).
func (r *request) showMilestones([]string) {
	if r.over == nil {
		r.say(tr(r.lang, "bot.over.off"), nil)
		return
	}
	own, err := r.over.MilestonesOf(r.ctx, r.member)
	if err != nil {
		r.fail(err)
		return
	}
	var lines []string
	var rows [][]models.InlineKeyboardButton
	for _, m := range own {
		lines = append(lines, r.ownMilestoneLine(m))
		if _, err := oversight.CheckConfirm(r.ctx, r.db, r.member, m.Milestone); err == nil && m.MetAt.IsZero() && len(rows) < maxButtonRows-1 {
			rows = append(rows, []models.InlineKeyboardButton{button(tr(r.lang, "bot.over.btn.milestone_met", "title", m.Milestone.Title),
				fmt.Sprintf("mc:%d", m.Milestone.ID))})
		}
	}
	if oversight.CheckSeeStanding(r.ctx, r.db, r.member) == nil {
		standing, err := r.standingLines()
		if err != nil {
			r.fail(err)
			return
		}
		lines = append(lines, standing...)
	}
	if oversight.CheckAddMilestone(r.ctx, r.db, r.member) == nil {
		rows = append(rows, []models.InlineKeyboardButton{button(tr(r.lang, "bot.over.btn.milestone_add"), "ma:add")})
	}
	if len(lines) == 0 {
		lines = []string{tr(r.lang, "bot.over.milestones_none")}
	}
	lines, _ = fitList(r.lang, lines)
	r.say(tr(r.lang, "bot.over.milestones_title")+"\n"+strings.Join(lines, "\n"), inline(rows))
}

// ownMilestoneLine is a milestone as the government it binds sees it.
func (r *request) ownMilestoneLine(m oversight.OwnMilestone) string {
	state := tr(r.lang, "bot.over.ms.open")
	switch {
	case !m.MetAt.IsZero() && m.Early:
		state = tr(r.lang, "bot.over.ms.met_early", "at", govmedia.FormatTime(m.MetAt)[:10])
	case !m.MetAt.IsZero() && m.Late:
		state = tr(r.lang, "bot.over.ms.met_late", "at", govmedia.FormatTime(m.MetAt)[:10])
	case !m.MetAt.IsZero():
		state = tr(r.lang, "bot.over.ms.met", "at", govmedia.FormatTime(m.MetAt)[:10])
	case m.Late:
		state = tr(r.lang, "bot.over.ms.late")
	}
	return tr(r.lang, "bot.over.ms.line", "title", m.Milestone.Title, "kind", govmedia.Text("bot.over.kind."+m.Milestone.Kind),
		"due", m.Milestone.DueOn.Format(time.DateOnly), "state", rawHTML(state))
}

// standingLines are, for the city office, every milestone with how many
// of the governments it binds met it and which are late.
func (r *request) standingLines() ([]string, error) {
	list, err := r.over.Milestones(r.ctx)
	if err != nil {
		return nil, err
	}
	lines := []string{tr(r.lang, "bot.over.standing_title")}
	now := r.now()
	for _, m := range list {
		standing, err := r.over.Standing(r.ctx, m)
		if err != nil {
			return nil, err
		}
		met, late := 0, []string{}
		for _, s := range standing {
			if !s.MetAt.IsZero() {
				met++
			}
			if s.Late(m, now) {
				late = append(late, s.Org.Name)
			}
		}
		lines = append(lines, tr(r.lang, "bot.over.standing_line", "title", m.Title, "level", rawHTML(r.boundText(m)),
			"due", m.DueOn.Format(time.DateOnly), "met", met, "total", len(standing)))
		if len(late) > 0 {
			lines = append(lines, tr(r.lang, "bot.over.standing_late", "count", len(late), "orgs", strings.Join(late, "、")))
		}
	}
	if len(list) == 0 {
		return nil, nil
	}
	return lines, nil
}

// onConfirmMilestone records that the member's government met a milestone
// it confirms itself: "mc:<milestone>" (oversight.Confirm decides whose).
func (r *request) onConfirmMilestone(p []string) {
	if r.over == nil {
		r.staleButton()
		return
	}
	if err := r.over.Confirm(r.ctx, r.member, id(p, 0)); err != nil {
		r.fail(err)
		return
	}
	r.answer(tr(r.lang, "bot.over.milestone_confirmed"), false)
	r.showMilestones(nil)
}
