package bot

import (
	"fmt"
	"strings"

	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/oversight"
	"govmedia/registry"
)

func init() {
	onCommand("zombies", (*request).showZombies)
	onButton("zc", (*request).onCloseZombie)
}

// showZombies lists the accounts silent for 90 days that the member's
// office supervises (oversight.ZombiesFor), each with a button to apply
// to close it.
func (r *request) showZombies([]string) {
	if r.over == nil {
		r.say(tr(r.lang, "bot.over.off"), nil)
		return
	}
	list, err := r.over.ZombiesFor(r.ctx, r.member)
	if err != nil {
		r.fail(err)
		return
	}
	if len(list) == 0 {
		r.say(tr(r.lang, "bot.over.zombies_none", "days", oversight.ZombieDays), nil)
		return
	}
	lines := make([]string, len(list))
	for i, z := range list {
		lines[i] = tr(r.lang, "bot.over.zombie_line", "account", z.Name, "platform", govmedia.Text("platform."+string(z.Platform)),
			"unit", r.officeName(r.ctx, z.HostOrg), "days", z.Days, "since", govmedia.FormatTime(z.LastUpdate)[:10])
	}
	lines, shown := fitList(r.lang, lines)
	var rows [][]models.InlineKeyboardButton
	for _, z := range list[:min(shown, maxButtonRows)] {
		rows = append(rows, []models.InlineKeyboardButton{button(tr(r.lang, "bot.over.btn.zombie_close", "account", z.Name), fmt.Sprintf("zc:%d", z.ID))})
	}
	r.say(tr(r.lang, "bot.over.zombies_title", "count", len(list), "days", oversight.ZombieDays)+"\n"+strings.Join(lines, "\n"), inline(rows))
}

// onCloseZombie applies, once confirmed, to close a dormant account:
// "zc:<account>" asks, "zc:<account>:y" applies. Only a zombie the
// member's office supervises is asked about (oversight.ZombieFor); the
// application goes through approvals.SubmitCloseSupervised, which
// decides who may apply.
func (r *request) onCloseZombie(p []string) {
	if r.over == nil {
		r.staleButton()
		return
	}
	z, err := r.over.ZombieFor(r.ctx, r.member, id(p, 0))
	if err != nil {
		r.fail(err)
		return
	}
	if len(p) < 2 || p[1] != "y" {
		r.askConfirm(tr(r.lang, "bot.over.confirm_zombie_close", "account", z.Name, "unit", r.officeName(r.ctx, z.HostOrg), "days", z.Days,
			"limit", registry.DefaultNoticeDays),
			tr(r.lang, "bot.over.btn.zombie_close_yes"), fmt.Sprintf("zc:%d:y", z.ID))
		return
	}
	cl := registry.Closure{Reason: govmedia.Print(r.lang, "bot.over.zombie_reason", "days", z.Days, "since", govmedia.FormatTime(z.LastUpdate)[:10]),
		NoticeDays: registry.DefaultNoticeDays}
	app, err := r.engine.SubmitCloseSupervised(r.ctx, r.member, z.ID, cl)
	if err != nil {
		r.fail(err)
		return
	}
	done := tr(r.lang, "bot.submitted", "id", app.ID, "office", r.officeName(r.ctx, app.PendingStep().OfficeOrg))
	r.answer(tr(r.lang, "bot.over.zombie_close_toast"), false)
	r.settle(done)
}
