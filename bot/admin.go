package bot

import (
	"fmt"
	"strings"

	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/registry"
)

// members lists the members in the admin's scope, each with a revoke button.
func (r *request) members([]string) {
	list, err := r.reg.AdministeredMembers(r.ctx, r.member)
	if err != nil {
		r.fail(err)
		return
	}
	lines := make([]string, len(list))
	for i, m := range list {
		lines[i] = tr(r.lang, "bot.members.item", "name", m.DisplayName, "org", m.Org.Name, "role", govmedia.Text("role."+string(m.Role)))
	}
	lines, shown := fitLines(lines, listBudget, func(n int) string { return tr(r.lang, "bot.members.more", "count", n) })
	var rows [][]models.InlineKeyboardButton
	for _, m := range list[:shown] {
		if m.ID != r.member.ID && len(rows) < maxButtonRows {
			rows = append(rows, []models.InlineKeyboardButton{button(tr(r.lang, "bot.btn.revoke", "name", m.DisplayName), fmt.Sprintf("mr:%d", m.ID))})
		}
	}
	r.say(tr(r.lang, "bot.members.title", "count", len(list))+"\n"+strings.Join(lines, "\n"), inline(rows))
}

// administeredMember is one of the members the admin administers.
func (r *request) administeredMember(id int64) (*registry.Member, error) {
	list, err := r.reg.AdministeredMembers(r.ctx, r.member)
	if err != nil {
		return nil, err
	}
	for _, m := range list {
		if m.ID == id {
			return m, nil
		}
	}
	return nil, govmedia.Errorf(govmedia.ENOTFOUND, "member.not_found", "id", id)
}
